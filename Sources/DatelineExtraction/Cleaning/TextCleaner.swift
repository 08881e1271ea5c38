import DatelineCore

/// Stage 1: turns an article (plain text or HTML) into clean text — markup, navigation and
/// boilerplate (share/subscribe lines, fundraising appeals, photo captions, copyright lines) removed.
///
/// Lines are kept as lines: a blank line separates paragraphs, an indented line starts one.
struct TextCleaner: Sendable {
    let lexicon: Lexicon

    func clean(_ input: ArticleInput) -> CleanedText { cleanWithScalars(input).cleaned }

    /// `clean(_:)` and the scalars of the cleaned text, which the extractor needs anyway (so it
    /// does not decode the text it was just built from).
    func cleanWithScalars(_ input: ArticleInput) -> (cleaned: CleanedText, scalars: [Unicode.Scalar]) {
        let raw = input.isHTML ? HTMLStripper(entities: lexicon.entities).strip(input.body) : input.body
        var lines: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        var atLineStart = true
        var indent = 0
        var pendingSpace = false
        func endLine() {
            lines.append(current)
            current = []
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
                    if indent >= 2 && !lines.isEmpty && !(lines.last?.isEmpty ?? true) { lines.append([]) }
                    atLineStart = false
                }
                if pendingSpace { current.append(" "); pendingSpace = false }
                current.append(c)
            }
        }
        if !current.isEmpty { lines.append(current) }
        let kept = dropBoilerplate(lines)
        var text: [Unicode.Scalar] = []
        text.reserveCapacity(raw.utf8.count)  // at least the scalar count, without counting them
        var headlineEnd = 0
        if let headline = input.headline?.trimmingWhitespace(), !headline.isEmpty {
            text.append(contentsOf: headline.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
            headlineEnd = text.count
        }
        var blank = true
        for line in kept {
            if line.isEmpty {
                blank = true
                continue
            }
            if !text.isEmpty { text.append(contentsOf: blank ? ["\n", "\n"] : ["\n"]) }
            text.append(contentsOf: line)
            blank = false
        }
        return (CleanedText(text: Scalars.string(text), headlineEnd: headlineEnd), text)
    }

    /// Drops navigation and appeal lines, photo captions, and an appeal block at the end.
    func dropBoilerplate(_ lines: [[Unicode.Scalar]]) -> [[Unicode.Scalar]] {
        let lineCues = lexicon.boilerplateBytes["line"] ?? []
        let linePatterns = lexicon.linePatterns
        let blockPatterns = lexicon.blockPatterns
        let nonBlank = lines.filter { !$0.isEmpty }.count
        var seen = 0
        var result: [[Unicode.Scalar]] = []
        result.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            if line.isEmpty { result.append(line); continue }
            seen += 1
            // A caption is a paragraph of its own, not a wrapped line inside one.
            let alone = (index == 0 || lines[index - 1].isEmpty) && (index + 1 == lines.count || lines[index + 1].isEmpty)
            var lower: [UInt8] = []
            lower.reserveCapacity(line.count)
            for c in line {
                let v = c.value
                if v < 128 { lower.append(UInt8(v >= 65 && v <= 90 ? v + 32 : v)) } else { lower.append(contentsOf: Array(String(c).lowercased().utf8)) }
            }
            var wordCount = 1
            for c in line where c == " " { wordCount += 1 }
            if blockPatterns.occurs(in: lower) {
                if seen * 5 >= nonBlank * 2 { break }  // an appeal in the last 60%: the rest is appeal
                continue
            }
            if lineCues.contains(where: { lower.starts(with: $0) }) || (wordCount <= 14 && linePatterns.occurs(in: lower)) { continue }
            if seen > 1 && alone && wordCount <= 30 && mayBeCaption(lower) {
                if line.allSatisfy({ $0.value < 128 }) {
                    if isCaption(ascii: lower, wordCount: wordCount) { continue }
                } else {
                    let text = Scalars.string(line)
                    if isCaption(text, lower: text.lowercased(), wordCount: wordCount) { continue }
                }
            }
            result.append(line)
        }
        return result
    }

    /// A cheap test before `isCaption`: a photo-credit word or a month name.
    func mayBeCaption(_ lower: [UInt8]) -> Bool {
        lexicon.captionPatterns.occurs(in: lower)
    }

    /// Whether `needle` occurs in `haystack` (bytes).
    func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// `isCaption` for an ASCII line given lower-cased, without building strings for it.
    func isCaption(ascii lower: [UInt8], wordCount: Int) -> Bool {
        guard wordCount <= 30, let last = lower.last, last != UInt8(ascii: "?"), last != UInt8(ascii: ":") else { return false }
        var words: [ArraySlice<UInt8>] = []
        var start = -1
        for (k, b) in lower.enumerated() {
            let inWord = (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 39
            if inWord { if start < 0 { start = k } } else if start >= 0 { words.append(lower[start..<k]); start = -1 }
        }
        if start >= 0 { words.append(lower[start...]) }
        func string(_ w: ArraySlice<UInt8>) -> String { String(decoding: w, as: UTF8.self) }
        let credit = (lexicon.boilerplateBytes["caption"] ?? []).contains { contains(lower, $0) }
        let months = lexicon.w.month
        var dated = false
        for (i, w) in words.enumerated() where w.count > 3 && months.contains(string(w)) {
            if i + 1 < words.count, let d = Int(string(words[i + 1])), (1...31).contains(d) { dated = true }
        }
        guard credit || dated else { return false }
        for w in words {
            if TextCleaner.finiteVerbs.contains(string(w)) { return false }
            if w.count > 4 && w[w.endIndex - 2] == UInt8(ascii: "e") && w[w.endIndex - 1] == UInt8(ascii: "d") { return false }
        }
        return !lower.contains(UInt8(ascii: "\""))
    }

    /// Whether `lower` contains a photo-credit phrase, as Foundation's `contains` says.
    ///
    /// A line of ASCII and typographic punctuation (U+2010–U+2027: dashes, quotes, ellipsis —
    /// the usual non-ASCII of news text, none with a decomposition) searched for ASCII phrases
    /// without ";" or "`" (the only ASCII with canonical equivalents elsewhere) matches exactly
    /// where the bytes do: searched as bytes, without bridging to NSString. Anything else goes
    /// to Foundation's canonical-equivalence search as before.
    func containsCaptionCredit(_ lower: String) -> Bool {
        let phrases = lexicon.boilerplateBytes["caption"] ?? []
        let plainPhrases = phrases.allSatisfy { $0.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: "`") } }
        if plainPhrases && lower.unicodeScalars.allSatisfy({ $0.value < 0x80 || (0x2010..<0x2028).contains($0.value) }) {
            let bytes = Array(lower.utf8)
            return phrases.contains { !$0.isEmpty && contains(bytes, $0) }
        }
        return (lexicon.boilerplate["caption"] ?? []).contains { lower.contains($0) }
    }

    static let finiteVerbs: Set<String> = ["is", "are", "was", "were", "has", "have", "had", "will", "would", "said", "says", "can", "could", "may", "might", "must", "should", "did", "does"]

    /// A photo caption: a short line with no finite verb that names a date or a photo credit.
    func isCaption(_ line: String, lower: String, wordCount: Int) -> Bool {
        guard wordCount <= 30, !line.hasSuffix("?"), !line.hasSuffix(":") else { return false }
        let words = lower.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" && $0 != "’" }).map(String.init)
        let credit = containsCaptionCredit(lower)
        let months = lexicon.w.month
        var dated = false
        for (i, w) in words.enumerated() where months.contains(w) && w.count > 3 {
            if i + 1 < words.count, let d = Int(words[i + 1]), (1...31).contains(d) { dated = true }
        }
        guard credit || dated else { return false }
        for w in words {
            if TextCleaner.finiteVerbs.contains(w) { return false }
            if w.count > 4 && w.hasSuffix("ed") { return false }
        }
        // A line ending in a sentence that quotes someone is prose, not a caption.
        if line.contains("“") || line.contains("\"") { return false }
        return true
    }
}
