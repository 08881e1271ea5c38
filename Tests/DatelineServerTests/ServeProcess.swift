import AsyncHTTPClient
import DatelineApp
import DatelineCore
import DatelineStorage
import DatelineTesting
import Foundation
import NIOCore
import Testing

/// The `dateline` executable built with the package (next to the test bundle).
func datelineExecutable() throws -> URL {
    let bundle = Bundle.main.bundleURL
    let candidates = [
        bundle.appendingPathComponent("dateline"),
        bundle.deletingLastPathComponent().appendingPathComponent("dateline"),
        TestDatabase.repositoryRoot.appendingPathComponent(".build/debug/dateline"),
    ]
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw AppError.invalid("the dateline executable was not found next to the tests (run `swift build --build-tests` first)")
    }
    return found
}

/// A running `dateline` process with its output collected.
final class DatelineProcess: @unchecked Sendable {
    let process = Process()
    private let stdoutPipe = Pipe()
    private let stderrPipe = Pipe()
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()

    init(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil) throws {
        process.executableURL = try datelineExecutable()
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DATELINE_") }
        merged.merge(environment) { _, new in new }
        process.environment = merged
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        stdoutPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.out.append(data) }
        }
        stderrPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.err.append(data) }
        }
        try process.run()
    }

    var stdout: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
    var stderr: String { lock.withLock { String(decoding: err, as: UTF8.self) } }

    /// The port from the "Dateline listening" log line, waiting for it (bounded).
    func listeningPort(timeout: Duration = .seconds(60)) async throws -> Int {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let line = stderr.split(separator: "\n").first(where: { $0.contains("Dateline listening") }),
                let range = line.range(of: #":[0-9]+(?=[ \]]|$)"#, options: .regularExpression),
                let port = Int(line[range].dropFirst())
            {
                return port
            }
            guard process.isRunning else { throw AppError.invalid("dateline exited before listening: \(stderr)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw AppError.invalid("dateline did not start listening: \(stderr)")
    }

    /// Sends SIGTERM.
    func terminate() { kill(process.processIdentifier, SIGTERM) }

    /// Waits for exit (polling, bounded) and returns the exit status.
    func finish(timeout: Duration = .seconds(60)) async throws -> Int32 {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while process.isRunning {
            guard clock.now < deadline else {
                kill(process.processIdentifier, SIGKILL)
                throw AppError.invalid("dateline \(process.arguments ?? []) did not finish: \(stderr)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(50))
        stdoutPipe.fileHandleForReading.readabilityHandler = nil
        stderrPipe.fileHandleForReading.readabilityHandler = nil
        lock.withLock {
            out.append(stdoutPipe.fileHandleForReading.readDataToEndOfFile())
            err.append(stderrPipe.fileHandleForReading.readDataToEndOfFile())
        }
        return process.terminationStatus
    }
}

/// A plain GET on 127.0.0.1: the status and body.
func httpGet(port: Int, path: String, token: String? = nil) async throws -> (status: Int, body: String) {
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
    if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 10_000_000)
    return (Int(response.status.code), String(buffer: body))
}

/// The sum of a Prometheus metric's samples whose line contains every one of `labels`.
func metricSum(_ text: String, _ name: String, _ labels: [String] = []) -> Double {
    text.split(separator: "\n").filter { line in
        !line.hasPrefix("#") && (line.hasPrefix(name + "{") || line.hasPrefix(name + " ")) && labels.allSatisfy { line.contains($0) }
    }.compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
}

/// One line of `events add` input: an article and its events.
func articleLine(_ name: String, source: String, events: [[String: Any]]) -> String {
    let object: [String: Any] = ["article": name, "url": "https://news.example/\(name)", "source": source, "published": "2025-04-09", "events": events]
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self)
}

/// A resignation of `person`.
func resignationEvent(_ person: String) -> [String: Any] {
    ["kind": "resignation", "subject": person, "organization": "Bureau of Ports", "date": "2025-04-08", "status": "expected",
     "evidence": "\(person) is leaving the Bureau of Ports, officials said."]
}

/// Polls `condition` (bounded; not a timed assertion: the bound only stops a hung test).
func eventually(_ what: String, timeout: Duration = .seconds(90), _ condition: () async throws -> Bool) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("gave up waiting: \(what)")
    throw AppError.invalid("gave up waiting: \(what)")
}
