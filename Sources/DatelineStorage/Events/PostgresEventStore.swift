import DatelineCore
import Foundation
import Logging
import PostgresNIO

/// The event store on PostgreSQL: articles, entities, events, mentions, history, change log.
public struct PostgresEventStore: EventStore {
    let client: PostgresClient
    let logger: Logger
    let titleMaker: EventTitleMaker

    public init(client: PostgresClient, logger: Logger, titleMaker: @escaping EventTitleMaker = plainEventTitle) {
        self.client = client
        self.logger = logger
        self.titleMaker = titleMaker
    }

    /// Takes `count` ids from a sequence in one round trip, so a batch's rows can refer to each
    /// other before they are inserted.
    static func allocate(sequence: String, count: Int, _ tx: PostgresConnection, logger: Logger) async throws -> [Int64] {
        guard count > 0 else { return [] }
        let rows = try await tx.query("SELECT nextval(\(sequence)::regclass) FROM generate_series(1, \(count))", logger: logger)
        var ids: [Int64] = []
        ids.reserveCapacity(count)
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        return ids
    }

    /// A fuzzy date from its stored columns ('' for none); `nil` when any part is missing or bad.
    static func fuzzyDate(value: String, precision: String, start: String, end: String) -> FuzzyDate? {
        guard !value.isEmpty, let p = DatePrecision(rawValue: precision), let s = CalendarDate(iso: start), let e = CalendarDate(iso: end) else {
            return nil
        }
        return FuzzyDate(value: value, precision: p, start: s, end: e)
    }

    // MARK: - Reading

    static let eventColumns = """
        e.id, e.kind, e.status, coalesce(e.date_value, ''), coalesce(e.date_precision, ''),
        coalesce(lower(e.date_range)::text, ''), coalesce((upper(e.date_range) - 1)::text, ''),
        e.title, e.confidence::float8, e.source_count, e.mention_count,
        to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
        """

    typealias EventRow = (Int64, String, String, String, String, String, String, String, Double, Int, Int, String, String)

    static func event(from row: EventRow) -> Event {
        let (id, kind, status, value, precision, start, end, title, confidence, sources, mentions, created, updated) = row
        return Event(
            id: id, kind: EventKind(rawValue: kind), status: EventStatus(rawValue: status) ?? .occurred,
            date: fuzzyDate(value: value, precision: precision, start: start, end: end), title: title, confidence: confidence,
            participants: [], sourceCount: sources, mentionCount: mentions, createdAt: created, updatedAt: updated)
    }

    /// Resolves names, aliases or ids to entity ids, following merge redirects both ways
    /// (an old id finds the survivor; the survivor finds what was merged into it).
    public func resolveEntities(_ references: [String]) async throws -> [Int64] {
        guard !references.isEmpty else { return [] }
        let ids = references.compactMap { Int64($0) }
        let names = references.map { normalizedName($0).lowercased() }
        do {
            let rows = try await client.query(
                """
                WITH found AS (
                    SELECT coalesce(e.merged_into, e.id) AS id FROM entities e WHERE e.id = ANY(\(ids)::bigint[])
                    UNION
                    SELECT coalesce(e.merged_into, e.id) FROM aliases a JOIN entities e ON e.id = a.entity_id
                    WHERE a.normalized = ANY(\(names)::text[])
                )
                SELECT id FROM found UNION SELECT e.id FROM entities e JOIN found f ON e.merged_into = f.id
                """,
                logger: logger)
            var result: [Int64] = []
            for try await id in rows.decode(Int64.self) { result.append(id) }
            return result.sorted()
        } catch {
            throw StorageError.wrap(error, doing: "resolving entities")
        }
    }

    /// Events in date order (undated last), filtered, one keyset page at a time.
    public func list(_ filter: EventFilter) async throws -> EventPage {
        guard (1...10_000).contains(filter.limit) else {
            throw StorageError.invalid("limit must be between 1 and 10000, got \(filter.limit)")
        }
        if let from = filter.from, let to = filter.to, to < from {
            throw StorageError.invalid("the date range is empty: --to \(to.iso) is before --from \(from.iso)")
        }
        let cursor = try filter.cursor.map(EventCursor.init(encoded:))
        var entityIDs: [Int64] = []
        if !filter.entities.isEmpty {
            entityIDs = try await resolveEntities(filter.entities)
            if entityIDs.isEmpty { return EventPage(events: [], nextCursor: nil) }
        }
        let kinds = filter.kinds.map(\.rawValue)
        let statuses = filter.statuses.map(\.rawValue)
        let from = filter.from?.iso ?? "", to = filter.to?.iso ?? ""
        // Undated events sort last: their sort key is 'infinity'.
        let afterDate = cursor?.date ?? "-infinity", afterID = cursor?.id ?? 0
        let limit = filter.limit + 1
        do {
            let rows = try await client.query(
                """
                SELECT \(unescaped: Self.eventColumns)
                FROM events e
                WHERE NOT e.rejected
                  AND (cardinality(\(kinds)::text[]) = 0 OR e.kind = ANY(\(kinds)::text[]))
                  AND (cardinality(\(statuses)::text[]) = 0 OR e.status = ANY(\(statuses)::text[]))
                  AND ((\(from) = '' AND \(to) = '')
                       OR e.date_range && daterange(NULLIF(\(from), '')::date, NULLIF(\(to), '')::date, '[]'))
                  AND (cardinality(\(entityIDs)::bigint[]) = 0 OR EXISTS (
                        SELECT 1 FROM event_participants p WHERE p.event_id = e.id AND p.entity_id = ANY(\(entityIDs)::bigint[])))
                  AND (coalesce(lower(e.date_range), 'infinity'::date), e.id) > (\(afterDate)::date, \(afterID)::bigint)
                ORDER BY coalesce(lower(e.date_range), 'infinity'::date), e.id
                LIMIT \(limit)
                """,
                logger: logger)
            var events: [Event] = []
            for try await row in rows.decode(EventRow.self) { events.append(Self.event(from: row)) }
            var next: String?
            if events.count > filter.limit {
                events.removeLast()
                if let last = events.last {
                    next = EventCursor(date: last.date?.start.iso ?? "infinity", id: last.id).encoded
                }
            }
            events = try await attachParticipants(events)
            return EventPage(events: events, nextCursor: next)
        } catch {
            throw StorageError.wrap(error, doing: "listing events")
        }
    }

    /// Fills in the participants of events (one query for all of them).
    func attachParticipants(_ events: [Event]) async throws -> [Event] {
        guard !events.isEmpty else { return events }
        let rows = try await client.query(
            """
            SELECT p.event_id, p.entity_id, en.kind, p.name, p.role
            FROM event_participants p JOIN entities en ON en.id = p.entity_id
            WHERE p.event_id = ANY(\(events.map(\.id))::bigint[])
            ORDER BY p.event_id, array_position(ARRAY['subject','organization','post','counterparty'], p.role), p.entity_id
            """,
            logger: logger)
        var byEvent: [Int64: [Participant]] = [:]
        for try await (eventID, entityID, kind, name, role) in rows.decode((Int64, Int64, String, String, String).self) {
            guard let kind = EntityKind(rawValue: kind), let role = ParticipantRole(rawValue: role) else { continue }
            byEvent[eventID, default: []].append(Participant(entityID: entityID, kind: kind, name: name, role: role))
        }
        return events.map { event in
            var copy = event
            copy.participants = byEvent[event.id] ?? []
            return copy
        }
    }

    /// An event with its participants, every mention (evidence and source) and its status history.
    public func detail(id: Int64) async throws -> EventDetail {
        do {
            let rows = try await client.query("SELECT \(unescaped: Self.eventColumns) FROM events e WHERE e.id = \(id)", logger: logger)
            var found: Event?
            for try await row in rows.decode(EventRow.self) { found = Self.event(from: row) }
            guard let event = found else { throw StorageError.notFound("no event with id \(id)") }
            let withParticipants = try await attachParticipants([event])
            let mentionRows = try await client.query(
                """
                SELECT coalesce(m.article_id, 0), coalesce(a.url, ''), coalesce(a.source, m.publication), coalesce(a.headline, ''),
                       coalesce(a.published::text, ''), m.sentence, m.start_offset, m.end_offset, m.status, coalesce(m.date_text, '')
                FROM mentions m LEFT JOIN articles a ON a.id = m.article_id
                WHERE m.event_id = \(id) ORDER BY coalesce(a.published, '-infinity'::date), m.id
                """,
                logger: logger)
            var mentions: [Mention] = []
            for try await row in mentionRows.decode((Int64, String, String, String, String, String, Int, Int, String, String).self) {
                let (article, url, source, headline, published, sentence, start, end, status, dateText) = row
                mentions.append(Mention(
                    articleID: article, url: url.isEmpty ? nil : url, source: source.isEmpty ? nil : source,
                    headline: headline.isEmpty ? nil : headline, published: CalendarDate(iso: published), sentence: sentence,
                    start: start, end: end, status: EventStatus(rawValue: status) ?? .occurred, dateText: dateText.isEmpty ? nil : dateText))
            }
            let historyRows = try await client.query(
                """
                SELECT coalesce(from_status, ''), to_status, coalesce(article_id, 0),
                       to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), coalesce(note, '')
                FROM event_status_history WHERE event_id = \(id) ORDER BY id
                """,
                logger: logger)
            var history: [StatusChange] = []
            for try await (from, to, article, at, note) in historyRows.decode((String, String, Int64, String, String).self) {
                history.append(StatusChange(
                    from: EventStatus(rawValue: from), to: EventStatus(rawValue: to) ?? .occurred,
                    articleID: article == 0 ? nil : article, at: at, note: note.isEmpty ? nil : note))
            }
            var detail = EventDetail(event: withParticipants[0], mentions: mentions, history: history)
            try await attachCorrections(&detail)
            return detail
        } catch {
            throw StorageError.wrap(error, doing: "reading event \(id)")
        }
    }
}

/// The keyset position after an event: its sort date and id, encoded as an opaque token.
struct EventCursor: Equatable {
    var date: String
    var id: Int64

    init(date: String, id: Int64) {
        self.date = date
        self.id = id
    }

    init(encoded: String) throws {
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            throw StorageError.invalid("the cursor is not one this server issued", code: "bad_cursor")
        }
        let parts = text.split(separator: "|")
        guard parts.count == 2, let id = Int64(parts[1]), parts[0] == "infinity" || CalendarDate(iso: String(parts[0])) != nil else {
            throw StorageError.invalid("the cursor is not one this server issued", code: "bad_cursor")
        }
        self.date = String(parts[0])
        self.id = id
    }

    var encoded: String {
        Data("\(date)|\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

extension PostgresEventStore {
    /// A stored article and the events it reports.
    public func article(id: Int64) async throws -> (article: Article, eventIDs: [Int64]) {
        do {
            let rows = try await client.query(
                """
                SELECT a.id, coalesce(a.url, ''), coalesce(a.source, ''), coalesce(a.headline, ''), coalesce(a.published::text, ''), a.content_hash,
                       coalesce((SELECT array_agg(DISTINCT m.event_id ORDER BY m.event_id) FROM mentions m WHERE m.article_id = a.id), '{}')
                FROM articles a WHERE a.id = \(id)
                """,
                logger: logger)
            for try await (id, url, source, headline, published, hash, events) in rows.decode((Int64, String, String, String, String, String, [Int64]).self) {
                let article = Article(id: id, url: url.isEmpty ? nil : url, source: source.isEmpty ? nil : source,
                                      headline: headline.isEmpty ? nil : headline, published: CalendarDate(iso: published), contentHash: hash)
                return (article, events)
            }
            throw StorageError.notFound("no article with id \(id)")
        } catch {
            throw StorageError.wrap(error, doing: "reading article \(id)")
        }
    }

    /// Events by id, with participants, in the order asked.
    public func events(ids: [Int64]) async throws -> [Event] {
        guard !ids.isEmpty else { return [] }
        do {
            let rows = try await client.query("SELECT \(unescaped: Self.eventColumns) FROM events e WHERE e.id = ANY(\(ids)::bigint[])", logger: logger)
            var byID: [Int64: Event] = [:]
            for try await row in rows.decode(EventRow.self) {
                let event = Self.event(from: row)
                byID[event.id] = event
            }
            return try await attachParticipants(ids.compactMap { byID[$0] })
        } catch {
            throw StorageError.wrap(error, doing: "reading events")
        }
    }
}
