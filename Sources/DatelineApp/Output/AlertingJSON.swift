import DatelineCore
import DatelineNotify
import DatelineRules
import DatelineStorage
import Foundation

/// The stable JSON of rules, channels, alerts and deliveries for the HTTP API (snake_case keys,
/// times ISO 8601 UTC, events in the `/v1/events` shape). Channel secrets are never included:
/// a URL shows its scheme and host only and secrets are only counted.
public enum AlertingJSON {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    // MARK: - Rules

    struct Explained: Encodable {
        let name: String
        let explanation: String
    }

    /// A valid rule file: each rule and channel with its one-line explanation.
    public static func validation(_ ruleFile: RuleFile) throws -> Data {
        struct Body: Encodable {
            let valid: Bool
            let rules: [Explained]
            let channels: [Explained]
        }
        let explanation = RuleCatalog.explanation(of: ruleFile)
        return try encode(Body(
            valid: true,
            rules: zip(ruleFile.rules, explanation.rules).map { Explained(name: $0.name, explanation: $1) },
            channels: zip(ruleFile.channels, explanation.channels).map { Explained(name: $0.name, explanation: $1) }))
    }

    /// One diagnostic of an invalid rule file, as the `errors` of a 422 problem.
    public static func diagnostics(_ diagnostics: [RuleDiagnostic]) -> [[String: Any]] {
        diagnostics.map { ["code": $0.code, "line": $0.position.line, "column": $0.position.column, "message": $0.message] }
    }

    /// What a rules apply did.
    public static func applied(_ summary: RuleApplySummary) throws -> Data {
        struct Body: Encodable {
            let added, updated, unchanged, disabled, kept, channels: [String]
        }
        return try encode(Body(
            added: summary.added, updated: summary.updated, unchanged: summary.unchanged, disabled: summary.disabled,
            kept: summary.kept, channels: summary.channels))
    }

    struct RuleListingJSON: Encodable {
        let name: String
        let version: Int
        let enabled: Bool
        let updated_at: String
        let silenced_until: String?

        init(_ r: RuleListing) {
            name = r.name
            version = r.version
            enabled = r.enabled
            updated_at = r.updatedAt
            silenced_until = r.silencedUntil
        }
    }

    /// Stored rules: newest version, enabled, silenced.
    public static func rules(_ listings: [RuleListing]) throws -> Data {
        struct Body: Encodable { let rules: [RuleListingJSON] }
        return try encode(Body(rules: listings.map(RuleListingJSON.init)))
    }

    /// One stored rule's versions (definitions as JSON objects; the file text they came from
    /// is left out, since a file may hold channel URLs and secrets).
    public static func rule(versions: [StoredRule], listing: RuleListing?) throws -> Data {
        struct Version: Encodable {
            let version: Int
            let enabled: Bool
            let created_at: String
            let definition: JSONValue
        }
        struct Body: Encodable {
            let name: String
            let enabled: Bool
            let silenced_until: String?
            let versions: [Version]
        }
        let body = Body(
            name: versions.first?.name ?? listing?.name ?? "", enabled: versions.last?.enabled ?? false,
            silenced_until: listing?.silencedUntil,
            versions: versions.map {
                Version(version: $0.version, enabled: $0.enabled, created_at: $0.createdAt, definition: JSONValue(parsing: $0.definition))
            })
        return try encode(body)
    }

    /// A silence set on a rule.
    public static func silenced(rule: String, length: RuleDuration, until: Date) throws -> Data {
        struct Body: Encodable {
            let rule: String
            let silenced_for: String
            let silenced_until: String
        }
        return try encode(Body(rule: rule, silenced_for: length.description, silenced_until: iso(until)))
    }

    /// A backtest: the alerts that would have fired, in order, and the matches held back.
    public static func backtest(_ result: Backtester.Result) throws -> Data {
        struct Match: Encodable {
            let rule: String
            let trigger: String
            let change: String
            let event: EventOutput.EventJSON
            let reasons: [String]
            let channels: [String]
            let group_key: String
            let fired_at: String
            let related_event_ids: [Int64]
            let summary: String

            init(_ m: RuleMatch) {
                rule = m.rule
                trigger = m.trigger.rawValue
                change = m.change.kind.rawValue
                event = EventOutput.EventJSON(m.change.event)
                reasons = m.reasons
                channels = m.channels
                group_key = m.groupKey
                fired_at = AlertingJSON.iso(m.firedAt)
                related_event_ids = m.relatedEventIDs
                summary = "\(m)"
            }
        }
        struct HeldBack: Encodable {
            let rule: String
            let event_id: Int64
            let reason: String
            let until: String
        }
        struct Body: Encodable {
            let count: Int
            let alerts: [Match]
            let held_back: [HeldBack]
        }
        let held = result.suppressed.map { s -> HeldBack in
            let (reason, until): (String, Date) = switch s.reason {
            case .throttled(let until): ("throttled", until)
            case .silenced(let until): ("silenced", until)
            }
            return HeldBack(rule: s.match.rule, event_id: s.match.change.event.id, reason: reason, until: iso(until))
        }
        return try encode(Body(count: result.alerts.count, alerts: result.alerts.map(Match.init), held_back: held))
    }

    // MARK: - Channels

    struct ChannelJSON: Encodable {
        let name: String
        let type: String?
        let format: String?
        let url: String?
        let secret_count: Int
        let allow_private_network: Bool?
        let retry_schedule: [Double]?
        let rate_limit: String?
        /// The limit the worker applies: the configured one, else the service's default (Slack 1/s).
        let effective_rate_limit: String?
        let max_in_flight: Int?
        let template: String?
        let path: String?
        let rotate: String?
        let timeout_seconds: Double?
        let enabled: Bool
        let disabled_at: String?
        let disabled_reason: String?
        let config_error: String?

        init(_ c: StoredChannel) {
            let config = c.config
            name = c.name
            type = config?.type.rawValue
            format = config?.format.rawValue
            url = config?.maskedURL
            secret_count = config?.secrets.count ?? 0
            allow_private_network = config?.allowPrivateNetwork
            retry_schedule = config?.retrySchedule
            rate_limit = config?.rateLimit.map(DeliveryOutput.rate)
            effective_rate_limit = config.flatMap(ChannelGate.effectiveRateLimit).map(DeliveryOutput.rate)
            max_in_flight = config?.maxInFlight
            template = config?.template
            path = config?.path
            rotate = config?.rotate.map { rotation in
                switch rotation {
                case .daily: "daily"
                case .size(let bytes): "size:\(bytes)"
                }
            }
            timeout_seconds = config?.timeoutSeconds
            enabled = c.disabledAt == nil
            disabled_at = c.disabledAt.map(AlertingJSON.iso)
            disabled_reason = c.disabledReason
            // The decoding error may quote the stored JSON: say only that it is unreadable.
            config_error = c.configError == nil ? nil : "the stored configuration cannot be read"
        }
    }

    /// Stored channels, secrets masked.
    public static func channels(_ channels: [StoredChannel]) throws -> Data {
        struct Body: Encodable { let channels: [ChannelJSON] }
        return try encode(Body(channels: channels.map(ChannelJSON.init)))
    }

    /// One stored channel, secrets masked.
    public static func channel(_ channel: StoredChannel) throws -> Data {
        try encode(ChannelJSON(channel))
    }

    /// What a channel test came to (as `channels test` reports it).
    public static func channelTest(_ outcome: DeliveryOutcome, channel: ChannelConfig) throws -> Data {
        struct Body: Encodable {
            let channel: String
            let ok: Bool
            let classification: String
            let status_code: Int?
            let latency_ms: Double
            let error_code: String?
            let error: String?
            let response_snippet: String?
            let note: String?
        }
        let note = channel.format == .teams && outcome.statusCode == 202
            ? "Teams Workflows answer 202 Accepted before the flow runs; check the channel to see the message was posted." : nil
        return try encode(Body(
            channel: channel.name, ok: outcome.classification == .delivered, classification: outcome.classification.rawValue,
            status_code: outcome.statusCode, latency_ms: (outcome.latency * 10_000).rounded() / 10, error_code: outcome.errorCode,
            error: outcome.error, response_snippet: outcome.responseSnippet, note: note))
    }

    /// A rendered message that was not sent.
    public static func preview(channel: ChannelConfig, eventID: Int64, body: String) throws -> Data {
        struct Body: Encodable {
            let channel: String
            let type: String
            let format: String
            let event_id: Int64
            let body: String
        }
        return try encode(Body(channel: channel.name, type: channel.type.rawValue, format: channel.format.rawValue, event_id: eventID, body: body))
    }

    // MARK: - Alerts

    struct AlertSummaryJSON: Encodable {
        let id: Int64
        let rule: String
        let rule_version: Int
        let change: String
        let event_id: Int64?
        let title: String?
        let reasons: [String]
        let group_key: String?
        let created_at: String

        init(_ a: StoredAlert) {
            id = a.id
            rule = a.rule
            rule_version = a.ruleVersion
            change = a.change.rawValue
            event_id = a.eventID
            title = a.alert?.event.title
            reasons = a.reasons
            group_key = a.groupKey
            created_at = AlertingJSON.iso(a.createdAt)
        }
    }

    /// A page of alerts, newest first.
    public static func alerts(_ page: AlertPage) throws -> Data {
        struct Body: Encodable {
            let alerts: [AlertSummaryJSON]
            let next_cursor: String?
        }
        return try encode(Body(alerts: page.alerts.map(AlertSummaryJSON.init), next_cursor: page.nextCursor))
    }

    /// An alert: why it matched, the event as it was then with its evidence, and its
    /// deliveries per channel.
    public static func alert(_ detail: AlertDetail) throws -> Data {
        struct Body: Encodable {
            let alert: AlertSummaryJSON
            let event: EventOutput.EventJSON?
            let mentions: [EventOutput.MentionJSON]
            let deliveries: [DeliveryOutput.SummaryJSON]
        }
        return try encode(Body(
            alert: AlertSummaryJSON(detail.alert), event: detail.alert.alert.map { EventOutput.EventJSON($0.event) },
            mentions: detail.alert.alert?.mentions.map(EventOutput.MentionJSON.init) ?? [],
            deliveries: detail.deliveries.map(DeliveryOutput.SummaryJSON.init)))
    }

    // MARK: - Deliveries

    /// A page of deliveries, newest first.
    public static func deliveries(_ page: DeliveryPage) throws -> Data {
        struct Body: Encodable {
            let deliveries: [DeliveryOutput.SummaryJSON]
            let next_cursor: String?
        }
        return try encode(Body(deliveries: page.deliveries.map(DeliveryOutput.SummaryJSON.init), next_cursor: page.nextCursor))
    }

    /// A delivery and every attempt.
    public static func delivery(_ detail: DeliveryDetail) throws -> Data {
        try encode(DeliveryOutput.DetailJSON(delivery: DeliveryOutput.SummaryJSON(detail.summary), attempts: detail.attempts.map(DeliveryOutput.AttemptJSON.init)))
    }

    /// One delivery made due (`retry`).
    public static func delivery(_ summary: DeliverySummary) throws -> Data {
        try encode(DeliveryOutput.SummaryJSON(summary))
    }

    /// How many deliveries `retry-dead` made due.
    public static func retried(count: Int, channel: String?) throws -> Data {
        struct Body: Encodable {
            let retried: Int
            let channel: String?
        }
        return try encode(Body(retried: count, channel: channel))
    }
}

/// Any JSON value (stored rule definitions hold strings, lists and mappings), for passing stored JSON text through an `Encodable` body unchanged.
struct JSONValue: Encodable {
    let value: Any?

    init(parsing text: String) {
        value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    init(_ value: Any?) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case let text as String: try container.encode(text)
        case let number as NSNumber: try container.encode(number.doubleValue)
        case let list as [Any]: try container.encode(list.map(JSONValue.init))
        case let object as [String: Any]: try container.encode(object.mapValues(JSONValue.init))
        default: try container.encodeNil()
        }
    }
}
