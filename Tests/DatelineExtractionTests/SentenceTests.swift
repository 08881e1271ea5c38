import Testing
@testable import DatelineExtraction

@Suite struct SentenceTests {
    @Test func abbreviationsDoNotEndSentences() throws {
        let s = try sentences("U.S. Sen. Maria Lopez met Dr. Chen at Acme Corp. headquarters on Feb. 3. They talked.")
        #expect(s == ["U.S. Sen. Maria Lopez met Dr. Chen at Acme Corp. headquarters on Feb. 3.", "They talked."])
    }

    @Test func companySuffixCanEndASentence() throws {
        let s = try sentences("The shares were bought by Brightline Inc. The deal closed later.")
        #expect(s.count == 2)
    }

    @Test func initialsStayInsideNames() throws {
        let s = try sentences("J. P. Morgan was founded long ago. It grew.")
        #expect(s == ["J. P. Morgan was founded long ago.", "It grew."])
    }

    @Test func quotesCloseSentences() throws {
        let s = try sentences("“We will appeal,” she said. “The ruling is wrong.” Then she left.")
        #expect(s == ["“We will appeal,” she said.", "“The ruling is wrong.”", "Then she left."])
    }

    @Test func headlineWithoutPeriodIsItsOwnSentence() throws {
        let s = try sentences("Mayor quits after audit\n\nThe mayor of Dunmore quit on Monday.")
        #expect(s == ["Mayor quits after audit", "The mayor of Dunmore quit on Monday."])
    }

    @Test func wrappedWireLinesJoin() throws {
        let s = try sentences("A federal judge ruled that the\nmerger could go ahead, lawyers\nsaid. The appeal failed.")
        #expect(s.count == 2)
        #expect(s[0].hasSuffix("lawyers\nsaid."))
    }

    @Test func possessiveAndNegationAreSeparateTokens() throws {
        let lex = try lexicon()
        let tokens = Tokenizer(lexicon: lex).tokenize(Array("Krause’s team didn't sue AT&T.".unicodeScalars))
        #expect(tokens.map(\.text) == ["Krause", "’s", "team", "did", "n't", "sue", "AT&T", "."])
    }
}
