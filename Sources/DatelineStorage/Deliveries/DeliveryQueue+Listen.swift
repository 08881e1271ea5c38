import Logging
import PostgresNIO

extension DeliveryQueue {
    /// Listens on `channel` with one pooled connection and calls `onNotification` for each
    /// notification, after calling `onListening` once the LISTEN is in place (the caller should
    /// sweep then: rows written before it are not announced again). Returns when the task is
    /// cancelled; throws when the connection breaks (reconnect and sweep).
    public static func listen(
        client: PostgresClient, logger: Logger,
        onListening: @Sendable () -> Void, onNotification: @Sendable () -> Void
    ) async throws {
        try await client.withConnection { connection in
            try await connection.listen(on: channel) { notifications in
                onListening()
                for try await _ in notifications { onNotification() }
            }
        }
    }

    /// Announces new or re-queued deliveries, inside the writer's transaction.
    static func notify(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_notify(\(channel), '')", logger: logger)
    }
}
