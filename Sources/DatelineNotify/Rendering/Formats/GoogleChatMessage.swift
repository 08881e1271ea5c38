/// Google Chat webhook payload: a `text` fallback and one `cardsV2` card (header, sections of
/// widgets, a button to the event).
enum GoogleChatMessage {
    static func build(_ p: AlertPresentation, custom: String?, evidenceBudget: Int) -> JSONValue {
        if let custom {
            return .object([("text", .string(TextSafety.truncate(custom, toUTF16: min(MessageLimits.googleChatText, evidenceBudget))))])
        }
        let html = TextSafety.html
        let fallback = TextSafety.truncate(TextSafety.googleChatText("\(p.title): \(p.headline) · \(p.dateDisplay)"), toUTF16: 1_000)
        var first: [JSONValue] = [
            .object([("decoratedText", .object([("topLabel", .string("Date")), ("text", .string(html(p.dateDisplay)))]))]),
            .object([("decoratedText", .object([("topLabel", .string("Status")), ("text", .string("\(p.status) · \(html(p.changeDisplay))"))]))]),
        ]
        if let evidence = p.evidence {
            let quoted = "<i>“" + TextSafety.truncate(html(evidence.replacingNewlines(with: " ")), toUTF16: evidenceBudget) + "”</i>"
            first.append(.object([("textParagraph", .object([("text", .string(quoted))]))]))
        }
        var sections: [JSONValue] = [.object([("widgets", .array(first))])]
        if !p.sources.isEmpty {
            var lines = p.sources.prefix(MessageLimits.maxSources).map { s -> String in
                let name = TextSafety.truncate(html(s.name), toUTF16: MessageLimits.maxLine)
                guard let url = s.url else { return name }
                return "<a href=\"\(html(url))\">\(name)</a>"
            }
            if p.sources.count > MessageLimits.maxSources { lines.append("… and \(p.sources.count - MessageLimits.maxSources) more") }
            sections.append(.object([("header", .string("Sources")), ("widgets", .array([.object([("textParagraph", .object([("text", .string(lines.joined(separator: "<br>")))]))])]))]))
        }
        if !p.reasons.isEmpty {
            var lines = p.reasons.prefix(MessageLimits.maxReasons).map { "• " + TextSafety.truncate(html($0), toUTF16: MessageLimits.maxLine) }
            if p.reasons.count > MessageLimits.maxReasons { lines.append("… and \(p.reasons.count - MessageLimits.maxReasons) more") }
            sections.append(.object([("header", .string("Why it matched")), ("widgets", .array([.object([("textParagraph", .object([("text", .string(lines.joined(separator: "<br>")))]))])]))]))
        }
        if let url = p.url {
            let button: JSONValue = .object([("text", .string("Open in Dateline")), ("onClick", .object([("openLink", .object([("url", .string(url))]))]))])
            sections.append(.object([("widgets", .array([.object([("buttonList", .object([("buttons", .array([button]))]))])]))]))
        }
        let card: JSONValue = .object([
            ("header", .object([
                ("title", .string(TextSafety.truncate("\(p.title) · \(p.changeDisplay)", toUTF16: 200))),
                ("subtitle", .string(TextSafety.truncate(p.headline, toUTF16: 200))),
            ])),
            ("sections", .array(sections)),
        ])
        return .object([
            ("text", .string(fallback)),
            ("cardsV2", .array([.object([("cardId", .string("dateline-alert-\(p.alertID)")), ("card", card)])])),
        ])
    }
}
