import DatelineCore
import Logging
import PostgresNIO

/// Running a PostgresNIO client for the length of a piece of work.
public enum DatabaseClient {
    /// Runs `body` with a connected client: `PostgresClient` works only while its `run()` runs,
    /// so it runs in a child task that is cancelled when `body` returns or throws.
    public static func with<T: Sendable>(
        _ endpoint: DatabaseEndpoint, maxConnections: Int = 10, logger: Logger,
        _ body: @Sendable (PostgresClient) async throws -> T
    ) async throws -> T {
        let client = PostgresClient(configuration: endpoint.clientConfiguration(maxConnections: maxConnections), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            // Started immediately, so the client runs before `body` asks it for a connection.
            group.addImmediateTask {
                await client.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// Creates a database when it does not exist (safe when two processes race to create it).
    /// `endpoint` names a database that exists (e.g. `postgres`).
    public static func createDatabaseIfMissing(_ name: String, template: String? = nil, on client: PostgresClient, logger: Logger) async throws {
        try validateIdentifier(name)
        if let template { try validateIdentifier(template) }
        do {
            let rows = try await client.query("SELECT 1 FROM pg_database WHERE datname = \(name)", logger: logger)
            for try await _ in rows { return }
            let templateClause = template.map { " TEMPLATE \"\($0)\"" } ?? ""
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \"\(name)\"\(templateClause)"), logger: logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42P04" {
            return  // created by someone else meanwhile
        } catch {
            logger.error("Creating database failed", metadata: ["db": "\(name)", "error": "\(String(reflecting: error))"])
            throw StorageError.wrap(error, doing: "creating database \(name)")
        }
    }

    /// Database names we create are plain identifiers (they cannot be bound as parameters).
    static func validateIdentifier(_ name: String) throws {
        let ok = !name.isEmpty && name.count <= 63 && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        } && !(name.first?.isNumber ?? true)
        guard ok else { throw StorageError.invalid("'\(name)' is not a valid database name (lower-case letters, digits, _)") }
    }
}
