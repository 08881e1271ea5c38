import DatelineTime

/// Cue phrases of one section, indexed by their first word.
struct CueIndex: Sendable {
    /// Phrases by their first word (call `indexWords()` after changing it).
    var byFirstWord: [String: [[PatternToken]]] = [:]
    var prefixed: [[PatternToken]] = []
    /// The `WordClass` bit of the words that start a phrase of this section (`.cueStart` when
    /// the section has none of its own: past the sixteenth section).
    var startClass: WordClass = .cueStart
    /// `byFirstWord` for lookups with a token's precomputed hash: an index into `phraseLists`.
    private(set) var hashed = WordHashTable([:])
    private(set) var phraseLists: [[[PatternToken]]] = []

    /// The phrases starting with `word`, whose `WordHashTable.hash` is `hash`.
    @inline(__always)
    func phrases(startingWith word: String, hash: UInt64) -> [[PatternToken]]? {
        hashed.value(of: word, hash: hash).map { phraseLists[Int($0)] }
    }

    /// Builds the hashed lookup of `byFirstWord`.
    mutating func indexWords() {
        var lists: [[[PatternToken]]] = []
        var index: [String: UInt64] = [:]
        for (word, phrases) in byFirstWord.sorted(by: { $0.key < $1.key }) {
            index[word] = UInt64(lists.count)
            lists.append(phrases)
        }
        hashed = WordHashTable(index)
        phraseLists = lists
    }
}

/// A `CueIndex` behind one reference, to hand out without retaining each of its tables.
final class CueSection: Sendable {
    let index: CueIndex
    init(index: CueIndex) { self.index = index }
}
