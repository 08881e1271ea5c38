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
