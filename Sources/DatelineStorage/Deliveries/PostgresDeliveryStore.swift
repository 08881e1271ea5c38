import DatelineCore
import Foundation
import Logging
import PostgresNIO

/// The delivery outbox on PostgreSQL: writes alerts and their delivery rows, lets workers claim
/// due rows under a lease (`FOR UPDATE SKIP LOCKED`), and records each attempt with its decision.
///
/// Time is always passed in (`now`), never read from the database's clock, so tests can move it
/// by days without sleeping and every worker agrees with the clock it was given.
public struct PostgresDeliveryStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// A store on a running client.
    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    // MARK: - Writing the outbox

    /// Writes `alert` (its `id` is assigned here) and one pending delivery per channel, due at
    /// `now`, and notifies the workers — one transaction. `dedupeKey` defaults to one per alert.
    public func enqueue(alert: Alert, channels: [String], ruleVersion: Int = 1, dedupeKey: String? = nil, now: Date) async throws -> EnqueuedAlert {
        do {
            return try await client.withTransaction(logger: logger) { tx in
                let rows = try await tx.query("SELECT nextval('alerts_id_seq'::regclass)", logger: logger)
                var allocated: Int64?
                for try await id in rows.decode(Int64.self) { allocated = id }
                guard let id = allocated else { throw StorageError.internal("no alert id was allocated") }
                var stored = alert
                stored.id = id
                let payload = String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
                let reasons = String(decoding: try JSONEncoder().encode(stored.reasons), as: UTF8.self)
                let key = dedupeKey ?? "alert:\(id)"
                try await tx.query(
                    """
                    INSERT INTO alerts (id, rule_name, rule_version, dedupe_key, event_id, change, reasons, payload, created_at)
                    VALUES (\(id), \(stored.rule), \(ruleVersion), \(key), (SELECT e.id FROM events e WHERE e.id = \(stored.event.id)),
                            \(stored.change.rawValue), \(reasons)::jsonb, \(payload)::jsonb, \(now))
                    """,
                    logger: logger)
                let deliveries = try await Self.insertDeliveries(alertID: id, channels: channels, now: now, on: tx, logger: logger)
                try await DeliveryQueue.notify(on: tx, logger: logger)
                return EnqueuedAlert(alertID: id, deliveries: deliveries)
            }
        } catch {
            throw StorageError.wrap(error, doing: "queueing alert deliveries")
        }
    }

    /// Writes one pending delivery per channel for an alert already inserted, due at `now`, in
    /// the caller's transaction (the watcher's). Rows that exist are kept as they are; the
    /// caller notifies `DeliveryQueue.channel` once per transaction.
    public static func insertDeliveries(alertID: Int64, channels: [String], now: Date, on connection: PostgresConnection, logger: Logger) async throws -> [EnqueuedAlert.Delivery] {
        guard !channels.isEmpty else { return [] }
        let messageIDs = channels.map { DeliveryQueue.messageID(alertID: alertID, channel: $0) }
        let rows = try await connection.query(
            """
            INSERT INTO deliveries (alert_id, channel_name, message_id, next_attempt_at, created_at)
            SELECT \(alertID), c.name, c.message_id, \(now), \(now)
            FROM unnest(\(channels)::text[], \(messageIDs)::text[]) AS c (name, message_id)
            ON CONFLICT (alert_id, channel_name) DO NOTHING
            RETURNING id, channel_name, message_id
            """,
            logger: logger)
        var written: [String: EnqueuedAlert.Delivery] = [:]
        for try await (id, channel, message) in rows.decode((Int64, String, String).self) {
            written[channel] = EnqueuedAlert.Delivery(id: id, channel: channel, messageID: message)
        }
        return channels.compactMap { written[$0] }
    }

    // MARK: - Claiming and recording

    /// The first key of the transaction-level advisory locks a claim takes per channel (the
    /// second is `hashtext(channel_name)`; a collision only makes two channels' claims wait
    /// for each other's commit).
    static let channelLockSpace: Int32 = 0x444C_5644

    /// Claims up to `limit` due deliveries for `owner` until `now + leaseSeconds`, counting
    /// the attempt. Rows of disabled or unknown channels are cancelled (with `last_error`
    /// saying why), rows whose alert or channel cannot be read are dead; neither is returned.
    ///
    /// A channel's rows are claimed only while no other owner holds an unexpired lease on one
    /// of its pending rows: one worker process sends to a channel at a time, so its in-process
    /// gate (`maxInFlight`, rate limit) holds across processes. The claim is one statement,
    /// `dateline_claim_deliveries` (migration 0009), so one round trip: inside, a first query
    /// picks due rows (oldest first, at most `limit` per channel, the leases checked once per
    /// channel) and takes a transaction-level advisory lock per channel
    /// (`pg_try_advisory_xact_lock`: channels another claim is locking are skipped); a second,
    /// with a snapshot taken after those locks, checks the other owners' leases again and
    /// claims (`FOR UPDATE SKIP LOCKED`). A claim that committed before ours is seen by the
    /// second query, one that starts later waits for our commit to see our leases: two workers
    /// cannot both claim a channel. The work is bounded by channels × `limit`, not by the
    /// backlog of due rows or the delivered history.
    public func claim(owner: String, limit: Int, now: Date, leaseSeconds: Double) async throws -> [ClaimedDelivery] {
        guard limit > 0 else { return [] }
        let until = now.addingTimeInterval(leaseSeconds)
        let space = Self.channelLockSpace
        // Rows of the unusable fix-up below stay leased should it fail, until the lease runs
        // out and the next claim fixes them up.
        do {
            // The claim's commit does not wait for its WAL flush (a claim waited ~10 ms for
            // fsync on a busy disk, once per batch, on the send path). Should the database
            // server crash before the flush, the lease and the attempt count are lost: the row
            // is due again and may be sent a second time with the same webhook-id, which
            // receivers de-duplicate (at least once, never lost). Visibility and locks are
            // unchanged: other workers see the lease at commit.
            let rows = try await client.execute(
                DeliveryStatements.Claim(owner: owner, limit: Int32(clamping: limit), now: now, until: until, lockSpace: space), logger: logger)
            var claimed: [ClaimedDelivery] = []
            var unusable: [(id: Int64, state: DeliveryState, error: String)] = []
            let decoder = JSONDecoder()
            // A batch often holds many rows of one channel and several channels of one
            // alert: decode each stored configuration and payload once.
            var channels: [String: Result<ChannelConfig, any Error>] = [:]
            var alerts: [Int64: Result<Alert, any Error>] = [:]
            for try await row in rows {
                let (id, alertID, channelName, messageID, attempts, payload, config, disabledAt, disabledReason) = row
                guard let config else {
                    unusable.append((id, .cancelled, "channel '\(channelName)' is not configured"))
                    continue
                }
                if let disabledAt {
                    let why = disabledReason.map { ": \($0)" } ?? ""
                    unusable.append((id, .cancelled, "channel '\(channelName)' was disabled at \(Self.iso(disabledAt))\(why)"))
                    continue
                }
                let decodedChannel = channels[config] ?? Result { try decoder.decode(ChannelConfig.self, from: Data(config.utf8)) }
                channels[config] = decodedChannel
                let decodedAlert = alerts[alertID] ?? Result { try decoder.decode(Alert.self, from: Data(payload.utf8)) }
                alerts[alertID] = decodedAlert
                let channel: ChannelConfig, alert: Alert
                switch decodedChannel {
                case .success(let value): channel = value
                case .failure(let error):
                    unusable.append((id, .dead, "channel '\(channelName)': its stored configuration cannot be read (\(error))"))
                    continue
                }
                switch decodedAlert {
                case .success(let value): alert = value
                case .failure(let error):
                    unusable.append((id, .dead, "alert \(alertID): its stored payload cannot be read (\(error))"))
                    continue
                }
                claimed.append(ClaimedDelivery(
                    id: id, alertID: alertID, messageID: messageID, attempt: attempts, alert: alert, channel: channel, leaseExpiresAt: until))
            }
            if !unusable.isEmpty {
                // Not attempted: give back the attempt the claim counted.
                try await client.query(
                    """
                    UPDATE deliveries d SET state = u.state, last_error = u.error, attempts = d.attempts - 1,
                           lease_owner = NULL, lease_expires_at = NULL
                    FROM unnest(\(unusable.map(\.id))::bigint[], \(unusable.map(\.state.rawValue))::text[], \(unusable.map(\.error))::text[])
                         AS u (id, state, error)
                    WHERE d.id = u.id AND d.lease_owner = \(owner)
                    """,
                    logger: logger)
                for row in unusable {
                    logger.warning("Delivery not attempted", metadata: ["delivery": "\(row.id)", "state": "\(row.state.rawValue)", "reason": "\(row.error)"])
                }
            }
            return claimed
        } catch {
            logger.error("Claiming deliveries failed", metadata: ["error": "\(String(reflecting: error))"])
            throw StorageError.wrap(error, doing: "claiming deliveries")
        }
    }

    /// Records an attempt and its decision in one transaction — the decision only if the lease
    /// is still `owner`'s for this attempt. A late record (another worker took the delivery
    /// over) keeps the attempt in the history but leaves the delivery to its new owner.
    public func record(_ delivery: ClaimedDelivery, owner: String, report: AttemptReport, resolution: DeliveryResolution, now: Date) async throws -> RecordResult {
        let results = try await record([DeliveryResult(delivery: delivery, report: report, resolution: resolution)], owner: owner, now: now)
        return results.first ?? .leaseLost
    }

    /// Records several attempts and their decisions in one statement (so one implicit
    /// transaction and one round trip): each decision only where the lease is still `owner`'s,
    /// every attempt into the history (a late one marked as such), and channels disabled for
    /// 410s. Returns one result per input, in order.
    public func record(_ results: [DeliveryResult], owner: String, now: Date) async throws -> [RecordResult] {
        guard !results.isEmpty else { return [] }
        var statement = DeliveryStatements.Record(
            owner: owner, now: now, lostNote: "recorded after the lease was lost (another worker took the delivery over)")
        for result in results {
            statement.ids.append(result.delivery.id)
            statement.attempts.append(Int32(clamping: result.delivery.attempt))
            statement.statuses.append(Int32(clamping: result.report.statusCode ?? -1))
            statement.errors.append(result.report.error ?? "")
            statement.channels.append(result.delivery.channel.name)
            statement.started.append(result.report.startedAt.timeIntervalSince1970)
            statement.latencies.append(result.report.latency * 1000)
            statement.outcomes.append(result.report.outcome)
            var reason = ""
            switch result.resolution {
            case .delivered:
                statement.states.append(DeliveryState.delivered.rawValue)
                statement.retryAts.append(-1)
            case .retry(let at):
                statement.states.append(DeliveryState.pending.rawValue)
                statement.retryAts.append(at.timeIntervalSince1970)
            case .dead:
                statement.states.append(DeliveryState.dead.rawValue)
                statement.retryAts.append(-1)
            case .disableChannel(let why):
                statement.states.append(DeliveryState.dead.rawValue)
                statement.retryAts.append(-1)
                reason = why
            }
            statement.disableReasons.append(reason)
        }
        do {
            // A prepared statement (`DeliveryStatements.Record`): planned once per connection.
            var ours: Set<Int64> = []
            for try await id in try await client.execute(statement, logger: logger) { ours.insert(id) }
            return results.map { ours.contains($0.delivery.id) ? .recorded : .leaseLost }
        } catch {
            logger.error("Recording delivery attempts failed", metadata: ["count": "\(results.count)", "error": "\(String(reflecting: error))"])
            throw StorageError.wrap(error, doing: "recording \(results.count) delivery attempt(s)")
        }
    }

    /// Gives back deliveries claimed but never attempted (a shutdown, or a cancelled wait for
    /// the channel's rate limit): they are due again at once and the claim's attempt is undone.
    public func release(_ deliveries: [ClaimedDelivery], owner: String) async throws {
        guard !deliveries.isEmpty else { return }
        do {
            try await client.query(
                """
                UPDATE deliveries d SET lease_owner = NULL, lease_expires_at = NULL, attempts = d.attempts - 1
                FROM unnest(\(deliveries.map(\.id))::bigint[], \(deliveries.map(\.attempt))::int[]) AS r (id, attempt)
                WHERE d.id = r.id AND d.lease_owner = \(owner) AND d.attempts = r.attempt AND d.state = 'pending'
                """,
                logger: logger)
        } catch {
            throw StorageError.wrap(error, doing: "releasing delivery leases")
        }
    }

    /// Extends `owner`'s leases on the rows `ids` (those it still holds) to `until`; returns
    /// how many it still held. The worker's heartbeat: rows waiting in its queue or in a long
    /// send keep their lease while the worker lives, and run out after it dies.
    @discardableResult
    public func renew(_ ids: [Int64], owner: String, until: Date) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        do {
            let rows = try await client.query(
                """
                UPDATE deliveries SET lease_expires_at = \(until)
                WHERE id = ANY(\(ids)::bigint[]) AND lease_owner = \(owner) AND state = 'pending' RETURNING id
                """,
                logger: logger)
            var count = 0
            for try await _ in rows.decode(Int64.self) { count += 1 }
            return count
        } catch {
            throw StorageError.wrap(error, doing: "renewing delivery leases")
        }
    }

    /// Clears every lease `owner` still holds (the attempt counts stay: a send may have
    /// happened). Returns how many were released.
    @discardableResult
    public func releaseAll(owner: String) async throws -> Int {
        do {
            let rows = try await client.query(
                """
                UPDATE deliveries SET lease_owner = NULL, lease_expires_at = NULL
                WHERE lease_owner = \(owner) AND state = 'pending' RETURNING id
                """,
                logger: logger)
            var count = 0
            for try await _ in rows.decode(Int64.self) { count += 1 }
            return count
        } catch {
            throw StorageError.wrap(error, doing: "releasing delivery leases")
        }
    }

    static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
