import DatelineCore
import Foundation
import Logging
import PostgresNIO

/// A change-log row with the event as it stood right after the change: what the rules engine
/// evaluates and what an alert carries.
public struct ChangeSnapshot: Hashable, Sendable {
    /// The change-log row.
    public var record: ChangeRecord
    /// The event, with its participants; status, source and mention counts as of the change.
    public var event: Event
    /// The reports of the event written up to the change (its evidence and sources).
    public var mentions: [Mention]
    /// How many distinct publications reported it up to the change.
    public var sourceCount: Int
    /// The publication date of the change's article, when known.
    public var published: CalendarDate?

    /// A snapshot.
    public init(record: ChangeRecord, event: Event, mentions: [Mention], sourceCount: Int, published: CalendarDate?) {
        self.record = record
        self.event = event
        self.mentions = mentions
        self.sourceCount = sourceCount
        self.published = published
    }
}

/// Loads `ChangeSnapshot`s for a batch of change-log rows with a few set queries.
public enum ChangeSnapshotLoader {
    /// The snapshots of `records`, in the same order; a change whose event is gone (deleted) or
    /// rejected is left out.
    ///
    /// Mentions count "up to the change" when their row was written no later than the change's
    /// (same transaction or before), so replaying history later sees what the watcher saw live.
    public static func load(_ records: [ChangeRecord], on connection: PostgresConnection, logger: Logger) async throws -> [ChangeSnapshot] {
        guard !records.isEmpty else { return [] }
        let eventIDs = Array(Set(records.map(\.eventID))).sorted()
        var events: [Int64: Event] = [:]
        let eventRows = try await connection.query(
            "SELECT \(unescaped: PostgresEventStore.eventColumns) FROM events e WHERE e.id = ANY(\(eventIDs)::bigint[]) AND NOT e.rejected",
            logger: logger)
        for try await row in eventRows.decode(PostgresEventStore.EventRow.self) {
            let event = PostgresEventStore.event(from: row)
            events[event.id] = event
        }
        let participantRows = try await connection.query(
            """
            SELECT p.event_id, p.entity_id, en.kind, p.name, p.role
            FROM event_participants p JOIN entities en ON en.id = p.entity_id
            WHERE p.event_id = ANY(\(eventIDs)::bigint[])
            ORDER BY p.event_id, array_position(ARRAY['subject','organization','post','counterparty'], p.role), p.entity_id
            """,
            logger: logger)
        for try await (eventID, entityID, kind, name, role) in participantRows.decode((Int64, Int64, String, String, String).self) {
            guard let kind = EntityKind(rawValue: kind), let role = ParticipantRole(rawValue: role) else { continue }
            events[eventID]?.participants.append(Participant(entityID: entityID, kind: kind, name: name, role: role))
        }
        let mentions = try await timedMentions(of: eventIDs, on: connection, logger: logger)
        let recordIDs = records.map(\.id)
        var changeTimes: [Int64: Double] = [:]
        var published: [Int64: CalendarDate] = [:]
        let timeRows = try await connection.query(
            """
            SELECT c.id, extract(epoch FROM c.created_at)::float8, coalesce(a.published::text, '')
            FROM change_log c LEFT JOIN articles a ON a.id = c.article_id WHERE c.id = ANY(\(recordIDs)::bigint[])
            """,
            logger: logger)
        for try await (id, at, day) in timeRows.decode((Int64, Double, String).self) {
            changeTimes[id] = at
            if let date = CalendarDate(iso: day) { published[id] = date }
        }
        var result: [ChangeSnapshot] = []
        result.reserveCapacity(records.count)
        for record in records {
            guard var event = events[record.eventID] else { continue }
            let at = changeTimes[record.id] ?? .infinity
            let upToChange = (mentions[record.eventID] ?? []).filter { $0.at <= at }
            if let status = record.newStatus { event.status = status }
            if let dateText = record.newDate, let date = FuzzyDate(parsing: dateText), event.date?.value != dateText {
                event.date = date
            }
            let sources = Set(upToChange.map(\.publication)).count
            event.sourceCount = sources
            event.mentionCount = upToChange.count
            result.append(ChangeSnapshot(
                record: record, event: event, mentions: upToChange.map(\.mention), sourceCount: sources, published: published[record.id]))
        }
        return result
    }
}

extension ChangeSnapshotLoader {

    /// The mentions of events (their evidence and sources), each event's in publication order.
    public static func mentions(of eventIDs: [Int64], on connection: PostgresConnection, logger: Logger) async throws -> [Int64: [Mention]] {
        try await timedMentions(of: eventIDs, on: connection, logger: logger).mapValues { $0.map(\.mention) }
    }

    static func timedMentions(
        of eventIDs: [Int64], on connection: PostgresConnection, logger: Logger
    ) async throws -> [Int64: [(at: Double, publication: String, mention: Mention)]] {
        guard !eventIDs.isEmpty else { return [:] }
        var mentions: [Int64: [(at: Double, publication: String, mention: Mention)]] = [:]
        let mentionRows = try await connection.query(
            """
            SELECT m.event_id, extract(epoch FROM m.created_at)::float8, m.publication,
                   coalesce(m.article_id, 0), coalesce(a.url, ''), coalesce(a.source, m.publication), coalesce(a.headline, ''),
                   coalesce(a.published::text, ''), m.sentence, m.start_offset, m.end_offset, m.status, coalesce(m.date_text, '')
            FROM mentions m LEFT JOIN articles a ON a.id = m.article_id
            WHERE m.event_id = ANY(\(eventIDs)::bigint[])
            ORDER BY m.event_id, coalesce(a.published, '-infinity'::date), m.id
            """,
            logger: logger)
        for try await row in mentionRows.decode((Int64, Double, String, Int64, String, String, String, String, String, Int, Int, String, String).self) {
            let (eventID, at, publication, article, url, source, headline, published, sentence, start, end, status, dateText) = row
            let mention = Mention(
                articleID: article, url: url.isEmpty ? nil : url, source: source.isEmpty ? nil : source,
                headline: headline.isEmpty ? nil : headline, published: CalendarDate(iso: published), sentence: sentence,
                start: start, end: end, status: EventStatus(rawValue: status) ?? .occurred, dateText: dateText.isEmpty ? nil : dateText)
            mentions[eventID, default: []].append((at, publication, mention))
        }
        return mentions
    }

    /// Runs `body` in one read-only REPEATABLE READ transaction on `connection`, so every read
    /// of a replay sees the same snapshot; rolled back when `body` throws.
    public static func withReplaySnapshot<T>(
        on connection: PostgresConnection, logger: Logger, _ body: () async throws -> T
    ) async throws -> T {
        try await connection.query("START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
        do {
            let result = try await body()
            try await connection.query("COMMIT", logger: logger)
            return result
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// Change-log rows recorded in `[from, to)`, after `position`, in feed order: the history a
    /// backtest replays, a page at a time. Unlike `ChangeFeed.read` it does not stop below the
    /// oldest running transaction (a replay keeps no cursor, so it need not wait for rows that
    /// are not final yet): it reads what the caller's snapshot sees. Read every page in one
    /// REPEATABLE READ transaction so the pages agree with each other.
    public static func history(
        from: Date, to: Date, after position: FeedPosition, limit: Int, on connection: PostgresConnection, logger: Logger
    ) async throws -> [ChangeRecord] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: ChangeFeed.columns)
            FROM change_log
            WHERE created_at >= to_timestamp(\(from.timeIntervalSince1970)) AND created_at < to_timestamp(\(to.timeIntervalSince1970))
              AND (xid, id) > (\(String(position.xid))::xid8, \(position.id)::bigint)
            ORDER BY change_log.xid, change_log.id
            LIMIT \(limit)
            """,
            logger: logger)
        return try await ChangeFeed.records(rows)
    }

    /// Whether the change log has rows after `position` at all, final or not: a feed that reads
    /// nothing while this is true is waiting for an older transaction to finish.
    public static func hasRows(after position: FeedPosition, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            "SELECT EXISTS (SELECT 1 FROM change_log WHERE (xid, id) > (\(String(position.xid))::xid8, \(position.id)::bigint))",
            logger: logger)
        for try await exists in rows.decode(Bool.self) { return exists }
        return false
    }
}
