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
