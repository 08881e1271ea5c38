import DatelineCore

/// The TIMEX3 type of a time expression.
public enum TimexType: String, Hashable, Sendable, Codable {
    case date = "DATE"
    case time = "TIME"
    case duration = "DURATION"
    case set = "SET"
}

/// A time expression found in text, normalized against a reference (publication) date.
public struct TimeExpression: Hashable, Sendable, Codable {
    /// Offset of the first Unicode scalar of the expression in the tagged text.
    public var start: Int
    /// Offset just past the last Unicode scalar.
    public var end: Int
    /// The expression as it appears in the text (the scalars `start..<end`).
    public var text: String
    /// DATE, TIME, DURATION or SET.
    public var type: TimexType
    /// The TIMEX3 value: `2025-04-08`, `2025-04`, `2025-W14-WE`, `P2W`, `PRESENT_REF`, `XXXX-02-23`…
    public var value: String
    /// The TIMEX3 `mod` ("START", "MID", "END", "APPROX"…), when there is one.
    public var mod: String?
    /// The point in time as a fuzzy date, when the expression is one and could be resolved.
    public var date: FuzzyDate?

    /// Creates an expression from its parts.
    public init(start: Int, end: Int, text: String, type: TimexType, value: String, mod: String? = nil, date: FuzzyDate? = nil) {
        self.start = start
        self.end = end
        self.text = text
        self.type = type
        self.value = value
        self.mod = mod
        self.date = date
    }
}
