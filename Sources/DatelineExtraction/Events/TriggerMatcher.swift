import DatelineCore

/// Stage 4a: finds the trigger phrases of `triggers.txt` in a sentence, longest first, with
/// blocking phrases ("dismissed reports") removing what they overlap.
struct TriggerMatcher: Sendable {
    let lexicon: Lexicon

    func matches(tokens: [Token], sentence: Sentence, index: Int, names: [NameMention]) -> [TriggerMatch] {
        var found: [TriggerMatch] = []
        let range = sentence.tokens
        for i in range where tokens[i].kind == .word {
            // The phrases starting with this word (looked up by the token's hash), then those
            // starting with a prefix of it.
            if tokens[i].classes.contains(.triggerStart),
               let list = lexicon.hashedTriggerLists.value(of: tokens[i].lower, hash: tokens[i].lowerHash) {
                for c in lexicon.triggerLists[Int(list)] {
                    if let last = match(lexicon.triggers[c].tokens, tokens: tokens, at: i, end: range.upperBound) {
                        found.append(TriggerMatch(pattern: lexicon.triggers[c], first: i, last: last, sentence: index))
                    }
                }
            }
            for (c, pre) in lexicon.triggerPrefixes where tokens[i].lower.utf8.first == pre.utf8.first && tokens[i].lower.hasPrefix(pre) {
                if let last = match(lexicon.triggers[c].tokens, tokens: tokens, at: i, end: range.upperBound) {
                    found.append(TriggerMatch(pattern: lexicon.triggers[c], first: i, last: last, sentence: index))
                }
            }
        }
        guard !found.isEmpty else { return [] }
        // Triggers inside a capitalized name ("Court of Appeal", "Deal Street") are not triggers,
        // unless the word opens the sentence.
        found.removeAll { m in
            tokens[m.first].isCapitalized && m.first != range.lowerBound
                && names.contains { $0.tokens.contains(m.first) || ($0.titleTokens?.contains(m.first) ?? false) }
        }
        found.sort { (-($0.last - $0.first), $0.first) < (-($1.last - $1.first), $1.first) }
        var kept: [TriggerMatch] = []
        let blockers = found.filter { $0.pattern.kind == nil }
        for m in found where m.pattern.kind != nil {
            if blockers.contains(where: { b in b.first <= m.last && m.first <= b.last && (b.last - b.first) >= (m.last - m.first) }) { continue }
            // Same kind overlapping: the longer wins. Other kinds: a match sharing two or more
            // words with a longer one is part of it ("recommended by Jobs to take over as").
            if kept.contains(where: { k in
                let overlap = min(k.last, m.last) - max(k.first, m.first) + 1
                guard overlap > 0 else { return false }
                return k.pattern.kind == m.pattern.kind || overlap >= 2 || (k.first <= m.first && m.last <= k.last)
            }) { continue }
            kept.append(m)
        }
        return kept.sorted { $0.first < $1.first }
    }

    /// The position of the last matched word, or nil.
    func match(_ pattern: [PatternToken], tokens: [Token], at start: Int, end: Int) -> Int? {
        func step(_ p: Int, _ t: Int) -> Int? {
            if p == pattern.count { return t - 1 }
            if t >= end { return nil }
            switch pattern[p] {
            case .word(let w):
                return tokens[t].lower == w ? step(p + 1, t + 1) : nil
            case .prefix(let pre):
                return tokens[t].lower.hasPrefix(pre) && tokens[t].kind == .word ? step(p + 1, t + 1) : nil
            case .gap:
                var k = t
                while k <= min(t + 3, end) {
                    if let r = step(p + 1, k) { return r }
                    if k < end && tokens[k].kind == .punct { return nil }
                    k += 1
                }
                return nil
            }
        }
        return step(0, start)
    }
}
