import DatelineCore
import Foundation
import Testing
@testable import DatelineTimeline

@Suite struct HeadlineTests {
    let krause: [Participant] = [
        Fixtures.p(1, .person, "Melanie Krause", .subject),
        Fixtures.p(2, .organization, "Internal Revenue Service", .organization),
        Fixtures.p(3, .post, "Acting Commissioner", .post),
    ]

    func headline(_ kind: EventKind, _ status: EventStatus, _ participants: [Participant]) throws -> String {
        try Headline.make(for: Fixtures.event(1, kind, status, nil, participants, created: "2025-01-01T00:00:00Z"))
    }

    @Test func resignationPerStatus() throws {
        #expect(try headline(.resignation, .expected, krause) == "Acting Commissioner Melanie Krause expected to resign from Internal Revenue Service")
        #expect(try headline(.resignation, .occurred, krause) == "Acting Commissioner Melanie Krause resigned from Internal Revenue Service")
        #expect(try headline(.resignation, .reported, krause) == "Acting Commissioner Melanie Krause reportedly resigned from Internal Revenue Service")
        #expect(try headline(.resignation, .denied, krause) == "Denied: Acting Commissioner Melanie Krause resigned from Internal Revenue Service")
    }

    @Test func fallsBackWhenParticipantsAreMissing() throws {
        #expect(try headline(.resignation, .occurred, [Fixtures.p(1, .person, "Melanie Krause", .subject)]) == "Melanie Krause resigned")
        #expect(try headline(.resignation, .occurred, []) == "An official resigned")
    }

    @Test func otherKinds() throws {
        let treasury = Fixtures.p(4, .organization, "Treasury Department", .subject)
        let dhs = Fixtures.p(5, .organization, "Homeland Security", .counterparty)
        #expect(try headline(.agreement, .occurred, [treasury, dhs]) == "Treasury Department and Homeland Security signed agreement")
        #expect(try headline(.agreement, .expected, [treasury, dhs]) == "Treasury Department and Homeland Security expected to sign agreement")
        let judge = Fixtures.p(6, .person, "Judge Ana Reyes", .subject)
        #expect(try headline(.ruling, .occurred, [judge, dhs]) == "Judge Ana Reyes ruled in case involving Homeland Security")
        #expect(try headline(.appointment, .expected, krause) == "Melanie Krause expected to be appointed Acting Commissioner of Internal Revenue Service")
        #expect(try headline(.lawsuit, .reported, [treasury, dhs]) == "Treasury Department reportedly sued Homeland Security")
        #expect(try headline(.charge, .occurred, [judge]) == "Judge Ana Reyes charged")
    }

    @Test func everyBuiltInKindAndStatusHasAHeadline() throws {
        let templates = try HeadlineTemplates.bundled()
        for kind in EventKind.builtIn {
            #expect(templates.kinds[kind.rawValue] != nil, "no templates for \(kind)")
            for status in EventStatus.allCases {
                let text = try headline(kind, status, krause)
                #expect(!text.isEmpty && !text.contains("{") && !text.contains("  "), "\(kind)/\(status): \(text)")
            }
        }
    }

    @Test func unknownKindUsesTheDefault() throws {
        let text = try headline(EventKind(rawValue: "product_recall"), .occurred, krause)
        #expect(text == "Melanie Krause involved in product recall")
    }

    @Test func customTemplatesAreValidated() throws {
        let bad = Data(#"{"status_frames":{"occurred":"{actor} {past}","expected":"{actor}","reported":"{actor}","denied":"{actor}"},"default":{"actor":["{who}"],"past":["x"],"base":["x"]},"kinds":{}}"#.utf8)
        #expect(throws: TimelineError.self) { try HeadlineTemplates(json: bad) }
        let missing = Data(#"{"status_frames":{"occurred":"{actor} {past}"},"default":{"actor":["a"],"past":["x"],"base":["x"]},"kinds":{}}"#.utf8)
        #expect(throws: TimelineError.self) { try HeadlineTemplates(json: missing) }
    }
}

@Suite struct DateDisplayTests {
    @Test func asPreciseAsKnownAndNoMore() throws {
        let d = Fixtures.day(2025, 4, 8)
        #expect(DateDisplay.text(.day(d)) == "8 April 2025")
        #expect(DateDisplay.text(.day(d), style: .american) == "Apr 8, 2025")
        #expect(DateDisplay.text(try #require(FuzzyDate.month(year: 2025, month: 4))) == "April 2025")
        #expect(DateDisplay.text(try #require(FuzzyDate.partOfMonth(year: 2025, month: 4, part: .late))) == "late April 2025")
        #expect(DateDisplay.text(try #require(FuzzyDate.partOfMonth(year: 2025, month: 4, part: .mid))) == "mid-April 2025")
        #expect(DateDisplay.text(try #require(FuzzyDate.partOfMonth(year: 2025, month: 4, part: .early))) == "early April 2025")
        #expect(DateDisplay.text(.week(containing: d)) == "week of 7 April 2025")
        #expect(DateDisplay.text(try #require(FuzzyDate.year(2025))) == "2025")
        #expect(DateDisplay.text(try #require(FuzzyDate.decade(2024))) == "the 2020s")
    }

    @Test func quartersSeasonsAndCenturies() {
        let q2 = FuzzyDate(value: "2025-Q2", precision: .quarter, start: Fixtures.day(2025, 4, 1), end: Fixtures.day(2025, 6, 30))
        #expect(DateDisplay.text(q2) == "Q2 2025")
        let summer = FuzzyDate(value: "2025-SU", precision: .season, start: Fixtures.day(2025, 6, 21), end: Fixtures.day(2025, 9, 22))
        #expect(DateDisplay.text(summer) == "summer 2025")
        let c21 = FuzzyDate(value: "20", precision: .century, start: Fixtures.day(2001, 1, 1), end: Fixtures.day(2100, 12, 31))
        #expect(DateDisplay.text(c21) == "the 21st century")
    }

    @Test func oddRangesShowTheirBounds() {
        let odd = FuzzyDate(value: "x", precision: .month, start: Fixtures.day(2025, 4, 20), end: Fixtures.day(2025, 5, 10))
        #expect(DateDisplay.text(odd) == "between 20 April 2025 and 10 May 2025")
    }
}

@Suite struct HeadlineFromNamesTests {
    @Test func plainNamesGiveTheSameHeadlineAsAnEvent() throws {
        let templates = try HeadlineTemplates.bundled()
        let text = templates.headline(
            kind: .nomination, status: .reported, subject: "Melanie Krause", organization: "Internal Revenue Service",
            post: "  ", counterparty: nil)
        #expect(text == "Melanie Krause reportedly nominated to Internal Revenue Service", "a blank post counts as missing")
    }

    @Test func newlinesInNamesDoNotBreakTheLine() throws {
        let text = try HeadlineTemplates.bundled().headline(
            kind: .lawsuit, status: .occurred, subject: "Coastal\nAlliance", organization: nil, post: nil, counterparty: "The  Bureau")
        #expect(text == "Coastal Alliance sued The Bureau")
    }
}
