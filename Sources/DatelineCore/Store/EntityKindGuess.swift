/// Guesses whether a bare name is a person or an organization, for names the extractor did not
/// classify ("Billy Long" vs "Public Citizen Litigation Group").
public enum EntityKindGuess {
    /// Words that make a name an organization wherever they stand.
    static let organizationWords: Set<String> = [
        "inc", "inc.", "corp", "corp.", "corporation", "company", "co.", "group", "llc", "ltd", "ltd.", "plc",
        "department", "dept.", "agency", "service", "services", "court", "commission", "committee", "ministry",
        "bureau", "office", "administration", "council", "university", "bank", "association", "union", "party",
        "board", "authority", "institute", "foundation", "government", "police", "senate", "congress", "house",
        "parliament", "treasury", "federation", "organization", "organisation", "fund", "trust", "airlines",
        "motors", "holdings", "partners", "capital", "network", "times", "post", "news", "republic", "state",
        "states", "city", "county", "school", "college", "hospital", "church", "army", "navy", "force",
        "groups", "officials", "administration's", "club", "league", "team", "labs", "systems", "technologies",
    ]

    /// `organization` for names with an organization word or written as an acronym; `person`
    /// for two to four capitalized words; `organization` otherwise.
    public static func guess(_ name: String) -> EntityKind {
        let words = name.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if words.contains(where: { organizationWords.contains($0.lowercased()) }) { return .organization }
        if words.count == 1, let w = words.first, w.count >= 2, w.allSatisfy({ $0.isUppercase || $0 == "." || $0 == "&" }) {
            return .organization
        }
        let capitalized = words.allSatisfy { w in
            guard let f = w.first else { return false }
            return f.isUppercase || w == "de" || w == "van" || w == "von" || w == "bin" || w == "al"
        }
        if (2...4).contains(words.count) && capitalized { return .person }
        return .organization
    }
}
