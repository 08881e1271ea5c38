import DatelineTime

/// The name-equality rule of the annotation guidelines.
///
/// Two names are equal when, lower-cased and stripped of titles and punctuation, the tokens of
/// one are all among the tokens of the other ("Krause" = "Melanie Krause"), or one is the
/// other's acronym ("IRS" = "Internal Revenue Service").
public enum NameMatch {
    /// Words removed before comparing: titles and honorifics.
    static let titles: Set<String> = [
        "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor", "sen", "senator", "rep",
        "gov", "governor", "judge", "justice", "president", "secretary", "commissioner", "acting", "the",
        "minister", "chairman", "chairwoman", "ceo", "mayor", "gen", "general", "col", "capt", "lt", "sgt",
    ]

    /// `titles` hashed with FNV: looked up for every word of every name compared.
    static let titleTable = WordHashTable(Dictionary(uniqueKeysWithValues: titles.map { ($0, UInt64(1)) }))

    /// Whether a lower-cased word is in `titles`.
    static func isTitle(_ word: String) -> Bool { titleTable.value(of: word) != nil }

    /// The comparable tokens of a name.
    public static func tokens(_ name: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        current.reserveCapacity(16)
        // (No nested flush function: a closure capturing `words` and `current` boxes them.)
        for c in name.unicodeScalars {
            let v = c.value
            if v < 128 {
                if (v >= 97 && v <= 122) || (v >= 48 && v <= 57) { current.append(UInt8(v)); continue }
                if v >= 65 && v <= 90 { current.append(UInt8(v + 32)); continue }
                if v == 46 || v == 39 { continue }
            } else if c == "’" {
                continue  // "Lloyd’s" → "lloyds"
            } else if Scalars.isAlphabetic(c) {
                current.append(contentsOf: Array(String(c).lowercased().utf8))
                continue
            }
            if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)); current.removeAll(keepingCapacity: true) }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        guard words.contains(where: isTitle) else { return words }
        let stripped = words.filter { !isTitle($0) }
        return stripped.isEmpty ? words : stripped
    }

    /// Whether two names are equal by the guidelines' rule.
    public static func equal(_ a: String, _ b: String) -> Bool {
        equal(tokens: tokens(a), tokens(b))
    }

    /// `equal` on names already split by `tokens(_:)`.
    public static func equal(tokens ta: [String], _ tb: [String]) -> Bool {
        guard !ta.isEmpty, !tb.isEmpty else { return false }
        if ta.count * tb.count <= 64 {
            // Names of a few words: comparing every pair is cheaper than hashing both into sets.
            if isSubset(ta, of: tb) || isSubset(tb, of: ta) { return true }
        } else {
            let sa = Set(ta), sb = Set(tb)
            if sa.isSubset(of: sb) || sb.isSubset(of: sa) { return true }
        }
        return isAcronym(ta, of: tb) || isAcronym(tb, of: ta)
    }

    /// Whether every word of `a` is among the words of `b`.
    @inline(__always)
    static func isSubset(_ a: [String], of b: [String]) -> Bool {
        a.allSatisfy { b.contains($0) }
    }

    /// Small words an acronym may leave out (built once).
    static let smallWords: Set<String> = ["of", "and", "the", "for", "on", "in", "de"]

    /// Whether `short` (one token) is the initials of `long`, with or without its small words.
    static func isAcronym(_ short: [String], of long: [String]) -> Bool {
        guard short.count == 1, let s = short.first, s.count >= 2, long.count >= 2 else { return false }
        let all = String(long.compactMap(\.first))
        let content = String(long.filter { !smallWords.contains($0) }.compactMap(\.first))
        return s == all || s == content
    }
}
