/// A word, number or punctuation mark of the cleaned text.
struct Token: Hashable, Sendable {
    enum Kind: Hashable, Sendable { case word, number, punct }
    /// Unicode-scalar offsets into the cleaned text.
    var start: Int
    var end: Int
    var text: String
    /// Lower-cased, with typographic apostrophes made straight.
    var lower: String
    var kind: Kind
    var newlinesBefore: Int
    /// Offset where this token's line starts.
    var lineStart: Int
    /// An abbreviation with its period ("Sen.", "U.S.", "J.").
    var isAbbreviation = false
    /// An abbreviation that may also end a sentence ("Inc.").
    var mayEndSentence = false

    /// Starts with a capital letter (a word).
    var isCapitalized = false
    /// Two or more letters, all capitals ("IRS", "AT&T").
    var isAllCaps = false
    /// `lower` without a final period ("sen." → "sen").
    var bare = ""

    var isWord: Bool { kind == .word }

    init(start: Int, end: Int, text: String, lower: String, kind: Kind, newlinesBefore: Int, lineStart: Int) {
        self.start = start
        self.end = end
        self.text = text
        self.lower = lower
        self.kind = kind
        self.newlinesBefore = newlinesBefore
        self.lineStart = lineStart
        self.bare = lower.hasSuffix(".") ? String(lower.dropLast()) : lower
        if kind == .word, let f = text.unicodeScalars.first {
            isCapitalized = Scalars.isUpper(f)
            var letters = 0
            var allUpper = true
            for c in text.unicodeScalars where Scalars.isLetter(c) {
                if !Scalars.isUpper(c) { allUpper = false; break }
                letters += 1
            }
            isAllCaps = allUpper && letters >= 2
        }
    }

}

/// Stage 2a: splits cleaned text into tokens, keeping abbreviations ("U.S.", "Sen.", initials)
/// whole and splitting possessive "'s" and "n't" off.
struct Tokenizer: Sendable {
    let lexicon: Lexicon

    func tokenize(_ s: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(s.count / 5)
        var i = 0
        let n = s.count
        var newlines = 0
        var lineStart = 0
        func isLetter(_ c: Unicode.Scalar) -> Bool { Scalars.isLetter(c) }
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        func isApostrophe(_ c: Unicode.Scalar) -> Bool { c == "'" || c == "’" }
        var ascii: [UInt8] = []
        var asciiLower: [UInt8] = []
        func add(_ start: Int, _ end: Int, _ kind: Token.Kind) {
            ascii.removeAll(keepingCapacity: true)
            asciiLower.removeAll(keepingCapacity: true)
            var isASCII = true
            for c in s[start..<end] {
                let v = c.value
                guard v < 128 else { isASCII = false; break }
                ascii.append(UInt8(v))
                asciiLower.append(UInt8(v >= 65 && v <= 90 ? v + 32 : v))
            }
            let text: String
            let lower: String
            if isASCII {
                text = String(decoding: ascii, as: UTF8.self)
                lower = String(decoding: asciiLower, as: UTF8.self)
            } else {
                text = Scalars.string(s[start..<end])
                lower = Scalars.lowered(s[start..<end]) ?? text.lowercased().replacingApostrophes()
            }
            tokens.append(Token(start: start, end: end, text: text, lower: lower, kind: kind, newlinesBefore: newlines, lineStart: lineStart))
            newlines = 0
        }
        while i < n {
            let c = s[i]
            if c == "\n" { newlines += 1; i += 1; lineStart = i; continue }
            if Scalars.isSpace(c) { i += 1; continue }
            if isLetter(c) || isDigit(c) {
                let start = i
                var j = i + 1
                var segment = 1  // letters since the last internal period
                var hasPeriod = false
                while j < n {
                    let d = s[j]
                    if isLetter(d) || isDigit(d) || d.value >= 0x300 && d.properties.generalCategory == .nonspacingMark { j += 1; segment += 1; continue }
                    if j + 1 < n {
                        let e = s[j + 1]
                        if isApostrophe(d) && isLetter(e) {
                            // Possessive 's ends the word; other apostrophes (O'Brien, don't) stay inside.
                            if (e == "s" || e == "S") && (j + 2 >= n || !isLetter(s[j + 2])) { break }
                            j += 2; segment += 2; continue
                        }
                        if d == "-" && (isLetter(e) || isDigit(e)) { j += 2; segment = 1; continue }
                        if d == "." && isLetter(e) && segment == 1 && isLetter(s[j - 1]) { j += 2; segment = 1; hasPeriod = true; continue }
                        if (d == "." || d == ",") && isDigit(e) && isDigit(s[j - 1]) { j += 2; continue }
                        if d == "&" && ("A"..."Z").contains(e) && ("A"..."Z").contains(s[j - 1]) { j += 2; continue }
                    }
                    break
                }
                // "didn't" → "did" + "n't".
                if j - start > 3, s[j - 1] == "t" || s[j - 1] == "T", isApostrophe(s[j - 2]), s[j - 3] == "n" || s[j - 3] == "N" {
                    add(start, j - 3, .word)
                    add(j - 3, j, .word)
                    i = j
                    continue
                }
                var end = j
                var abbreviation = false
                var mayEnd = false
                if j < n && s[j] == "." {
                    let word = Scalars.string(s[start..<j]).lowercased() + "."
                    let singleCapital = j - start == 1 && Scalars.isUpper(s[start])
                    if lexicon.abbreviations.contains(word) || singleCapital || hasPeriod {
                        end = j + 1
                        abbreviation = true
                        mayEnd = lexicon.sentenceEndingAbbreviations.contains(word) || (hasPeriod && !singleCapital)
                    }
                }
                let isNumber = isDigit(c) && !s[start..<j].contains(where: { isLetter($0) })
                add(start, end, isNumber ? .number : .word)
                tokens[tokens.count - 1].isAbbreviation = abbreviation
                tokens[tokens.count - 1].mayEndSentence = mayEnd
                i = end
                continue
            }
            if isApostrophe(c), i + 1 < n, s[i + 1] == "s" || s[i + 1] == "S", i + 2 >= n || !isLetter(s[i + 2]), i > 0, isLetter(s[i - 1]) {
                add(i, i + 2, .word)
                i += 2
                continue
            }
            add(i, i + 1, .punct)
            i += 1
        }
        return tokens
    }
}

extension String {
    func replacingApostrophes() -> String {
        guard unicodeScalars.contains(where: { $0 == "’" || $0 == "‘" }) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { $0 == "’" || $0 == "‘" ? "'" : $0 }))
    }
}

/// A sentence: a range of tokens and of the cleaned text.
struct Sentence: Hashable, Sendable {
    var tokens: Range<Int>
    var start: Int
    var end: Int
}

/// Stage 2b: groups tokens into sentences: final punctuation followed by a capital, a paragraph
/// break, or a short line without final punctuation (a headline, a subhead). Abbreviations do
/// not end a sentence unless they may ("Inc.") and a sentence-opening word follows.
struct SentenceSplitter: Sendable {
    let lexicon: Lexicon

    func split(_ tokens: [Token]) -> [Sentence] {
        guard !tokens.isEmpty else { return [] }
        let openers = lexicon.w.function
        var sentences: [Sentence] = []
        var first = 0
        let closers: Set<String> = ["\"", "”", "’", "'", ")", "]", "»"]
        for i in 1..<tokens.count {
            let t = tokens[i]
            var boundary = false
            if t.newlinesBefore >= 2 {
                boundary = true
            } else {
                var j = i - 1
                var steps = 0
                while j > first && closers.contains(tokens[j].text) && steps < 2 { j -= 1; steps += 1 }
                let p = tokens[j]
                let startsLikeSentence = t.isCapitalized || t.kind == .number || ["\"", "“", "‘", "(", "'"].contains(t.text) || t.newlinesBefore > 0
                if p.kind == .punct && (p.text == "." || p.text == "!" || p.text == "?" || p.text == "…") {
                    boundary = startsLikeSentence
                } else if p.isAbbreviation && p.mayEndSentence {
                    boundary = t.newlinesBefore > 0 || (t.isCapitalized && openers.contains(t.lower))
                }
                if !boundary && t.newlinesBefore == 1 && (t.isCapitalized || t.kind == .number) {
                    // A short line without final punctuation (a headline, a subhead) ends there,
                    // unless it ends in a word that needs more ("of", "the", "and").
                    let prev = tokens[i - 1]
                    let lineLength = prev.end - prev.lineStart
                    let ends = prev.kind == .punct && [".", "!", "?", ":", "\"", "”"].contains(prev.text)
                    let dangling = openers.contains(prev.lower) || prev.kind == .punct && [",", "-", "(", "“"].contains(prev.text)
                    let nameGoesOn = prev.isCapitalized && t.isCapitalized  // "aide Michael\nDeaver"
                    if !ends && !dangling && !nameGoesOn && lineLength < 50 && !prev.isAbbreviation { boundary = true }
                }
            }
            if boundary {
                sentences.append(Sentence(tokens: first..<i, start: tokens[first].start, end: tokens[i - 1].end))
                first = i
            }
        }
        sentences.append(Sentence(tokens: first..<tokens.count, start: tokens[first].start, end: tokens[tokens.count - 1].end))
        return sentences
    }
}

/// Fast character classes: ASCII answered directly, the rest by Unicode properties.
enum Scalars {
    @inline(__always) static func isLetter(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 128 { return (v >= 65 && v <= 90) || (v >= 97 && v <= 122) }
        return c.properties.isAlphabetic
    }
    @inline(__always) static func isUpper(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 128 { return v >= 65 && v <= 90 }
        return c.properties.isUppercase
    }
    @inline(__always) static func isSpace(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 128 { return v == 32 || (v >= 9 && v <= 13) }
        return c.properties.isWhitespace
    }
    /// A string from scalars, encoded to UTF-8 directly (faster than appending scalars one by one).
    static func string<C: Collection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count + scalars.count / 4)
        for c in scalars {
            let v = c.value
            if v < 0x80 {
                bytes.append(UInt8(v))
            } else if v < 0x800 {
                bytes.append(UInt8(0xC0 | (v >> 6)))
                bytes.append(UInt8(0x80 | (v & 0x3F)))
            } else if v < 0x10000 {
                bytes.append(UInt8(0xE0 | (v >> 12)))
                bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                bytes.append(UInt8(0x80 | (v & 0x3F)))
            } else {
                bytes.append(UInt8(0xF0 | (v >> 18)))
                bytes.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
                bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
                bytes.append(UInt8(0x80 | (v & 0x3F)))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Lower-cases ASCII text (and makes ’ and ‘ straight); nil when other characters need Unicode rules.
    static func lowered(_ s: ArraySlice<Unicode.Scalar>) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.count)
        for c in s {
            let v = c.value
            if v < 128 { bytes.append(UInt8(v >= 65 && v <= 90 ? v + 32 : v)) } else if v == 0x2019 || v == 0x2018 { bytes.append(39) } else { return nil }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
