import DatelineApp
import DatelineCore
import DatelineStorage
import DatelineTimeline
import Foundation
import Logging
import PostgresNIO

/// `dateline-bench timeline`: builds one entity's timeline page through `PostgresTimelineStore`
/// and runs the same SQL statements with the same values through one `psql` session (`\timing`)
/// against the same server in the same run.
///
/// The store's figure is end to end: resolving the entity, the page query, then participants,
/// mentions and history (three queries, concurrently), decoding and assembly. psql's figure is
/// the sum of its four statements' round trips (page + evidence), and the page query alone.
struct TimelineBenchmark {
    let events: Int
    let entities: Int
    let iterations: Int
    let limit: Int
    let reload: Bool
    let logger: Logger

    /// A subject to time: an organization (with its post and the post's holder), and a person.
    struct Subject {
        var label: String
        var entityID: Int64
    }

    func run() async throws -> String {
        let logger = self.logger
        let configuration = try AppConfiguration.fromEnvironment()
        let app = Dateline(configuration: configuration, logger: logger)
        guard let cluster = try app.privateCluster() else {
            throw AppError.invalid("the timeline benchmark runs on the private cluster: unset DATELINE_DATABASE_URL")
        }
        try cluster.start(logger: logger)
        let name = "dateline_bench_timeline_\(events)_\(entities)"
        let admin = DatabaseEndpoint.privateCluster(cluster, database: "postgres")
        let endpoint = DatabaseEndpoint.privateCluster(cluster, database: name)
        var out = "timeline benchmark: \(events) events over \(entities) entities, page of \(limit), \(iterations) builds per subject\n"
        out += "  database        \(name) on the private cluster (\(cluster.socketDirectory))\n"

        var loaded = false
        if !reload {
            loaded = (try? await DatabaseClient.with(endpoint, maxConnections: 1, logger: logger) { client in
                try await SyntheticTimelineData.eventCount(client: client, logger: logger)
            }) == events
        }
        if !loaded {
            let clock = ContinuousClock()
            let start = clock.now
            try await DatabaseClient.with(admin, maxConnections: 1, logger: logger) { client in
                try await SyntheticTimelineData.recreateDatabase(name, admin: client, logger: logger)
            }
            try await DatabaseClient.with(endpoint, maxConnections: 2, logger: logger) { client in
                try await Migrator.bundled().migrate(client: client, logger: logger)
                try await SyntheticTimelineData.load(events: events, entities: entities, client: client, logger: logger)
            }
            out += "  load            \(Self.format(Self.seconds(clock.now - start), 1)) s (set-based INSERT … SELECT generate_series, then ANALYZE)\n"
        } else {
            out += "  load            reused (pass --reload to regenerate)\n"
        }

        let subjects = [Subject(label: "organization #1 (+ post, holder)", entityID: 1), Subject(label: "person #5003", entityID: 5003)]
        let psql = try Self.findTool("psql", near: cluster)
        let limit = self.limit, iterations = self.iterations
        for subject in subjects {
            let result = try await DatabaseClient.with(endpoint, maxConnections: 8, logger: logger) { client in
                try await Self.measureStore(subject, limit: limit, iterations: iterations, client: client, logger: logger)
            }
            let viaPsql = try Self.measurePsql(
                psql: psql, socketDirectory: cluster.socketDirectory, database: name, page: result.page, evidence: result.evidence,
                iterations: iterations)
            out += "  \(subject.label): \(result.entries) entries on the page\n"
            out += "    store, end to end       p50 \(Self.ms(result.store.p50))  p99 \(Self.ms(result.store.p99))\n"
            out += "    store, page query only  p50 \(Self.ms(result.pageOnly.p50))  p99 \(Self.ms(result.pageOnly.p99))\n"
            out += "    psql, same 4 statements p50 \(Self.ms(viaPsql.all.p50))  p99 \(Self.ms(viaPsql.all.p99))\n"
            out += "    psql, page query only   p50 \(Self.ms(viaPsql.page.p50))  p99 \(Self.ms(viaPsql.page.p99))\n"
            let ratio = result.store.p50 / max(viaPsql.all.p50, 1e-9)
            let pageRatio = result.pageOnly.p50 / max(viaPsql.page.p50, 1e-9)
            out += "    ratio store/psql (p50)  \(Self.format(ratio, 2))× end to end, \(Self.format(pageRatio, 2))× page query (goal ≤ 2×: \(ratio <= 2 ? "met" : "NOT met"))\n"
        }
        return out
    }

    /// p50 and p99 in seconds.
    struct Percentiles {
        var p50: Double
        var p99: Double

        init(_ samples: [Double]) {
            let sorted = samples.sorted()
            p50 = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
            p99 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.down)))]
        }
    }

    struct StoreResult: Sendable {
        var store: Percentiles
        var pageOnly: Percentiles
        var entries: Int
        var page: PostgresTimelineStore.Statement
        var evidence: [PostgresTimelineStore.Statement]
    }

    static func measureStore(_ subject: Subject, limit: Int, iterations: Int, client: PostgresClient, logger: Logger) async throws -> StoreResult {
        let store = PostgresTimelineStore(client: client, logger: logger)
        let query = TimelineQuery(entities: [String(subject.entityID)], limit: limit)
        let clock = ContinuousClock()
        var timeline = try await store.timeline(query, title: "bench", generatedAt: "2026-01-01T00:00:00Z")
        for _ in 0..<20 { timeline = try await store.timeline(query, title: "bench", generatedAt: "2026-01-01T00:00:00Z") }
        var samples: [Double] = []
        for _ in 0..<iterations {
            let start = clock.now
            timeline = try await store.timeline(query, title: "bench", generatedAt: "2026-01-01T00:00:00Z")
            samples.append(seconds(clock.now - start))
        }
        // The page query alone, through the same client (the roots are what resolution returns).
        let page = PostgresTimelineStore.pageStatement(query, roots: [subject.entityID])
        var pageSamples: [Double] = []
        for _ in 0..<iterations {
            let start = clock.now
            try await store.runForBenchmark(page)
            pageSamples.append(seconds(clock.now - start))
        }
        let ids = timeline.allEntries.map(\.id)
        return StoreResult(
            store: Percentiles(samples), pageOnly: Percentiles(pageSamples), entries: ids.count, page: page,
            evidence: PostgresTimelineStore.evidenceStatements(ids: ids))
    }

    /// One psql session running the same statements with the same values `iterations` times,
    /// `\\timing` on, output to /dev/null; returns per-iteration sums and the page query's times.
    /// The values go in as literals where the store binds `$n`, so the server parses, plans and
    /// executes each statement every time, as it does for the store's unnamed statements.
    static func measurePsql(
        psql: String, socketDirectory: String, database: String, page: PostgresTimelineStore.Statement,
        evidence: [PostgresTimelineStore.Statement], iterations: Int
    ) throws -> (all: Percentiles, page: Percentiles) {
        let statements = [page] + evidence
        var script = "\\set ON_ERROR_STOP on\n\\o /dev/null\n"
        let inline = statements.map { inlined($0) + ";\n" }.joined()
        for _ in 0..<20 { script += inline }
        script += "\\timing on\n"
        for _ in 0..<iterations { script += inline }
        let path = NSTemporaryDirectory() + "dateline-bench-timeline-\(getpid()).sql"
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try ChildProcess.run(psql, ["-X", "-q", "-h", socketDirectory, "-U", "postgres", "-d", database, "-f", path])
        guard result.status == 0 else {
            throw AppError(code: "psql_failed", message: "psql failed: \(result.output.suffix(500))", category: .internal)
        }
        let times = result.output.split(separator: "\n").compactMap { line -> Double? in
            guard line.hasPrefix("Time: ") else { return nil }
            return Double(line.dropFirst(6).split(separator: " ").first ?? "").map { $0 / 1000 }
        }
        guard times.count == iterations * statements.count else {
            throw AppError(code: "psql_output", message: "psql printed \(times.count) timings, expected \(iterations * statements.count)", category: .internal)
        }
        var all: [Double] = [], pageOnly: [Double] = []
        for i in 0..<iterations {
            let chunk = times[(i * statements.count)..<((i + 1) * statements.count)]
            all.append(chunk.reduce(0, +))
            pageOnly.append(chunk.first ?? 0)
        }
        return (Percentiles(all), Percentiles(pageOnly))
    }

    /// A client tool of the same PostgreSQL as the cluster: beside its binaries, beside what they
    /// link to (`/usr/local/bin/pg_ctl` → `/usr/lib/postgresql/15/bin`), else on `PATH`.
    static func findTool(_ name: String, near cluster: PrivatePostgres) throws -> String {
        let fm = FileManager.default
        var candidates = [cluster.tool(name)]
        if let target = try? fm.destinationOfSymbolicLink(atPath: cluster.tool("pg_ctl")) {
            let resolved = URL(fileURLWithPath: target, relativeTo: URL(fileURLWithPath: cluster.binDirectory, isDirectory: true))
            candidates.append(resolved.deletingLastPathComponent().appendingPathComponent(name).path)
        }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") { candidates.append("\(dir)/\(name)") }
        guard let found = candidates.first(where: { fm.isExecutableFile(atPath: $0) }) else {
            throw AppError(code: "tool_missing", message: "\(name) was not found beside \(cluster.binDirectory) or on PATH", category: .unavailable)
        }
        return found
    }

    /// The statement's text with each `$n` replaced by its value as a quoted literal (highest
    /// numbers first, so `$1` never eats the start of `$12`).
    static func inlined(_ statement: PostgresTimelineStore.Statement) -> String {
        var sql = statement.sql
        for (index, value) in statement.parameters.enumerated().reversed() {
            sql = sql.replacingOccurrences(of: "$\(index + 1)", with: literal(value))
        }
        return sql
    }

    /// A SQL string literal.
    static func literal(_ value: String) -> String { "'" + value.replacingOccurrences(of: "'", with: "''") + "'" }

    static func seconds(_ d: Duration) -> Double { d.inSeconds }

    static func ms(_ s: Double) -> String { format(s * 1000, 3) + " ms" }

    static func format(_ d: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", d) }
}
