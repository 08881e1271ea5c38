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

/// Events that must not be produced, and dates that come from the story rather than a phrase.
@Suite struct PolarityAndDateTests {
    @Test func adjectivalParticipleAndReducedRelative() throws {
        #expect(try events("The plan would cut the number of elected members from 16 to 12.").isEmpty)
        #expect(try events("Most of the 40 firms sued on Tuesday are based in Ohio.").filter { $0.kind == .lawsuit }.isEmpty)
    }

    @Test func aDealThatCollapsedOrAGenericOne() throws {
        #expect(try events("The deal with Orton Mills collapsed in March.").filter { $0.kind == .agreement }.isEmpty)
        #expect(try events("It is not uncommon for lenders to face lawsuits from borrowers.").isEmpty)
        #expect(try events("Such contracts are often signed in a hurry.").isEmpty)
    }

    @Test func predictionsAndPronounsWithoutAntecedentYieldNothing() throws {
        #expect(try events("Analyst Mira Kohl predicts that the merger will not close before June.").isEmpty)
        #expect(try events("“We are investigating,” they said.").isEmpty)
    }

    @Test func theLeadIsTodaysNews() throws {
        let found = try events("Rex Ward has resigned from Halden Bank.\n\nHe had led its lending arm for a decade.", published: "2024-03-14")
        #expect(found.first?.date?.dateString == "2024-03-14")
        #expect(found.first?.dateText == nil)  // not read from words
        // Without a publication date nothing is assumed.
        #expect(try events("Rex Ward has resigned from Halden Bank.", published: nil).first?.date == nil)
    }

    @Test func laterBackgroundEventsAreNotDatedByTheLead() throws {
        let found = try events("Mayor Ana Ruiz resigned on Tuesday.\n\nCouncil members said they were surprised.\n\nRuiz was once sued by a developer.", published: "2024-03-14")
        #expect(found.first { $0.kind == .lawsuit }?.date == nil)
    }

    @Test func talksAndSchedulesAreExpected() throws {
        let talks = try #require(try events("Corvan Foods is in talks to acquire rival grocer Belmont Market, people familiar with the matter said.").first { $0.kind == .agreement })
        #expect(talks.status == .expected)
        #expect(talks.counterparty == "Belmont Market")
        let hearing = try #require(try events("A hearing in the Lisle County Court is scheduled for July 8.").first { $0.kind == .hearing })
        #expect(hearing.status == .expected)
        let sentencing = try #require(try events("Ron Dray faces ten years in prison when he is sentenced by Judge Ada Moss in May.").first { $0.kind == .ruling })
        #expect(sentencing.status == .expected)
    }

    @Test func anExpectedEventIsDatedByItsAnnouncement() throws {
        let e = try #require(try events("Its finance chief, Leo Marsh, is set to step down at the end of the year, the company said on Tuesday.", published: "2025-06-12").first)
        #expect(e.status == .expected)
        #expect(e.date?.dateString == "2025-06-10")
    }
}

