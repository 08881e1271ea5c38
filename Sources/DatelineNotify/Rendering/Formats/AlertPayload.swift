import DatelineCore

/// The alert as a stable JSON document in the Standard Webhooks payload style:
/// `{"type": "alert.fired", "timestamp": …, "data": {…}}`.
///
/// `timestamp` is when the alert was written (not when it was sent), so every retry of a
/// delivery carries the same bytes. Keys are snake_case and their order is fixed.
public enum AlertPayload {
    /// The event type of every alert payload.
    public static let eventType = "alert.fired"
    /// The event type of `channels test` messages.
    public static let testEventType = "channel.test"

    static func build(_ alert: Alert, _ p: AlertPresentation, custom: String?) -> JSONValue {
        let e = alert.event
        var event: [(String, JSONValue)] = [
            ("id", .int(e.id)),
            ("kind", .string(e.kind.rawValue)),
            ("status", .string(e.status.rawValue)),
            ("title", .string(e.title)),
            ("headline", .string(p.headline)),
            ("date", date(e.date)),
            ("confidence", .double(e.confidence)),
            ("participants", .array(e.participants.map {
                .object([
                    ("entity_id", .int($0.entityID)), ("kind", .string($0.kind.rawValue)),
                    ("name", .string($0.name)), ("role", .string($0.role.rawValue)),
                ])
            })),
            ("source_count", .int(Int64(e.sourceCount))),
            ("mention_count", .int(Int64(e.mentionCount))),
            ("created_at", .string(e.createdAt)),
            ("updated_at", .string(e.updatedAt)),
        ]
        event.append(("url", .string(p.url)))
        var data: [(String, JSONValue)] = [
            ("alert_id", .int(alert.id)),
            ("rule", .string(alert.rule)),
            ("change", .string(alert.change.rawValue)),
            ("created_at", .string(alert.createdAt)),
            ("event", .object(event)),
            ("reasons", .array(alert.reasons.map { .string($0) })),
            ("mentions", .array(alert.mentions.map(mention))),
        ]
        if let custom { data.append(("message", .string(custom))) }
        return .object([
            ("type", .string(eventType)),
            ("timestamp", .string(alert.createdAt)),
            ("data", .object(data)),
        ])
    }

    static func date(_ d: FuzzyDate?) -> JSONValue {
        guard let d else { return .null }
        return .object([
            ("value", .string(d.value)),
            ("precision", .string(d.precision.rawValue)),
            ("start", .string(d.start.iso)),
            ("end", .string(d.end.iso)),
            ("display", .string(DateDisplay.text(d))),
        ])
    }

    static func mention(_ m: Mention) -> JSONValue {
        .object([
            ("article_id", .int(m.articleID)),
            ("url", .string(m.url)),
            ("source", .string(m.source)),
            ("headline", .string(m.headline)),
            ("published", .string(m.published?.iso)),
            ("sentence", .string(m.sentence)),
            ("status", .string(m.status.rawValue)),
            ("date_text", .string(m.dateText)),
        ])
    }
}
