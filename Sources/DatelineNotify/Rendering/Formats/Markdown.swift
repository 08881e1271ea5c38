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
