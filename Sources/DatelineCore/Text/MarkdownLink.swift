/// Markdown link pieces shared by every renderer that writes Markdown (timelines, chat messages).
public enum MarkdownLink {
    /// A URL made safe inside Markdown link parentheses: spaces, `(`, `)`, `<` and `>`
    /// percent-encoded, so a URL from an article cannot end the link early or open HTML.
    public static func target(_ url: String) -> String {
        var out = ""
        out.reserveCapacity(url.utf8.count)
        for character in url {
            switch character {
            case " ": out += "%20"
            case "(": out += "%28"
            case ")": out += "%29"
            case "<": out += "%3C"
            case ">": out += "%3E"
            default: out.append(character)
            }
        }
        return out
    }
}
