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
