import ArgumentParser
import AsyncHTTPClient
import DatelineApp
import DatelineCore
import DatelineStorage
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// `dateline-bench api`: requests/s and latency of `GET /v1/events` and `POST /v1/articles`
/// on a spawned `dateline serve --roles api` process, beside the trivial `GET /healthz` route
/// of the same server in the same run (the ratio says what Dateline's own work costs over
/// Hummingbird's floor), and the process's resident memory idle and under load (goals: ≤ 60 MB
/// idle, ≤ 200 MB under load), read from /proc/<pid>/status.
///
/// The load generator is AsyncHTTPClient in this process (there is no wrk on the machine):
/// `connections` concurrent keep-alive connections, each sending its next request when the
/// previous answer arrives, for `seconds` per route.
struct APIBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "api", abstract: "HTTP API throughput, p99 latency and server memory.")
    @Option(help: "Concurrent connections.") var connections = 16
    @Option(help: "Seconds of load per route.") var seconds: Double = 10
    @Option(help: "Articles stored before the run (GET /v1/events pages through their events).") var articles = 2000
    @Option(help: "PostgreSQL URL of a server to use (default: the private cluster).") var databaseURL: String?

    func run() async throws {
        let app = try BenchApp.make(databaseURL: databaseURL)
        let logger = app.logger
        let server = try await app.prepareDatabase()
        let endpoint = server.with(database: "dateline_bench_api")
        try await StoreBench.recreate([endpoint.database], on: server.with(database: "postgres"), logger: logger)
        let token = try await DatabaseClient.with(endpoint, logger: logger) { client in
            try await Migrator.bundled().migrate(client: client, logger: logger)
            let store = PostgresEventStore(client: client, logger: logger)
            var lines: [String] = []
            for index in 0..<articles {
                lines.append(Self.articleLine(index))
                if lines.count == 500 || index == articles - 1 {
                    try await store.write(try EventsFileParser.parse(Data(lines.joined(separator: "\n").utf8), name: "seed.jsonl"))
                    lines = []
                }
            }
            return try await PostgresTokenStore(client: client, logger: logger).create(name: "bench", scope: .write).token
        }
        let url = Self.url(of: endpoint)

        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("dateline")
        let serve = Process()
        serve.executableURL = executable
        serve.arguments = ["serve", "--roles", "api", "--port", "0", "--database-url", url]
        let errors = Pipe()
        serve.standardError = errors
        serve.standardOutput = FileHandle.nullDevice
        try serve.run()
        defer { if serve.isRunning { kill(serve.processIdentifier, SIGKILL) } }
        let port = try Self.port(from: errors)
        let pid = serve.processIdentifier

        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)))
        let base = "http://127.0.0.1:\(port)"
        _ = try await Self.send(client, Self.get(base + "/healthz", token: nil))
        let idle = ProcessMemory(pid: pid)

        let sampler = MemorySampler(pid: pid)
        let health = try await Load.run(client: client, connections: connections, seconds: seconds, sampler: sampler) { _ in Self.get(base + "/healthz", token: nil) }
        let events = try await Load.run(client: client, connections: connections, seconds: seconds, sampler: sampler) { n in
            Self.get(base + "/v1/events?limit=20&kind=\(["resignation", "appointment"][n % 2])", token: token)
        }
        let posts = try await Load.run(client: client, connections: connections, seconds: seconds, sampler: sampler) { n in
            Self.post(base + "/v1/articles", token: token, body: Self.postBody(n))
        }
        let loaded = ProcessMemory(pid: pid)
        try await client.shutdown()
        kill(pid, SIGTERM)
        serve.waitUntilExit()

        let load = String(format: "%.2f", (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)).flatMap { Double($0.split(separator: " ")[0]) } ?? 0)
        #if DEBUG
        let build = "debug build"
        #else
        let build = "release build"
        #endif
        print("dateline serve --roles api (\(build)), \(connections) connections, \(Int(seconds)) s per route, \(articles) articles stored; load generator: AsyncHTTPClient in-process (no wrk here); 1-min load average at the end: \(load) on \(ProcessInfo.processInfo.activeProcessorCount) cores")
        for (name, result) in [("GET /healthz (floor)", health), ("GET /v1/events?limit=20", events), ("POST /v1/articles", posts)] {
            let ratio = result.requestsPerSecond / max(health.requestsPerSecond, 0.001)
            print(name.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: "%8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d  (%.2f× the floor's req/s)",
                result.requestsPerSecond, result.p50 * 1000, result.p99 * 1000, result.errors, ratio))
        }
        print(String(format: "server memory: idle VmRSS %.1f MB (goal ≤ 60); under load max VmRSS %.1f MB, VmHWM %.1f MB (goal ≤ 200)",
            idle.rssMB, max(sampler.maxRSS, loaded.rssMB), loaded.hwmMB))
    }

    /// A URL `dateline --database-url` accepts for `endpoint`.
    static func url(of endpoint: DatabaseEndpoint) -> String {
        var components = URLComponents()
        components.scheme = "postgresql"
        components.user = endpoint.username
        components.password = endpoint.password
        components.path = "/" + endpoint.database
        switch endpoint.transport {
        case .tcp(let host, let port):
            components.host = host
            components.port = port
            components.queryItems = [URLQueryItem(name: "sslmode", value: endpoint.tls.rawValue)]
        case .unixSocket(let path):
            components.host = ""
            components.queryItems = [URLQueryItem(name: "host", value: (path as NSString).deletingLastPathComponent)]
        }
        return components.string ?? ""
    }

    static func articleLine(_ index: Int) -> String {
        let kinds = ["resignation", "appointment"]
        let object: [String: Any] = [
            "article": "seed-\(index)", "url": "https://bench.example/seed/\(index)", "source": "Wire \(index % 20)", "published": "2025-04-09",
            "events": [["kind": kinds[index % 2], "subject": "Person \(index)", "organization": "Agency \(index % 50)", "date": "2025-04-08",
                        "status": "expected", "evidence": "Person \(index) and Agency \(index % 50), officials said."]],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func postBody(_ n: Int) -> String {
        let text = "Director Alma Reyes \(n) of the Harbor Authority will resign on March 3, 2025, officials said on Tuesday. "
            + "The board named Ben Ortiz \(n) as interim director, a spokesperson said."
        let object: [String: Any] = ["text": text, "published": "2025-02-10", "url": "https://bench.example/post/\(UUID().uuidString)", "source": "Bench Wire"]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func get(_ url: String, token: String?) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        return request
    }

    static func post(_ url: String, token: String, body: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }

    /// The status of one request (body read and dropped).
    static func send(_ client: HTTPClient, _ request: HTTPClientRequest) async throws -> Int {
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 50_000_000)
        return Int(response.status.code)
    }

    /// Reads the served port from the "Dateline listening" log line (bounded wait).
    static func port(from pipe: Pipe) throws -> Int {
        var text = ""
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let data = pipe.fileHandleForReading.availableData
            if data.isEmpty { throw AppError.invalid("dateline serve exited: \(text)") }
            text += String(decoding: data, as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.contains("Dateline listening") }),
                let range = line.range(of: #":[0-9]+(?=[ \]]|$)"#, options: .regularExpression), let port = Int(line[range].dropFirst())
            {
                // Keep draining stderr so the server never blocks on a full pipe.
                pipe.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
                return port
            }
        }
        throw AppError.invalid("dateline serve did not start: \(text)")
    }
}

/// Resident memory of another process from /proc/<pid>/status.
struct ProcessMemory {
    var rssMB: Double
    var hwmMB: Double

    init(pid: Int32) {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Double {
            for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
                return (line.split(separator: " ").compactMap { Double($0) }.first ?? 0) / 1024
            }
            return 0
        }
        rssMB = field("VmRSS")
        hwmMB = field("VmHWM")
    }
}

/// The largest VmRSS seen while load runs.
final class MemorySampler: @unchecked Sendable {
    let pid: Int32
    private let lock = NSLock()
    private var maximum = 0.0

    init(pid: Int32) { self.pid = pid }

    func sample() {
        let rss = ProcessMemory(pid: pid).rssMB
        lock.withLock { maximum = max(maximum, rss) }
    }

    var maxRSS: Double { lock.withLock { maximum } }
}

/// A closed-loop load: `connections` workers, each with one request outstanding.
enum Load {
    struct Result {
        var requestsPerSecond: Double
        var p50: Double
        var p99: Double
        var errors: Int
    }

    static func run(
        client: HTTPClient, connections: Int, seconds: Double, sampler: MemorySampler, request: @escaping @Sendable (Int) -> HTTPClientRequest
    ) async throws -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let end = start + .milliseconds(Int64(seconds * 1000))
        let outcomes = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for worker in 0..<connections {
                group.addTask {
                    var latencies: [Double] = []
                    var errors = 0
                    var n = worker
                    while clock.now < end {
                        let sent = clock.now
                        let status = (try? await APIBench.send(client, request(n))) ?? 0
                        latencies.append((clock.now - sent).inSeconds)
                        if !(200..<300).contains(status) { errors += 1 }
                        n += connections
                    }
                    return (latencies, errors)
                }
            }
            group.addTask {
                while clock.now < end {
                    sampler.sample()
                    try await Task.sleep(for: .milliseconds(200))
                }
                return ([], 0)
            }
            var all: ([Double], Int) = ([], 0)
            for try await (latencies, errors) in group {
                all.0 += latencies
                all.1 += errors
            }
            return all
        }
        let elapsed = (clock.now - start).inSeconds
        let sorted = outcomes.0.sorted()
        func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        return Result(requestsPerSecond: Double(sorted.count) / elapsed, p50: percentile(0.5), p99: percentile(0.99), errors: outcomes.1)
    }
}
