import DatelineCore
import Logging
import PostgresNIO

/// One row of the change log: something happened to an event.
public struct ChangeRecord: Hashable, Sendable {
    /// The position in the feed: (transaction id, row id).
    public var xid: UInt64
    public var id: Int64
    public var eventID: Int64
    public var change: ChangeKind
    public var articleID: Int64?
    public var oldStatus: EventStatus?
    public var newStatus: EventStatus?
    public var oldDate: String?
    public var newDate: String?
    /// When it was written, ISO 8601 (UTC).
    public var at: String
}

/// Where a consumer is in the feed.
public struct FeedPosition: Hashable, Sendable, Comparable {
    public var xid: UInt64
    public var id: Int64

    public init(xid: UInt64, id: Int64) {
        self.xid = xid
        self.id = id
    }

    public static let start = FeedPosition(xid: 0, id: 0)

    public static func < (a: FeedPosition, b: FeedPosition) -> Bool { (a.xid, a.id) < (b.xid, b.id) }
}

/// The change feed that never skips.
///
/// A `bigserial` cursor skips a row whose transaction commits after a higher id was read. The
/// feed therefore reads only rows written by transactions older than the oldest one still
/// running (`xid < pg_snapshot_xmin(pg_current_snapshot())`) — those are final — in
/// (xid, id) order, after the consumer's position. A row written later always has a higher xid
/// than any row already read, so nothing is missed and nothing is read twice.
public enum ChangeFeed {
    /// The NOTIFY channel writers signal once per transaction (a wake-up hint, no payload).
    public static let channel = "dateline_changes"

    /// The next changes after `position`, at most `limit`, on the given connection (so a
    /// consumer can read and write its output and cursor in one transaction).
    public static func read(after position: FeedPosition, limit: Int, on connection: PostgresConnection, logger: Logger) async throws -> [ChangeRecord] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: columns)
            FROM change_log
            WHERE xid < pg_snapshot_xmin(pg_current_snapshot())
              AND (xid, id) > (\(String(position.xid))::xid8, \(position.id)::bigint)
            ORDER BY change_log.xid, change_log.id
            LIMIT \(limit)
            """,
            logger: logger)
        return try await records(rows)
    }

    /// The change-log columns `records(_:)` decodes, for queries that read the log.
    ///
    /// The transaction id is read as text under another name: an output column called `xid`
    /// would win over the table's in `ORDER BY xid`, which would then sort "1000" before "999"
    /// and, with a `LIMIT`, move a cursor past rows it never returned.
    public static let columns = """
        xid::text AS xid_text, id, event_id, change, coalesce(article_id, 0), coalesce(old_status, ''), coalesce(new_status, ''),
        coalesce(old_date, ''), coalesce(new_date, ''), to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
        """

    /// Decodes rows selected with `columns`.
    public static func records(_ rows: PostgresRowSequence) async throws -> [ChangeRecord] {
        var records: [ChangeRecord] = []
        for try await row in rows.decode((String, Int64, Int64, String, Int64, String, String, String, String, String).self) {
            let (xid, id, eventID, change, article, oldStatus, newStatus, oldDate, newDate, at) = row
            guard let xidValue = UInt64(xid), let kind = ChangeKind(rawValue: change) else { continue }
            records.append(ChangeRecord(
                xid: xidValue, id: id, eventID: eventID, change: kind, articleID: article == 0 ? nil : article,
                oldStatus: EventStatus(rawValue: oldStatus), newStatus: EventStatus(rawValue: newStatus),
                oldDate: oldDate.isEmpty ? nil : oldDate, newDate: newDate.isEmpty ? nil : newDate, at: at))
        }
        return records
    }

    /// A consumer's stored position (the start when it has none).
    public static func position(of consumer: String, on connection: PostgresConnection, logger: Logger) async throws -> FeedPosition {
        let rows = try await connection.query(
            "SELECT last_xid::text, last_id FROM consumer_cursors WHERE consumer = \(consumer)", logger: logger)
        for try await (xid, id) in rows.decode((String, Int64).self) {
            return FeedPosition(xid: UInt64(xid) ?? 0, id: id)
        }
        return .start
    }

    /// Stores a consumer's position; call in the same transaction that writes its output.
    public static func save(_ position: FeedPosition, of consumer: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO consumer_cursors (consumer, last_xid, last_id, updated_at)
            VALUES (\(consumer), \(String(position.xid))::xid8, \(position.id), now())
            ON CONFLICT (consumer) DO UPDATE SET last_xid = EXCLUDED.last_xid, last_id = EXCLUDED.last_id, updated_at = now()
            """,
            logger: logger)
    }
}
