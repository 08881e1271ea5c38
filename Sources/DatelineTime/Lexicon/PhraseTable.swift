/// Phrases (sequences of lowercased tokens) mapped to values, matched longest-first at a token.
struct PhraseTable<Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        var rest: [String]
        var value: Value
    }

    /// Entries by first token, each list sorted longest first.
    private var byFirst: [String: [Entry]] = [:]

    init() {}

    var isEmpty: Bool { byFirst.isEmpty }

    /// The first tokens of all phrases.
    var firstWords: [String] { Array(byFirst.keys) }

    /// Adds or replaces the value of a phrase given as lowercased tokens.
    mutating func insert(_ words: [String], _ value: Value) {
        guard let first = words.first else { return }
        let rest = Array(words.dropFirst())
        var list = byFirst[first] ?? []
        if let k = list.firstIndex(where: { $0.rest == rest }) {
            list[k].value = value
        } else {
            list.append(Entry(rest: rest, value: value))
            list.sort { $0.rest.count > $1.rest.count }
        }
        byFirst[first] = list
    }

    /// Adds every phrase of `other`, its values winning.
    mutating func merge(_ other: PhraseTable<Value>) {
        for (first, entries) in other.byFirst {
            for entry in entries { insert([first] + entry.rest, entry.value) }
        }
    }

    /// The longest phrase starting at token `i`: its length in tokens and its value.
    func match(_ tokens: [Token], at i: Int) -> (length: Int, value: Value)? {
        guard i >= 0, i < tokens.count, let list = byFirst[tokens[i].lower] else { return nil }
        outer: for entry in list {
            let n = entry.rest.count
            guard i + n < tokens.count else { continue }
            for k in 0..<n {
                let t = tokens[i + 1 + k]
                if t.lower != entry.rest[k] { continue outer }
            }
            return (n + 1, entry.value)
        }
        return nil
    }

    /// The value of a single-token phrase.
    func value(of word: String) -> Value? {
        byFirst[word]?.first(where: { $0.rest.isEmpty })?.value
    }
}
