import DatelineCore
import DatelineTime
import Testing

/// A Wednesday.
private let wednesday = CalendarDate(year: 2025, month: 4, day: 9)

private let tagger = TimexTagger()

/// The single expression whose text is `text`, or `nil`.
private func find(_ text: String, in sentence: String, reference: CalendarDate? = wednesday) -> TimeExpression? {
    tagger.tag(sentence, reference: reference).first { $0.text == text }
}

@Suite("Normalizing dates against the publication date")
struct TimexNormalizationTests {
    @Test("absolute dates resolve with and without a reference", arguments: [
        ("The merger closed on Feb. 23, 2025, after a long review.", "Feb. 23, 2025", "2025-02-23"),
        ("Voters went to the polls on 23 February 2025 in the north.", "23 February 2025", "2025-02-23"),
        ("The plant opened in January 1998 with 40 workers.", "January 1998", "1998-01"),
        ("The law dates from 1987 and was never amended.", "1987", "1987"),
        ("The company was founded in 2022 by two engineers.", "2022", "2022"),
    ])
    func absolute(sentence: String, text: String, value: String) throws {
        let withRef = try #require(find(text, in: sentence))
        #expect(withRef.value == value)
        let withoutRef = try #require(find(text, in: sentence, reference: nil))
        #expect(withoutRef.value == value)
        #expect(withoutRef.date != nil)
    }

    @Test("relative expressions resolve against the reference", arguments: [
        ("Prices climbed last month across the region.", "last month", "2025-03"),
        ("Shares have doubled earlier this year.", "earlier this year", "2025"),
        ("The mayor stepped down two weeks ago.", "two weeks ago", "2025-W13"),
        ("Talks resumed yesterday in Geneva.", "yesterday", "2025-04-08"),
        ("The court will rule today on the appeal.", "today", "2025-04-09"),
        ("Elections are due next year.", "next year", "2026"),
        ("Traffic is heavy this week downtown.", "this week", "2025-W15"),
        ("Fans gathered over the weekend outside the stadium.", "the weekend", "2025-W14-WE"),
        ("The index rose in the first quarter.", "the first quarter", "2025-Q1"),
        ("The firm reported a loss last quarter.", "last quarter", "2025-Q1"),
        ("Crime fell this summer in most cities.", "this summer", "2025-SU"),
        ("Sales were weak in fiscal 1988 as well.", "fiscal 1988", "1988"),
        ("A storm hit the coast this morning.", "this morning", "2025-04-09TMO"),
        ("Protesters will gather tonight near the palace.", "tonight", "2025-04-09TNI"),
        ("The vote is set for 3 p.m. on the island.", "3 p.m.", "2025-04-09T15:00"),
        ("Officials said it was the worst drought since the 1990s.", "the 1990s", "199X"),
        ("Markets are calm now after the rally.", "now", "PRESENT_REF"),
        ("The bank currently employs 500 people.", "currently", "PRESENT_REF"),
        ("The ministry recently changed its rules.", "recently", "PAST_REF"),
    ])
    func relative(sentence: String, text: String, value: String) throws {
        let e = try #require(find(text, in: sentence))
        #expect(e.value == value)
    }

    @Test("a part of a month keeps the month value and narrows the date")
    func partOfMonth() throws {
        let e = try #require(find("late March", in: "The strike began in late March and spread."))
        #expect(e.value == "2025-03")
        #expect(e.mod == "END")
        #expect(e.date == FuzzyDate.partOfMonth(year: 2025, month: 3, part: .late))
        let mid = try #require(find("mid-November", in: "Payments resume mid-November, the agency said."))
        #expect(mid.mod == "MID")
        #expect(mid.date?.precision == .partOfMonth)
    }

    @Test("last month is a month-precision fuzzy date")
    func lastMonthDate() throws {
        let e = try #require(find("last month", in: "The governor signed the bill last month."))
        #expect(e.date == FuzzyDate.month(year: 2025, month: 3))
        #expect(e.type == .date)
    }

    @Test("durations", arguments: [
        ("He served three years in prison.", "three years", "P3Y"),
        ("Output dropped in the past 10 days.", "the past 10 days", "P10D"),
        ("The pact runs for two weeks only.", "two weeks", "P2W"),
        ("It signed a five-year contract.", "five-year", "P5Y"),
        ("Rescuers searched for 48 hours.", "48 hours", "PT48H"),
        ("The dispute lasted the past three years.", "the past three years", "P3Y"),
    ])
    func durations(sentence: String, text: String, value: String) throws {
        let e = try #require(find(text, in: sentence))
        #expect(e.type == .duration)
        #expect(e.value == value)
        #expect(e.date == nil)
    }

    @Test("ages are not durations")
    func ages() {
        let found = tagger.tag("A 6-year-old boy and his 40-year-old father were rescued.", reference: wednesday)
        #expect(found.isEmpty)
    }

    @Test("sets", arguments: [
        ("The paper is published daily in two languages.", "daily", "P1D"),
        ("The council meets every week at the town hall.", "every week", "P1W"),
        ("Dues are paid annually by members.", "annually", "P1Y"),
        ("The market opens each Thursday at dawn.", "each Thursday", "XXXX-WXX-4"),
    ])
    func sets(sentence: String, text: String, value: String) throws {
        let e = try #require(find(text, in: sentence))
        #expect(e.type == .set)
        #expect(e.value == value)
    }

    @Test("month and day without a year take the reference year")
    func monthDay() throws {
        let e = try #require(find("March 5", in: "The board met on March 5 to review bids."))
        #expect(e.value == "2025-03-05")
        let unresolved = try #require(find("Feb. 23", in: "The board met on Feb. 23 to review bids.", reference: nil))
        #expect(unresolved.value == "XXXX-02-23")
        #expect(unresolved.date == nil)
    }

    @Test("a month far after the reference in a past sentence is last year's")
    func monthYearChoice() throws {
        let e = try #require(find("November", in: "Exports slumped in November, the office reported.", reference: CalendarDate(year: 2025, month: 2, day: 3)))
        #expect(e.value == "2024-11")
    }

    @Test("the quarter of an earnings report anchors \"a year earlier\"")
    func quarterContext() throws {
        let text = "Profit rose 8% in the third quarter from a year earlier, the bank said."
        let found = tagger.tag(text, reference: CalendarDate(year: 2025, month: 10, day: 20))
        #expect(found.map(\.value) == ["2025-Q3", "2024-Q3"])
    }
}

@Suite("Weekdays follow the tense of their sentence")
struct TimexWeekdayTests {
    @Test("past tense picks the most recent such day", arguments: [
        ("The minister resigned late Tuesday after a stormy session.", "late Tuesday", "2025-04-08"),
        ("Police said Monday that two men were arrested.", "Monday", "2025-04-07"),
        ("The storm reported Friday killed three people.", "Friday", "2025-04-04"),
        ("Officials announced the deal Wednesday.", "Wednesday", "2025-04-09"),
    ])
    func past(sentence: String, text: String, value: String) throws {
        let e = try #require(find(text, in: sentence))
        #expect(e.value == value)
    }

    @Test("future tense picks the coming one", arguments: [
        ("The committee will vote on Monday.", "Monday", "2025-04-14"),
        ("The hearing is scheduled for Friday in Boston.", "Friday", "2025-04-11"),
        ("Leaders meet again next Monday.", "next Monday", "2025-04-14"),
        ("The rally was moved to last Friday.", "last Friday", "2025-04-04"),
    ])
    func future(sentence: String, text: String, value: String) throws {
        let e = try #require(find(text, in: sentence))
        #expect(e.value == value)
    }

    @Test("the possessive is not part of the weekday")
    func possessive() throws {
        let e = try #require(tagger.tag("Monday's vote surprised analysts, who had said it would fail.", reference: wednesday).first)
        #expect(e.text == "Monday")
        #expect(e.value == "2025-04-07")
    }

    @Test("with no reference, relative expressions keep TimeML's unresolved values", arguments: [
        ("Prices rose last month.", "last month", "XXXX-XX"),
        ("It happened two weeks ago.", "two weeks ago", "XXXX-WXX"),
        ("Profit fell in the third quarter.", "the third quarter", "XXXX-Q3"),
        ("The fair opens in March.", "March", "XXXX-03"),
        ("Talks resumed yesterday.", "yesterday", "XXXX-XX-XX"),
        ("Crowds gather tonight.", "tonight", "XXXX-XX-XXTNI"),
        ("The vote is at 3 p.m.", "3 p.m.", "XXXX-XX-XXT15:00"),
        ("Markets are calm now.", "now", "PRESENT_REF"),
    ])
    func unresolvedValues(sentence: String, text: String, value: String) throws {
        let e = try #require(find(text, in: sentence, reference: nil))
        #expect(e.value == value)
        #expect(e.date == nil)
    }

    @Test("with no reference a weekday stays unresolved")
    func unresolved() throws {
        let e = try #require(find("Tuesday", in: "The envoy arrived Tuesday.", reference: nil))
        #expect(e.value == "XXXX-WXX-2")
        #expect(e.date == nil)
    }
}

@Suite("Offsets are Unicode-scalar offsets")
struct TimexOffsetTests {
    @Test("emoji, accents and combining marks before an expression")
    func scalars() throws {
        let text = "🇫🇷 Café de l’Opéra — e\u{301}té: the minister quit last Friday 👋."
        let e = try #require(tagger.tag(text, reference: wednesday).first)
        #expect(e.text == "last Friday")
        let scalars = Array(text.unicodeScalars)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[e.start..<e.end])
        #expect(String(view) == "last Friday")
        #expect(e.value == "2025-04-04")
    }

    @Test("several expressions come out in order without overlap")
    func order() {
        let found = tagger.tag("On Monday, March 3, 2025, and again on Tuesday, the talks stalled for three days.", reference: wednesday)
        #expect(found.map(\.text) == ["Monday, March 3, 2025", "Tuesday", "three days"])
        for (a, b) in zip(found, found.dropFirst()) { #expect(a.end <= b.start) }
    }
}
