/// One token of the tagged text: a run of letters, a run of digits, or one other scalar.
struct Token: Sendable {
    enum Kind: Sendable { case word, number, punct }

    /// Unicode-scalar offset of the first scalar.
    var start: Int
    /// Unicode-scalar offset just past the last scalar.
    var end: Int
    /// UTF-8 offset of the first byte.
    var byteStart: Int
    /// UTF-8 offset just past the last byte.
    var byteEnd: Int
    /// The token, lowercased.
    var lower: String
    var kind: Kind
    /// Whether the token starts with an uppercase letter.
    var capitalized: Bool
    /// Whether whitespace separates it from the previous token.
    var spaceBefore: Bool
    /// Whether a blank line (paragraph break) precedes it.
    var paragraphBefore: Bool
    /// The value of a digit run of at most 9 digits.
    var number: Int?
    /// The number of digits of a digit run.
    var digitCount: Int
    /// The sentence the token belongs to (0-based, in order).
    var sentence: Int = 0
    /// `WordHashTable.hash` of `lower`.
    var hash: UInt64 = 0
}
