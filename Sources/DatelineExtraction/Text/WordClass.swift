/// The lexicon word lists a token belongs to, as bits: found with one hash lookup per token
/// when the text is tokenized, then tested without hashing the word again.
struct WordClass: OptionSet, Hashable, Sendable {
    let rawValue: UInt64

    static let function = WordClass(rawValue: 1 << 0)
    static let determiner = WordClass(rawValue: 1 << 1)
    static let preposition = WordClass(rawValue: 1 << 2)
    static let verbGroup = WordClass(rawValue: 1 << 3)
    static let lightVerb = WordClass(rawValue: 1 << 4)
    static let personNoun = WordClass(rawValue: 1 << 5)
    static let partyNoun = WordClass(rawValue: 1 << 6)
    static let month = WordClass(rawValue: 1 << 7)
    static let weekday = WordClass(rawValue: 1 << 8)
    static let title = WordClass(rawValue: 1 << 9)
    static let court = WordClass(rawValue: 1 << 10)
    static let connector = WordClass(rawValue: 1 << 11)
    static let orgKeyword = WordClass(rawValue: 1 << 12)
    static let orgSuffix = WordClass(rawValue: 1 << 13)
    /// The first word of some cue phrase (`cues.txt`).
    static let cueStart = WordClass(rawValue: 1 << 14)
    /// The first word of some trigger phrase (`triggers.txt`).
    static let triggerStart = WordClass(rawValue: 1 << 15)

    static let personOrPartyNoun: WordClass = [.personNoun, .partyNoun]

    /// How many cue sections get a start bit of their own (bits 16–31).
    static let cueSectionCount = 16
    /// The first word of some phrase of cue section `number` (in name order).
    static func cueSection(_ number: Int) -> WordClass { WordClass(rawValue: 1 << UInt64(16 + number)) }

    /// Words that end the clause before a trigger ("that", "but", "because"…; `clauseWindow`).
    static let clauseBreak = WordClass(rawValue: 1 << 32)
    static let clauseBreakWords: Set<String> = ["that", "which", "who", "but", "while", "after", "before", "when", "because"]
    /// "that", "which", "who".
    static let relativePronoun = WordClass(rawValue: 1 << 33)
    static let relativePronounWords: Set<String> = ["that", "which", "who"]
    /// "would", "could", "might".
    static let conditionalModal = WordClass(rawValue: 1 << 34)
    static let conditionalModalWords: Set<String> = ["would", "could", "might"]

    /// The classes of each word that is in some list.
    static func table(_ lexicon: LexiconTables, connectors: Set<String>) -> [String: WordClass] {
        var table: [String: WordClass] = [:]
        func add(_ words: some Sequence<String>, _ c: WordClass) { for w in words { table[w, default: []].insert(c) } }
        add(lexicon.w.function, .function)
        add(lexicon.w.determiner, .determiner)
        add(lexicon.w.preposition, .preposition)
        add(lexicon.w.verbGroup, .verbGroup)
        add(lexicon.w.lightVerb, .lightVerb)
        add(lexicon.w.personNoun, .personNoun)
        add(lexicon.w.partyNoun, .partyNoun)
        add(lexicon.w.month, .month)
        add(lexicon.w.weekday, .weekday)
        add(lexicon.titles, .title)
        add(lexicon.courtWords, .court)
        add(connectors, .connector)
        add(lexicon.orgKeywords, .orgKeyword)
        add(lexicon.orgSuffixes, .orgSuffix)
        add(lexicon.cueIndex.values.flatMap { $0.byFirstWord.keys }, .cueStart)
        for index in lexicon.cueIndex.values { add(index.byFirstWord.keys, index.startClass) }
        add(clauseBreakWords, .clauseBreak)
        add(relativePronounWords, .relativePronoun)
        add(conditionalModalWords, .conditionalModal)
        add(lexicon.triggersByFirstWord.keys, .triggerStart)
        return table
    }
}
