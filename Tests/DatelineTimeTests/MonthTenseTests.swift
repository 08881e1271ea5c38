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
