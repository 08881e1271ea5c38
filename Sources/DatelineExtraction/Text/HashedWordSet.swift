import DatelineTime

/// A set of words of one article keyed by the hash the tokenizer already computed
/// (`Token.lowerHash`): inserting and testing a token's word costs no rehashing of its text.
///
/// Open addressing with linear probing, at most half full (it doubles as words are added).
/// The hash is FNV-1a, which an adversarial text could make collide; a collision costs a string
/// comparison and a longer probe, never a wrong answer, and the set holds one entry per distinct
/// word, so its size is bounded by the text.
struct HashedWordSet {
    private var hashes: [UInt64]
    private var words: [String?]
    private var count = 0

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        hashes = [UInt64](repeating: 0, count: size)
        words = [String?](repeating: nil, count: size)
    }

    /// Adds `word`, whose `WordHashTable.hash` is `hash`; whether it was new.
    @discardableResult
    mutating func insert(_ word: String, hash: UInt64) -> Bool {
        if (count + 1) * 2 > words.count { grow() }
        let mask = words.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while let w = words[slot] {
            if hashes[slot] == hash && w == word { return false }
            slot = (slot + 1) & mask
        }
        hashes[slot] = hash
        words[slot] = word
        count += 1
        return true
    }

    /// Whether the set holds `word`, whose `WordHashTable.hash` is `hash`.
    func contains(_ word: String, hash: UInt64) -> Bool {
        let mask = words.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while let w = words[slot] {
            if hashes[slot] == hash && w == word { return true }
            slot = (slot + 1) & mask
        }
        return false
    }

    private mutating func grow() {
        let oldHashes = hashes, oldWords = words
        hashes = [UInt64](repeating: 0, count: oldWords.count * 2)
        words = [String?](repeating: nil, count: oldWords.count * 2)
        count = 0
        for k in oldWords.indices { if let w = oldWords[k] { insert(w, hash: oldHashes[k]) } }
    }
}
