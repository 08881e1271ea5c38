/// One line of `gold.jsonl`: an article and its gold events.
public struct GoldArticle: Hashable, Sendable, Codable {
    /// The article's file name in the articles folder.
    public var article: String
    /// The publication date, `YYYY-MM-DD`, or `nil` when unknown.
    public var published: String?
    /// Where the article comes from ("wikinews").
    public var source: String?
    /// The gold events of the article.
    public var events: [GoldEvent]

    /// Creates a gold article.
    public init(article: String, published: String?, source: String? = nil, events: [GoldEvent]) {
        self.article = article
        self.published = published
        self.source = source
        self.events = events
    }
}
