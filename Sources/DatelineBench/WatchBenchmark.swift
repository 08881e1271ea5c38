import ArgumentParser
import DatelineApp
import DatelineCore
import DatelineStorage
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// `dateline-bench watch`: commit → alert printed latency of the watcher, beside the raw
/// LISTEN/NOTIFY round trip of the same database in the same run (goal: p99 ≤ 2 × raw p99 + 5 ms).
struct WatchBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watcher latency (event commit → alert printed) vs the raw LISTEN/NOTIFY round trip.")
    @Option(help: "Events committed, one at a time.") var count = 200
    @Option(help: "PostgreSQL URL of an existing database server (default: the private cluster).") var databaseURL: String?

    func run() async throws {
        print(try await WatchBenchmark.run(app: try BenchApp.make(databaseURL: databaseURL), count: max(count, 10)))
    }
}

enum WatchBenchmark {
    static func run(app: Dateline, count: Int) async throws -> String {
        let logger = app.logger
        let server = try await app.prepareDatabase()
        let name = "dlbench_watch_\(getpid())"
        try await DatabaseClient.with(server.with(database: "postgres"), maxConnections: 1, logger: logger) { admin in
            try await DatabaseClient.createDatabaseIfMissing(name, on: admin, logger: logger)
        }
        let endpoint = server.with(database: name)
        let report = try await DatabaseClient.with(endpoint, logger: logger) { client in
            try await Migrator.bundled().migrate(client: client, logger: logger)
            let context = DatabaseContext(endpoint: endpoint, client: client, logger: logger)
            let raw = try await rawRoundTrips(client: client, count: count, logger: logger)
            let durable = try await watcherLatencies(context: context, count: count, durable: true)
            let fast = try await watcherLatencies(context: context, count: count, durable: false)
            return (raw, durable, fast)
        }
        try? await DatabaseClient.with(server.with(database: "postgres"), maxConnections: 1, logger: logger) { admin in
            try await admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)"), logger: logger)
        }
        let (raw, durable, fast) = report
        let rawP50 = percentile(raw, 0.5), rawP99 = percentile(raw, 0.99)
        let goal = 2 * rawP99 + 5
        var lines = [
            "watcher latency, \(count) events committed one at a time (alert rendered as text and written to /dev/null)",
            "raw LISTEN/NOTIFY round trip: p50 \(ms(rawP50)) ms, p99 \(ms(rawP99)) ms; goal p99 ≤ 2 × raw + 5 ms = \(ms(goal)) ms",
        ]
        for (title, watched) in [("durable commits (default)", durable), ("--fast-commit (synchronous_commit off)", fast)] {
            let p50 = percentile(watched.fromCommit, 0.5), p99 = percentile(watched.fromCommit, 0.99)
            let phases = watched.batches
            func phase(_ name: String, _ values: [Double]) -> String {
                "    \(name) p50 \(ms(percentile(values, 0.5))) ms, p99 \(ms(percentile(values, 0.99))) ms"
            }
            let statements = phases.isEmpty ? 0 : Double(phases.map(\.statements).reduce(0, +)) / Double(phases.count)
            lines += [
                "\(title):",
                "  commit → alert printed:      p50 \(ms(p50)) ms, p99 \(ms(p99)) ms (\(ms(p99 / max(rawP99, 0.001)))× raw p99): goal \(p99 <= goal ? "met" : "NOT met")",
                "  write start → alert printed: p50 \(ms(percentile(watched.fromStart, 0.5))) ms, p99 \(ms(percentile(watched.fromStart, 0.99))) ms",
                "  batches that wrote an alert: \(phases.count), \(String(format: "%.1f", statements)) statements each on average",
                phase("read changes + events:", phases.map { milliseconds($0.read) }),
                phase("match + encode:       ", phases.map { milliseconds($0.match) }),
                phase("commit (1 statement): ", phases.map { milliseconds($0.commit) }),
            ]
        }
        return lines.joined(separator: "\n")
    }

    /// NOTIFY on one connection → notification received on another, in milliseconds.
    static func rawRoundTrips(client: PostgresClient, count: Int, logger: Logger) async throws -> [Double] {
        let (received, receive) = AsyncStream.makeStream(of: ContinuousClock.Instant.self)
        let (ready, readyContinuation) = AsyncStream.makeStream(of: Void.self)
        return try await withThrowingTaskGroup(of: [Double].self) { group in
            group.addTask {
                try await client.withConnection { connection in
                    try await connection.listen(on: "dateline_bench") { notifications in
                        readyContinuation.yield()
                        for try await _ in notifications { receive.yield(ContinuousClock.now) }
                    }
                }
                return []
            }
            for await _ in ready { break }
            let latencies = try await client.withConnection { connection in
                var latencies: [Double] = []
                var iterator = received.makeAsyncIterator()
                for _ in 0..<(count + 10) {
                    let start = ContinuousClock.now
                    try await connection.query("NOTIFY dateline_bench", logger: logger)
                    guard let end = await iterator.next() else { break }
                    latencies.append(milliseconds(end - start))
                }
                return latencies
            }
            group.cancelAll()
            return Array(latencies.dropFirst(10))
        }
    }

    /// Event write committed → the watcher's alert callback has printed it, in milliseconds.
    static func watcherLatencies(
        context: DatabaseContext, count: Int, durable: Bool
    ) async throws -> (fromCommit: [Double], fromStart: [Double], batches: [WatchBatchTimings]) {
        let consumer = durable ? "bench" : "bench-fast"
        let prefix = durable ? "bench" : "bench-fast"
        // A consumer starts at the beginning of the feed: drain what an earlier run left (its
        // alerts exist already, so this writes and reports nothing).
        try await Watcher(client: context.client, logger: context.logger, options: WatcherOptions(consumer: consumer, once: true)).runOnce()
        let yaml = """
            rules:
              - name: bench-resignations
                match: {kinds: [resignation], min_confidence: 0.1}
                notify: [stdout]
            """
        _ = try await RuleCatalog.apply(yaml: yaml, file: "bench.yaml", environment: [:], prune: true, in: context)
        let devNull = FileHandle(forWritingAtPath: "/dev/null") ?? FileHandle.standardError
        let (printed, printedContinuation) = AsyncStream.makeStream(of: ContinuousClock.Instant.self)
        let batches = Mutex<[WatchBatchTimings]>([])
        let watcher = Watcher(
            client: context.client, logger: context.logger, options: WatcherOptions(consumer: consumer, durableCommits: durable),
            onAlerts: { alerts in
                for alert in alerts {
                    devNull.write(Data(AlertPrinter.render(alert, format: .text).utf8))
                    printedContinuation.yield(ContinuousClock.now)
                }
            },
            onBatch: { timings in
                if timings.alerts > 0 { batches.withLock { $0.append(timings) } }
            })
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await watcher.run() }
            var fromCommit: [Double] = []
            var fromStart: [Double] = []
            var iterator = printed.makeAsyncIterator()
            let store = context.events
            let warmup = 10
            for index in 0..<(count + warmup) {
                let line = """
                    {"article": "\(prefix)-\(index)", "url": "https://bench.example/\(prefix)/\(index)", "source": "Bench Wire", "published": "2025-04-09", \
                    "events": [{"kind": "resignation", "subject": "Person \(prefix) \(index)", "organization": "Bench Agency", "date": "2025-04-08", \
                    "status": "expected", "evidence": "Person \(prefix) \(index) will leave the Bench Agency next week."}]}
                    """
                let submissions = try EventsFileParser.parse(Data(line.utf8), name: "bench")
                let start = ContinuousClock.now
                _ = try await store.write(submissions)
                let committed = ContinuousClock.now
                guard let end = await iterator.next() else { break }
                if index >= warmup {
                    fromCommit.append(milliseconds(end - committed))
                    fromStart.append(milliseconds(end - start))
                }
            }
            group.cancelAll()
            return (fromCommit, fromStart, Array(batches.withLock { $0 }.dropFirst(warmup)))
        }
    }

    static func milliseconds(_ duration: Duration) -> Double { duration.inSeconds * 1000 }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    static func ms(_ value: Double) -> String { String(format: "%.2f", value) }
}
