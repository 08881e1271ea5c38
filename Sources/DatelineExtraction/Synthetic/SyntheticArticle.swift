import DatelineCore

/// One generated article and the facts planted in it.
public struct SyntheticArticle: Hashable, Sendable {
    /// The article as extraction input (headline, body, publication date).
    public var input: ArticleInput
    /// The planted events: kind and subject (as written in full), one per template sentence.
    public var planted: [ExtractedEvent]
}
