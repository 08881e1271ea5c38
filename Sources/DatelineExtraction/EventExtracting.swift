import DatelineCore

/// Anything that turns an article into events: the built-in `Extractor` or an external program.
public protocol EventExtracting: Sendable {
    /// The events of one article.
    func events(in input: ArticleInput) throws -> [ExtractedEvent]
}
