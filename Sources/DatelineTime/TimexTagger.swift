import DatelineCore

/// Finds and normalizes time expressions (placeholder until the tagger lands).
public struct TimexTagger: Sendable {
    public init() {}

    /// The time expressions of `text`, normalized against `reference` (the publication date).
    public func tag(_ text: String, reference: CalendarDate?) -> [TimeExpression] { [] }
}
