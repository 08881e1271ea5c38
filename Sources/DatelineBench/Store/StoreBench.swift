import ArgumentParser
import DatelineApp
import DatelineCore
import DatelineStorage
import Foundation
import Logging
import PostgresNIO

/// Bulk-loads synthetic events through the store's own write path (entity resolution, identity
/// merge, mentions, history, change log), then loads the very same rows with `COPY` through
/// `psql` into an empty database, and prints rows/s of both and the ratio (goal ≥ 0.5×), with
/// peak memory (goal: flat in N; 1,000,000 events under 200 MB resident).
struct StoreBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store", abstract: "Store write path vs COPY through psql.")
    @Option(help: "Events to load.") var events = 200_000
    @Option(help: "Events per write (one transaction each).") var batch = 5_000
    @Option(help: "Distinct people the events are about.") var entities = 10_000
    @Option(help: "PostgreSQL URL of a server to use (default: the private cluster).") var databaseURL: String?
    @Flag(help: "Keep the two databases afterwards (dateline_bench_store, dateline_bench_copy) to inspect plans.") var keep = false

    func run() async throws {
        let app = try BenchApp.make(databaseURL: databaseURL)
        let logger = app.logger
        let server = try await app.prepareDatabase()
        let cluster = try app.privateCluster()
        let psql = cluster?.tool("psql") ?? "psql"
        let loaded = server.with(database: "dateline_bench_store")
        let copied = server.with(database: "dateline_bench_copy")
        try await Self.recreate([loaded.database, copied.database], on: server.with(database: "postgres"), logger: logger)

        // 1. The write path, streamed in batches.
        let (events, batch, entities) = (self.events, self.batch, self.entities)
        let storeSeconds = try await DatabaseClient.with(loaded, logger: logger) { client in
            try await Migrator.bundled().migrate(client: client, logger: logger)
            let store = PostgresEventStore(client: client, logger: logger)
            let start = ContinuousClock.now
            var generator = SyntheticEvents(entities: entities, seed: 7)
            var remaining = events
            while remaining > 0 {
                let n = min(batch, remaining)
                _ = try await store.write(generator.next(n))
                remaining -= n
            }
            return (ContinuousClock.now - start).inSeconds
        }
        let peak = Memory.peakMB

        // 2. The same rows through COPY: dump each table and load it into an empty schema.
        try await DatabaseClient.with(copied, logger: logger) { client in
            try await Migrator.bundled().migrate(client: client, logger: logger)
        }
        let (rows, copySeconds) = try Self.copyLimit(psql: psql, from: loaded, to: copied)
        let tables = Self.tables
        let storeRate = Double(rows) / storeSeconds
        let copyRate = Double(rows) / copySeconds
        print("store write path: \(events) events in batches of \(batch) = \(rows) rows across \(tables.count) tables")
        print(String(format: "  write path: %8.2f s  %10.0f rows/s  %8.0f events/s", storeSeconds, storeRate, Double(events) / storeSeconds))
        print(String(format: "  COPY (psql): %7.2f s  %10.0f rows/s", copySeconds, copyRate))
        print(String(format: "  ratio: %.2f× of COPY (goal ≥ 0.50×) %@", storeRate / copyRate, storeRate / copyRate >= 0.5 ? "✓" : "✗"))
        print(String(format: "  peak resident memory: %.0f MB (goal: flat in N; < 200 MB at 1,000,000 events)", peak))
        if !keep {
            try await Self.recreate([], drop: [loaded.database, copied.database], on: server.with(database: "postgres"), logger: logger)
        }
    }

    static let tables = ["articles", "entities", "aliases", "occupancies", "events", "event_participants", "mentions", "event_status_history", "change_log"]

    /// Dumps the store's tables from `source` and loads them with COPY through one psql session
    /// into `target` (migrated, empty: constraints and indexes on, as for the write path).
    /// Returns the rows and the seconds the load took.
    static func copyLimit(psql: String, from source: DatabaseEndpoint, to target: DatabaseEndpoint) throws -> (rows: Int, seconds: Double) {
        let dump = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-bench-\(getpid())")
        try FileManager.default.createDirectory(at: dump, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dump) }
        var rows = 0
        for table in tables {
            let file = dump.appendingPathComponent("\(table).copy").path
            try Self.psql(psql, source, "\\copy \(table) TO '\(file)'")
            rows += try Self.lineCount(file)
        }
        let start = ContinuousClock.now
        let script = tables.map { "\\copy \($0) FROM '\(dump.appendingPathComponent("\($0).copy").path)'" }.joined(separator: "\n")
        try Self.psql(psql, target, script)
        return (rows, (ContinuousClock.now - start).inSeconds)
    }

    static func recreate(_ names: [String], drop: [String]? = nil, on admin: DatabaseEndpoint, logger: Logger) async throws {
        try await DatabaseClient.with(admin, maxConnections: 1, logger: logger) { client in
            for name in drop ?? names {
                try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)"), logger: logger)
            }
            for name in names {
                try await DatabaseClient.createDatabaseIfMissing(name, on: client, logger: logger)
            }
        }
    }

    /// Runs psql with a script on standard input, failing on the first error.
    static func psql(_ psql: String, _ endpoint: DatabaseEndpoint, _ script: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: psql.hasPrefix("/") ? psql : "/usr/bin/env")
        var arguments = psql.hasPrefix("/") ? [] : ["psql"]
        arguments += ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", endpoint.libpqConnectionString]
        process.arguments = arguments
        if let password = endpoint.password {
            process.environment = ProcessInfo.processInfo.environment.merging(["PGPASSWORD": password]) { _, new in new }
        }
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data((script + "\n").utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        if process.terminationStatus != 0 { throw ExitCode(process.terminationStatus) }
    }

    static func lineCount(_ path: String) throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        return data.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }
}

/// Streams synthetic events: people leaving and joining fictional agencies, lawsuits and rulings.
struct SyntheticEvents {
    let entities: Int
    var state: UInt64
    var counter = 0

    init(entities: Int, seed: UInt64) {
        self.entities = max(1, entities)
        self.state = seed | 1
    }

    mutating func random(_ n: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(max(1, n)))
    }

    mutating func next(_ n: Int) -> [ArticleSubmission] {
        let kinds: [EventKind] = [.resignation, .appointment, .lawsuit, .ruling, .investigation, .agreement, .hearing]
        let statuses: [EventStatus] = [.occurred, .occurred, .occurred, .expected, .reported]
        return (0..<n).map { _ in
            counter += 1
            let person = random(entities)
            let agency = person % 200
            let kind = kinds[random(kinds.count)]
            let day = CalendarDate(dayNumber: 16_000 + random(4_000))
            let event = ExtractedEvent(
                kind: kind, subject: "Person \(person) Example", organization: "Agency \(agency) of Examples",
                role: kind.isPersonnel ? "Director" : nil, date: .day(day), status: statuses[random(statuses.count)],
                confidence: 0.9, evidence: "Synthetic report \(counter) about person \(person) and agency \(agency).",
                evidenceStart: 0, evidenceEnd: 60)
            return ArticleSubmission(article: nil, events: [event])
        }
    }
}
