import DatelineCore

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

    /// A link target with spaces, parentheses and angle brackets percent-encoded.
    static func target(_ url: String) -> String { MarkdownLink.target(url) }

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
