import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension AlertStore {
    typealias Row = (Int64, String, Int, Int64?, String, String?, String, Date, String)

    static let columns = "a.id, a.rule_name, a.rule_version, a.event_id, a.change, a.group_key, a.reasons::text, a.created_at, a.payload::text"

    static func stored(_ row: Row) -> StoredAlert {
        let (id, rule, version, eventID, change, groupKey, reasons, createdAt, payload) = row
        let decoder = JSONDecoder()
        return StoredAlert(
            id: id, rule: rule, ruleVersion: version, eventID: eventID, change: ChangeKind(rawValue: change) ?? .new, groupKey: groupKey,
            reasons: (try? decoder.decode([String].self, from: Data(reasons.utf8))) ?? [], createdAt: createdAt,
            alert: try? decoder.decode(Alert.self, from: Data(payload.utf8)))
    }

    /// Stored alerts matching `filter`, newest first, one keyset page at a time.
    public static func page(_ filter: AlertFilter, client: PostgresClient, logger: Logger) async throws -> AlertPage {
        guard (1...1000).contains(filter.limit) else { throw StorageError.invalid("limit must be between 1 and 1000, got \(filter.limit)") }
        if let since = filter.since, let until = filter.until, until <= since {
            throw StorageError.invalid("the time range is empty: until is not after since")
        }
        let before = try filter.cursor.map { try IDCursor(encoded: $0, list: "alerts").id } ?? Int64.max
        let rule = filter.rule ?? "", eventID = filter.eventID ?? 0
        let limit = filter.limit + 1
        do {
            let rows = try await client.query(
                """
                SELECT \(unescaped: columns)
                FROM alerts a
                WHERE a.id < \(before)
                  AND (\(rule) = '' OR a.rule_name = \(rule))
                  AND (\(eventID) = 0 OR a.event_id = \(eventID))
                  AND (\(filter.since)::timestamptz IS NULL OR a.created_at >= \(filter.since)::timestamptz)
                  AND (\(filter.until)::timestamptz IS NULL OR a.created_at < \(filter.until)::timestamptz)
                ORDER BY a.id DESC
                LIMIT \(limit)
                """,
                logger: logger)
            var alerts: [StoredAlert] = []
            for try await row in rows.decode(Row.self) { alerts.append(stored(row)) }
            var next: String?
            if alerts.count > filter.limit {
                alerts.removeLast()
                next = alerts.last.map { IDCursor(list: "alerts", id: $0.id).encoded }
            }
            return AlertPage(alerts: alerts, nextCursor: next)
        } catch {
            throw StorageError.wrap(error, doing: "listing alerts")
        }
    }

    /// One alert with its deliveries (by channel); `notFound` when there is none.
    public static func detail(id: Int64, client: PostgresClient, logger: Logger) async throws -> AlertDetail {
        do {
            let rows = try await client.query("SELECT \(unescaped: columns) FROM alerts a WHERE a.id = \(id)", logger: logger)
            var found: StoredAlert?
            for try await row in rows.decode(Row.self) { found = stored(row) }
            guard let alert = found else { throw StorageError.notFound("no alert with id \(id)") }
            let deliveryRows = try await client.query(
                """
                SELECT \(unescaped: PostgresDeliveryStore.summaryColumns)
                FROM deliveries d JOIN alerts a ON a.id = d.alert_id
                WHERE d.alert_id = \(id) ORDER BY d.channel_name
                """,
                logger: logger)
            var deliveries: [DeliverySummary] = []
            for try await row in deliveryRows.decode(PostgresDeliveryStore.SummaryRow.self) { deliveries.append(PostgresDeliveryStore.summary(row)) }
            return AlertDetail(alert: alert, deliveries: deliveries)
        } catch {
            throw StorageError.wrap(error, doing: "reading alert \(id)")
        }
    }
}

extension PostgresDeliveryStore {
    /// Deliveries, newest first, optionally of one state and/or channel, one keyset page
    /// (1–1000) at a time.
    public func page(state: DeliveryState? = nil, channel: String? = nil, limit: Int = 100, cursor: String? = nil) async throws -> DeliveryPage {
        guard (1...1000).contains(limit) else { throw StorageError.invalid("limit must be between 1 and 1000, got \(limit)") }
        let before = try cursor.map { try IDCursor(encoded: $0, list: "deliveries").id } ?? Int64.max
        let stateText = state?.rawValue ?? "", channelText = channel ?? ""
        do {
            let rows = try await client.query(
                """
                SELECT \(unescaped: Self.summaryColumns)
                FROM deliveries d JOIN alerts a ON a.id = d.alert_id
                WHERE d.id < \(before)
                  AND (\(stateText) = '' OR d.state = \(stateText)) AND (\(channelText) = '' OR d.channel_name = \(channelText))
                ORDER BY d.id DESC
                LIMIT \(limit + 1)
                """,
                logger: logger)
            var result: [DeliverySummary] = []
            for try await row in rows.decode(SummaryRow.self) { result.append(Self.summary(row)) }
            var next: String?
            if result.count > limit {
                result.removeLast()
                next = result.last.map { IDCursor(list: "deliveries", id: $0.id).encoded }
            }
            return DeliveryPage(deliveries: result, nextCursor: next)
        } catch {
            throw StorageError.wrap(error, doing: "listing deliveries")
        }
    }
}
