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
