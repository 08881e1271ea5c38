import DatelineTime
import Testing
@testable import DatelineExtraction

/// The article word sets keyed by the tokenizer's hash: right answers with any hashes,
/// including words that all collide (an adversarial text).
@Suite struct HashedWordSetTests {
    @Test func wordsWithTheirOwnHashes() {
        var set = HashedWordSet()
        let words = (0..<5000).map { "word\($0)" }
        var added = 0, again = 0
        for w in words where set.insert(w, hash: WordHashTable.hash(w)) { added += 1 }
        for w in words where set.insert(w, hash: WordHashTable.hash(w)) { again += 1 }
        #expect(added == words.count)
        #expect(again == 0)
        #expect(words.allSatisfy { set.contains($0, hash: WordHashTable.hash($0)) })
        #expect(!set.contains("missing", hash: WordHashTable.hash("missing")))
    }

    @Test func wordsThatAllCollide() {
        var set = HashedWordSet()
        let words = (0..<1000).map { "same\($0)" }
        var added = 0, again = 0
        for w in words where set.insert(w, hash: 42) { added += 1 }
        for w in words where set.insert(w, hash: 42) { again += 1 }
        #expect(added == words.count)
        #expect(again == 0)
        #expect(words.allSatisfy { set.contains($0, hash: 42) })
        #expect(!set.contains("other", hash: 42))
    }
}
