import DatelineCore
import Testing
@testable import DatelineExtraction

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
