/// A trigger phrase found in a sentence.
struct TriggerMatch: Hashable, Sendable {
    var pattern: TriggerPattern
    /// Token positions of the phrase's words (gaps excluded).
    var first: Int
    var last: Int
    var sentence: Int
}
