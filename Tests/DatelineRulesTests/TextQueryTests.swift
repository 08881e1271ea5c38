import Testing
@testable import DatelineRules

@Suite("Text query language")
struct TextQueryTests {
    let sentences = [
        "Agents from ICE detained three workers on Tuesday, the sheriff said.",
        "The White House declined to comment.",
    ]

    @Test("words are matched case-insensitively as whole words")
    func words() throws {
        #expect(try TextQuery(parsing: "ice").matches(sentences: sentences))
        #expect(try TextQuery(parsing: "SHERIFF").matches(sentences: sentences))
        #expect(try !TextQuery(parsing: "detain").matches(sentences: sentences))
    }

    @Test("AND is implicit, OR needs upper case, NOT and minus exclude")
    func operators() throws {
        #expect(try TextQuery(parsing: "ICE sheriff").matches(sentences: sentences))
        #expect(try !TextQuery(parsing: "ICE immigration").matches(sentences: sentences))
        #expect(try TextQuery(parsing: "ICE OR immigration").matches(sentences: sentences))
        #expect(try TextQuery(parsing: "immigration OR comment").matches(sentences: sentences))
        #expect(try !TextQuery(parsing: "ICE -sheriff").matches(sentences: sentences))
        #expect(try !TextQuery(parsing: "ICE NOT sheriff").matches(sentences: sentences))
        #expect(try TextQuery(parsing: "ICE AND NOT immigration").matches(sentences: sentences))
        // Lower-case "or" is a word, so this asks for ice, or and immigration.
        #expect(try !TextQuery(parsing: "ice or immigration").matches(sentences: sentences))
    }

    @Test("phrases must be consecutive words within one sentence")
    func phrases() throws {
        #expect(try TextQuery(parsing: "\"white house\"").matches(sentences: sentences))
        #expect(try !TextQuery(parsing: "\"house white\"").matches(sentences: sentences))
        #expect(try !TextQuery(parsing: "\"comment agents\"").matches(sentences: sentences))
        #expect(try !TextQuery(parsing: "-\"White House\"").matches(sentences: sentences))
    }

    @Test("parentheses group, and AND binds tighter than OR")
    func grouping() throws {
        #expect(try TextQuery(parsing: "(immigration OR ICE) sheriff").matches(sentences: sentences))
        #expect(try !TextQuery(parsing: "(immigration OR deportation) sheriff").matches(sentences: sentences))
        #expect(try TextQuery(parsing: "immigration sheriff OR comment") == TextQuery(parsing: "(immigration sheriff) OR comment"))
    }

    @Test("websearch_to_tsquery form keeps the meaning without parentheses")
    func websearch() throws {
        #expect(try TextQuery(parsing: "ICE OR immigration").websearchQuery == "ice OR immigration")
        #expect(try TextQuery(parsing: "(ICE OR immigration) raid").websearchQuery == "ice raid OR immigration raid")
        #expect(try TextQuery(parsing: "ICE -\"press release\"").websearchQuery == "ice -\"press release\"")
        #expect(try TextQuery(parsing: "NOT (ICE OR raid)").websearchQuery == "-ice -raid")
        #expect(try TextQuery(parsing: "NOT (ICE raid)").websearchQuery == "-ice OR -raid")
        #expect(try TextQuery(parsing: "tariffs \"or\"").websearchQuery == "tariffs \"or\"")
    }

    @Test("the OR-of-AND form used for websearch_to_tsquery means the same as the query (random queries)")
    func normalFormIsEquivalent() throws {
        // Checked once against PostgreSQL too: 400 random queries gave the same answers from
        // this evaluator, websearch_to_tsquery and to_tsquery (simple configuration).
        var generator = SplitMix(seed: 11)
        let words = ["ice", "raid", "court", "judge", "vote"]
        func term(_ depth: Int) -> String {
            let roll = generator.next() % 10
            if depth > 2 || roll < 4 { return words[Int(generator.next() % 5)] }
            if roll < 5 { return "\"\(words[Int(generator.next() % 5)]) \(words[Int(generator.next() % 5)])\"" }
            if roll < 6 { return "-" + words[Int(generator.next() % 5)] }
            if roll < 7 { return "NOT (\(expression(depth + 1)))" }
            return "(\(expression(depth + 1)))"
        }
        func expression(_ depth: Int) -> String {
            var text = term(depth)
            for _ in 0..<(generator.next() % 3) { text += [" ", " OR ", " AND "][Int(generator.next() % 3)] + term(depth) }
            return text
        }
        for _ in 0..<300 {
            let query = try TextQuery(parsing: expression(0))
            let sentence = (0..<(1 + generator.next() % 5)).map { _ in words[Int(generator.next() % 5)] }.joined(separator: " ")
            let document = TextDocument(sentences: [sentence])
            let viaNormalForm = query.disjunctiveNormalForm().contains { clause in
                clause.allSatisfy { literal in
                    let atom: TextQuery = switch literal.atom {
                    case .word(let word): .word(word)
                    case .phrase(let words): .phrase(words)
                    }
                    return atom.matches(document) != literal.negated
                }
            }
            #expect(viaNormalForm == query.matches(document), "\(query.canonicalText) on '\(sentence)'")
        }
    }

    @Test("to_tsquery form keeps the structure")
    func tsquery() throws {
        #expect(try TextQuery(parsing: "(ICE OR immigration) -\"press release\"").tsquery
            == "(('ice' | 'immigration') & !('press' <-> 'release'))")
    }

    @Test("syntax errors say where", arguments: [
        ("(ICE OR immigration", "the '(' at character 1 is not closed"),
        ("ICE OR", "missing at the end"),
        ("OR ICE", "'OR' at character 1 needs a word"),
        ("\"white house", "quote at character 1 is not closed"),
        ("ICE)", "a ')' without its '('"),
        ("   ", "empty text query"),
    ])
    func errors(text: String, fragment: String) {
        #expect {
            try TextQuery(parsing: text)
        } throws: { error in
            (error as? RulesError)?.message.contains(fragment) == true
        }
    }

    @Test("deeply nested queries are refused, not a crash")
    func tooDeep() throws {
        let deep = String(repeating: "(", count: 100_000) + "a" + String(repeating: ")", count: 100_000)
        #expect(throws: RulesError.self) { try TextQuery(parsing: deep) }
        #expect(throws: RulesError.self) { try TextQuery(parsing: String(repeating: "NOT ", count: 50) + "a") }
        #expect(try TextQuery(parsing: String(repeating: "(", count: 10) + "a" + String(repeating: ")", count: 10)) == .word("a"))
    }

    @Test("queries that expand to too many alternatives are refused")
    func tooComplex() {
        let query = (0..<7).map { "(a\($0) OR b\($0))" }.joined(separator: " ")
        #expect(throws: RulesError.self) { try TextQuery(parsing: query) }
    }
}

/// A small deterministic random generator for property tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
