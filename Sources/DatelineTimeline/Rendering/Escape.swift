import DatelineCore

/// Escaping shared by the markup renderers.
enum Escape {
    /// Text for XML/HTML content and attribute values: `& < > " '` escaped, and characters XML
    /// 1.0 forbids (C0 controls other than tab/newline/return, U+FFFE, U+FFFF) dropped so the
    /// output stays well-formed whatever an article contained.
    static func xml(_ s: String) -> String {
        // Fast path: no markup characters, no C0 controls, no U+FFFE/U+FFFF (lead byte 0xEF).
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || $0 == 0xEF }) {
            return s
        }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": continue
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// A URL that is safe to put in a link: only `http` and `https` URLs without spaces or
    /// control characters; anything else (`javascript:`, `data:`) is `nil` and is shown as
    /// text, not linked.
    static func safeURL(_ url: String?) -> String? {
        guard let url else { return nil }
        let trimmed = url.trimmingWhitespace
        let lower = trimmed.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), trimmed.count > 8 else { return nil }
        guard !trimmed.unicodeScalars.contains(where: { $0.value <= 0x20 || $0 == "\u{7F}" }) else { return nil }
        return trimmed
    }

    /// Markdown text: ASCII punctuation that means something in CommonMark is backslash-escaped,
    /// newlines become spaces.
    static func markdown(_ s: String) -> String {
        var out = ""
        for c in HeadlineTemplates.oneLine(s) {
            if "\\`*_[]<>&#|!~".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// A URL inside Markdown link parentheses: `(`, `)`, `<`, `>` and spaces percent-encoded.
    static func markdownURL(_ url: String) -> String { MarkdownLink.target(url) }
}
