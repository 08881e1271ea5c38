import DatelineCore

/// The cleaned text of an article and where its headline ends.
public struct CleanedText: Hashable, Sendable {
    /// The text events are read from; all offsets are Unicode-scalar offsets into it.
    public var text: String
    /// Offset just past the headline (0 when there is none); the headline is not mined for events.
    public var headlineEnd: Int
}

/// Stage 1: turns an article (plain text or HTML) into clean text — markup, navigation and
/// boilerplate (share/subscribe lines, fundraising appeals, photo captions, copyright lines) removed.
///
/// Lines are kept as lines: a blank line separates paragraphs, an indented line starts one.
struct TextCleaner: Sendable {
    let lexicon: Lexicon

    func clean(_ input: ArticleInput) -> CleanedText {
        let raw = input.isHTML ? HTMLStripper(entities: lexicon.entities).strip(input.body) : input.body
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var atLineStart = true
        var indent = 0
        var pendingSpace = false
        func endLine() {
            lines.append(String(current))
            current = String.UnicodeScalarView()
            atLineStart = true
            indent = 0
            pendingSpace = false
        }
        var lastWasCR = false
        for c in raw.unicodeScalars {
            defer { lastWasCR = c == "\r" }
            switch c {
            case "\n", "\r", "\u{2028}", "\u{2029}", "\u{0B}", "\u{0C}":
                if c == "\n" && lastWasCR { continue }  // "\r\n" is one line break
                endLine()
            case " ", "\t", "\u{A0}", "\u{2009}", "\u{2002}", "\u{2003}", "\u{202F}", "\u{3000}":
                if atLineStart { indent += c == "\t" ? 4 : 1 } else { pendingSpace = true }
            default:
                if c.value < 0x20 || c == "\u{7F}" || c == "\u{FEFF}" || c == "\u{200B}" || c == "\u{AD}" { continue }
                if atLineStart {
                    if indent >= 2 && !lines.isEmpty && lines.last != "" { lines.append("") }
                    atLineStart = false
                }
                if pendingSpace { current.append(" "); pendingSpace = false }
                current.append(c)
            }
        }
        if !current.isEmpty { lines.append(String(current)) }
        let kept = dropBoilerplate(lines)
        var text = String.UnicodeScalarView()
        var blank = true
        for line in kept {
            if line.isEmpty {
                if !blank { text.append(contentsOf: "\n".unicodeScalars); blank = true }
                continue
            }
            if !text.isEmpty && !blank { text.append("\n") } else if !text.isEmpty { text.append("\n") }
            text.append(contentsOf: line.unicodeScalars)
            blank = false
        }
        // Trim a trailing newline.
        while let last = text.last, last == "\n" { text.removeLast() }
        var headlineEnd = 0
        if let headline = input.headline?.trimmingWhitespace(), !headline.isEmpty {
            let h = headline.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : $0 }
            var combined = String.UnicodeScalarView(h)
            headlineEnd = combined.count
            if !text.isEmpty { combined.append(contentsOf: "\n\n".unicodeScalars) }
            combined.append(contentsOf: text)
            text = combined
        }
        return CleanedText(text: String(text), headlineEnd: headlineEnd)
    }

    /// Drops navigation and appeal lines, photo captions, and an appeal block at the end.
    func dropBoilerplate(_ lines: [String]) -> [String] {
        let lineCues = lexicon.boilerplate["line"] ?? []
        let blockCues = lexicon.boilerplate["block"] ?? []
        let nonBlank = lines.filter { !$0.isEmpty }.count
        var seen = 0
        var result: [String] = []
        result.reserveCapacity(lines.count)
        for line in lines {
            if line.isEmpty { result.append(line); continue }
            seen += 1
            let lower = line.lowercased()
            let wordCount = line.split(separator: " ").count
            if blockCues.contains(where: { lower.contains($0) }) {
                if seen * 5 >= nonBlank * 2 { break }  // an appeal in the last 60%: the rest is appeal
                continue
            }
            if lineCues.contains(where: { lower.hasPrefix($0) || (wordCount <= 14 && lower.contains($0)) }) { continue }
            if seen > 1 && isCaption(line, lower: lower, wordCount: wordCount) { continue }
            result.append(line)
        }
        return result
    }

    /// A photo caption: a short line with no finite verb that names a date or a photo credit.
    func isCaption(_ line: String, lower: String, wordCount: Int) -> Bool {
        guard wordCount <= 30, !line.hasSuffix("?"), !line.hasSuffix(":") else { return false }
        let words = lower.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" && $0 != "’" }).map(String.init)
        let credit = (lexicon.boilerplate["caption"] ?? []).contains { lower.contains($0) }
        let months = lexicon.words("month")
        var dated = false
        for (i, w) in words.enumerated() where months.contains(w) && w.count > 3 {
            if i + 1 < words.count, let d = Int(words[i + 1]), (1...31).contains(d) { dated = true }
        }
        guard credit || dated else { return false }
        let finite = lexicon.words("verb-group")
        let finiteVerbs: Set<String> = ["is", "are", "was", "were", "has", "have", "had", "will", "would", "said", "says", "can", "could", "may", "might", "must", "should", "did", "does"]
        for w in words {
            if finiteVerbs.contains(w) { return false }
            if w.count > 4 && w.hasSuffix("ed") && !finite.contains(w) { return false }
        }
        // A line ending in a sentence that quotes someone is prose, not a caption.
        if line.contains("“") || line.contains("\"") { return false }
        return true
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let f = scalars.first, f.properties.isWhitespace { scalars = scalars.dropFirst() }
        while let l = scalars.last, l.properties.isWhitespace { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
