import DatelineCore
import DatelineTimeline
import Foundation
import Logging
import PostgresNIO

/// The page query and the evidence of its events.
extension PostgresTimelineStore {
    /// `TimelineAssembler.precisionSortRank` as a SQL expression on `e.date_precision`, built from
    /// the Swift function so the two can never disagree (0 for undated events, like the cursor).
    static let precisionRankSQL: String = {
        let arms = DatePrecision.allCases
            .map { "WHEN '\($0.rawValue)' THEN \(TimelineAssembler.precisionSortRank($0))" }
            .joined(separator: " ")
        return "(CASE e.date_precision \(arms) ELSE 0 END)"
    }()

    /// The timeline sort key's columns: undated last (their lower bound is 'infinity'), then
    /// lower bound, precision rank, creation time to the second in UTC (the cursor's
    /// resolution; truncating a `timestamp` needs no time zone rules), id.
    static let sortKeyColumns: String =
        "coalesce(lower(e.date_range), 'infinity'::date), \(precisionRankSQL), date_trunc('second', e.created_at AT TIME ZONE 'UTC'), e.id"

    /// The keyset bounds of a cursor, as bind values; no cursor is before everything.
    struct After {
        var date: String
        var rank: Int
        var created: String
        var id: Int64

        init(_ cursor: TimelineCursor?) {
            guard let cursor else {
                self.date = "-infinity"
                self.rank = -1
                self.created = "-infinity"
                self.id = 0
                return
            }
            self.date = cursor.lowerBound?.iso ?? "infinity"
            self.rank = cursor.precisionRank
            self.created = cursor.created
            self.id = cursor.id
        }
    }

    /// A statement with numbered parameters (`$1`, `$2`, … each used wherever needed) and their
    /// values: the store binds them through `PostgresBindings` (never into the text), and the
    /// benchmark hands the very same text and values to `pgbench`/`psql`.
    public struct Statement: Sendable {
        /// The SQL, one statement, every parameter cast to its type.
        public let sql: String
        /// The values in parameter order, as PostgreSQL's text input form (`{1,2}` for arrays).
        public let parameters: [String]
        let binds: PostgresBindings

        /// The statement as PostgresNIO runs it.
        var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
    }

    /// The selection and keyset predicates shared by both page queries ($2–$12).
    static let pageFilters = """
        NOT e.rejected
          AND (cardinality($2::text[]) = 0 OR e.kind = ANY($2::text[]))
          AND (cardinality($3::text[]) = 0 OR e.status = ANY($3::text[]))
          AND (($4::text = '' AND $5::text = '')
               OR e.date_range && daterange(NULLIF($4::text, '')::date, NULLIF($5::text, '')::date, '[]'))
          AND e.source_count >= $6::int
          AND ($7::text = ''
               OR e.id IN (SELECT m.event_id FROM mentions m
                           WHERE to_tsvector('english', m.sentence) @@ websearch_to_tsquery('english', $7::text))
               OR to_tsvector('english', e.title) @@ websearch_to_tsquery('english', $7::text))
          AND (\(sortKeyColumns)) > ($8::date, $9::int, $10::timestamptz AT TIME ZONE 'UTC', $11::bigint)
        ORDER BY \(sortKeyColumns)
        LIMIT $12::int
        """

    /// The page query for a subject: the roots ($1) expanded to merged twins, posts and holders,
    /// then one range scan of `event_participants` per selected entity from the cursor's date.
    static let subjectPageSQL = """
        WITH given AS (SELECT DISTINCT unnest($1::bigint[]) AS id),
        survivors AS (SELECT coalesce(en.merged_into, en.id) AS id FROM entities en JOIN given g ON en.id = g.id),
        roots AS (
            SELECT id FROM given UNION SELECT id FROM survivors
            UNION SELECT en.id FROM entities en JOIN survivors s ON en.merged_into = s.id
        ),
        posts AS (
            SELECT en.id FROM entities en JOIN roots r ON en.id = r.id WHERE en.kind = 'post'
            UNION SELECT en.id FROM entities en JOIN roots r ON en.organization_id = r.id WHERE en.kind = 'post'
        ),
        selected AS (
            SELECT id AS entity_id, NULL::daterange AS during FROM roots
            UNION ALL SELECT id, NULL::daterange FROM posts
            UNION ALL
            SELECT o.person_id,
                   CASE WHEN upper(o.ended) < lower(o.started) THEN 'empty'::daterange
                        ELSE daterange(lower(o.started), upper(o.ended)) END
            FROM occupancies o JOIN posts p ON o.post_id = p.id
        )
        SELECT \(PostgresEventStore.eventColumns)
        FROM events e
        WHERE e.id IN (
                SELECT p.event_id FROM selected s JOIN event_participants p ON p.entity_id = s.entity_id
                WHERE (p.sort_date IS NULL OR p.sort_date >= $8::date)
                  AND (s.during IS NULL OR p.sort_date <@ s.during))
          AND \(pageFilters)
        """

    /// The page query over every event ($1 is unused and always empty).
    static let allPageSQL = """
        SELECT \(PostgresEventStore.eventColumns)
        FROM events e
        WHERE cardinality($1::bigint[]) = 0
          AND \(pageFilters)
        """

    /// The page statement for a query: `roots` are the selected entities before expansion,
    /// `nil` for every event. It asks for one row more than the limit.
    public static func pageStatement(_ query: TimelineQuery, roots: [Int64]?) -> Statement {
        let after = After(query.after)
        let kinds = query.kinds.map(\.rawValue)
        let statuses = query.statuses.map(\.rawValue)
        let from = query.from?.iso ?? "", to = query.to?.iso ?? ""
        let minSources = query.minSources ?? 0
        let text = query.text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let fetch = (query.limit ?? maximumLimit) + 1
        var binds = PostgresBindings()
        binds.append(roots ?? [])
        binds.append(kinds)
        binds.append(statuses)
        binds.append(from)
        binds.append(to)
        binds.append(minSources)
        binds.append(text)
        binds.append(after.date)
        binds.append(after.rank)
        binds.append(after.created)
        binds.append(after.id)
        binds.append(fetch)
        let parameters = [
            arrayLiteral((roots ?? []).map(String.init)), arrayLiteral(kinds), arrayLiteral(statuses), from, to, String(minSources), text,
            after.date, String(after.rank), after.created, String(after.id), String(fetch),
        ]
        return Statement(sql: roots == nil ? allPageSQL : subjectPageSQL, parameters: parameters, binds: binds)
    }

    /// The evidence statements for a page's event ids: participants, mentions, status history.
    public static func evidenceStatements(ids: [Int64]) -> [Statement] {
        [participantsSQL, mentionsSQL, historySQL].map { sql in
            var binds = PostgresBindings()
            binds.append(ids)
            return Statement(sql: sql, parameters: [arrayLiteral(ids.map(String.init))], binds: binds)
        }
    }

    /// `{a,b}` with every element double-quoted (the text form of an array).
    static func arrayLiteral(_ values: [String]) -> String {
        "{" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }

    /// One page of entries in timeline order and the cursor after it (`nil` on the last page).
    ///
    /// - Parameter roots: the selected entities before expansion; `nil` = every event.
    func page(_ query: TimelineQuery, roots: [Int64]?) async throws -> ([TimelineEntry], TimelineCursor?) {
        let statement = Self.pageStatement(query, roots: roots)
        let fetch = (query.limit ?? Self.maximumLimit) + 1
        var events: [Event] = []
        do {
            let rows = try await client.query(statement.query, logger: logger)
            for try await row in rows.decode(PostgresEventStore.EventRow.self) {
                var event = PostgresEventStore.event(from: row)
                // Stored as `real`: 0.9 reads back as 0.8999999761581421; three decimals is what was meant.
                event.confidence = (event.confidence * 1000).rounded() / 1000
                events.append(event)
            }
        } catch {
            throw StorageError.wrap(error, doing: "selecting the timeline's events")
        }
        var next: TimelineCursor?
        if events.count == fetch {
            events.removeLast()
            next = events.last.map(TimelineAssembler.key(of:))
        }
        return (try await entries(for: events), next)
    }

    /// The events with their participants, mentions and status histories: three set queries,
    /// run at the same time on separate pooled connections.
    func entries(for events: [Event]) async throws -> [TimelineEntry] {
        guard !events.isEmpty else { return [] }
        let statements = Self.evidenceStatements(ids: events.map(\.id))
        do {
            async let participants = participants(statements[0])
            async let mentions = mentions(statements[1])
            async let history = history(statements[2])
            let (participantsByEvent, mentionsByEvent, historyByEvent) = try await (participants, mentions, history)
            return events.map { event in
                var event = event
                event.participants = participantsByEvent[event.id] ?? []
                return TimelineEntry(event: event, mentions: mentionsByEvent[event.id] ?? [], history: historyByEvent[event.id] ?? [])
            }
        } catch {
            throw StorageError.wrap(error, doing: "reading the timeline's evidence")
        }
    }

    static let participantsSQL = """
        SELECT p.event_id, p.entity_id, en.kind, p.name, p.role
        FROM event_participants p JOIN entities en ON en.id = p.entity_id
        WHERE p.event_id = ANY($1::bigint[])
        ORDER BY p.event_id, array_position(ARRAY['subject','organization','post','counterparty'], p.role), p.entity_id
        """

    static let mentionsSQL = """
        SELECT m.event_id, coalesce(m.article_id, 0), coalesce(a.url, ''), coalesce(a.source, m.publication), coalesce(a.headline, ''),
               coalesce(a.published::text, ''), m.sentence, m.start_offset, m.end_offset, m.status, coalesce(m.date_text, '')
        FROM mentions m LEFT JOIN articles a ON a.id = m.article_id
        WHERE m.event_id = ANY($1::bigint[])
        ORDER BY m.event_id, m.id
        """

    static let historySQL = """
        SELECT event_id, coalesce(from_status, ''), to_status, coalesce(article_id, 0),
               to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), coalesce(note, '')
        FROM event_status_history WHERE event_id = ANY($1::bigint[])
        ORDER BY event_id, id
        """

    /// The participants of the events, subject first (the order `PostgresEventStore` uses).
    func participants(_ statement: Statement) async throws -> [Int64: [Participant]] {
        let rows = try await client.query(statement.query, logger: logger)
        var result: [Int64: [Participant]] = [:]
        for try await (eventID, entityID, kind, name, role) in rows.decode((Int64, Int64, String, String, String).self) {
            guard let kind = EntityKind(rawValue: kind), let role = ParticipantRole(rawValue: role) else { continue }
            result[eventID, default: []].append(Participant(entityID: entityID, kind: kind, name: name, role: role))
        }
        return result
    }

    /// Every mention of the events, with the reporting article's URL, publication, date and headline.
    func mentions(_ statement: Statement) async throws -> [Int64: [Mention]] {
        let rows = try await client.query(statement.query, logger: logger)
        var result: [Int64: [Mention]] = [:]
        for try await row in rows.decode((Int64, Int64, String, String, String, String, String, Int, Int, String, String).self) {
            let (event, article, url, source, headline, published, sentence, start, end, status, dateText) = row
            result[event, default: []].append(Mention(
                articleID: article, url: url.isEmpty ? nil : url, source: source.isEmpty ? nil : source,
                headline: headline.isEmpty ? nil : headline, published: CalendarDate(iso: published), sentence: sentence,
                start: start, end: end, status: EventStatus(rawValue: status) ?? .occurred, dateText: dateText.isEmpty ? nil : dateText))
        }
        return result
    }

    /// The status histories of the events, oldest step first.
    func history(_ statement: Statement) async throws -> [Int64: [StatusChange]] {
        let rows = try await client.query(statement.query, logger: logger)
        var result: [Int64: [StatusChange]] = [:]
        for try await (event, from, to, article, at, note) in rows.decode((Int64, String, String, Int64, String, String).self) {
            result[event, default: []].append(StatusChange(
                from: EventStatus(rawValue: from), to: EventStatus(rawValue: to) ?? .occurred,
                articleID: article == 0 ? nil : article, at: at, note: note.isEmpty ? nil : note))
        }
        return result
    }
}

extension PostgresTimelineStore {
    /// Runs a statement and reads (and drops) its rows: for the benchmark's page-query timing.
    public func runForBenchmark(_ statement: Statement) async throws {
        do {
            let rows = try await client.query(statement.query, logger: logger)
            for try await _ in rows {}
        } catch {
            throw StorageError.wrap(error, doing: "running a benchmark statement")
        }
    }
}
