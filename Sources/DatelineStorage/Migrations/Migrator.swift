import DatelineCore
import Logging
import PostgresNIO

/// Applies the numbered migrations to a database, each in its own transaction with its checksum.
///
/// Refuses to run when an applied migration was edited or is unknown to this build; safe when
/// several processes start at once (a session advisory lock serializes them; the one that waited
/// finds nothing left to do).
public struct Migrator: Sendable {
    public let migrations: [Migration]

    /// The advisory lock key held while migrating ("dtln").
    static let lockKey: Int64 = 0x6474_6C6E

    public init(migrations: [Migration]) {
        self.migrations = migrations
    }

    /// A migrator for the migrations bundled with Dateline.
    public static func bundled() throws -> Migrator {
        Migrator(migrations: try Migration.bundled())
    }

    /// One migration's state in a database.
    public struct Status: Sendable, Equatable {
        public enum State: Sendable, Equatable {
            /// Applied, with the same checksum as the file.
            case applied(at: String)
            case pending
            /// Applied, but the file changed since.
            case edited(at: String)
            /// Applied to the database, but this build has no such file.
            case unknown(at: String)
        }

        public let version: Int
        public let name: String
        public let state: State
    }

    /// Applies pending migrations in order.
    /// - Returns: the migrations this call applied (empty when the database was current).
    /// - Throws: `StorageError` (`migration_edited`, `migration_unknown`) naming the migration.
    @discardableResult
    public func migrate(client: PostgresClient, logger: Logger) async throws -> [Migration] {
        do {
            return try await client.withConnection { connection in
                try await connection.query("SELECT pg_advisory_lock(\(Migrator.lockKey))", logger: logger)
                do {
                    let applied = try await self.migrateLocked(connection, logger: logger)
                    try await connection.query("SELECT pg_advisory_unlock(\(Migrator.lockKey))", logger: logger)
                    return applied
                } catch {
                    _ = try? await connection.query("SELECT pg_advisory_unlock(\(Migrator.lockKey))", logger: logger)
                    throw error
                }
            }
        } catch {
            throw StorageError.wrap(error, doing: "migrating the database")
        }
    }

    private func migrateLocked(_ connection: PostgresConnection, logger: Logger) async throws -> [Migration] {
        try await Migrator.createTable(connection, logger: logger)
        let statuses = try await status(connection, logger: logger)
        try Migrator.check(statuses)
        var applied: [Migration] = []
        for migration in migrations where statuses.contains(where: { $0.version == migration.version && $0.state == .pending }) {
            logger.info("Applying migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            let statements = SQLSplitter.split(migration.sql)
            do {
                try await connection.withTransaction(logger: logger) { tx in
                    for statement in statements {
                        try await tx.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await tx.query(
                        "INSERT INTO dateline_migrations (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(migration.checksum))",
                        logger: logger)
                }
            } catch {
                let inner = (error as? PostgresTransactionError)?.closureError ?? error
                let detail = (inner as? PSQLError)?.serverInfo?[.message] ?? "\(type(of: inner))"
                logger.error("Migration failed", metadata: ["version": "\(migration.version)", "error": "\(String(reflecting: inner))"])
                throw StorageError(
                    code: "migration_failed",
                    message: "migration \(Migrator.label(migration.version, migration.name)) failed and was rolled back: \(detail)",
                    category: .internal)
            }
            applied.append(migration)
        }
        return applied
    }

    /// Every known and applied migration with its state, in version order.
    public func status(client: PostgresClient, logger: Logger) async throws -> [Status] {
        do {
            return try await client.withConnection { connection in
                try await Migrator.createTable(connection, logger: logger)
                return try await self.status(connection, logger: logger)
            }
        } catch {
            throw StorageError.wrap(error, doing: "reading the migration status")
        }
    }

    /// Throws when the database is not exactly at this build's migrations (for `/readyz`).
    public func checkCurrent(client: PostgresClient, logger: Logger) async throws {
        let statuses = try await status(client: client, logger: logger)
        try Migrator.check(statuses)
        if let pending = statuses.first(where: { $0.state == .pending }) {
            throw StorageError.unavailable("migration \(Migrator.label(pending.version, pending.name)) is not applied: run `dateline migrate`", code: "migration_pending")
        }
    }

    private func status(_ connection: PostgresConnection, logger: Logger) async throws -> [Status] {
        let rows = try await connection.query(
            "SELECT version, name, checksum, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM dateline_migrations ORDER BY version",
            logger: logger)
        var applied: [Int: (name: String, checksum: String, at: String)] = [:]
        for try await (version, name, checksum, at) in rows.decode((Int, String, String, String).self) {
            applied[version] = (name, checksum, at)
        }
        var result: [Status] = []
        for migration in migrations {
            if let row = applied[migration.version] {
                result.append(Status(version: migration.version, name: migration.name,
                                     state: row.checksum == migration.checksum ? .applied(at: row.at) : .edited(at: row.at)))
            } else {
                result.append(Status(version: migration.version, name: migration.name, state: .pending))
            }
        }
        for (version, row) in applied where !migrations.contains(where: { $0.version == version }) {
            result.append(Status(version: version, name: row.name, state: .unknown(at: row.at)))
        }
        return result.sorted { $0.version < $1.version }
    }

    static func check(_ statuses: [Status]) throws {
        for status in statuses {
            switch status.state {
            case .edited:
                throw StorageError(
                    code: "migration_edited",
                    message: "migration \(label(status.version, status.name)) was edited after it was applied (its checksum differs); restore the file and add a new migration instead",
                    category: .conflict)
            case .unknown:
                throw StorageError(
                    code: "migration_unknown",
                    message: "the database has migration \(label(status.version, status.name)), which this build does not know: it was migrated by a newer Dateline",
                    category: .conflict)
            default:
                continue
            }
        }
    }

    static func label(_ version: Int, _ name: String) -> String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_" + name
    }

    private static func createTable(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS dateline_migrations (
                version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """,
            logger: logger)
    }
}
