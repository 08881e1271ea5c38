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
    /// `WordHashTable.hash` of `lower`, computed while tokenizing: word sets and lexicon tables
    /// look the token up without hashing its text again.
    var lowerHash: UInt64 = 0

    var isWord: Bool { kind == .word }

    /// A token; the tokenizer reads its capitalization, mark, word lists and hash from the
    /// scalars it scans.
    init(start: Int, end: Int, text: String, lower: String, kind: Kind, newlinesBefore: Int, lineStart: Int,
         isCapitalized: Bool, isAllCaps: Bool, mark: Unicode.Scalar, bare: String, classes: WordClass, bareClasses: WordClass,
         lowerHash: UInt64, isAbbreviation: Bool, mayEndSentence: Bool) {
        self.start = start
        self.end = end
        self.text = text
        self.lower = lower
        self.kind = kind
        self.newlinesBefore = newlinesBefore
        self.lineStart = lineStart
        self.isAbbreviation = isAbbreviation
        self.mayEndSentence = mayEndSentence
        self.isCapitalized = isCapitalized
        self.isAllCaps = isAllCaps
        self.bare = bare
        self.classes = classes
        self.bareClasses = bareClasses
        self.mark = mark
        self.lowerHash = lowerHash
    }

    /// Whether this is a punctuation token of one of the marks (what `text == "…"` tests,
    /// without comparing strings: a comparison with a non-ASCII literal takes String's slow path).
    @inline(__always)
    func isMark(_ a: Unicode.Scalar, _ b: Unicode.Scalar? = nil, _ c: Unicode.Scalar? = nil, _ d: Unicode.Scalar? = nil,
                _ e: Unicode.Scalar? = nil, _ f: Unicode.Scalar? = nil, _ g: Unicode.Scalar? = nil) -> Bool {
        guard kind == .punct else { return false }
        return mark == a || mark == b || mark == c || mark == d || mark == e || mark == f || mark == g
    }

    /// Two or more letters, all capitals (other characters ignored).
    static func allCaps<C: Collection>(_ scalars: C) -> Bool where C.Element == Unicode.Scalar {
        var letters = 0
        for c in scalars where Scalars.isLetter(c) {
            if !Scalars.isUpper(c) { return false }
            letters += 1
        }
        return letters >= 2
    }
}
