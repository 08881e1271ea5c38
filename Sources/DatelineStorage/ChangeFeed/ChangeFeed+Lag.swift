import Logging
import PostgresNIO

/// How far a consumer is behind the committed feed.
public struct FeedLag: Hashable, Sendable {
    /// Committed changes after the position (counted up to a cap).
    public var changes: Int
    /// Age in seconds of the oldest of them (0 when there is none).
    public var oldestSeconds: Double

    public init(changes: Int, oldestSeconds: Double) {
        self.changes = changes
        self.oldestSeconds = oldestSeconds
    }
}

extension ChangeFeed {
    /// The changes after `position`, counted up to `cap` (a backlog of millions is reported
    /// as `cap`, so the metric stays cheap), and the age of the oldest one.
    public static func lag(after position: FeedPosition, cap: Int = 1_000_000, on connection: PostgresConnection, logger: Logger) async throws -> FeedLag {
        let rows = try await connection.query(
            """
            SELECT count(*)::int8, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8
            FROM (SELECT created_at FROM change_log
                  WHERE (xid, id) > (\(String(position.xid))::xid8, \(position.id)::bigint)
                  ORDER BY xid, id LIMIT \(cap)) AS backlog
            """,
            logger: logger)
        for try await (count, age) in rows.decode((Int64, Double).self) {
            return FeedLag(changes: Int(count), oldestSeconds: max(0, age))
        }
        return FeedLag(changes: 0, oldestSeconds: 0)
    }
}
