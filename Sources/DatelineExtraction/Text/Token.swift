/// A word, number or punctuation mark of the cleaned text.
struct Token: Hashable, Sendable {
    enum Kind: Hashable, Sendable { case word, number, punct }
    /// Unicode-scalar offsets into the cleaned text.
    var start: Int
    var end: Int
    var text: String
    /// Lower-cased, with typographic apostrophes made straight.
    var lower: String
    var kind: Kind
    var newlinesBefore: Int
    /// Offset where this token's line starts.
    var lineStart: Int
    /// An abbreviation with its period ("Sen.", "U.S.", "J.").
    var isAbbreviation = false
    /// An abbreviation that may also end a sentence ("Inc.").
    var mayEndSentence = false

    /// Starts with a capital letter (a word).
    var isCapitalized = false
    /// Two or more letters, all capitals ("IRS", "AT&T").
    var isAllCaps = false
    /// `lower` without a final period ("sen." → "sen").
    var bare = ""
    /// The word lists `lower` is in.
    var classes: WordClass = []
    /// The word lists `bare` is in.
    var bareClasses: WordClass = []
    /// The scalar of a punctuation token (always one scalar); U+0000 for words and numbers.
    /// Lets hot loops test punctuation without comparing strings.
    var mark: Unicode.Scalar = "\u{0}"

    var isWord: Bool { kind == .word }

    init(start: Int, end: Int, text: String, lower: String, kind: Kind, newlinesBefore: Int, lineStart: Int) {
        self.start = start
        self.end = end
        self.text = text
        self.lower = lower
        self.kind = kind
        self.newlinesBefore = newlinesBefore
        self.lineStart = lineStart
        self.bare = lower.utf8.last == UInt8(ascii: ".") && lower.hasSuffix(".") ? String(lower.dropLast()) : lower
        if kind == .punct, let m = text.unicodeScalars.first, text.unicodeScalars.count == 1 { mark = m }
        if kind == .word, let f = text.unicodeScalars.first {
            isCapitalized = Scalars.isUpper(f)
            var letters = 0
            var allUpper = true
            for c in text.unicodeScalars where Scalars.isLetter(c) {
                if !Scalars.isUpper(c) { allUpper = false; break }
                letters += 1
            }
            isAllCaps = allUpper && letters >= 2
        }
    }

}
