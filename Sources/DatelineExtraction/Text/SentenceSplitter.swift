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
                while j > first && tokens[j].kind == .punct && closers.contains(tokens[j].text) && steps < 2 { j -= 1; steps += 1 }
                let p = tokens[j]
                let startsLikeSentence = t.isCapitalized || t.kind == .number || t.kind == .punct && ["\"", "“", "‘", "(", "'"].contains(t.text) || t.newlinesBefore > 0
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
