/// An article as it comes in: text (or HTML) and what is known about where and when it appeared.
public struct ArticleInput: Hashable, Sendable, Codable {
    /// The article's text. For HTML input, the markup as received; `isHTML` says which.
    public var body: String
    public var isHTML: Bool
    /// The publication date: the reference for "Tuesday" and "last month". `nil` when unknown.
    public var published: CalendarDate?
    public var url: String?
    /// The publication ("Reuters", "The Washington Post").
    public var source: String?
    public var headline: String?

    public init(
        body: String, isHTML: Bool = false, published: CalendarDate? = nil, url: String? = nil,
        source: String? = nil, headline: String? = nil
    ) {
        self.body = body
        self.isHTML = isHTML
        self.published = published
        self.url = url
        self.source = source
        self.headline = headline
    }
}

/// A stored article.
public struct Article: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var url: String?
    public var source: String?
    public var headline: String?
    public var published: CalendarDate?
    /// SHA-256 of the cleaned text, hex: the same article twice is stored once.
    public var contentHash: String

    public init(id: Int64, url: String?, source: String?, headline: String?, published: CalendarDate?, contentHash: String) {
        self.id = id
        self.url = url
        self.source = source
        self.headline = headline
        self.published = published
        self.contentHash = contentHash
    }
}
