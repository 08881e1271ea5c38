/// Escaping, mass-mention neutralising and clean truncation of untrusted text (article
/// sentences, names, headlines) before it goes into a chat message.
///
/// Lengths are measured in UTF-16 code units: never less than the characters, code points or
/// graphemes a service may count, so a text within a limit here is within it there. Cuts fall
/// on grapheme (Character) boundaries and end with "…"; an escape sequence is never split.
public enum TextSafety {
    /// WORD JOINER: invisible, and breaks the `@everyone` token so no service expands it.
    static let joiner: Character = "\u{2060}"

    /// Inserts an invisible joiner after `@` wherever a mass mention (`words`, any case) follows.
    public static func neutralizeMentions(_ text: String, words: [String]) -> String {
        guard text.contains("@") else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        var rest = Substring(text)
        while let at = rest.firstIndex(of: "@") {
            out += rest[...at]
            let after = rest[rest.index(after: at)...]
            if words.contains(where: { after.lowercased().hasPrefix($0) }) { out.append(joiner) }
            rest = after
        }
        out += rest
        return out
    }

    /// Slack: `&`, `<`, `>` as entities (so `<!channel>` and `<@U123>` stay literal) and
    /// `@channel`/`@here`/`@everyone` broken.
    static func slack(_ text: String) -> String {
        escapeEntities(neutralizeMentions(text, words: ["channel", "here", "everyone"]), quote: false)
    }

    /// Mattermost Markdown: `@channel`, `@all`, `@here` broken.
    static func mattermost(_ text: String) -> String {
        neutralizeMentions(text, words: ["channel", "all", "here"])
    }

    /// Discord: `@everyone` and `@here` broken (the payload also sets `allowed_mentions`).
    static func discord(_ text: String) -> String {
        neutralizeMentions(text, words: ["everyone", "here"])
    }

    /// Google Chat card HTML: `&`, `<`, `>`, `"` as entities.
    static func html(_ text: String) -> String {
        escapeEntities(text, quote: true)
    }

    /// Google Chat plain text: `<users/all>` mentions broken.
    static func googleChatText(_ text: String) -> String {
        guard text.contains("<") else { return text }
        var out = ""
        var rest = Substring(text)
        while let lt = rest.firstIndex(of: "<") {
            out += rest[...lt]
            let after = rest[rest.index(after: lt)...]
            if after.lowercased().hasPrefix("users/") { out.append(joiner) }
            rest = after
        }
        out += rest
        return out
    }

    static func escapeEntities(_ text: String, quote: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quote: out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// `text` cut to at most `limit` UTF-16 units, ending with "…" when cut. Never splits a
    /// grapheme, and never splits an `&…;` entity produced by the escapers here.
    public static func truncate(_ text: String, toUTF16 limit: Int) -> String {
        if text.utf16.count <= limit { return text }
        guard limit >= 1 else { return "" }
        var used = 0
        var end = text.startIndex
        var lastSafe = text.startIndex
        var entityLength = -1  // characters since an unclosed "&", or -1
        for index in text.indices {
            let ch = text[index]
            let size = String(ch).utf16.count
            if used + size > limit - 1 { break }
            used += size
            end = text.index(after: index)
            if ch == "&" {
                entityLength = 0
            } else if entityLength >= 0 {
                entityLength = (ch == ";" || entityLength >= 8 || !(ch.isLetter || ch.isNumber || ch == "#")) ? -1 : entityLength + 1
            }
            if entityLength < 0 { lastSafe = end }
        }
        let inEntity = entityLength >= 0
        let cut = inEntity ? lastSafe : end
        var prefix = String(text[..<cut])
        // Do not leave a dangling joiner or a space before the ellipsis.
        while let last = prefix.last, last == joiner || last == " " || last == "\n" { prefix.removeLast() }
        return prefix + "…"
    }

    /// `text` cut so its UTF-8 encoding is at most `limit` bytes, ending with "…" when cut.
    public static func truncate(_ text: String, toUTF8 limit: Int) -> String {
        if text.utf8.count <= limit { return text }
        guard limit >= 3 else { return "" }
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let size = String(text[index]).utf8.count
            if used + size > limit - 3 { break }
            used += size
            end = text.index(after: index)
        }
        return String(text[..<end]) + "…"
    }

    /// Splits `text` into pieces of at most `limit` UTF-16 units, preferring line breaks.
    static func chunks(_ text: String, limit: Int, maxChunks: Int) -> [String] {
        var result: [String] = []
        var current = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let piece = current.isEmpty ? String(line) : current + "\n" + line
            if piece.utf16.count <= limit {
                current = piece
                continue
            }
            if !current.isEmpty { result.append(current) }
            current = String(line)
            while current.utf16.count > limit {
                let head = truncate(current, toUTF16: limit)
                result.append(head)
                // Continue with what the cut left out (minus the ellipsis character).
                let kept = head.dropLast().count
                current = String(current.dropFirst(kept))
            }
        }
        if !current.isEmpty || result.isEmpty { result.append(current) }
        if result.count > maxChunks {
            var kept = Array(result.prefix(maxChunks))
            kept[maxChunks - 1] = truncate(kept[maxChunks - 1] + "\n…", toUTF16: limit)
            return kept
        }
        return result
    }
}
