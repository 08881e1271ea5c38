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

    /// The comparable tokens of a name.
    public static func tokens(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        for c in name.lowercased().unicodeScalars {
            if c.properties.isAlphabetic || ("0"..."9").contains(c) {
                current.unicodeScalars.append(c)
            } else if c == "." || c == "'" || c == "’" {
                continue  // "U.S." → "us", "Lloyd's" → "lloyds"
            } else {
                if !current.isEmpty { words.append(current); current = "" }
            }
        }
        if !current.isEmpty { words.append(current) }
        let stripped = words.filter { !titles.contains($0) }
        return stripped.isEmpty ? words : stripped
    }

    /// Whether two names are equal by the guidelines' rule.
    public static func equal(_ a: String, _ b: String) -> Bool {
        let ta = tokens(a), tb = tokens(b)
        guard !ta.isEmpty, !tb.isEmpty else { return false }
        let sa = Set(ta), sb = Set(tb)
        if sa.isSubset(of: sb) || sb.isSubset(of: sa) { return true }
        return isAcronym(ta, of: tb) || isAcronym(tb, of: ta)
    }

    /// Whether `short` (one token) is the initials of `long`, with or without its small words.
    static func isAcronym(_ short: [String], of long: [String]) -> Bool {
        guard short.count == 1, let s = short.first, s.count >= 2, long.count >= 2 else { return false }
        let all = String(long.compactMap(\.first))
        let small: Set<String> = ["of", "and", "the", "for", "on", "in", "de"]
        let content = String(long.filter { !small.contains($0) }.compactMap(\.first))
        return s == all || s == content
    }
}
