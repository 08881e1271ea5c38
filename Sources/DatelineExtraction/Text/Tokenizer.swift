import DatelineTime

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
        func add(_ start: Int, _ end: Int, _ kind: Token.Kind, abbreviation: Bool = false, mayEnd: Bool = false) {
            var isASCII = true
            var hasUpper = false
            for k in start..<end {
                let v = s[k].value
                if v >= 128 { isASCII = false; break }
                if v >= 65 && v <= 90 { hasUpper = true }
            }
            let text: String
            let lower: String
            // `WordHashTable.hash` of `lower`, for the word-class lookup.
            var hash = WordHashTable.seed
            if isASCII {
                // Written straight into the strings' storage: no scratch arrays per token; the
                // lower-case form is hashed on the way, and is the text itself when the token has
                // no capitals (most words).
                let length = end - start
                if hasUpper {
                    text = String(unsafeUninitializedCapacity: length) { out in
                        for k in 0..<length { out[k] = UInt8(truncatingIfNeeded: s[start + k].value) }
                        return length
                    }
                    lower = String(unsafeUninitializedCapacity: length) { out in
                        for k in 0..<length {
                            let v = UInt8(truncatingIfNeeded: s[start + k].value)
                            let c = v >= 65 && v <= 90 ? v + 32 : v
                            out[k] = c
                            hash = WordHashTable.mix(hash, c)
                        }
                        return length
                    }
                } else {
                    text = String(unsafeUninitializedCapacity: length) { out in
                        for k in 0..<length {
                            let c = UInt8(truncatingIfNeeded: s[start + k].value)
                            out[k] = c
                            hash = WordHashTable.mix(hash, c)
                        }
                        return length
                    }
                    lower = text
                }
            } else {
                text = Scalars.string(s[start..<end])
                lower = Scalars.lowered(s[start..<end]) ?? text.lowercased().replacingApostrophes()
                hash = WordHashTable.hash(lower)
            }
            var isCapitalized = false, isAllCaps = false
            var mark: Unicode.Scalar = "\u{0}"
            if kind == .word {
                isCapitalized = Scalars.isUpper(s[start])
                isAllCaps = hasUpper || !isASCII ? Token.allCaps(s[start..<end]) : false
            } else if kind == .punct && end - start == 1 {
                mark = s[start]
            }
            // `lower` without a final period ("sen." → "sen"), and its word lists.
            let classes = lexicon.classes(of: lower, hash: hash)
            let bare: String
            let bareClasses: WordClass
            if s[end - 1] == ".", lower.hasSuffix(".") {
                bare = String(lower.dropLast())
                bareClasses = lexicon.classes(of: bare)
            } else {
                bare = lower
                bareClasses = classes
            }
            // Built whole and appended: setting fields afterwards would copy the token.
            tokens.append(Token(start: start, end: end, text: text, lower: lower, kind: kind, newlinesBefore: newlines, lineStart: lineStart,
                                isCapitalized: isCapitalized, isAllCaps: isAllCaps, mark: mark, bare: bare, classes: classes,
                                bareClasses: bareClasses, lowerHash: hash, isAbbreviation: abbreviation, mayEndSentence: mayEnd))
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
                    if isLetter(d) || isDigit(d) || d.value >= 0x300 && Scalars.isNonspacingMark(d) { j += 1; segment += 1; continue }
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
                add(start, end, isNumber ? .number : .word, abbreviation: abbreviation, mayEnd: mayEnd)
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
