/// Matches a cue phrase of `cues.txt` at a token.
struct CueMatcher: Sendable {
    let lexicon: Lexicon

    /// The first cue of `section` that matches a token in `range`, as (start, last).
    func find(_ section: String, tokens: [Token], in range: Range<Int>) -> (Int, Int)? {
        guard let index = lexicon.cueIndex[section], !range.isEmpty else { return nil }
        for i in range {
            var candidates = tokens[i].classes.contains(.cueStart) ? index.byFirstWord[tokens[i].lower] ?? [] : []
            if !index.prefixed.isEmpty {
                for p in index.prefixed {
                    if case .prefix(let pre) = p.first, tokens[i].lower.utf8.first == pre.utf8.first, tokens[i].lower.hasPrefix(pre) { candidates.append(p) }
                }
            }
            for phrase in candidates {
                var t = i
                var ok = true
                for p in phrase {
                    guard t < range.upperBound else { ok = false; break }
                    switch p {
                    case .word(let w): ok = tokens[t].lower == w
                    case .prefix(let pre): ok = tokens[t].lower.hasPrefix(pre)
                    case .gap: ok = true
                    }
                    if !ok { break }
                    t += 1
                }
                if ok { return (i, t - 1) }
            }
        }
        return nil
    }
}
