import DatelineCore
import Foundation
import Logging
import PostgresNIO

/// What one read of the watcher's hot path returns: the next final changes with everything
/// matching needs, and the version marks that tell the watcher whether its cached rules and
/// entity directory are still current — all from ONE statement, so from one snapshot.
public struct WatchBatch: Sendable {
    /// The next changes after the position, in feed order, with their event as of the change
    /// (a change whose event is gone or rejected is left out here but counted in `records`).
    public var snapshots: [ChangeSnapshot]
    /// Every change-log row read (the cursor moves past the last one).
    public var records: [ChangeRecord]
    /// Committed rows exist that are not final yet: a transaction older than them is still
    /// running. Only then is a short settle wait worth it.
    public var waiting: Bool
    /// The fingerprint of rules, channels and silences (see `PostgresRuleStore.fingerprint`).
    public var rulesFingerprint: String
    /// The entity directory's marks in the same snapshot.
    public var directory: DirectoryMarks
}

/// The entity directory's version marks and the aliases added since it was last read.
public struct DirectoryMarks: Sendable {
    /// The snapshot's xmin: every transaction below it has ended.
    public var xmin: UInt64
    /// The snapshot's xmax: every transaction from it on had not started.
    public var xmax: UInt64
    /// The newest alias id.
    public var aliasMax: Int64
    /// How many entities are merged into another.
    public var merged: Int64
    /// What watchlist membership is derived from (watchlists, members, occupancies).
    public var structure: String
    /// Aliases with an id above the bound the read was given: (entity id, name) pairs as
    /// `EntityDirectory` files them (a merged entity's names under the survivor and back).
    public var freshNames: [(id: Int64, name: String)]
    /// Posts of an organization among the entities of those aliases (new posts of a watched
    /// organization join its watchlists).
    public var freshPosts: [Int64]
    /// The alias bound the read was given.
    public var aliasesAfter: Int64
}

extension ChangeFeed {
    /// Reads the next batch for a consumer in one statement: up to `limit` final changes after
    /// `position` with their events, participants, mentions up to each change and articles'
    /// publication days; whether non-final rows are waiting; the rules fingerprint; and the
    /// directory marks with the aliases added after `aliasesAfter`.
    ///
    /// The statement runs on its own (autocommit): reading needs no transaction, the cursor
    /// is advanced by `AlertStore.commitBatch`, which checks the position it started from.
    public static func readBatch(
        after position: FeedPosition, limit: Int, aliasesAfter: Int64, on connection: PostgresConnection, logger: Logger
    ) async throws -> WatchBatch {
        let statement = WatchReadStatement(aliasesAfter: aliasesAfter, xid: String(position.xid), id: position.id, limit: limit)
        let rows = try await connection.execute(statement, logger: logger)
        var batch = WatchBatch(
            snapshots: [], records: [], waiting: false, rulesFingerprint: "",
            directory: DirectoryMarks(xmin: 0, xmax: 0, aliasMax: 0, merged: 0, structure: "", freshNames: [], freshPosts: [], aliasesAfter: aliasesAfter))
        var first = true
        for try await cells in rows {
            if first {
                first = false
                batch.waiting = try cells["waiting"].decode(Bool.self)
                batch.rulesFingerprint = try cells["rules_fingerprint"].decode(String.self)
                let ids = try cells["fresh_ids"].decode([Int64].self)
                let names = try cells["fresh_names"].decode([String].self)
                batch.directory = DirectoryMarks(
                    xmin: UInt64(try cells["xmin"].decode(String.self)) ?? 0, xmax: UInt64(try cells["xmax"].decode(String.self)) ?? 0,
                    aliasMax: try cells["alias_max"].decode(Int64.self), merged: try cells["merged"].decode(Int64.self),
                    structure: try cells["structure"].decode(String.self),
                    freshNames: zip(ids, names).map { (id: $0, name: $1) }, freshPosts: try cells["fresh_posts"].decode([Int64].self),
                    aliasesAfter: aliasesAfter)
            }
            guard try cells["has_change"].decode(Bool.self) else { continue }
            let oldStatus = try cells["c_old_status"].decode(String.self), newStatus = try cells["c_new_status"].decode(String.self)
            let oldDate = try cells["c_old_date"].decode(String.self), newDate = try cells["c_new_date"].decode(String.self)
            let article = try cells["c_article"].decode(Int64.self)
            guard let xid = UInt64(try cells["c_xid"].decode(String.self)),
                  let kind = ChangeKind(rawValue: try cells["c_change"].decode(String.self)) else { continue }
            let record = ChangeRecord(
                xid: xid, id: try cells["c_id"].decode(Int64.self), eventID: try cells["c_event"].decode(Int64.self), change: kind,
                articleID: article == 0 ? nil : article, oldStatus: EventStatus(rawValue: oldStatus), newStatus: EventStatus(rawValue: newStatus),
                oldDate: oldDate.isEmpty ? nil : oldDate, newDate: newDate.isEmpty ? nil : newDate, at: try cells["c_at"].decode(String.self))
            batch.records.append(record)
            guard try cells["has_event"].decode(Bool.self) else { continue }
            batch.snapshots.append(try snapshot(record, cells))
        }
        return batch
    }

    /// The snapshot of one change from the batch row's event, participant and mention columns.
    private static func snapshot(_ record: ChangeRecord, _ cells: PostgresRandomAccessRow) throws -> ChangeSnapshot {
        var event = PostgresEventStore.event(from: (
            try cells["e_id"].decode(Int64.self), try cells["e_kind"].decode(String.self), try cells["e_status"].decode(String.self),
            try cells["e_date_value"].decode(String.self), try cells["e_date_precision"].decode(String.self),
            try cells["e_date_start"].decode(String.self), try cells["e_date_end"].decode(String.self), try cells["e_title"].decode(String.self),
            try cells["e_confidence"].decode(Double.self), 0, 0, try cells["e_created"].decode(String.self), try cells["e_updated"].decode(String.self)))
        let ids = try cells["p_ids"].decode([Int64].self), kinds = try cells["p_kinds"].decode([String].self)
        let names = try cells["p_names"].decode([String].self), roles = try cells["p_roles"].decode([String].self)
        for index in ids.indices where index < kinds.count && index < names.count && index < roles.count {
            guard let kind = EntityKind(rawValue: kinds[index]), let role = ParticipantRole(rawValue: roles[index]) else { continue }
            event.participants.append(Participant(entityID: ids[index], kind: kind, name: names[index], role: role))
        }
        let publications = try cells["m_publications"].decode([String].self)
        let articles = try cells["m_articles"].decode([Int64].self), urls = try cells["m_urls"].decode([String].self)
        let sources = try cells["m_sources"].decode([String].self), headlines = try cells["m_headlines"].decode([String].self)
        let published = try cells["m_published"].decode([String].self), sentences = try cells["m_sentences"].decode([String].self)
        let starts = try cells["m_starts"].decode([Int64].self), ends = try cells["m_ends"].decode([Int64].self)
        let statuses = try cells["m_statuses"].decode([String].self), dates = try cells["m_dates"].decode([String].self)
        var mentions: [Mention] = []
        let count = [publications.count, articles.count, urls.count, sources.count, headlines.count, published.count,
                     sentences.count, starts.count, ends.count, statuses.count, dates.count].min() ?? 0
        for i in 0..<count {
            mentions.append(Mention(
                articleID: articles[i], url: urls[i].isEmpty ? nil : urls[i], source: sources[i].isEmpty ? nil : sources[i],
                headline: headlines[i].isEmpty ? nil : headlines[i], published: CalendarDate(iso: published[i]), sentence: sentences[i],
                start: Int(starts[i]), end: Int(ends[i]), status: EventStatus(rawValue: statuses[i]) ?? .occurred,
                dateText: dates[i].isEmpty ? nil : dates[i]))
        }
        if let status = record.newStatus { event.status = status }
        if let dateText = record.newDate, let date = FuzzyDate(parsing: dateText), event.date?.value != dateText { event.date = date }
        let sourceCount = Set(publications.prefix(count)).count
        event.sourceCount = sourceCount
        event.mentionCount = mentions.count
        return ChangeSnapshot(
            record: record, event: event, mentions: mentions, sourceCount: sourceCount,
            published: CalendarDate(iso: try cells["c_published"].decode(String.self)))
    }
}

/// The watcher's read as a named prepared statement: PostgreSQL parses and plans it once per
/// connection instead of on every batch (planning this statement took longer than running it).
struct WatchReadStatement: PostgresPreparedStatement {
    static let sql = """
            WITH snap AS MATERIALIZED (
                SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin, pg_snapshot_xmax(pg_current_snapshot()) AS xmax
            ), fresh AS MATERIALIZED (
                SELECT coalesce(e.merged_into, e.id) AS entity_id, a.name, a.id AS alias_id,
                       CASE WHEN e.kind = 'post' AND e.organization_id IS NOT NULL THEN e.id END AS post_id
                FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.id > $1::bigint
                UNION ALL
                SELECT e.id, a.name, a.id, NULL FROM entities e JOIN aliases a ON a.entity_id = e.merged_into WHERE a.id > $1::bigint
            ), head AS MATERIALIZED (
                SELECT snap.xmin::text AS xmin, snap.xmax::text AS xmax,
                       EXISTS (SELECT 1 FROM change_log WHERE xid >= snap.xmin) AS waiting,
                       \(PostgresRuleStore.fingerprintExpression) AS rules_fingerprint,
                       (SELECT coalesce(max(id), 0) FROM aliases) AS alias_max,
                       (SELECT count(*) FROM entities WHERE merged_into IS NOT NULL) AS merged,
                       \(EntityDirectory.structureExpression) AS structure,
                       f.ids AS fresh_ids, f.names AS fresh_names, f.posts AS fresh_posts
                FROM snap, LATERAL (
                    SELECT coalesce(array_agg(entity_id ORDER BY alias_id, entity_id), '{}') AS ids,
                           coalesce(array_agg(name ORDER BY alias_id, entity_id), '{}') AS names,
                           coalesce(array_agg(DISTINCT post_id) FILTER (WHERE post_id IS NOT NULL), '{}') AS posts
                    FROM fresh) f
            ), changes AS MATERIALIZED (
                SELECT c.*, row_number() OVER (ORDER BY c.xid, c.id) AS rn
                FROM change_log c, snap
                WHERE c.xid < snap.xmin AND (c.xid, c.id) > ($2::text::xid8, $3::bigint)
                ORDER BY c.xid, c.id
                LIMIT $4::int
            )
            SELECT h.xmin, h.xmax, h.waiting, h.rules_fingerprint, h.alias_max, h.merged, h.structure,
                   CASE WHEN coalesce(c.rn, 1) = 1 THEN h.fresh_ids ELSE '{}' END AS fresh_ids,
                   CASE WHEN coalesce(c.rn, 1) = 1 THEN h.fresh_names ELSE '{}' END AS fresh_names,
                   CASE WHEN coalesce(c.rn, 1) = 1 THEN h.fresh_posts ELSE '{}' END AS fresh_posts,
                   c.id IS NOT NULL AS has_change, coalesce(c.xid::text, '0') AS c_xid, coalesce(c.id, 0) AS c_id,
                   coalesce(c.event_id, 0) AS c_event, coalesce(c.change, '') AS c_change, coalesce(c.article_id, 0) AS c_article,
                   coalesce(c.old_status, '') AS c_old_status, coalesce(c.new_status, '') AS c_new_status,
                   coalesce(c.old_date, '') AS c_old_date, coalesce(c.new_date, '') AS c_new_date,
                   coalesce(to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '') AS c_at,
                   coalesce(ca.published::text, '') AS c_published,
                   e.id IS NOT NULL AS has_event, coalesce(e.id, 0) AS e_id, coalesce(e.kind, '') AS e_kind, coalesce(e.status, '') AS e_status,
                   coalesce(e.date_value, '') AS e_date_value, coalesce(e.date_precision, '') AS e_date_precision,
                   coalesce(lower(e.date_range)::text, '') AS e_date_start, coalesce((upper(e.date_range) - 1)::text, '') AS e_date_end,
                   coalesce(e.title, '') AS e_title, coalesce(e.confidence::float8, 0) AS e_confidence,
                   coalesce(to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), '') AS e_created,
                   coalesce(to_char(e.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), '') AS e_updated,
                   p.ids AS p_ids, p.kinds AS p_kinds, p.names AS p_names, p.roles AS p_roles,
                   m.publications AS m_publications, m.articles AS m_articles, m.urls AS m_urls, m.sources AS m_sources,
                   m.headlines AS m_headlines, m.published AS m_published, m.sentences AS m_sentences, m.starts AS m_starts,
                   m.ends AS m_ends, m.statuses AS m_statuses, m.dates AS m_dates
            FROM head h
            LEFT JOIN changes c ON true
            LEFT JOIN articles ca ON ca.id = c.article_id
            LEFT JOIN events e ON e.id = c.event_id AND NOT e.rejected
            LEFT JOIN LATERAL (
                SELECT coalesce(array_agg(pp.entity_id ORDER BY pp.position, pp.entity_id), '{}') AS ids,
                       coalesce(array_agg(pp.kind ORDER BY pp.position, pp.entity_id), '{}') AS kinds,
                       coalesce(array_agg(pp.name ORDER BY pp.position, pp.entity_id), '{}') AS names,
                       coalesce(array_agg(pp.role ORDER BY pp.position, pp.entity_id), '{}') AS roles
                FROM (SELECT p.entity_id, en.kind, p.name, p.role,
                             array_position(ARRAY['subject','organization','post','counterparty'], p.role) AS position
                      FROM event_participants p JOIN entities en ON en.id = p.entity_id WHERE p.event_id = e.id) pp
            ) p ON true
            LEFT JOIN LATERAL (
                SELECT coalesce(array_agg(mm.publication ORDER BY mm.day, mm.id), '{}') AS publications,
                       coalesce(array_agg(mm.article ORDER BY mm.day, mm.id), '{}') AS articles,
                       coalesce(array_agg(mm.url ORDER BY mm.day, mm.id), '{}') AS urls,
                       coalesce(array_agg(mm.source ORDER BY mm.day, mm.id), '{}') AS sources,
                       coalesce(array_agg(mm.headline ORDER BY mm.day, mm.id), '{}') AS headlines,
                       coalesce(array_agg(mm.published ORDER BY mm.day, mm.id), '{}') AS published,
                       coalesce(array_agg(mm.sentence ORDER BY mm.day, mm.id), '{}') AS sentences,
                       coalesce(array_agg(mm.start_offset ORDER BY mm.day, mm.id), '{}') AS starts,
                       coalesce(array_agg(mm.end_offset ORDER BY mm.day, mm.id), '{}') AS ends,
                       coalesce(array_agg(mm.status ORDER BY mm.day, mm.id), '{}') AS statuses,
                       coalesce(array_agg(mm.date_text ORDER BY mm.day, mm.id), '{}') AS dates
                FROM (SELECT m.id, coalesce(a.published, '-infinity'::date) AS day, m.publication,
                             coalesce(m.article_id, 0) AS article, coalesce(a.url, '') AS url, coalesce(a.source, m.publication) AS source,
                             coalesce(a.headline, '') AS headline, coalesce(a.published::text, '') AS published, m.sentence,
                             m.start_offset::bigint AS start_offset, m.end_offset::bigint AS end_offset, m.status,
                             coalesce(m.date_text, '') AS date_text
                      FROM mentions m LEFT JOIN articles a ON a.id = m.article_id
                      WHERE m.event_id = e.id AND m.created_at <= c.created_at) mm
            ) m ON true
            ORDER BY c.xid, c.id
        """

    let aliasesAfter: Int64
    let xid: String
    let id: Int64
    let limit: Int

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(aliasesAfter)
        bindings.append(xid)
        bindings.append(id)
        bindings.append(Int32(clamping: limit))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRandomAccessRow { row.makeRandomAccess() }
}
