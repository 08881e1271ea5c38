/// A sentence: a range of tokens and of the cleaned text.
struct Sentence: Hashable, Sendable {
    var tokens: Range<Int>
    var start: Int
    var end: Int
}
