import DatelineTime

/// A set of words of one article keyed by the hash the tokenizer already computed
/// (`Token.lowerHash`): inserting and testing a token's word costs no rehashing of its text.
///
/// Open addressing with linear probing, at most half full (it doubles as words are added).
/// FNV-1a is easy to make collide in its low bits, so the slot comes from the hash mixed with
/// a secret chosen per process: a text crafted to pile words into one probe chain (and make
/// the extractor quadratic) would have to know it. A collision costs a string comparison and a
/// longer probe, never a wrong answer.
struct HashedWordSet {
    /// Chosen once per process.
    private static let secret = UInt64.random(in: 1...UInt64.max)

    /// The slot of a hash: the secret mixed in, then a full avalanche (the MurmurHash3 finalizer).
    @inline(__always)
    private static func slot(_ hash: UInt64, _ mask: Int) -> Int {
        var h = hash ^ secret
        h ^= h >> 33
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h &*= 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return Int(truncatingIfNeeded: h) & mask
    }

    private var hashes: [UInt64]
    private var words: [String?]
    private var count = 0
    /// Words whose probe chain was already `maxProbe` long (only ever with colliding hashes):
    /// kept in a `Set`, so that no lookup walks further than `maxProbe` slots.
    private var overflow: Set<String> = []
    private static let maxProbe = 32

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
        if !overflow.isEmpty && overflow.contains(word) { return false }
        let mask = words.count - 1
        var slot = HashedWordSet.slot(hash, mask)
        var probes = 0
        while let w = words[slot] {
            if hashes[slot] == hash && w == word { return false }
            probes += 1
            if probes >= HashedWordSet.maxProbe { return overflow.insert(word).inserted }
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
        var slot = HashedWordSet.slot(hash, mask)
        var probes = 0
        while let w = words[slot], probes < HashedWordSet.maxProbe {
            if hashes[slot] == hash && w == word { return true }
            probes += 1
            slot = (slot + 1) & mask
        }
        return !overflow.isEmpty && overflow.contains(word)
    }

    private mutating func grow() {
        let oldHashes = hashes, oldWords = words
        hashes = [UInt64](repeating: 0, count: oldWords.count * 2)
        words = [String?](repeating: nil, count: oldWords.count * 2)
        count = 0
        for k in oldWords.indices { if let w = oldWords[k] { insert(w, hash: oldHashes[k]) } }
    }
}
