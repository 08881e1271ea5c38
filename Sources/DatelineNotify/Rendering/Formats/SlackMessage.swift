/// Slack incoming-webhook payload: `text` fallback plus Block Kit `blocks` (header, mrkdwn
/// sections, a context block).
enum SlackMessage {
    static func build(_ p: AlertPresentation, custom: String?) -> JSONValue {
        let fallback = TextSafety.truncate(TextSafety.slack("\(p.title): \(p.headline) · \(p.dateDisplay)"), toUTF16: MessageLimits.slackSectionText)
        var blocks: [JSONValue] = []
        if let custom {
            for chunk in TextSafety.chunks(custom, limit: MessageLimits.slackSectionText, maxChunks: MessageLimits.slackBlocks - 1) {
                blocks.append(section(chunk))
            }
        } else {
            blocks.append(.object([
                ("type", .string("header")),
                ("text", .object([
                    ("type", .string("plain_text")),
                    ("text", .string(TextSafety.truncate("\(p.title) · \(p.changeDisplay)", toUTF16: MessageLimits.slackHeaderText))),
                    ("emoji", .bool(false)),
                ])),
            ]))
            let who = TextSafety.truncate("*\(TextSafety.slack(p.headline))*", toUTF16: 2_000)
            blocks.append(section(who + "\n*Date:* \(TextSafety.slack(p.dateDisplay))"))
            if let evidence = p.evidence {
                let quoted = "> “" + TextSafety.slack(evidence).replacingNewlines(with: " ") + "”"
                blocks.append(section(TextSafety.truncate(quoted, toUTF16: MessageLimits.slackSectionText)))
            }
            if !p.sources.isEmpty {
                let lines = listLines(p.sources.map(sourceLink), more: p.sources.count - MessageLimits.maxSources)
                blocks.append(section(TextSafety.truncate("*Sources*\n" + lines, toUTF16: MessageLimits.slackSectionText)))
            }
            if !p.reasons.isEmpty {
                let lines = listLines(p.reasons.map { TextSafety.truncate(TextSafety.slack($0), toUTF16: MessageLimits.maxLine) }, more: p.reasons.count - MessageLimits.maxReasons)
                blocks.append(section(TextSafety.truncate("*Why it matched*\n" + lines, toUTF16: MessageLimits.slackSectionText)))
            }
        }
        var context = "Rule `\(TextSafety.slack(p.rule))` · alert \(p.alertID)"
        if let url = p.url { context += " · <\(linkTarget(url))|Open in Dateline>" }
        blocks.append(.object([
            ("type", .string("context")),
            ("elements", .array([.object([("type", .string("mrkdwn")), ("text", .string(TextSafety.truncate(context, toUTF16: MessageLimits.slackSectionText)))])])),
        ]))
        return .object([("text", .string(fallback)), ("blocks", .array(blocks))])
    }

    static func section(_ mrkdwn: String) -> JSONValue {
        .object([("type", .string("section")), ("text", .object([("type", .string("mrkdwn")), ("text", .string(mrkdwn))]))])
    }

    static func sourceLink(_ s: AlertPresentation.Source) -> String {
        let name = TextSafety.truncate(TextSafety.slack(s.name).replacingCharacter("|", with: "¦"), toUTF16: MessageLimits.maxLine)
        guard let url = s.url else { return name }
        return "<\(linkTarget(url))|\(name)>"
    }

    /// A URL safe inside `<…|…>`: the characters that would end the link are percent-encoded.
    static func linkTarget(_ url: String) -> String {
        var out = ""
        for ch in url {
            switch ch {
            case "<": out += "%3C"
            case ">": out += "%3E"
            case "|": out += "%7C"
            case "&": out += "&amp;"
            case " ": out += "%20"
            default: out.append(ch)
            }
        }
        return out
    }

    static func listLines(_ items: [String], more: Int) -> String {
        var lines = items.prefix(more > 0 ? items.count - more : items.count).map { "• " + $0 }
        if more > 0 { lines.append("… and \(more) more") }
        return lines.joined(separator: "\n")
    }
}
