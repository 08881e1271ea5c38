import DatelineCore

/// What a name refers to, as far as the extractor can tell.
public enum NameKind: String, Hashable, Sendable, Codable {
    /// A person ("Melanie Krause").
    case person
    /// A company, agency, court, party… ("Internal Revenue Service").
    case organization
    /// A place or a name of unknown kind (a country may still be a party to a deal).
    case other
}

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

/// A name found in an article, with its kind: the storage layer creates entities from these.
public struct FoundName: Hashable, Sendable, Codable {
    /// The fullest form the article gives ("Melanie Krause", "Internal Revenue Service").
    public var name: String
    /// Person, organization or other.
    public var kind: NameKind
    /// Other forms that refer to it in the article ("Krause", "IRS").
    public var shortForms: [String]
    /// How many times it is mentioned.
    public var mentions: Int

    /// Creates a found name.
    public init(name: String, kind: NameKind, shortForms: [String], mentions: Int) {
        self.name = name
        self.kind = kind
        self.shortForms = shortForms
        self.mentions = mentions
    }
}

/// An acronym defined in the text: "Internal Revenue Service (IRS)".
public struct AcronymDefinition: Hashable, Sendable, Codable {
    /// "IRS".
    public var acronym: String
    /// "Internal Revenue Service".
    public var expansion: String

    /// Creates a definition.
    public init(acronym: String, expansion: String) {
        self.acronym = acronym
        self.expansion = expansion
    }
}
