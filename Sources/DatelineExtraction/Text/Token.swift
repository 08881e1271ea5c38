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

    var isWord: Bool { kind == .word }
    var isCapitalized: Bool {
        guard kind == .word, let f = text.unicodeScalars.first else { return false }
        return f.properties.isUppercase
    }
    var isAllCaps: Bool {
        guard kind == .word else { return false }
        var letters = 0
        for c in text.unicodeScalars where c.properties.isAlphabetic {
            if !c.properties.isUppercase { return false }
            letters += 1
        }
        return letters >= 2
    }
    /// The lower-cased word without a final period ("sen." → "sen").
    var bare: String { lower.hasSuffix(".") ? String(lower.dropLast()) : lower }
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
        func isLetter(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic }
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        func isApostrophe(_ c: Unicode.Scalar) -> Bool { c == "'" || c == "’" }
        func add(_ start: Int, _ end: Int, _ kind: Token.Kind) {
            let text = String(String.UnicodeScalarView(s[start..<end]))
            let lower = text.lowercased().replacingApostrophes()
            tokens.append(Token(start: start, end: end, text: text, lower: lower, kind: kind, newlinesBefore: newlines, lineStart: lineStart))
            newlines = 0
        }
        while i < n {
            let c = s[i]
            if c == "\n" { newlines += 1; i += 1; lineStart = i; continue }
            if c.properties.isWhitespace { i += 1; continue }
            if isLetter(c) || isDigit(c) {
                let start = i
                var j = i + 1
                var segment = 1  // letters since the last internal period
                var hasPeriod = false
                while j < n {
                    let d = s[j]
                    if isLetter(d) || isDigit(d) || d.properties.generalCategory == .nonspacingMark { j += 1; segment += 1; continue }
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
                    let word = String(String.UnicodeScalarView(s[start..<j])).lowercased() + "."
                    let singleCapital = j - start == 1 && s[start].properties.isUppercase
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
        let openers = lexicon.words("function")
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
                    if !ends && !dangling && lineLength < 50 && !prev.isAbbreviation { boundary = true }
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
