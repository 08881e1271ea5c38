/// A read-only table from words to 64-bit values (bit sets of word lists), looked up with a
/// hash the caller computed while it built the word (``WordHashTable/hash(_:)`` over the word's
/// UTF-8 bytes, or incrementally with ``WordHashTable/seed`` and ``WordHashTable/mix(_:_:)``).
///
/// The tokenizers lower-case each word byte by byte anyway; hashing the bytes on the way costs
/// almost nothing, where a `Dictionary<String, _>` lookup would hash the word again (SipHash)
/// for every token. Open addressing with linear probing at most half full; the full hash is
/// compared before the word, so a miss rarely compares strings. The table is built once from
/// the lexicons (never from input text), so input cannot make its probe chains longer.
/// Not generic, so that other modules call it without generic dispatch.
package struct WordHashTable: Sendable {
    @usableFromInline let hashes: [UInt64]
    @usableFromInline let keys: [String]
    @usableFromInline let values: [UInt64]
    @usableFromInline let occupied: [Bool]
    @usableFromInline let mask: Int

    /// The hash of no bytes (FNV-1a offset basis).
    @inlinable package static var seed: UInt64 { 0xcbf2_9ce4_8422_2325 }

    /// `hash` extended by one byte (FNV-1a).
    @inlinable @inline(__always)
    package static func mix(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }

    /// The hash of a word's UTF-8 bytes.
    @inlinable
    package static func hash(_ word: String) -> UInt64 {
        var h = seed
        for b in word.utf8 { h = mix(h, b) }
        return h
    }

    /// A table of the entries of `dictionary`.
    package init(_ dictionary: [String: UInt64]) {
        var size = 16
        while size < dictionary.count * 2 + 2 { size *= 2 }
        var hashes = [UInt64](repeating: 0, count: size)
        var keys = [String](repeating: "", count: size)
        var values = [UInt64](repeating: 0, count: size)
        var occupied = [Bool](repeating: false, count: size)
        // Sorted, so the layout does not depend on the dictionary's (seeded) order.
        for (key, value) in dictionary.sorted(by: { $0.key < $1.key }) {
            let h = WordHashTable.hash(key)
            var slot = Int(truncatingIfNeeded: h) & (size - 1)
            while occupied[slot] { slot = (slot + 1) & (size - 1) }
            hashes[slot] = h
            keys[slot] = key
            values[slot] = value
            occupied[slot] = true
        }
        self.hashes = hashes
        self.keys = keys
        self.values = values
        self.occupied = occupied
        self.mask = size - 1
    }

    /// The value of `word`, whose ``hash(_:)`` is `hash`.
    @inlinable @inline(__always)
    package func value(of word: String, hash: UInt64) -> UInt64? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while occupied[slot] {
            if hashes[slot] == hash && keys[slot] == word { return values[slot] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// The value of `word`, hashing it here.
    @inlinable
    package func value(of word: String) -> UInt64? { value(of: word, hash: WordHashTable.hash(word)) }
}
