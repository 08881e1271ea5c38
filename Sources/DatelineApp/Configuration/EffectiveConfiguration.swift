import DatelineCore
import Foundation
import Yams

/// The configuration in force: every setting's value and where it came from, resolved as
/// flags > environment (`DATELINE_*`) > the YAML file > defaults.
public struct EffectiveConfiguration: Sendable {
    /// One setting's value (nil: unset) and its source.
    public struct Entry: Sendable {
        public let setting: ConfigurationSetting
        public let value: ConfigurationValue?
        public let source: ConfigurationSource
    }

    /// Every setting, in `ConfigurationSetting.all` order.
    public let entries: [Entry]
    /// The YAML file read, if any.
    public let file: String?

    /// Resolves every setting.
    /// - Parameters:
    ///   - flags: values from the command line by key (`port` → "8080"), already named by flag.
    ///   - environment: the process environment; `DATELINE_CONFIG` names the file.
    ///   - configPath: `--config`; else `DATELINE_CONFIG`; else `dateline.yaml` in
    ///     `workingDirectory` when present.
    /// - Throws: `AppError` (invalid input) naming the file, line, column and key, the
    ///   variable, or the flag.
    public static func resolve(
        flags: [String: String] = [:], environment: [String: String] = ProcessInfo.processInfo.environment, configPath: String? = nil,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> EffectiveConfiguration {
        var path = configPath ?? environment["DATELINE_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        if path == nil {
            let candidate = (workingDirectory as NSString).appendingPathComponent("dateline.yaml")
            if FileManager.default.fileExists(atPath: candidate) { path = candidate }
        }
        var fileValues: [String: ConfigurationValue] = [:]
        if let path {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw AppError.invalid("\(path): the configuration file cannot be read (no such file?)", code: "bad_config")
            }
            fileValues = try ConfigurationFile.parse(String(decoding: data, as: UTF8.self), file: path)
        }
        for key in flags.keys where ConfigurationSetting.named(key) == nil {
            throw AppError.invalid("--set \(key): unknown setting (known: \(ConfigurationSetting.all.map(\.key).joined(separator: ", ")))", code: "bad_config")
        }
        var entries: [Entry] = []
        for setting in ConfigurationSetting.all {
            if let text = flags[setting.key] {
                switch setting.parse(text: text) {
                case .success(let value): entries.append(Entry(setting: setting, value: value, source: .flag))
                case .failure(let problem): throw AppError.invalid("command line: \(problem.message)", code: "bad_config")
                }
            } else if let text = environment[setting.environmentName], !text.isEmpty {
                switch setting.parse(text: text) {
                case .success(let value): entries.append(Entry(setting: setting, value: value, source: .env))
                case .failure(let problem): throw AppError.invalid("\(setting.environmentName): \(problem.message)", code: "bad_config")
                }
            } else if let value = fileValues[setting.key] {
                entries.append(Entry(setting: setting, value: value, source: .file))
            } else {
                entries.append(Entry(setting: setting, value: setting.defaultValue, source: .default))
            }
        }
        return EffectiveConfiguration(entries: entries, file: path)
    }

    /// The entry of `key`.
    public func entry(_ key: String) -> Entry? { entries.first { $0.setting.key == key } }

    /// A setting's value as text (nil when unset).
    public func string(_ key: String) -> String? { entry(key)?.value?.text }

    /// A whole-number setting.
    public func integer(_ key: String) -> Int? {
        guard case .integer(let value)? = entry(key)?.value else { return nil }
        return value
    }

    /// A decimal setting.
    public func number(_ key: String) -> Double? {
        switch entry(key)?.value {
        case .number(let value)?: value
        case .integer(let value)?: Double(value)
        default: nil
        }
    }

    /// The application's configuration.
    public var app: AppConfiguration {
        var configuration = AppConfiguration(
            databaseURL: string("database_url"), dataDirectory: string("data_dir") ?? ".dateline",
            maxArticleBytes: integer("max_article_bytes") ?? 5_000_000, logLevel: string("log_level") ?? "warning")
        configuration.baseURL = string("base_url")
        configuration.channelDirectory = string("channel_dir")
        return configuration
    }

    /// The roles `serve` runs.
    public var roles: [ServeRole] {
        guard case .list(let names)? = entry("roles")?.value else { return ServeRole.allCases }
        return names.compactMap(ServeRole.init(rawValue:))
    }

    /// The watcher's options.
    public var watcherOptions: WatcherOptions {
        WatcherOptions(
            consumer: string("watch.consumer") ?? "watcher", batchSize: integer("watch.batch_size") ?? 500,
            sweepInterval: .milliseconds(Int64((number("watch.sweep_seconds") ?? 5) * 1000)))
    }

    /// The delivery worker's configuration (a fresh lease owner per call).
    public var deliveryWorker: DeliveryWorkerConfiguration {
        DeliveryWorkerConfiguration(
            concurrency: integer("deliver.concurrency") ?? 16, prefetch: integer("deliver.prefetch"),
            leaseSeconds: number("deliver.lease_seconds") ?? 300, pollInterval: number("deliver.poll_seconds") ?? 2,
            shutdownGraceSeconds: number("deliver.shutdown_grace_seconds") ?? 20, recordDelay: number("deliver.record_delay_seconds") ?? 0.003)
    }
}

/// The YAML configuration file: a mapping of the settings' keys, with `watch:` and `deliver:`
/// sections. Unknown keys and wrong types are errors naming file, line, column and key.
public enum ConfigurationFile {
    /// The values set in `text` by dotted key.
    public static func parse(_ text: String, file: String) throws -> [String: ConfigurationValue] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw AppError.invalid("\(file):\(describe(error))", code: "bad_config")
        }
        guard let root else { return [:] }
        var values: [String: ConfigurationValue] = [:]
        try read(root, prefix: "", file: file, into: &values)
        return values
    }

    static func place(_ file: String, _ node: Node) -> String {
        "\(file):\(max(node.mark?.line ?? 1, 1)):\(max(node.mark?.column ?? 1, 1))"
    }

    static func read(_ node: Node, prefix: String, file: String, into values: inout [String: ConfigurationValue]) throws {
        guard case .mapping(let mapping) = node else {
            let what = prefix.isEmpty ? "the configuration file" : String(prefix.dropLast())
            throw AppError.invalid("\(place(file, node)): \(what): must be a mapping of settings (key: value lines)", code: "bad_config")
        }
        let known = ConfigurationSetting.all.map(\.key).filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        let names = Set(known.map { $0.split(separator: ".").first.map(String.init) ?? $0 })
        for (keyNode, valueNode) in mapping {
            guard let name = keyNode.scalar?.string else {
                throw AppError.invalid("\(place(file, keyNode)): keys must be plain names", code: "bad_config")
            }
            let key = prefix + name
            guard names.contains(name) else {
                let expected = names.sorted().joined(separator: ", ")
                throw AppError.invalid("\(place(file, keyNode)): \(key): unknown key (expected one of: \(expected))", code: "bad_config")
            }
            guard let setting = ConfigurationSetting.named(key) else {
                try read(valueNode, prefix: key + ".", file: file, into: &values)
                continue
            }
            let result: Result<ConfigurationValue, ConfigurationProblem>
            switch (valueNode, setting.kind) {
            case (.sequence(let items), .list):
                let texts = items.compactMap { $0.scalar?.string }
                result = texts.count == items.count ? setting.parse(items: texts) : .failure(setting.problem("a nested value"))
            case (.scalar(let scalar), .list):
                result = setting.parse(text: scalar.string)
            case (.scalar(let scalar), _):
                if case .string = setting.kind, scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null", scalar.style == .plain {
                    continue
                }
                result = setting.parse(text: scalar.string)
            default:
                result = .failure(ConfigurationProblem(message: "\(key): must be \(setting.expectation), got a \(valueNode.isMapping ? "mapping" : "list")"))
            }
            switch result {
            case .success(let value): values[key] = value
            case .failure(let problem): throw AppError.invalid("\(place(file, valueNode)): \(problem.message)", code: "bad_config")
            }
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "\(max(mark.line, 1)):\(max(mark.column, 1)): YAML syntax error: \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return "\(max(context.mark.line, 1)):\(max(context.mark.column, 1)): duplicate key \(names)"
        default:
            return "1:1: YAML syntax error: the file could not be read"
        }
    }
}

extension Node {
    var isMapping: Bool {
        if case .mapping = self { return true }
        return false
    }
}
