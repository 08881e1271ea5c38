/// Matches a cue phrase of `cues.txt` at a token.
struct CueMatcher: Sendable {
    let lexicon: Lexicon

    /// The first cue of `section` that matches a token in `range`, as (start, last).
    ///
    /// A token's word is looked up among the section's first words only when its classes say it
    /// starts a phrase of this section (one bit per section), so most tokens cost no hashing.
    func find(_ section: String, tokens: [Token], in range: Range<Int>) -> (Int, Int)? {
        guard !range.isEmpty, let section = lexicon.cueSection(section) else { return nil }
        let startClass = section.index.startClass
        for i in range {
            if tokens[i].classes.contains(startClass), let phrases = section.index.phrases(startingWith: tokens[i].lower, hash: tokens[i].lowerHash) {
                for phrase in phrases {
                    if let last = match(phrase, at: i, tokens: tokens, in: range) { return (i, last) }
                }
            }
            for p in section.index.prefixed {
                if case .prefix(let pre) = p.first, tokens[i].lower.utf8.first == pre.utf8.first, tokens[i].lower.hasPrefix(pre),
                   let last = match(p, at: i, tokens: tokens, in: range) {
                    return (i, last)
                }
            }
        }
        return nil
    }

    /// The last token of `phrase` matched from token `i` within `range`, or `nil`.
    @inline(__always)
    private func match(_ phrase: [PatternToken], at i: Int, tokens: [Token], in range: Range<Int>) -> Int? {
        var t = i
        for p in phrase {
            guard t < range.upperBound else { return nil }
            let ok: Bool
            switch p {
            case .word(let w): ok = tokens[t].lower == w
            case .prefix(let pre): ok = tokens[t].lower.hasPrefix(pre)
            case .gap: ok = true
            }
            if !ok { return nil }
            t += 1
        }
        return t - 1
    }
}
