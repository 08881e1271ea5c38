import DatelineCore
import DatelineNotify
import DatelineStorage
import Foundation

/// Renders deliveries, attempts and channels for people (aligned text) and machines (JSON).
public enum DeliveryOutput {
    struct SummaryJSON: Encodable {
        let id: Int64
        let alert_id: Int64
        let rule: String
        let event_id: Int64?
        let title: String
        let channel: String
        let message_id: String
        let state: String
        let attempts: Int
        let next_attempt_at: String?
        let lease_owner: String?
        let lease_expires_at: String?
        let last_status_code: Int?
        let last_error: String?
        let delivered_at: String?
        let created_at: String

        init(_ s: DeliverySummary) {
            id = s.id
            alert_id = s.alertID
            rule = s.rule
            event_id = s.eventID
            title = s.title
            channel = s.channel
            message_id = s.messageID
            state = s.state.rawValue
            attempts = s.attempts
            next_attempt_at = s.state == .pending ? iso(s.nextAttemptAt) : nil
            lease_owner = s.leaseOwner
            lease_expires_at = s.leaseExpiresAt.map(iso)
            last_status_code = s.lastStatusCode
            last_error = s.lastError
            delivered_at = s.deliveredAt.map(iso)
            created_at = iso(s.createdAt)
        }
    }

    struct AttemptJSON: Encodable {
        let attempt: Int
        let started_at: String
        let status_code: Int?
        let latency_ms: Double?
        let outcome: String
        let error: String?

        init(_ a: DeliveryAttemptRecord) {
            attempt = a.attempt
            started_at = iso(a.startedAt)
            status_code = a.statusCode
            latency_ms = a.latencyMilliseconds.map { ($0 * 10).rounded() / 10 }
            outcome = a.outcome
            error = a.error
        }
    }

    struct DetailJSON: Encodable {
        let delivery: SummaryJSON
        let attempts: [AttemptJSON]
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    static func rate(_ limit: ChannelConfig.RateLimit) -> String {
        let seconds = limit.perSeconds == limit.perSeconds.rounded() ? String(Int(limit.perSeconds)) : String(limit.perSeconds)
        return "\(limit.count)/\(seconds)s"
    }

    /// A list of deliveries: a table (id, state, channel, attempts, next or done, last result, title) or JSON.
    public static func render(_ deliveries: [DeliverySummary], format: ListFormat) throws -> String {
        switch format {
        case .json: return try json(deliveries.map(SummaryJSON.init))
        case .jsonl:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try deliveries.map { String(decoding: try encoder.encode(SummaryJSON($0)), as: UTF8.self) + "\n" }.joined()
        case .text:
            if deliveries.isEmpty { return "no deliveries\n" }
            var rows = [["ID", "STATE", "CHANNEL", "TRIES", "WHEN", "LAST", "ALERT"]]
            for d in deliveries {
                let when = switch d.state {
                case .pending: d.leaseOwner != nil ? "in flight" : "next " + iso(d.nextAttemptAt)
                case .delivered: d.deliveredAt.map { "done " + iso($0) } ?? "done"
                case .dead, .cancelled: "-"
                }
                let last = d.lastStatusCode.map(String.init) ?? (d.lastError == nil ? "-" : "error")
                rows.append([String(d.id), d.state.rawValue, d.channel, String(d.attempts), when, last, "\(d.rule): \(d.title)"])
            }
            return table(rows)
        }
    }

    /// One delivery with its attempts.
    public static func renderDetail(_ detail: DeliveryDetail, format: ListFormat) throws -> String {
        if format != .text {
            return try json(DetailJSON(delivery: SummaryJSON(detail.summary), attempts: detail.attempts.map(AttemptJSON.init)))
        }
        let d = detail.summary
        var out = "delivery \(d.id): \(d.state.rawValue) to channel \(d.channel)\n"
        out += "  alert       \(d.alertID) (rule \(d.rule))\(d.eventID.map { ", event \($0)" } ?? "")\n"
        if !d.title.isEmpty { out += "  title       \(d.title)\n" }
        out += "  webhook-id  \(d.messageID)\n"
        out += "  attempts    \(d.attempts)\n"
        switch d.state {
        case .pending:
            out += "  next        \(iso(d.nextAttemptAt))\n"
            if let owner = d.leaseOwner, let until = d.leaseExpiresAt { out += "  leased      by \(owner) until \(iso(until))\n" }
        case .delivered:
            if let at = d.deliveredAt { out += "  delivered   \(iso(at))\n" }
        case .dead, .cancelled:
            break
        }
        if let error = d.lastError { out += "  last error  \(error)\n" }
        out += "  created     \(iso(d.createdAt))\n"
        if detail.attempts.isEmpty {
            out += "\nno attempts recorded\n"
        } else {
            var rows = [["#", "STARTED", "STATUS", "LATENCY", "OUTCOME", "ERROR"]]
            for a in detail.attempts {
                rows.append([
                    String(a.attempt), iso(a.startedAt), a.statusCode.map(String.init) ?? "-",
                    a.latencyMilliseconds.map { String(format: "%.1f ms", $0) } ?? "-", a.outcome, a.error ?? "",
                ])
            }
            out += "\n" + table(rows)
        }
        return out
    }

    /// Stored channels: name, type/format, destination (URL masked), limits, state.
    public static func renderChannels(_ channels: [StoredChannel], format: ListFormat) throws -> String {
        // The same shape as GET /v1/channels (secrets masked), as an array.
        if format != .text { return try json(channels.map(AlertingJSON.ChannelJSON.init)) }
        if channels.isEmpty { return "no channels (they come from the rules file's `channels:` list)\n" }
        var rows = [["NAME", "TYPE", "FORMAT", "DESTINATION", "LIMITS", "STATE"]]
        for c in channels {
            guard let config = c.config else {
                rows.append([c.name, "?", "?", "-", "-", "unreadable: \(c.configError ?? "")"])
                continue
            }
            let destination = config.type == .webhook ? (config.maskedURL ?? "-") : config.type == .file ? (config.path ?? "-") : "stdout"
            var limits = "in-flight \(config.maxInFlight)"
            if let limit = ChannelGate.effectiveRateLimit(config) { limits += ", \(rate(limit))" }
            let state = c.disabledAt.map { "disabled \(iso($0))" + (c.disabledReason.map { ": \($0)" } ?? "") } ?? "enabled"
            rows.append([c.name, config.type.rawValue, config.format.rawValue, destination, limits, state])
        }
        return table(rows)
    }

    /// What `channels test` reports: the answer (status, latency, body snippet) or the failure.
    public static func renderTest(_ outcome: DeliveryOutcome, channel: ChannelConfig) -> String {
        let latency = String(format: "%.1f ms", outcome.latency * 1000)
        var out: String
        if outcome.classification == .delivered {
            out = "ok: channel \(channel.name) accepted the test message"
            if let status = outcome.statusCode { out += " (\(status), \(latency))" }
            out += "\n"
        } else {
            out = "failed: channel \(channel.name): \(outcome.error ?? outcome.errorCode ?? outcome.classification.rawValue)"
            if let status = outcome.statusCode { out += " (\(status), \(latency))" }
            out += "\n  a real delivery would be: \(explain(outcome.classification))\n"
        }
        if let snippet = outcome.responseSnippet, !snippet.isEmpty { out += "  response: \(snippet)\n" }
        if channel.format == .teams && outcome.statusCode == 202 {
            out += "  note: Teams Workflows answer 202 Accepted before the flow runs; check the channel to see the message was posted.\n"
        }
        return out
    }

    static func explain(_ classification: DeliveryOutcome.Classification) -> String {
        switch classification {
        case .delivered: "delivered"
        case .retry: "retried later"
        case .gone: "dead, and the channel disabled (410 Gone)"
        case .rejected: "dead without retries (the request was refused)"
        }
    }

    static func table(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
