import DatelineCore
import Testing
@testable import DatelineExtraction

/// Participants in harder sentences: appositives, coordination, lists, pronouns, cataphora.
@Suite struct ArgumentTests {
    func kinds(_ text: String, _ kind: EventKind, published: String? = "2024-03-14") throws -> [ExtractedEvent] {
        try events(text, published: published).filter { $0.kind == kind }
    }

    @Test func appositiveSubject() throws {
        let e = try #require(try kinds("Kendra Hall, the agency's chief of staff since 2019, resigned on Tuesday.", .resignation).first)
        #expect(e.subject == "Kendra Hall")
    }

    @Test func reversedAppositive() throws {
        let e = try #require(try kinds("The chief executive of Lantern Mills, Oskar Brandt, stepped down on Friday.", .resignation).first)
        #expect(e.subject == "Oskar Brandt")
    }

    @Test func verbCoordinationSharesTheSubject() throws {
        let found = try events("Officials said Dara Quinn was suspended in May and resigned from the council in June.")
        #expect(found.first { $0.kind == .resignation }?.subject == "Dara Quinn")
        #expect(found.first { $0.kind == .dismissal }?.subject == "Dara Quinn")
    }

    @Test func listedCounterpartiesAreSeparateDeals() throws {
        let found = try kinds("Harlan Dairy has signed supply deals with Arlo Foods, Benning Farms and Cole Grocers.", .agreement)
        #expect(Set(found.compactMap(\.counterparty)) == ["Arlo Foods", "Benning Farms", "Cole Grocers"])
        #expect(found.allSatisfy { $0.subject == "Harlan Dairy" })
    }

    @Test func namesListedAfterACopula() throws {
        let found = try kinds("The city said the newly-appointed commissioners are Ana Ruiz, Bo Lindqvist and Cyrus Tate.", .appointment)
        #expect(Set(found.compactMap(\.subject)) == ["Ana Ruiz", "Bo Lindqvist", "Cyrus Tate"])
    }

    @Test func indefiniteLeadIsThePersonNamedNext() throws {
        let text = "One of the city's best-known developers was arrested on Monday on fraud charges.\n\nMarco Bell, 61, denies wrongdoing, his lawyer said."
        let e = try #require(try kinds(text, .charge).first)
        #expect(e.subject == "Marco Bell")
    }

    @Test func itMeansTheCompanyOfTheStory() throws {
        let text = "Pellor Steel cut 300 jobs last year. Analysts at Grange Securities expect more cuts. Earlier this month it sued the state of Ohio over a tax bill."
        let e = try #require(try kinds(text, .lawsuit).first)
        #expect(e.subject == "Pellor Steel")
    }

    @Test func theCompanyIsTheNearestOrganizationOfItsSentence() throws {
        let e = try #require(try kinds("Shareholders of Vance Holdings lost millions when the company filed for bankruptcy in 2009.", .courtFiling).first)
        #expect(e.subject == "Vance Holdings")
    }

    @Test func theJudgeAndTheCourtMadeOneRuling() throws {
        let text = "The Ninth Circuit Court of Appeals ruled on Friday that the fees were unlawful. Judge Rosa Lind, writing for the court, said the ruling applies nationwide."
        #expect(try kinds(text, .ruling).count == 1)
    }

    @Test func aDealThatWasSignedIsOneFact() throws {
        #expect(try kinds("A deal between Norwell Bank and Tiber Capital was signed on Monday.", .agreement).count == 1)
    }

    @Test func nationalityAdjectivesAreNotParties() throws {
        let e = try #require(try kinds("The French carmaker Dumas Auto signed a deal with Kessel Parts on Monday.", .agreement).first)
        #expect(e.subject == "Dumas Auto")
        #expect(e.counterparty == "Kessel Parts")
    }
}
