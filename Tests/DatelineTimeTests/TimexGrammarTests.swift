import DatelineCore
import DatelineTime
import Foundation
import Testing

/// A Wednesday in April.
private let reference = CalendarDate(year: 2025, month: 4, day: 9)

private let tagger = TimexTagger()

private func values(_ text: String, reference: CalendarDate? = reference) -> [String] {
    tagger.tag(text, reference: reference).map { "\($0.text)=\($0.value)" }
}

@Suite("News phrasings beyond the basics")
struct TimexGrammarTests {
    @Test("dates anchored on the date the text last named")
    func anaphora() {
        #expect(values("The plant opened in 2019 and closed the following year.") == ["2019=2019", "the following year=2020"])
        #expect(values("Talks began on March 3. That day, the envoy left.") == ["March 3=2025-03-03", "That day=2025-03-03"])
    }

    @Test("years and decades in words and with qualifiers", arguments: [
        ("Born in nineteen ninety-six, she moved abroad.", "nineteen ninety-six=1996"),
        ("The law was written in the 20th century.", "the 20th century=19XX"),
        ("The fleet was built in the summer of 1998.", "the summer of 1998=1998-SU"),
        ("Fashion from the nineties is back.", "the nineties=199X"),
        ("Tariffs rose sharply in the mid-1990s.", "the mid-1990s=199X"),
    ])
    func years(text: String, expected: String) {
        #expect(values(text).contains(expected))
    }

    @Test("amounts of time", arguments: [
        ("The project took 2 1/2 years to finish.", "2 1/2 years=P2Y6M"),
        ("Repairs need two to three weeks.", "two to three weeks=P2W"),
        ("The strike lasted nearly five months.", "nearly five months=P5M"),
        ("The rally went on for over an hour.", "over an hour=PT1H"),
        ("Police held him for at least 72 hours.", "at least 72 hours=PT72H"),
    ])
    func amounts(text: String, expected: String) {
        #expect(values(text).contains(expected))
    }

    @Test("an approximate distance back in time is still a date")
    func approximateAgo() throws {
        let e = try #require(tagger.tag("The company was founded about two years ago.", reference: reference).first)
        #expect(e.text == "about two years ago")
        #expect(e.type == .date)
        #expect(e.value == "2023")
        #expect(e.mod == "APPROX")
        #expect(e.date == FuzzyDate.year(2023))
    }

    @Test("clock times with their day", arguments: [
        ("Polls close at 10:35 a.m. Tuesday in the capital.", "10:35 a.m. Tuesday=2025-04-08T10:35"),
        ("The vote was held at noon Thursday.", "noon Thursday=2025-04-03T12:00"),
        ("Trading halted at 5 p.m. EST.", "5 p.m. EST=2025-04-09T17:00"),
        ("The meeting is at 1:30pm on Jan. 20, 2026.", "1:30pm=2026-01-20T13:30"),
        ("The meeting is at 1:30pm on Jan. 20, 2026.", "Jan. 20, 2026=2026-01-20"),
    ])
    func times(text: String, expected: String) {
        #expect(values(text).contains(expected))
    }

    @Test("words that only look like dates are left alone")
    func falseFriends() {
        #expect(values("Shares closed at $2.46 on heavy volume.").isEmpty)
        #expect(values("Thousands joined the March for Life downtown.").isEmpty)
        #expect(values("Prices may rise in May, the bank said.") == ["May=2025-05"])
        #expect(values("A 52-year-old man was arrested.").isEmpty)
        #expect(values("He said so on CBS's 60 Minutes program.").isEmpty)
    }

    @Test("financial periods follow the quarter under discussion")
    func financialPeriods() {
        let ref = CalendarDate(year: 2025, month: 10, day: 22)
        let text = "Net income fell in the third quarter. Sales were flat compared with the corresponding period last year."
        #expect(values(text, reference: ref) == ["the third quarter=2025-Q3", "the corresponding period last year=2024-Q3"])
        #expect(values("The year-earlier quarter was weak.", reference: ref) == ["The year-earlier quarter=2024-Q3"])
        #expect(values("Sales for the quarter ended June 30 rose.", reference: ref) == ["the quarter=2025-Q2", "June 30=2025-06-30"])
        #expect(values("Profit for the year ended June 30 doubled.", reference: ref) == ["the year=P1Y", "June 30=2025-06-30"])
    }

    @Test("the week of a date and the end of a year")
    func weeksAndEnds() throws {
        #expect(values("Hearings resume the week of March 3.") == ["the week of March 3=2025-W10"])
        let end = try #require(tagger.tag("Debt rose at the end of 2024.", reference: reference).first)
        #expect(end.text == "the end of 2024")
        #expect(end.value == "2024")
        #expect(end.mod == "END")
        let yearEnd = try #require(tagger.tag("The deal should close by year-end.", reference: reference).first)
        #expect(yearEnd.value == "2025")
        #expect(yearEnd.mod == "END")
    }

    @Test("modern business and wire notations", arguments: [
        ("Revenue in Q3 2024 beat forecasts.", "Q3 2024=2024-Q3"),
        ("Revenue for FY2024 rose.", "FY2024=2024"),
        ("Guidance for H1 2026 was cut.", "H1 2026=2026-H1"),
        ("The filing dated 2025-03-14 was late.", "2025-03-14=2025-03-14"),
        ("Markets open at 14:30 GMT on weekdays.", "14:30 GMT=2025-04-09T14:30"),
        ("The briefing starts at 9:30 a.m. ET.", "9:30 a.m. ET=2025-04-09T09:30"),
    ])
    func notations(text: String, expected: String) {
        #expect(values(text).contains(expected))
    }

    @Test("relative holidays and compound relatives", arguments: [
        ("Turnout fell this past weekend.", "this past weekend=2025-W14-WE"),
        ("Prices spiked last Thanksgiving.", "last Thanksgiving=2024-11-28"),
        ("Earlier today the court ruled.", "Earlier today=2025-04-09"),
        ("Shops close on Christmas Day.", "Christmas Day=2025-12-25"),
    ])
    func relatives(text: String, expected: String) {
        #expect(values(text).contains(expected))
    }

    @Test("a weekday's night or morning is the day; its evening is a time")
    func partsOfWeekdays() {
        #expect(values("Protesters marched Friday night downtown.") == ["Friday night=2025-04-04"])
        #expect(values("The bomb went off Tuesday morning.") == ["Tuesday morning=2025-04-08"])
        #expect(values("He spoke Monday evening to reporters.") == ["Monday evening=2025-04-07TEV"])
    }

    @Test("spoken dates and parts of the day")
    func spoken() {
        #expect(values("The fair opens on March eighth.") == ["March eighth=2025-03-08"])
        #expect(values("Fighting resumed mid-afternoon yesterday.") == ["mid-afternoon yesterday=2025-04-08TAF"])
    }
}

@Suite("Lexicons users can extend")
struct TimeLexiconTests {
    @Test("a folder of extra files adds words")
    func extend() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("timex-lexicon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "# our own holiday\nfounders day = 03-15\n".write(to: dir.appendingPathComponent("holidays.txt"), atomically: true, encoding: .utf8)
        try "fortnight = W\n".write(to: dir.appendingPathComponent("units.txt"), atomically: true, encoding: .utf8)
        let extended = try TimexTagger(extendingWith: dir)
        let found = extended.tag("The parade on Founders Day drew crowds.", reference: reference)
        #expect(found.map(\.value) == ["2025-03-15"])
        #expect(TimexTagger().tag("The parade on Founders Day drew crowds.", reference: reference).isEmpty)
    }

    @Test("a bad line names its file and line")
    func badLine() {
        #expect {
            try TimeLexicon(files: ["months.txt": "january = 1\nfebruary = 13\n"])
        } throws: { error in
            guard let e = error as? TimeError else { return false }
            return e.code == "lexicon_line" && e.message.contains("months.txt, line 2")
        }
        #expect(throws: TimeError.self) { try TimeLexicon(files: ["colors.txt": "red = 1"]) }
    }

    @Test("every file in the Lexicons folder is one the loader knows, and all of them parse")
    func sourceFolder() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/DatelineTime/Lexicons")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }
        #expect(!names.isEmpty)
        for name in names { #expect(TimeLexicon.fileNames.contains(name), "unknown lexicon file \(name)") }
        _ = try TimeLexicon(directory: folder)
    }

    @Test("the built-in lexicon loads")
    func builtIn() throws {
        _ = try TimeLexicon.builtIn()
        #expect(!TimexTagger().tag("on Monday", reference: nil).isEmpty)
    }
}
