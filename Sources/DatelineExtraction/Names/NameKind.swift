/// What a name refers to, as far as the extractor can tell.
public enum NameKind: String, Hashable, Sendable, Codable {
    /// A person ("Melanie Krause").
    case person
    /// A company, agency, court, party… ("Internal Revenue Service").
    case organization
    /// A place or a name of unknown kind (a country may still be a party to a deal).
    case other
}
