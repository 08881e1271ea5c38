import DatelineCore
import Foundation
import Logging
import PostgresNIO

/// The rules engine's memory in `rule_state`: one row per consumer holding its state as JSON,
/// written in the transaction that writes the consumer's alerts and cursor.
///
/// `due_at` holds the soonest open deadline, so tools can see when the next one fires.
public enum RuleStateStore {
    /// The `rule_name` of the engine-state row (rule names cannot start with `*`).
    static let stateRow = "*engine"

    /// The stored state of a consumer as JSON, or nil when it has none yet.
    public static func load(consumer: String, on connection: PostgresConnection, logger: Logger) async throws -> Data? {
        let rows = try await connection.query(
            "SELECT data::text FROM rule_state WHERE rule_name = \(stateRow) AND state_key = \(consumer)", logger: logger)
        for try await text in rows.decode(String.self) { return Data(text.utf8) }
        return nil
    }

    /// Stores a consumer's state (JSON) and its soonest deadline; call inside its transaction.
    public static func save(_ data: Data, dueAt: Date?, consumer: String, on connection: PostgresConnection, logger: Logger) async throws {
        let json = String(decoding: data, as: UTF8.self)
        let due = dueAt?.timeIntervalSince1970
        try await connection.query(
            """
            INSERT INTO rule_state (rule_name, state_key, data, due_at, updated_at)
            VALUES (\(stateRow), \(consumer), \(json)::jsonb, to_timestamp(\(due)), now())
            ON CONFLICT (rule_name, state_key) DO UPDATE SET data = EXCLUDED.data, due_at = EXCLUDED.due_at, updated_at = now()
            """,
            logger: logger)
    }
}

/// The session advisory lock that makes one watcher the only writer of a consumer's output.
public enum ConsumerLock {
    /// The lock key of a consumer (a stable 63-bit hash of its name).
    public static func key(for consumer: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "dateline-consumer:\(consumer)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash & 0x7fff_ffff_ffff_ffff)
    }

    /// Tries to take the lock on this connection (held until released or the session ends).
    public static func tryAcquire(_ consumer: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("SELECT pg_try_advisory_lock(\(key(for: consumer)))", logger: logger)
        for try await taken in rows.decode(Bool.self) { return taken }
        return false
    }

    /// Releases the lock taken on this connection.
    public static func release(_ consumer: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_unlock(\(key(for: consumer)))", logger: logger)
    }
}
