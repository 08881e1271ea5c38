import DatelineCore
import Foundation
import DatelineTesting
import Testing
@testable import DatelineNotify

@Suite("Stdout and file sinks")
struct SinkTests {
    func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-notify-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func lines(_ path: String) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        return text.split(separator: "\n").map(String.init)
    }

    final class Collector: @unchecked Sendable {
        let lock = NSLock()
        var text = ""
        func write(_ s: String) { lock.withLock { text += s } }
    }

    @Test("stdout prints the text block, or one JSON line per alert")
    func stdout() async throws {
        let collector = Collector()
        let sink = StdoutSink(renderer: AlertRenderer(options: RenderOptions(baseURL: Fixtures.baseURL)), write: { collector.write($0) })
        let attempt = DeliveryAttempt(deliveryID: "s", number: 1)
        let a = await sink.send(Fixtures.alert(), to: ChannelConfig(name: "out", type: .stdout, format: .text), attempt: attempt)
        #expect(a.classification == .delivered)
        #expect(collector.text.contains("Date: 8 April 2025"))
        collector.text = ""
        _ = await sink.send(Fixtures.alert(), to: ChannelConfig(name: "out", type: .stdout, format: .json), attempt: attempt)
        _ = await sink.send(Fixtures.alert(id: 2), to: ChannelConfig(name: "out", type: .stdout, format: .json), attempt: attempt)
        let jsonLines = collector.text.split(separator: "\n")
        #expect(jsonLines.count == 2)
        for line in jsonLines { _ = try Fixtures.parse(String(line)) }
    }

    @Test("concurrent appends from many threads produce whole lines")
    func concurrentAppends() async throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let channel = ChannelConfig(name: "log", type: .file, format: .json, path: dir + "/alerts.jsonl")
        let sink = FileSink(clock: TestClock())
        // Long lines (~70 KB), rendered first so the writes themselves overlap.
        let big = String(repeating: "evidence text with words ", count: 2_800)
        let renderer = AlertRenderer()
        let bodies = try (0..<40).map { try renderer.render(Fixtures.alert(id: Int64($0), sentence: big + "#\($0)"), for: channel).body }
        let failures = Collector()
        DispatchQueue.concurrentPerform(iterations: bodies.count) { i in
            do { try sink.append(line: bodies[i], channel: channel) } catch { failures.write("\(error)") }
        }
        #expect(failures.text.isEmpty)
        let got = try lines(dir + "/alerts.jsonl")
        #expect(got.count == 40)
        var ids = Set<Int>()
        for line in got {
            let object = try #require(try Fixtures.parse(line) as? [String: Any])
            if let id = (object["data"] as? [String: Any])?["alert_id"] as? Int { ids.insert(id) }
        }
        #expect(ids == Set(0..<40))
    }

    @Test("size rotation moves the file to name.1.jsonl, older ones up, under the limit")
    func sizeRotation() async throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sink = FileSink(clock: TestClock(), keepRotated: 2)
        let channel = ChannelConfig(name: "log", type: .file, format: .json, path: dir + "/alerts.jsonl", rotate: .size(bytes: 100))
        for i in 0..<4 {
            try sink.append(line: "{\"n\":\(i),\"pad\":\"\(String(repeating: "x", count: 60))\"}", channel: channel)
        }
        // Each line is ~75 bytes: one per file; 4 lines, 3 files kept (current, .1, .2), line 0 dropped.
        #expect(try lines(dir + "/alerts.jsonl").first?.contains("\"n\":3") == true)
        #expect(try lines(dir + "/alerts.1.jsonl").first?.contains("\"n\":2") == true)
        #expect(try lines(dir + "/alerts.2.jsonl").first?.contains("\"n\":1") == true)
        #expect(!FileManager.default.fileExists(atPath: dir + "/alerts.3.jsonl"))
    }

    @Test("daily rotation writes to name-YYYY-MM-DD.jsonl by the clock's UTC day")
    func dailyRotation() async throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clock = TestClock(now: 1_744_070_399)  // 2025-04-07T23:59:59Z
        let sink = FileSink(clock: clock, baseDirectory: dir)
        let channel = ChannelConfig(name: "log", type: .file, format: .json, path: "alerts.jsonl", rotate: .daily)
        let first = await sink.send(Fixtures.alert(id: 1), to: channel, attempt: .init(deliveryID: "a", number: 1))
        clock.advance(1)
        let second = await sink.send(Fixtures.alert(id: 2), to: channel, attempt: .init(deliveryID: "b", number: 1))
        #expect(first.classification == .delivered && second.classification == .delivered)
        #expect(try lines(dir + "/alerts-2025-04-07.jsonl").count == 1)
        #expect(try lines(dir + "/alerts-2025-04-08.jsonl").count == 1)
    }

    @Test("an unwritable path is an outcome, not a crash")
    func unwritable() async {
        let sink = FileSink(clock: TestClock())
        let outcome = await sink.send(Fixtures.alert(), to: ChannelConfig(name: "log", type: .file, format: .json, path: "/nonexistent-dir/x/alerts.jsonl"), attempt: .init(deliveryID: "u", number: 1))
        #expect(outcome.classification == .retry)
        #expect(outcome.errorCode == "io_error")
        let noPath = await sink.send(Fixtures.alert(), to: ChannelConfig(name: "log", type: .file, format: .json), attempt: .init(deliveryID: "u", number: 1))
        #expect(noPath.classification == .rejected)
    }

    static let childFile = ProcessInfo.processInfo.environment["DATELINE_NOTIFY_APPEND_CHILD"]
    static let testBinary: String? = CommandLine.arguments.first.flatMap { $0.hasSuffix(".xctest") && FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }
    static let linesPerChild = 60

    static func childChannel(_ path: String, rotating: Bool) -> ChannelConfig {
        ChannelConfig(name: "log", type: .file, format: .json, path: path, rotate: rotating ? .size(bytes: 1_000_000) : nil)
    }

    @Test("child writer of the two-process test (runs only when that test starts it)", .enabled(if: SinkTests.childFile != nil))
    func appendChild() throws {
        let path = try #require(Self.childFile)
        let tag = ProcessInfo.processInfo.environment["DATELINE_NOTIFY_APPEND_TAG"] ?? "?"
        let rotating = ProcessInfo.processInfo.environment["DATELINE_NOTIFY_APPEND_ROTATE"] == "1"
        let sink = FileSink(keepRotated: 1_000)
        let pad = String(repeating: "x", count: 70_000)
        for i in 0..<Self.linesPerChild {
            try sink.append(line: "{\"tag\":\"\(tag)\",\"n\":\(i),\"pad\":\"\(pad)\"}", channel: Self.childChannel(path, rotating: rotating))
        }
    }

    @Test("two processes appending (plain, and with size rotation) produce whole lines and lose none",
          .enabled(if: SinkTests.childFile == nil && SinkTests.testBinary != nil, "needs the test binary to start itself"),
          arguments: [false, true])
    func twoProcesses(rotating: Bool) throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/alerts.jsonl"
        let children = try ["A", "B"].map { tag -> Process in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try #require(Self.testBinary))
            process.arguments = ["--testing-library", "swift-testing", "--filter", "DatelineNotifyTests.SinkTests/appendChild()"]
            var env = ProcessInfo.processInfo.environment
            env["DATELINE_NOTIFY_APPEND_CHILD"] = path
            env["DATELINE_NOTIFY_APPEND_TAG"] = tag
            env["DATELINE_NOTIFY_APPEND_ROTATE"] = rotating ? "1" : "0"
            process.environment = env
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        for child in children {
            child.waitUntilExit()
            #expect(child.terminationStatus == 0)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".jsonl") }
        #expect(rotating ? files.count > 2 : files == ["alerts.jsonl"], "\(files)")
        var seen: [String: Set<Int>] = [:]
        for file in files {
            for line in try lines(dir + "/" + file) {
                let object = try #require(try Fixtures.parse(line) as? [String: Any], "a torn line in \(file)")
                let tag = try #require(object["tag"] as? String)
                seen[tag, default: []].insert(try #require(object["n"] as? Int))
            }
        }
        #expect(seen["A"] == Set(0..<Self.linesPerChild))
        #expect(seen["B"] == Set(0..<Self.linesPerChild))
    }
}
