import DatelineCore

/// A name found in the text, with the title or post written before it.
struct NameMention: Hashable, Sendable {
    var sentence: Int
    /// Token range of the name itself (titles excluded).
    var tokens: Range<Int>
    var start: Int
    var end: Int
    var text: String
    var kind: NameKind
    /// Tokens of the title phrase before the name ("Acting IRS Commissioner").
    var titleTokens: Range<Int>?
    /// The post, title words only ("Acting Commissioner").
    var role: String?
    /// The organization named inside the title ("IRS" → "Internal Revenue Service").
    var roleOrganization: String?
    /// The fullest name of the same entity in the article (after coreference).
    var canonical: String
    /// Whether the name is, or has a title of, a court or judge.
    var isCourt = false
    /// A place from the gazetteer of places.
    var isPlace = false
}
