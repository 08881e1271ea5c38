import DatelineCore
import Foundation
import Logging
import PostgresNIO

/// Where a consumer stands: its feed position and its engine state, as stored.
public struct ConsumerStanding: Sendable {
    /// The stored cursor (the start when there is none).
    public var position: FeedPosition
    /// The stored engine state as JSON, if any.
    public var state: Data?
}

extension AlertStore {
    /// A consumer's cursor and engine state, read in one statement (the watcher keeps both in
    /// memory while it holds the consumer's lock and reads them again only after a failure).
    public static func standing(of consumer: String, on connection: PostgresConnection, logger: Logger) async throws -> ConsumerStanding {
        let rows = try await connection.query(
            """
            SELECT coalesce((SELECT last_xid::text FROM consumer_cursors WHERE consumer = \(consumer)), '0'),
                   coalesce((SELECT last_id FROM consumer_cursors WHERE consumer = \(consumer)), 0),
                   (SELECT data::text FROM rule_state WHERE rule_name = \(RuleStateStore.stateRow) AND state_key = \(consumer))
            """,
            logger: logger)
        for try await (xid, id, state) in rows.decode((String, Int64, String?).self) {
            return ConsumerStanding(position: FeedPosition(xid: UInt64(xid) ?? 0, id: id), state: state.map { Data($0.utf8) })
        }
        return ConsumerStanding(position: .start, state: nil)
    }

    /// Commits one batch of a consumer in ONE statement, so in one transaction: the cursor moves
    /// from `from` to `to`, the engine state is saved (when `state` is given), the alerts are
    /// inserted under their unique (rule_name, dedupe_key) with one pending delivery per
    /// channel, and `DeliveryQueue.channel` is NOTIFYed when deliveries were written.
    ///
    /// The cursor moves only if it still stands at `from`; otherwise nothing at all is written
    /// and this throws (another writer moved it: the caller must re-read its standing). A draft
    /// already written (a replay after a crash) writes nothing. Returns the alerts written, in
    /// draft order, with the ids and creation time the database gave them.
    ///
    /// With `durable` false the statement's own transaction commits with
    /// `synchronous_commit = off` (see `WatcherOptions.durableCommits` for what that risks).
    public static func commitBatch(
        _ drafts: [AlertDraft], consumer: String, from: FeedPosition, to: FeedPosition, state: Data?, dueAt: Date?,
        durable: Bool = true, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Alert] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var payloads: [String] = []
        var reasons: [String] = []
        for draft in drafts {
            // The id and creation time are set by the statement (`id`, `createdAt` keys).
            payloads.append(String(decoding: try encoder.encode(draft.payload(0, "")), as: UTF8.self))
            reasons.append(String(decoding: try encoder.encode(draft.reasons), as: UTF8.self))
        }
        var outboxRules: [String] = [], outboxKeys: [String] = [], outboxChannels: [String] = [], outboxSuffixes: [String] = []
        for draft in drafts {
            for channel in draft.channels {
                outboxRules.append(draft.rule)
                outboxKeys.append(draft.dedupeKey)
                outboxChannels.append(channel)
                outboxSuffixes.append(String(DeliveryQueue.messageID(alertID: 0, channel: channel).dropFirst("msg_0_".count)))
            }
        }
        let stateJSON = state.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let rows = try await connection.query(
            """
            WITH commit_mode AS (
                SELECT set_config('synchronous_commit', 'off', true) WHERE NOT \(durable)
            ), moved AS (
                INSERT INTO consumer_cursors AS cc (consumer, last_xid, last_id, updated_at)
                VALUES (\(consumer), \(String(to.xid))::xid8, \(to.id), now())
                ON CONFLICT (consumer) DO UPDATE SET last_xid = EXCLUDED.last_xid, last_id = EXCLUDED.last_id, updated_at = now()
                WHERE (cc.last_xid, cc.last_id) = (\(String(from.xid))::xid8, \(from.id)::bigint)
                RETURNING 1
            ), saved AS (
                INSERT INTO rule_state (rule_name, state_key, data, due_at, updated_at)
                SELECT \(RuleStateStore.stateRow), \(consumer), \(stateJSON)::jsonb, to_timestamp(\(dueAt?.timeIntervalSince1970)), now()
                FROM moved WHERE \(state != nil)
                ON CONFLICT (rule_name, state_key) DO UPDATE SET data = EXCLUDED.data, due_at = EXCLUDED.due_at, updated_at = now()
                RETURNING 1
            ), numbered AS MATERIALIZED (
                SELECT nextval('alerts_id_seq') AS id, x.*
                FROM UNNEST(\(Array(0..<drafts.count))::bigint[], \(drafts.map(\.rule))::text[], \(drafts.map(\.ruleVersion))::int[],
                            \(drafts.map(\.dedupeKey))::text[], \(drafts.map { $0.eventID ?? 0 })::bigint[],
                            \(drafts.map { $0.changeID ?? 0 })::bigint[], \(drafts.map(\.change.rawValue))::text[],
                            \(drafts.map { $0.groupKey ?? "" })::text[], \(reasons)::text[], \(payloads)::text[])
                     AS x(o, r, v, k, e, c, ch, g, rs, p)
                WHERE EXISTS (SELECT 1 FROM moved)
                ORDER BY x.o
            ), written AS (
                INSERT INTO alerts (id, rule_name, rule_version, dedupe_key, event_id, change_id, change, group_key, reasons, payload, created_at)
                SELECT id, r, v, k, NULLIF(e, 0), NULLIF(c, 0), ch, NULLIF(g, ''), rs::jsonb,
                       p::jsonb || jsonb_build_object('id', id, 'createdAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
                       now()
                FROM numbered ORDER BY o
                ON CONFLICT (rule_name, dedupe_key) DO NOTHING
                RETURNING id, rule_name, dedupe_key
            ), outbox AS (
                INSERT INTO deliveries (alert_id, channel_name, message_id, state, next_attempt_at)
                SELECT w.id, d.ch, 'msg_' || w.id || '_' || d.suffix, 'pending', now()
                FROM written w
                JOIN UNNEST(\(outboxRules)::text[], \(outboxKeys)::text[], \(outboxChannels)::text[], \(outboxSuffixes)::text[]) AS d(r, k, ch, suffix)
                  ON d.r = w.rule_name AND d.k = w.dedupe_key
                ON CONFLICT DO NOTHING
                RETURNING 1
            ), woken AS (
                SELECT pg_notify(\(DeliveryQueue.channel), '') FROM (SELECT 1 FROM outbox LIMIT 1) o
            )
            SELECT (SELECT count(*) FROM moved) + 0 * (SELECT count(*) FROM woken) + 0 * (SELECT count(*) FROM commit_mode),
                   coalesce(w.id, 0), coalesce(w.rule_name, ''), coalesce(w.dedupe_key, ''),
                   to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
            FROM (SELECT 1) one LEFT JOIN written w ON true
            """,
            logger: logger)
        var moved = false
        var createdAt = ""
        var ids: [String: [String: Int64]] = [:]
        for try await (advanced, id, rule, key, created) in rows.decode((Int64, Int64, String, String, String).self) {
            moved = advanced > 0
            createdAt = created
            if id != 0 { ids[rule, default: [:]][key] = id }
        }
        guard moved else {
            throw StorageError.internal("the cursor of consumer '\(consumer)' moved under it; nothing of the batch was written")
        }
        var alerts: [Alert] = []
        for draft in drafts {
            guard let id = ids[draft.rule]?.removeValue(forKey: draft.dedupeKey) else { continue }
            alerts.append(draft.payload(id, createdAt))
        }
        return alerts
    }
}
