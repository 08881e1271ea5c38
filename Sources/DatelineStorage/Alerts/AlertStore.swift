import DatelineCore
import Foundation
import Logging
import PostgresNIO

/// The delivery outbox's wake-up: the watcher NOTIFYs it once per transaction that wrote
/// delivery rows; delivery workers LISTEN on it (and sweep, since NOTIFY is only a hint).
public enum DeliveryQueue {
    /// The NOTIFY channel of new deliveries (no payload).
    public static let channel = "dateline_deliveries"

    /// The delivery's Standard Webhooks message id: stable for an alert and channel, so a
    /// replay writes the same id and receivers de-duplicate by it.
    public static func messageID(alertID: Int64, channel: String) -> String {
        "msg_\(alertID)_\(ContentHash.of(channel).prefix(12))"
    }
}

/// An alert to write: everything but its id, which the store assigns.
public struct AlertDraft: Sendable {
    /// The rule that fired.
    public var rule: String
    /// The rule's stored version that fired.
    public var ruleVersion: Int
    /// The unique key (with the rule name): a second write of the same key writes nothing.
    public var dedupeKey: String
    /// The event the alert is about.
    public var eventID: Int64?
    /// The change-log row the alert is about.
    public var changeID: Int64?
    /// What happened to the event.
    public var change: ChangeKind
    /// The throttle / threshold group.
    public var groupKey: String?
    /// Why it matched, one line per condition met.
    public var reasons: [String]
    /// The channels to deliver to (one `deliveries` row each).
    public var channels: [String]
    /// Builds the stored payload once the id and creation time are known.
    public var payload: @Sendable (_ id: Int64, _ createdAt: String) -> Alert

    /// A draft.
    public init(
        rule: String, ruleVersion: Int, dedupeKey: String, eventID: Int64?, changeID: Int64?, change: ChangeKind, groupKey: String?,
        reasons: [String], channels: [String], payload: @escaping @Sendable (_ id: Int64, _ createdAt: String) -> Alert
    ) {
        self.rule = rule
        self.ruleVersion = ruleVersion
        self.dedupeKey = dedupeKey
        self.eventID = eventID
        self.changeID = changeID
        self.change = change
        self.groupKey = groupKey
        self.reasons = reasons
        self.channels = channels
        self.payload = payload
    }
}

/// Writing and reading alerts and their delivery rows.
public enum AlertStore {
    /// Writes alerts and one pending delivery per alert and channel, inside the caller's
    /// transaction, under the unique (rule_name, dedupe_key): a draft already written (a replay
    /// after a crash) writes nothing. Returns the alerts actually written, in draft order.
    /// NOTIFYs `DeliveryQueue.channel` once when deliveries were written (sent at commit).
    public static func write(_ drafts: [AlertDraft], on tx: PostgresConnection, logger: Logger) async throws -> [Alert] {
        guard !drafts.isEmpty else { return [] }
        var createdAt = ""
        for try await now in try await tx.query(
            "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')", logger: logger).decode(String.self)
        {
            createdAt = now
        }
        let ids = try await PostgresEventStore.allocate(sequence: "alerts_id_seq", count: drafts.count, tx, logger: logger)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var alerts: [Alert] = []
        var payloads: [String] = []
        var reasons: [String] = []
        for (draft, id) in zip(drafts, ids) {
            let alert = draft.payload(id, createdAt)
            alerts.append(alert)
            payloads.append(String(decoding: try encoder.encode(alert), as: UTF8.self))
            reasons.append(String(decoding: try encoder.encode(draft.reasons), as: UTF8.self))
        }
        let rows = try await tx.query(
            """
            INSERT INTO alerts (id, rule_name, rule_version, dedupe_key, event_id, change_id, change, group_key, reasons, payload, created_at)
            SELECT i, r, v, k, NULLIF(e, 0), NULLIF(c, 0), ch, NULLIF(g, ''), rs::jsonb, p::jsonb, now()
            FROM UNNEST(\(ids)::bigint[], \(drafts.map(\.rule))::text[], \(drafts.map(\.ruleVersion))::int[],
                        \(drafts.map(\.dedupeKey))::text[], \(drafts.map { $0.eventID ?? 0 })::bigint[],
                        \(drafts.map { $0.changeID ?? 0 })::bigint[], \(drafts.map(\.change.rawValue))::text[],
                        \(drafts.map { $0.groupKey ?? "" })::text[], \(reasons)::text[], \(payloads)::text[])
                 AS x(i, r, v, k, e, c, ch, g, rs, p)
            ON CONFLICT (rule_name, dedupe_key) DO NOTHING
            RETURNING id
            """,
            logger: logger)
        var written: Set<Int64> = []
        for try await id in rows.decode(Int64.self) { written.insert(id) }
        guard !written.isEmpty else { return [] }
        var deliveryAlerts: [Int64] = []
        var deliveryChannels: [String] = []
        var messageIDs: [String] = []
        for (draft, id) in zip(drafts, ids) where written.contains(id) {
            for channel in draft.channels {
                deliveryAlerts.append(id)
                deliveryChannels.append(channel)
                messageIDs.append(DeliveryQueue.messageID(alertID: id, channel: channel))
            }
        }
        if !deliveryAlerts.isEmpty {
            try await tx.query(
                """
                INSERT INTO deliveries (alert_id, channel_name, message_id, state, next_attempt_at)
                SELECT a, c, m, 'pending', now()
                FROM UNNEST(\(deliveryAlerts)::bigint[], \(deliveryChannels)::text[], \(messageIDs)::text[]) AS x(a, c, m)
                ON CONFLICT DO NOTHING
                """,
                logger: logger)
            try await tx.query("SELECT pg_notify(\(DeliveryQueue.channel), '')", logger: logger)
        }
        return alerts.filter { written.contains($0.id) }
    }

    /// Stored alerts, oldest first, decoded from their payloads (at most `limit`, after `afterID`).
    public static func list(afterID: Int64 = 0, limit: Int = 1000, client: PostgresClient, logger: Logger) async throws -> [Alert] {
        do {
            let rows = try await client.query(
                "SELECT payload::text FROM alerts WHERE id > \(afterID) ORDER BY id LIMIT \(limit)", logger: logger)
            var alerts: [Alert] = []
            let decoder = JSONDecoder()
            for try await payload in rows.decode(String.self) {
                alerts.append(try decoder.decode(Alert.self, from: Data(payload.utf8)))
            }
            return alerts
        } catch {
            throw StorageError.wrap(error, doing: "reading alerts")
        }
    }
}
