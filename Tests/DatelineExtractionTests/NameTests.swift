import Testing
@testable import DatelineExtraction

@Suite struct NameTests {
    @Test func titlesAreSplitFromPeople() throws {
        let found = try names("Acting FDA Commissioner Laura Price met Treasury Secretary Omar Haddad on Monday.")
        let price = try #require(found.first { $0.text == "Laura Price" })
        #expect(price.kind == .person)
        #expect(price.role == "Acting Commissioner")
        #expect(price.roleOrganization == "Food and Drug Administration")
        let haddad = try #require(found.first { $0.text == "Omar Haddad" })
        #expect(haddad.role == "Secretary")
        #expect(haddad.roleOrganization == "Treasury Department")
    }

    @Test func acronymDefinitionsAndShortForms() throws {
        let text = "The National Transit Board (NTB) fined Kelvin Rourke. The NTB said Rourke would appeal."
        let lex = try lexicon()
        let scalars = Array(text.unicodeScalars)
        let tokens = Tokenizer(lexicon: lex).tokenize(scalars)
        let split = SentenceSplitter(lexicon: lex).split(tokens)
        let (mentions, acronyms) = NameFinder(lexicon: lex).find(tokens: tokens, sentences: split, lowerWordsInText: [])
        #expect(acronyms == [AcronymDefinition(acronym: "NTB", expansion: "National Transit Board")])
        #expect(mentions.filter { $0.text == "NTB" }.allSatisfy { $0.canonical == "National Transit Board" })
        #expect(mentions.first { $0.text == "Rourke" }?.canonical == "Kelvin Rourke")
    }

    @Test func organizationsBySuffixAndHead() throws {
        let found = try names("Harbor Freight Group sued the Lambert administration and Vela Corp. over the plan.")
        #expect(found.contains { $0.text == "Harbor Freight Group" && $0.kind == .organization })
        #expect(found.contains { $0.text == "Lambert administration" && $0.kind == .organization })
        #expect(found.contains { $0.text == "Vela Corp." && $0.kind == .organization })
    }

    @Test func coordinatedNamesAreTwo() throws {
        let found = try names("The pact between Secretary Ana Melo and Secretary Ben Ochs was signed.")
        #expect(found.contains { $0.text == "Ana Melo" && $0.kind == .person })
        #expect(found.contains { $0.text == "Ben Ochs" && $0.kind == .person })
    }

    @Test func sentenceInitialWordsAndDaysAreNotNames() throws {
        let found = try names("Several analysts said the filing on Monday was late. Analysts agreed.")
        #expect(found.isEmpty)
    }

    @Test func apiReportsNamesAndAcronyms() throws {
        let result = try extractor().extract(.init(body: "The Office of Budget Review (OBR) hired Nadia Flores. Flores starts in May."))
        #expect(result.acronyms.contains(AcronymDefinition(acronym: "OBR", expansion: "Office of Budget Review")))
        #expect(result.names.contains { $0.name == "Nadia Flores" && $0.kind == .person && $0.shortForms == ["Flores"] })
        #expect(result.names.contains { $0.name == "Office of Budget Review" && $0.kind == .organization })
    }

    @Test func aSentenceOpeningNameBeforeAVerb() throws {
        #expect(try names("Vantor sued Kell Logistics on Monday.").contains { $0.text == "Vantor" })
        #expect(try names("Specifically, the plan failed. Shares of the firm fell.").isEmpty)
    }
}
