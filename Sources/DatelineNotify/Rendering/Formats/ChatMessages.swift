/// Markdown link helpers shared by the Markdown-speaking formats (Mattermost, Discord, Teams).
enum Markdown {
    /// A link label with the characters that would end it escaped.
    static func label(_ text: String) -> String {
        var out = ""
        for ch in text {
            if ch == "[" || ch == "]" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// A link target with spaces and parentheses percent-encoded.
    static func target(_ url: String) -> String {
        var out = ""
        for ch in url {
            switch ch {
            case " ": out += "%20"
            case "(": out += "%28"
            case ")": out += "%29"
            case "<": out += "%3C"
            case ">": out += "%3E"
            default: out.append(ch)
            }
        }
        return out
    }

    static func link(_ name: String, _ url: String?) -> String {
        guard let url else { return name }
        return "[\(label(name))](\(target(url)))"
    }

    static func list(_ items: [String], max: Int) -> String {
        var lines = items.prefix(max).map { "- " + $0 }
        if items.count > max { lines.append("- … and \(items.count - max) more") }
        return lines.joined(separator: "\n")
    }
}

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

/// Discord webhook payload: `content`, one embed with fields, and `allowed_mentions` that
/// forbids every ping.
enum DiscordMessage {
    static func build(_ p: AlertPresentation, custom: String?) -> JSONValue {
        let esc = TextSafety.discord
        let noPings: JSONValue = .object([("parse", .array([]))])
        if let custom {
            return .object([
                ("content", .string(TextSafety.truncate(custom, toUTF16: MessageLimits.discordContent))),
                ("allowed_mentions", noPings),
            ])
        }
        let content = TextSafety.truncate("**\(esc(p.title))** · \(p.changeDisplay)", toUTF16: MessageLimits.discordContent)
        let title = TextSafety.truncate(esc(p.headline), toUTF16: MessageLimits.discordEmbedTitle)
        var fields: [(String, String, Bool)] = [("Date", esc(p.dateDisplay), true), ("Status", p.status, true)]
        if !p.sources.isEmpty {
            let links = p.sources.map { Markdown.link(TextSafety.truncate(esc($0.name), toUTF16: MessageLimits.maxLine), $0.url) }
            fields.append(("Sources", TextSafety.truncate(Markdown.list(links, max: MessageLimits.maxSources), toUTF16: MessageLimits.discordFieldValue), false))
        }
        if !p.reasons.isEmpty {
            let reasons = Markdown.list(p.reasons.map { TextSafety.truncate(esc($0), toUTF16: MessageLimits.maxLine) }, max: MessageLimits.maxReasons)
            fields.append(("Why it matched", TextSafety.truncate(reasons, toUTF16: MessageLimits.discordFieldValue), false))
        }
        let footer = TextSafety.truncate("Rule \(esc(p.rule)) · alert \(p.alertID)", toUTF16: MessageLimits.discordFooter)
        let used = title.utf16.count + footer.utf16.count + fields.reduce(0) { $0 + $1.0.utf16.count + $1.1.utf16.count }
        var embed: [(String, JSONValue)] = [("title", .string(title))]
        if let evidence = p.evidence {
            let budget = min(MessageLimits.discordEmbedDescription, MessageLimits.discordEmbedTotal - used - 4)
            embed.append(("description", .string(TextSafety.truncate("> “" + esc(evidence).replacingNewlines(with: " ") + "”", toUTF16: max(budget, 1)))))
        }
        if let url = p.url { embed.append(("url", .string(url))) }
        embed.append(("fields", .array(fields.map { .object([("name", .string($0.0)), ("value", .string($0.1)), ("inline", .bool($0.2))]) })))
        embed.append(("footer", .object([("text", .string(footer))])))
        return .object([
            ("content", .string(content)),
            ("embeds", .array([.object(embed)])),
            ("allowed_mentions", noPings),
        ])
    }
}

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
