import DatelineCore
import DatelineTime

/// What extraction found in one article.
public struct ExtractionResult: Hashable, Sendable {
    /// The cleaned text; every offset in the result is a Unicode-scalar offset into it.
    public var text: String
    /// Offset just past the headline in `text` (0 when the input had none).
    public var headlineEnd: Int
    /// One event per fact, in the order the article first states them.
    public var events: [ExtractedEvent]
    /// The time expressions of `text`, normalized against the publication date.
    public var timeExpressions: [TimeExpression]
    /// People and organizations named, with their short forms.
    public var names: [FoundName]
    /// Acronyms the article defines: the storage layer makes them aliases.
    public var acronyms: [AcronymDefinition]

    /// Creates a result (extractors and tests).
    public init(text: String, headlineEnd: Int, events: [ExtractedEvent], timeExpressions: [TimeExpression], names: [FoundName], acronyms: [AcronymDefinition]) {
        self.text = text
        self.headlineEnd = headlineEnd
        self.events = events
        self.timeExpressions = timeExpressions
        self.names = names
        self.acronyms = acronyms
    }
}
