import DatelineApp
import DatelineCore
import Foundation
import Testing
import Yams

@Suite("Configuration: flags > environment > file > defaults")
struct ConfigurationTests {
    /// A temporary folder with `dateline.yaml` holding `yaml`.
    static func folder(_ yaml: String?) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        if let yaml { try yaml.write(toFile: path + "/dateline.yaml", atomically: true, encoding: .utf8) }
        return path
    }

    static func message(_ body: () throws -> Void) -> String {
        do {
            try body()
        } catch let error as AppError {
            #expect(error.category == .invalidInput)
            return error.message
        } catch {
            return "unexpected \(error)"
        }
        return "no error"
    }

    @Test("each layer overrides the one below, setting by setting, and says where each value came from")
    func precedence() throws {
        let dir = try Self.folder("""
            port: 9000
            host: 0.0.0.0
            roles: [watch, deliver]
            log_level: info
            deliver:
              concurrency: 4
              lease_seconds: 120
            watch:
              batch_size: 50
            """)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = try EffectiveConfiguration.resolve(
            flags: ["port": "9100"], environment: ["DATELINE_HOST": "10.0.0.1", "DATELINE_DELIVER_CONCURRENCY": "8"], workingDirectory: dir)
        #expect(config.file == dir + "/dateline.yaml")
        #expect(config.integer("port") == 9100 && config.entry("port")?.source == .flag)
        #expect(config.string("host") == "10.0.0.1" && config.entry("host")?.source == .env)
        #expect(config.roles == [.watch, .deliver] && config.entry("roles")?.source == .file)
        #expect(config.deliveryWorker.concurrency == 8 && config.entry("deliver.concurrency")?.source == .env)
        #expect(config.deliveryWorker.leaseSeconds == 120 && config.entry("deliver.lease_seconds")?.source == .file)
        #expect(config.watcherOptions.batchSize == 50)
        #expect(config.app.logLevel == "info")
        #expect(config.app.maxArticleBytes == 5_000_000 && config.entry("max_article_bytes")?.source == .default)
        #expect(config.deliveryWorker.pollInterval == 2)
    }

    @Test("--config and DATELINE_CONFIG name the file; without either, dateline.yaml is read only when present")
    func fileChoice() throws {
        let dir = try Self.folder("port: 9001\n")
        let other = try Self.folder(nil)
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: other) }
        try "port: 9002\n".write(toFile: other + "/custom.yaml", atomically: true, encoding: .utf8)
        #expect(try EffectiveConfiguration.resolve(environment: [:], workingDirectory: other).integer("port") == 8080)
        #expect(try EffectiveConfiguration.resolve(environment: ["DATELINE_CONFIG": other + "/custom.yaml"], workingDirectory: dir).integer("port") == 9002)
        #expect(try EffectiveConfiguration.resolve(environment: [:], configPath: other + "/custom.yaml", workingDirectory: dir).integer("port") == 9002)
        let missing = Self.message { _ = try EffectiveConfiguration.resolve(environment: [:], configPath: other + "/nope.yaml") }
        #expect(missing.contains("nope.yaml") && missing.contains("cannot be read"), "\(missing)")
    }

    @Test("a typo in the file is an error naming file, line, column and the key")
    func unknownKeys() throws {
        let dir = try Self.folder("port: 9000\ndeliver:\n  concurency: 4\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let message = Self.message { _ = try EffectiveConfiguration.resolve(environment: [:], workingDirectory: dir) }
        #expect(message.hasPrefix("\(dir)/dateline.yaml:3:3: deliver.concurency: unknown key"), "\(message)")
        #expect(message.contains("concurrency"))
        let top = Self.message { _ = try ConfigurationFile.parse("prot: 1\n", file: "d.yaml") }
        #expect(top.hasPrefix("d.yaml:1:1: prot: unknown key"), "\(top)")
    }

    @Test("wrong values name the place and what was expected: file, environment, flag")
    func badValues() {
        let file = Self.message { _ = try ConfigurationFile.parse("host: a\nport: eighty\n", file: "d.yaml") }
        #expect(file == "d.yaml:2:7: port: must be a whole number from 0 to 65535, got 'eighty'", "\(file)")
        let roles = Self.message { _ = try ConfigurationFile.parse("roles: [api, wach]\n", file: "d.yaml") }
        #expect(roles == "d.yaml:1:8: roles: unknown value 'wach' (expected api, watch, deliver)", "\(roles)")
        let section = Self.message { _ = try ConfigurationFile.parse("deliver: 3\n", file: "d.yaml") }
        #expect(section.hasPrefix("d.yaml:1:10: deliver: must be a mapping"), "\(section)")
        let syntax = Self.message { _ = try ConfigurationFile.parse("port: [1,\n", file: "d.yaml") }
        #expect(syntax.hasPrefix("d.yaml:") && syntax.contains("YAML syntax error"), "\(syntax)")
        let env = Self.message { _ = try EffectiveConfiguration.resolve(environment: ["DATELINE_WATCH_SWEEP_SECONDS": "0"], workingDirectory: "/nonexistent") }
        #expect(env == "DATELINE_WATCH_SWEEP_SECONDS: watch.sweep_seconds: must be a number > 0, got '0'", "\(env)")
        let flag = Self.message { _ = try EffectiveConfiguration.resolve(flags: ["log_level": "loud"], environment: [:], workingDirectory: "/nonexistent") }
        #expect(flag.hasPrefix("command line: log_level: must be one of trace, debug"), "\(flag)")
        let unknown = Self.message { _ = try EffectiveConfiguration.resolve(flags: ["nope": "1"], environment: [:], workingDirectory: "/nonexistent") }
        #expect(unknown.hasPrefix("--set nope: unknown setting"), "\(unknown)")
    }

    @Test("config show masks the database password and the metrics token, and its YAML reads back as the same configuration")
    func showMasksAndRoundTrips() throws {
        let config = try EffectiveConfiguration.resolve(
            flags: ["metrics_token": "s3cret-token"],
            environment: ["DATELINE_DATABASE_URL": "postgres://dateline:hunter2@db.internal:5432/dateline", "DATELINE_PORT": "9999"],
            workingDirectory: "/nonexistent")
        let yaml = config.render(.yaml)
        let json = config.render(.json)
        for text in [yaml, json] {
            #expect(!text.contains("hunter2") && !text.contains("s3cret-token"))
            #expect(text.contains("postgres://dateline:****@db.internal:5432/dateline"))
        }
        #expect(yaml.contains("port: 9999  # env"), "\(yaml)")
        #expect(yaml.contains("metrics_token: \"****\"  # flag"), "\(yaml)")
        #expect(yaml.contains("  concurrency: 16  # default"), "\(yaml)")
        // The printed YAML is itself a valid configuration file.
        let values = try ConfigurationFile.parse(yaml, file: "shown.yaml")
        #expect(values["port"] == .integer(9999))
        #expect(values["roles"] == .list(["api", "watch", "deliver"]))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let settings = try #require(object["settings"] as? [String: [String: Any]])
        #expect(settings["port"]?["source"] as? String == "env")
        #expect((settings["deliver.lease_seconds"]?["value"] as? NSNumber)?.doubleValue == 300)
    }

    @Test("the deploy files parse as YAML, and the ConfigMap's dateline.yaml is a valid configuration")
    func deployFilesParse() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let deploy = root.appendingPathComponent("deploy")
        for name in ["compose.yaml", "kubernetes/dateline.yaml", "dateline.yaml"] {
            let text = try String(contentsOf: deploy.appendingPathComponent(name), encoding: .utf8)
            let documents = Array(try Yams.load_all(yaml: text))
            #expect(!documents.isEmpty, "\(name)")
        }
        _ = try ConfigurationFile.parse(try String(contentsOf: deploy.appendingPathComponent("dateline.yaml"), encoding: .utf8), file: "deploy/dateline.yaml")
        let kubernetes = try String(contentsOf: deploy.appendingPathComponent("kubernetes/dateline.yaml"), encoding: .utf8)
        var configMaps = 0
        for document in try Yams.load_all(yaml: kubernetes) {
            guard let object = document as? [String: Any], object["kind"] as? String == "ConfigMap",
                let data = object["data"] as? [String: Any], let embedded = data["dateline.yaml"] as? String else { continue }
            _ = try ConfigurationFile.parse(embedded, file: "ConfigMap dateline.yaml")
            configMaps += 1
        }
        #expect(configMaps == 1)
    }
}
