/// One word of a trigger phrase.
enum PatternToken: Hashable, Sendable {
    case word(String)
    case prefix(String)
    /// Skips up to three words.
    case gap
}
