import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresDeliveryStore {
    static let summaryColumns = """
        d.id, d.alert_id, a.rule_name, a.event_id, coalesce(a.payload #>> '{event,title}', ''), d.channel_name, d.message_id,
        d.state, d.attempts, d.next_attempt_at, d.lease_owner, d.lease_expires_at, d.last_status_code, d.last_error,
        d.delivered_at, d.created_at
        """

    typealias SummaryRow = (Int64, Int64, String, Int64?, String, String, String, String, Int, Date, String?, Date?, Int?, String?, Date?, Date)

    static func summary(_ row: SummaryRow) -> DeliverySummary {
        let (id, alertID, rule, eventID, title, channel, messageID, state, attempts, next, owner, leaseExpires, status, error, delivered, created) = row
        return DeliverySummary(
            id: id, alertID: alertID, rule: rule, eventID: eventID, title: title, channel: channel, messageID: messageID,
            state: DeliveryState(rawValue: state) ?? .pending, attempts: attempts, nextAttemptAt: next, leaseOwner: owner,
            leaseExpiresAt: leaseExpires, lastStatusCode: status, lastError: error, deliveredAt: delivered, createdAt: created)
    }

    /// Deliveries, newest first, optionally of one state and/or channel; at most `limit` (1–10000).
    public func list(state: DeliveryState? = nil, channel: String? = nil, limit: Int = 100) async throws -> [DeliverySummary] {
        guard (1...10_000).contains(limit) else { throw StorageError.invalid("limit must be between 1 and 10000, got \(limit)") }
        let stateText = state?.rawValue ?? "", channelText = channel ?? ""
        do {
            let rows = try await client.query(
                """
                SELECT \(unescaped: Self.summaryColumns)
                FROM deliveries d JOIN alerts a ON a.id = d.alert_id
                WHERE (\(stateText) = '' OR d.state = \(stateText)) AND (\(channelText) = '' OR d.channel_name = \(channelText))
                ORDER BY d.id DESC
                LIMIT \(limit)
                """,
                logger: logger)
            var result: [DeliverySummary] = []
            for try await row in rows.decode(SummaryRow.self) { result.append(Self.summary(row)) }
            return result
        } catch {
            throw StorageError.wrap(error, doing: "listing deliveries")
        }
    }

    /// How many deliveries are in each state (states without any are left out).
    public func counts() async throws -> [DeliveryState: Int] {
        do {
            let rows = try await client.query("SELECT state, count(*) FROM deliveries GROUP BY state", logger: logger)
            var result: [DeliveryState: Int] = [:]
            for try await (state, count) in rows.decode((String, Int).self) {
                if let s = DeliveryState(rawValue: state) { result[s] = count }
            }
            return result
        } catch {
            throw StorageError.wrap(error, doing: "counting deliveries")
        }
    }

    /// A delivery with all its attempts (oldest first) and its alert.
    public func detail(id: Int64) async throws -> DeliveryDetail {
        do {
            let rows = try await client.query(
                """
                SELECT \(unescaped: Self.summaryColumns), a.payload::text
                FROM deliveries d JOIN alerts a ON a.id = d.alert_id WHERE d.id = \(id)
                """,
                logger: logger)
            var found: (DeliverySummary, String)?
            for try await row in rows.decode((Int64, Int64, String, Int64?, String, String, String, String, Int, Date, String?, Date?, Int?, String?, Date?, Date, String).self) {
                let summaryRow: SummaryRow = (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10, row.11, row.12, row.13, row.14, row.15)
                found = (Self.summary(summaryRow), row.16)
            }
            guard let (summary, payload) = found else { throw StorageError.notFound("no delivery with id \(id)") }
            let attemptRows = try await client.query(
                """
                SELECT attempt, started_at, status_code, latency_ms, outcome, error
                FROM delivery_attempts WHERE delivery_id = \(id) ORDER BY attempt
                """,
                logger: logger)
            var attempts: [DeliveryAttemptRecord] = []
            for try await (attempt, started, status, latency, outcome, error) in attemptRows.decode((Int, Date, Int?, Double?, String, String?).self) {
                attempts.append(DeliveryAttemptRecord(attempt: attempt, startedAt: started, statusCode: status, latencyMilliseconds: latency, outcome: outcome, error: error))
            }
            let alert = try? JSONDecoder().decode(Alert.self, from: Data(payload.utf8))
            return DeliveryDetail(summary: summary, attempts: attempts, alert: alert)
        } catch {
            throw StorageError.wrap(error, doing: "reading delivery \(id)")
        }
    }

    /// Makes one delivery due now again: a dead or cancelled one, or a pending one not leased.
    ///
    /// The attempt count and history are kept, so a retried delivery whose schedule is used up
    /// gets exactly one more attempt (and is dead again if it fails). A delivered one is a
    /// conflict: it was already accepted.
    public func retry(id: Int64, now: Date) async throws -> DeliverySummary {
        do {
            return try await client.withTransaction(logger: logger) { tx in
                let current = try await tx.query("SELECT state, lease_expires_at FROM deliveries WHERE id = \(id) FOR UPDATE", logger: logger)
                var found: (String, Date?)?
                for try await row in current.decode((String, Date?).self) { found = row }
                guard let (state, lease) = found else { throw StorageError.notFound("no delivery with id \(id)") }
                if state == DeliveryState.delivered.rawValue {
                    throw StorageError(code: "already_delivered", message: "delivery \(id) was already delivered; nothing to retry", category: .conflict)
                }
                if state == DeliveryState.pending.rawValue, let lease, lease >= now {
                    throw StorageError(code: "in_flight", message: "delivery \(id) is being attempted right now (leased until \(Self.iso(lease)))", category: .conflict)
                }
                try await tx.query(
                    """
                    UPDATE deliveries SET state = 'pending', next_attempt_at = \(now), lease_owner = NULL, lease_expires_at = NULL
                    WHERE id = \(id)
                    """,
                    logger: logger)
                try await DeliveryQueue.notify(on: tx, logger: logger)
                let rows = try await tx.query(
                    "SELECT \(unescaped: Self.summaryColumns) FROM deliveries d JOIN alerts a ON a.id = d.alert_id WHERE d.id = \(id)",
                    logger: logger)
                for try await row in rows.decode(SummaryRow.self) { return Self.summary(row) }
                throw StorageError.notFound("no delivery with id \(id)")
            }
        } catch {
            throw StorageError.wrap(error, doing: "retrying delivery \(id)")
        }
    }

    /// Makes every dead delivery (of one channel, if given; cancelled ones too with
    /// `includeCancelled`) due now again, keeping attempt counts and history as `retry` does.
    /// Returns how many.
    public func retryDead(channel: String? = nil, includeCancelled: Bool = false, now: Date) async throws -> Int {
        let states = includeCancelled ? ["dead", "cancelled"] : ["dead"]
        let channelText = channel ?? ""
        do {
            return try await client.withTransaction(logger: logger) { tx in
                let rows = try await tx.query(
                    """
                    UPDATE deliveries SET state = 'pending', next_attempt_at = \(now), lease_owner = NULL, lease_expires_at = NULL
                    WHERE state = ANY(\(states)::text[]) AND (\(channelText) = '' OR channel_name = \(channelText))
                    RETURNING id
                    """,
                    logger: logger)
                var count = 0
                for try await _ in rows.decode(Int64.self) { count += 1 }
                if count > 0 { try await DeliveryQueue.notify(on: tx, logger: logger) }
                return count
            }
        } catch {
            throw StorageError.wrap(error, doing: "retrying dead deliveries")
        }
    }
}
