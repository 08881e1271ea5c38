/// Mattermost incoming-webhook payload: Markdown `text` plus `props` carrying the ids.
enum MattermostMessage {
    static func build(_ p: AlertPresentation, custom: String?) -> JSONValue {
        let text: String
        if let custom {
            text = TextSafety.truncate(custom, toUTF16: MessageLimits.mattermostText)
        } else {
            let esc = TextSafety.mattermost
            var head = "#### \(esc(p.title)) · \(p.changeDisplay)\n**\(esc(p.headline))**\n**Date:** \(esc(p.dateDisplay))"
            var tail = ""
            if !p.sources.isEmpty {
                let links = p.sources.map { Markdown.link(TextSafety.truncate(esc($0.name), toUTF16: MessageLimits.maxLine), $0.url) }
                tail += "\n\n**Sources**\n" + Markdown.list(links, max: MessageLimits.maxSources)
            }
            if !p.reasons.isEmpty {
                tail += "\n\n**Why it matched**\n" + Markdown.list(p.reasons.map { TextSafety.truncate(esc($0), toUTF16: MessageLimits.maxLine) }, max: MessageLimits.maxReasons)
            }
            tail += "\n\n_Rule \(esc(p.rule)) · alert \(p.alertID)_"
            if let url = p.url { tail += " · [Open in Dateline](\(Markdown.target(url)))" }
            if let evidence = p.evidence {
                let budget = MessageLimits.mattermostText - head.utf16.count - tail.utf16.count - 8
                head += "\n> “" + TextSafety.truncate(esc(evidence).replacingNewlines(with: " "), toUTF16: max(budget, 1)) + "”"
            }
            text = TextSafety.truncate(head + tail, toUTF16: MessageLimits.mattermostText)
        }
        return .object([
            ("text", .string(text)),
            ("props", .object([("dateline_alert_id", .int(p.alertID)), ("dateline_event_id", .int(p.eventID))])),
        ])
    }
}
