import DatelineStorage
import DatelineTesting
import Foundation
import Logging
import PostgresNIO
import Testing

@Suite("The private PostgreSQL server", .serialized)
struct PrivatePostgresTests {
    /// A cluster of its own in a temporary folder, removed afterwards.
    func withScratchCluster(_ body: (PrivatePostgres) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-pg-\(UUID().uuidString.prefix(8))").path
        let cluster = try PrivatePostgres(directory: dir, extraSettings: ["fsync": "off"])
        do {
            try await body(cluster)
        } catch {
            _ = try? cluster.stop()
            throw error
        }
        _ = try? cluster.stop()
        try? FileManager.default.removeItem(atPath: cluster.dataDirectory)
        try? FileManager.default.removeItem(atPath: dir)
    }

    func canQuery(_ cluster: PrivatePostgres) async throws -> Int {
        let endpoint = DatabaseEndpoint.privateCluster(cluster, database: "postgres")
        return try await DatabaseClient.with(endpoint, maxConnections: 1, logger: TestDatabase.logger) { client in
            let rows = try await client.query("SELECT 41 + 1")
            for try await value in rows.decode(Int.self) { return value }
            return 0
        }
    }

    @Test("start creates and starts; a second start reuses; stop stops")
    func startReuseStop() async throws {
        try await withScratchCluster { cluster in
            #expect(cluster.state() == .notInitialized)
            let started = try cluster.start(logger: TestDatabase.logger)
            #expect(started)
            guard case .running = cluster.state() else { Issue.record("not running after start"); return }
            let answer = try await canQuery(cluster)
            #expect(answer == 42)
            // Runs without JIT (short index-driven queries; see README "The private database").
            let jit = try await DatabaseClient.with(.privateCluster(cluster, database: "postgres"), maxConnections: 1, logger: TestDatabase.logger) { client in
                var value = ""
                for try await setting in try await client.query("SHOW jit").decode(String.self) { value = setting }
                return value
            }
            #expect(jit == "off")
            let startedAgain = try cluster.start(logger: TestDatabase.logger)
            #expect(!startedAgain)
            let stopped = try cluster.stop()
            #expect(stopped)
            #expect(cluster.state() == .stopped)
            let stoppedAgain = try cluster.stop()
            #expect(!stoppedAgain)
            // And it comes back with its data.
            let restarted = try cluster.start(logger: TestDatabase.logger)
            #expect(restarted)
            let answerAfter = try await canQuery(cluster)
            #expect(answerAfter == 42)
        }
    }

    @Test("after the server is killed (SIGKILL), start recovers it")
    func restartAfterKill() async throws {
        try await withScratchCluster { cluster in
            try cluster.start(logger: TestDatabase.logger)
            guard case let .running(pid) = cluster.state() else { Issue.record("not running"); return }
            #expect(kill(pid, SIGKILL) == 0)
            // Wait (bounded) for the kernel to reap it; no timing is asserted.
            for _ in 0..<100 where kill(pid, 0) == 0 { try await Task.sleep(for: .milliseconds(50)) }
            #expect(cluster.state() != .running(pid: pid))
            // The pid file is stale now; start must recover rather than hang or fail.
            let recovered = try cluster.start(logger: TestDatabase.logger)
            #expect(recovered)
            let answer = try await canQuery(cluster)
            #expect(answer == 42)
        }
    }

    @Test("without PostgreSQL binaries the error says what to install")
    func missingBinaries() throws {
        let error = #expect(throws: StorageError.self) {
            try PrivatePostgres.findBinaries(path: "/nonexistent", extraCandidates: [], override: nil)
        }
        #expect(error?.code == "postgres_not_installed")
        #expect(error?.message.contains("apt-get install postgresql") == true)
        #expect(error?.message.contains("DATELINE_DATABASE_URL") == true)
    }
}

@Suite("Database URLs")
struct DatabaseEndpointTests {
    @Test func tcpURL() throws {
        let e = try DatabaseEndpoint(url: "postgres://news:s3cret@db.internal:6543/dateline?sslmode=require")
        #expect(e.transport == .tcp(host: "db.internal", port: 6543))
        #expect(e.username == "news")
        #expect(e.password == "s3cret")
        #expect(e.database == "dateline")
        #expect(e.tls == .require)
        #expect(!e.redacted.contains("s3cret"))
    }

    @Test func socketURL() throws {
        let e = try DatabaseEndpoint(url: "postgresql:///newsroom?host=/run/postgresql&user=me")
        #expect(e.transport == .unixSocket(path: "/run/postgresql/.s.PGSQL.5432"))
        #expect(e.username == "me")
        #expect(e.database == "newsroom")
    }

    @Test func badURLs() {
        #expect(throws: StorageError.self) { try DatabaseEndpoint(url: "mysql://x@y/z") }
        #expect(throws: StorageError.self) { try DatabaseEndpoint(url: "postgres://x@y/z?sslmode=sometimes") }
    }
}
