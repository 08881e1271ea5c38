import DatelineApp
import DatelineCore
import DatelineStorage
import Foundation
import Logging
import PostgresNIO

/// A real PostgreSQL database per test suite, on a private cluster the tests start themselves.
///
/// The cluster lives in `<repo>/.dateline/test-postgres` (`fsync=off`: it is throwaway), apart
/// from the user's own private database. A template database is migrated once per migration
/// set; each suite gets `CREATE DATABASE … TEMPLATE` of it, which takes milliseconds, so suites
/// run in parallel without seeing each other's rows.
public enum TestDatabase {
    /// The repository's root, found from this file's path.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Which throwaway cluster a suite uses.
    ///
    /// The change feed reads rows only below the oldest transaction running anywhere in the
    /// cluster, so suites that assert on what the feed delivers by a given moment (the watcher's)
    /// use a cluster of their own: other suites' transactions cannot hold it back.
    public enum Cluster: String, Sendable {
        case shared = "test-postgres"
        case feed = "test-postgres-feed"
        /// For tests that run real `dateline` processes against the feed: apart even from the
        /// feed tests, one of which holds a transaction open on purpose.
        case processes = "test-postgres-processes"
    }

    /// The test cluster (not started).
    public static func cluster(_ which: Cluster = .shared) throws -> PrivatePostgres {
        let base = ProcessInfo.processInfo.environment["DATELINE_TEST_PG_DIR"]
            ?? repositoryRoot.appendingPathComponent(".dateline/test-postgres").path
        let directory = which == .shared ? base : base + which.rawValue.dropFirst("test-postgres".count)
        return try PrivatePostgres(
            directory: directory, database: "postgres",
            extraSettings: ["fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "300"])
    }

    /// A logger for tests: warnings and worse, to stderr.
    public static let logger: Logger = {
        var logger = Logger(label: "dateline-test") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        return logger
    }()

    /// Creates a fresh, migrated database and returns its endpoint.
    public static func create(migrated: Bool = true, cluster which: Cluster = .shared) async throws -> DatabaseEndpoint {
        let template = try await TemplateCache.shared.template(migrated: migrated, cluster: which)
        let cluster = try cluster(which)
        let name = "dlt_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        let admin = DatabaseEndpoint.privateCluster(cluster, database: "postgres")
        try await DatabaseClient.with(admin, maxConnections: 1, logger: logger) { client in
            var attempt = 0
            while true {
                do {
                    try await DatabaseClient.createDatabaseIfMissing(name, template: template, on: client, logger: logger)
                    return
                } catch {
                    // "source database is being accessed by other users": a template client is
                    // still closing its connection. Retry briefly.
                    attempt += 1
                    if attempt > 50 { throw error }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
        }
        return DatabaseEndpoint.privateCluster(cluster, database: name)
    }

    /// Runs `body` against a fresh migrated database.
    public static func withDatabase<T: Sendable>(
        migrated: Bool = true, cluster which: Cluster = .shared, _ body: @Sendable (DatabaseContext) async throws -> T
    ) async throws -> T {
        let endpoint = try await create(migrated: migrated, cluster: which)
        return try await DatabaseClient.with(endpoint, logger: logger) { client in
            try await body(DatabaseContext(endpoint: endpoint, client: client, logger: logger))
        }
    }

    /// An application configured against a database (for CLI-level tests).
    public static func app(for endpoint: DatabaseEndpoint) -> Dateline {
        guard case let .unixSocket(path) = endpoint.transport else {
            return Dateline(configuration: AppConfiguration(), logger: logger)
        }
        let dir = (path as NSString).deletingLastPathComponent
        let url = "postgresql://postgres@/\(endpoint.database)?host=\(dir)"
        return Dateline(configuration: AppConfiguration(databaseURL: url), logger: logger)
    }
}

/// Makes the template databases once per process (and per migration set).
actor TemplateCache {
    static let shared = TemplateCache()
    private var builds: [String: Task<String, any Error>] = [:]

    /// The template's name; built once per cluster, however many suites ask at the same time.
    func template(migrated: Bool, cluster: TestDatabase.Cluster) async throws -> String {
        let key = "\(cluster.rawValue)|\(migrated)"
        if let build = builds[key] { return try await build.value }
        // Builds run one after another: they share a file lock, which must not block two
        // cooperative threads of this process at once.
        let previous = builds.values.first
        let build = Task {
            _ = try? await previous?.value
            return try await Self.build(migrated: migrated, cluster: cluster)
        }
        builds[key] = build
        return try await build.value
    }

    private static func build(migrated: Bool, cluster which: TestDatabase.Cluster) async throws -> String {
        let logger = TestDatabase.logger
        let cluster = try TestDatabase.cluster(which)
        try cluster.start(logger: logger)
        let migrations = try Migration.bundled()
        let fingerprint = ContentHash.of(migrations.map(\.checksum).joined()).prefix(12)
        let name = migrated ? "dltpl_\(fingerprint)" : "dltpl_empty"
        // One process at a time builds templates (parallel test processes share the cluster).
        let lock = try TemplateLock(path: cluster.dataDirectory + ".templates.lock")
        defer { lock.release() }
        let admin = DatabaseEndpoint.privateCluster(cluster, database: "postgres")
        let exists = try await DatabaseClient.with(admin, maxConnections: 1, logger: logger) { client in
            try await Self.dropStaleDatabases(client, logger: logger)
            let rows = try await client.query("SELECT 1 FROM pg_database WHERE datname = \(name)", logger: logger)
            for try await _ in rows { return true }
            return false
        }
        if !exists {
            let building = "\(name)_build_\(getpid())"
            try await DatabaseClient.with(admin, maxConnections: 1, logger: logger) { client in
                try await DatabaseClient.createDatabaseIfMissing(building, on: client, logger: logger)
            }
            if migrated {
                try await DatabaseClient.with(admin.with(database: building), maxConnections: 1, logger: logger) { client in
                    try await Migrator(migrations: migrations).migrate(client: client, logger: logger)
                }
            }
            // Rename into place only when complete, so a crash never leaves a half-built template.
            try await DatabaseClient.with(admin, maxConnections: 1, logger: logger) { client in
                var attempt = 0
                while true {
                    do {
                        try await client.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \"\(building)\" RENAME TO \"\(name)\""), logger: logger)
                        return
                    } catch {
                        attempt += 1
                        if attempt > 50 { throw error }
                        // The building database is this process's alone: a session still on it is
                        // the migration client's connection, which is closed asynchronously and
                        // was once seen to linger for minutes. End it rather than wait on it.
                        _ = try? await client.query(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = \(building) AND pid <> pg_backend_pid()",
                            logger: logger)
                        try await Task.sleep(for: .milliseconds(100))
                    }
                }
            }
        }
        return name
    }

    /// Drops suite databases left by test processes that are gone.
    static func dropStaleDatabases(_ client: PostgresClient, logger: Logger) async throws {
        let rows = try await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'dlt\\_%' OR datname LIKE 'dltpl\\_%\\_build\\_%'", logger: logger)
        var stale: [String] = []
        for try await name in rows.decode(String.self) {
            let parts = name.split(separator: "_")
            let pidPart = name.hasPrefix("dlt_") ? parts.dropFirst().first : parts.last
            guard let pidText = pidPart, let pid = Int32(pidText), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { stale.append(name) }
        }
        for name in stale {
            _ = try? await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)"), logger: logger)
        }
    }
}

/// An exclusive `flock` held while building templates.
final class TemplateLock: @unchecked Sendable {
    private var fd: Int32

    init(path: String) throws {
        fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AppError.invalid("cannot open \(path)") }
        while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
    }

    func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
