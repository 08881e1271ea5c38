import DatelineCore
import DatelineTime
import Testing

/// Published in mid-September 2025.
private let september = CalendarDate(year: 2025, month: 9, day: 15)
/// Published in early March 2025.
private let march = CalendarDate(year: 2025, month: 3, day: 4)

private let tagger = TimexTagger()

private func value(_ text: String, in sentence: String, reference: CalendarDate?) -> String? {
    tagger.tag(sentence, reference: reference).first { $0.text == text }?.value
}

/// A month named without a year takes its year from the tense of its sentence: past tense → the
/// most recent such month, future → the next one, neither → the nearest, leaning to the past.
@Suite("Bare months resolved by tense")
struct MonthTenseTests {
    @Test("past tense: the most recent such month", arguments: [
        ("The state sued the company in January over the spill.", "January", "2025-01"),
        ("Regulators sued the lender in January, accusing it of fraud.", "January", "2025-01"),
        ("The union has sued the city in February over pensions.", "February", "2025-02"),
        ("She resigned in December after a long dispute with the board.", "December", "2024-12"),
        ("The board fired its chief executive in March.", "March", "2025-03"),
        ("The plant closed in December and never reopened.", "December", "2024-12"),
        ("Prosecutors charged him in August with bribery.", "August", "2025-08"),
        ("The deal was signed in September, the company said.", "September", "2025-09"),
        ("The firm axed 300 jobs in January.", "January", "2025-01"),
        ("Talks collapsed on December 3 after a week of meetings.", "December 3", "2024-12-03"),
        ("Voters went to the polls in April and chose a new mayor.", "April", "2025-04"),
    ])
    func past(sentence: String, text: String, expected: String) {
        #expect(value(text, in: sentence, reference: september) == expected, "\(sentence)")
    }

    @Test("future tense: the next such month", arguments: [
        ("The company will appeal the ruling in January.", "January", "2026-01"),
        ("The new rules will take effect in June.", "June", "2026-06"),
        ("Lawmakers will vote on the budget in May.", "May", "2026-05"),
        ("The trial is scheduled to begin in October.", "October", "2025-10"),
        ("The merger is expected to close in March.", "March", "2026-03"),
        ("Hearings will resume on January 12 in the capital.", "January 12", "2026-01-12"),
        ("The chief executive plans to step down in December.", "December", "2025-12"),
    ])
    func future(sentence: String, text: String, expected: String) {
        #expect(value(text, in: sentence, reference: september) == expected, "\(sentence)")
    }

    @Test("no tense: the nearest, leaning to the past", arguments: [
        ("Budget talks in January are a yearly ritual.", "January", "2026-01"),
        ("Sales in October are usually strong.", "October", "2025-10"),
        ("Its results for June are on the website.", "June", "2025-06"),
    ])
    func ambiguous(sentence: String, text: String, expected: String) {
        #expect(value(text, in: sentence, reference: september) == expected, "\(sentence)")
    }

    @Test("early in the year", arguments: [
        ("The bank sued the builder in November.", "November", "2024-11"),
        ("The minister resigned in February.", "February", "2025-02"),
        ("The court will hear the case in December.", "December", "2025-12"),
        ("The court will hear the case in May.", "May", "2025-05"),
        ("The regulator opened an inquiry in December.", "December", "2024-12"),
    ])
    func earlyInTheYear(sentence: String, text: String, expected: String) {
        #expect(value(text, in: sentence, reference: march) == expected, "\(sentence)")
    }

    @Test("within two months of publication the year is the same", arguments: [
        ("Prices may rise in October, the bank said.", "October", "2025-10"),
        ("Exports fell in July.", "July", "2025-07"),
        ("The rules take effect in November.", "November", "2025-11"),
    ])
    func nearMonths(sentence: String, text: String, expected: String) {
        #expect(value(text, in: sentence, reference: september) == expected, "\(sentence)")
    }

    @Test("near the publication month, the expression's own past verb means last year", arguments: [
        ("The finance minister resigned in November after the budget vote.", "November", "2024-11"),
        ("Regulators fined the lender in October for lax controls.", "October", "2024-10"),
        ("The airline was sued in November by a group of passengers.", "November", "2024-11"),
        ("In November, the board fired its chief executive.", "November", "2024-11"),
        ("The mayor said in October that the depot would close.", "October", "2024-10"),
        ("Talks between the two unions collapsed on Nov. 3 without a deal.", "Nov. 3", "2024-11-03"),
        ("The company changed its fiscal year to a calendar year in October.", "October", "2024-10"),
    ])
    func nearMonthsPast(sentence: String, text: String, expected: String) {
        #expect(value(text, in: sentence, reference: september) == expected, "\(sentence)")
    }

    @Test("near the publication month, no clear verb of its own keeps the year", arguments: [
        ("The merger is expected to close in November.", "November", "2025-11"),
        ("The quarterly results will be published in early November.", "early November", "2025-11"),
        ("The tender offer was extended to Nov. 14, the bidder said.", "Nov. 14", "2025-11-14"),
        ("The sale is expected to be completed by Oct. 31.", "Oct. 31", "2025-10-31"),
        ("The insurer said it is redeeming the notes on Nov. 3.", "Nov. 3", "2025-11-03"),
        ("Officials plan to name the winners in October.", "October", "2025-10"),
        ("The two firms agreed to sell the joint venture in November.", "November", "2025-11"),
        ("A ruling is due in November, a court clerk said.", "November", "2025-11"),
        ("The hearing was planned for early November.", "early November", "2025-11"),
        ("The appeal is heard in October in the capital.", "October", "2025-10"),
    ])
    func nearMonthsUnclear(sentence: String, text: String, expected: String) {
        #expect(value(text, in: sentence, reference: september) == expected, "\(sentence)")
    }

    @Test("near the publication month, a future verb before it means next year", arguments: [
        ("The council will vote on the zoning plan in October.", "October", "2026-10"),
        ("The new tariff will take effect in September.", "September", "2026-09"),
        ("The trial is scheduled to open on Oct. 6.", "Oct. 6", "2026-10-06"),
    ])
    func nearMonthsFuture(sentence: String, text: String, expected: String) {
        // Published late in November: October and September are behind it.
        #expect(value(text, in: sentence, reference: CalendarDate(year: 2025, month: 11, day: 20)) == expected, "\(sentence)")
    }

    @Test("a date just past the publication date keeps its year, whatever the tense")
    func justAhead() {
        // Published 2025-09-15: two weeks either way is a report ahead of the date or a late one.
        #expect(value("Sept. 24", in: "The two directors resigned on Sept. 24, the insurer said.", reference: september) == "2025-09-24")
        #expect(value("Sept. 2", in: "The board will meet on Sept. 2 to review the offer.", reference: september) == "2025-09-02")
        #expect(value("Sept. 26", in: "The plant closed on Sept. 26 after the flood.", reference: CalendarDate(year: 2025, month: 8, day: 30)) == "2024-09-26")
        #expect(value("Oct. 3", in: "The plant closed on Oct. 3 after the flood.", reference: CalendarDate(year: 2025, month: 9, day: 25)) == "2025-10-03")
    }

    @Test("across the new year: a past verb in January reaches back to December and November")
    func acrossTheYear() {
        let january = CalendarDate(year: 2026, month: 1, day: 8)
        #expect(value("November", in: "The factory shut down in November.", reference: january) == "2025-11")
        #expect(value("December", in: "Prosecutors charged the broker in December.", reference: january) == "2025-12")
        #expect(value("February", in: "The factory will reopen in February.", reference: january) == "2026-02")
    }

    @Test("short past verbs tell the tense of a weekday too")
    func shortPastVerbs() {
        // 2025-09-15 is a Monday: "sued on Thursday" is the Thursday before.
        #expect(value("Thursday", in: "The city sued the contractor on Thursday.", reference: september) == "2025-09-11")
    }

    @Test("without a publication date the month stays unresolved")
    func noReference() {
        #expect(value("January", in: "The state sued the company in January.", reference: nil) == "XXXX-01")
    }
}
