/// Stage 2b: groups tokens into sentences: final punctuation followed by a capital, a paragraph
/// break, or a short line without final punctuation (a headline, a subhead). Abbreviations do
/// not end a sentence unless they may ("Inc.") and a sentence-opening word follows.
///
/// Punctuation is tested on each token's `mark` scalar, not by comparing strings.
struct SentenceSplitter: Sendable {
    let lexicon: Lexicon

    func split(_ tokens: [Token]) -> [Sentence] {
        guard !tokens.isEmpty else { return [] }
        let openers = lexicon.w.function
        var sentences: [Sentence] = []
        var first = 0
        func isCloser(_ m: Unicode.Scalar) -> Bool {
            switch m { case "\"", "”", "’", "'", ")", "]", "»": return true; default: return false }
        }
        for i in 1..<tokens.count {
            var boundary = false
            let newlines = tokens[i].newlinesBefore
            if newlines >= 2 {
                boundary = true
            } else {
                var j = i - 1
                var steps = 0
                while j > first && tokens[j].kind == .punct && isCloser(tokens[j].mark) && steps < 2 { j -= 1; steps += 1 }
                let capitalized = tokens[i].isCapitalized
                let kind = tokens[i].kind
                let opensQuote: Bool
                switch tokens[i].mark { case "\"", "“", "‘", "(", "'": opensQuote = kind == .punct; default: opensQuote = false }
                let startsLikeSentence = capitalized || kind == .number || opensQuote || newlines > 0
                let finalMark: Bool
                switch tokens[j].mark { case ".", "!", "?", "…": finalMark = tokens[j].kind == .punct; default: finalMark = false }
                if finalMark {
                    boundary = startsLikeSentence
                } else if tokens[j].isAbbreviation && tokens[j].mayEndSentence {
                    boundary = newlines > 0 || (capitalized && openers.contains(tokens[i].lower))
                }
                if !boundary && newlines == 1 && (capitalized || kind == .number) {
                    // A short line without final punctuation (a headline, a subhead) ends there,
                    // unless it ends in a word that needs more ("of", "the", "and").
                    let prev = i - 1
                    let lineLength = tokens[prev].end - tokens[prev].lineStart
                    let prevPunct = tokens[prev].kind == .punct
                    let ends: Bool
                    switch tokens[prev].mark { case ".", "!", "?", ":", "\"", "”": ends = prevPunct; default: ends = false }
                    let danglingMark: Bool
                    switch tokens[prev].mark { case ",", "-", "(", "“": danglingMark = prevPunct; default: danglingMark = false }
                    let dangling = openers.contains(tokens[prev].lower) || danglingMark
                    let nameGoesOn = tokens[prev].isCapitalized && capitalized  // "aide Michael\nDeaver"
                    if !ends && !dangling && !nameGoesOn && lineLength < 50 && !tokens[prev].isAbbreviation { boundary = true }
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
