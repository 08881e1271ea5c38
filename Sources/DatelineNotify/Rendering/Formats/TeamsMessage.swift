/// Microsoft Teams Workflows (Power Automate) webhook payload: a message with one Adaptive Card
/// 1.4 attachment (TextBlocks, a FactSet, Action.OpenUrl).
enum TeamsMessage {
    static func build(_ p: AlertPresentation, custom: String?, evidenceBudget: Int) -> JSONValue {
        var body: [JSONValue] = []
        var actions: [JSONValue] = []
        if let url = p.url {
            actions.append(.object([("type", .string("Action.OpenUrl")), ("title", .string("Open in Dateline")), ("url", .string(url))]))
        }
        if let custom {
            body.append(textBlock(TextSafety.truncate(custom, toUTF8: evidenceBudget)))
        } else {
            body.append(textBlock("\(p.title) · \(p.changeDisplay)", extra: [("size", .string("Medium")), ("weight", .string("Bolder"))]))
            body.append(textBlock(p.headline, extra: [("weight", .string("Bolder"))]))
            if let evidence = p.evidence {
                body.append(textBlock("“" + TextSafety.truncate(evidence.replacingNewlines(with: " "), toUTF8: evidenceBudget) + "”", extra: [("isSubtle", .bool(true))]))
            }
            var facts: [JSONValue] = [
                fact("Date", p.dateDisplay), fact("Status", p.status), fact("Change", p.changeDisplay), fact("Rule", p.rule),
            ]
            if !p.sources.isEmpty {
                let links = p.sources.prefix(MessageLimits.maxSources).map { Markdown.link(TextSafety.truncate($0.name, toUTF16: MessageLimits.maxLine), $0.url) }
                var text = links.joined(separator: ", ")
                if p.sources.count > MessageLimits.maxSources { text += ", … and \(p.sources.count - MessageLimits.maxSources) more" }
                facts.append(fact("Sources", text))
            }
            body.append(.object([("type", .string("FactSet")), ("facts", .array(facts))]))
            if !p.reasons.isEmpty {
                body.append(textBlock("Why it matched", extra: [("weight", .string("Bolder")), ("spacing", .string("Medium"))]))
                body.append(textBlock(Markdown.list(p.reasons.map { TextSafety.truncate($0, toUTF16: MessageLimits.maxLine) }, max: MessageLimits.maxReasons)))
            }
        }
        var card: [(String, JSONValue)] = [
            ("$schema", .string("http://adaptivecards.io/schemas/adaptive-card.json")),
            ("type", .string("AdaptiveCard")),
            ("version", .string("1.4")),
            ("body", .array(body)),
        ]
        if !actions.isEmpty { card.append(("actions", .array(actions))) }
        return .object([
            ("type", .string("message")),
            ("attachments", .array([.object([
                ("contentType", .string("application/vnd.microsoft.card.adaptive")),
                ("contentUrl", .null),
                ("content", .object(card)),
            ])])),
        ])
    }

    static func textBlock(_ text: String, extra: [(String, JSONValue)] = []) -> JSONValue {
        .object([("type", .string("TextBlock")), ("text", .string(text)), ("wrap", .bool(true))] + extra)
    }

    static func fact(_ title: String, _ value: String) -> JSONValue {
        .object([("title", .string(title)), ("value", .string(value))])
    }
}
