import DatelineCore
import Testing

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test("day numbers round-trip across centuries, leap days and the epoch")
    func dayNumbers() throws {
        for text in ["1970-01-01", "2000-02-29", "1900-03-01", "2024-12-31", "1987-10-19", "0001-01-01", "2400-02-29"] {
            let date = try #require(CalendarDate(iso: text))
            #expect(CalendarDate(dayNumber: date.dayNumber) == date)
            #expect(date.iso == text)
        }
        #expect(CalendarDate(iso: "1970-01-01")?.dayNumber == 0)
        #expect(CalendarDate(iso: "2025-04-08")?.weekday == 2)  // a Tuesday
    }

    @Test("impossible dates are refused")
    func invalid() {
        #expect(CalendarDate(iso: "2025-02-29") == nil)
        #expect(CalendarDate(iso: "2024-13-01") == nil)
        #expect(CalendarDate(iso: "2024-4-1") == nil)
        #expect(CalendarDate(year: 2025, month: 4, day: 31) == nil)
    }

    @Test("month arithmetic clamps to the month's length")
    func months() throws {
        let jan31 = try #require(CalendarDate(iso: "2024-01-31"))
        #expect(jan31.adding(months: 1).iso == "2024-02-29")
        #expect(jan31.adding(months: -2).iso == "2023-11-30")
        #expect(jan31.adding(years: 1).iso == "2025-01-31")
    }

    @Test("ISO weeks, including the ones that belong to another year")
    func isoWeeks() throws {
        #expect(try #require(CalendarDate(iso: "2025-04-09")).isoWeek == (2025, 15))
        #expect(try #require(CalendarDate(iso: "2021-01-03")).isoWeek == (2020, 53))
        #expect(try #require(CalendarDate(iso: "2024-12-30")).isoWeek == (2025, 1))
        #expect(CalendarDate.mondayOf(isoYear: 2025, week: 15)?.iso == "2025-04-07")
        #expect(CalendarDate.mondayOf(isoYear: 2025, week: 53) == nil)
    }
}

@Suite("Fuzzy dates")
struct FuzzyDateTests {
    @Test("a month-only date covers its days and prints as a month, never a made-up day")
    func month() throws {
        let april = try #require(FuzzyDate.month(year: 2025, month: 4))
        #expect(april.start.iso == "2025-04-01")
        #expect(april.end.iso == "2025-04-30")
        #expect(april.dateString == "2025-04")
        #expect(april.precisionName == "month")
    }

    @Test("compatibility at the coarser precision")
    func compatibility() throws {
        let day = FuzzyDate.day(try #require(CalendarDate(iso: "2025-04-08")))
        let april = try #require(FuzzyDate.month(year: 2025, month: 4))
        let may = try #require(FuzzyDate.month(year: 2025, month: 5))
        let year = try #require(FuzzyDate.year(2025))
        #expect(day.isCompatible(with: april))
        #expect(april.isCompatible(with: year))
        #expect(!day.isCompatible(with: may))
        #expect(day.isMorePrecise(than: april))
        #expect(!year.isMorePrecise(than: april))
        // "late April" lies within April, but not within early April.
        let late = try #require(FuzzyDate.partOfMonth(year: 2025, month: 4, part: .late))
        #expect(late.start.iso == "2025-04-21" && late.end.iso == "2025-04-30")
        #expect(late.isCompatible(with: april))
        #expect(!late.isCompatible(with: try #require(FuzzyDate.partOfMonth(year: 2025, month: 4, part: .early))))
    }

    @Test("parsing the gold forms and decades")
    func parsing() throws {
        #expect(FuzzyDate(parsing: "2025-04-08")?.precision == .day)
        #expect(FuzzyDate(parsing: "2025-04")?.precision == .month)
        #expect(FuzzyDate(parsing: "2022")?.precision == .year)
        #expect(FuzzyDate(parsing: "2025-4") == nil)
        #expect(FuzzyDate(parsing: "April") == nil)
        let nineties = try #require(FuzzyDate.decade(1994))
        #expect(nineties.start.iso == "1990-01-01" && nineties.end.iso == "1999-12-31")
        #expect(nineties.dateString == nil)
    }
}

@Suite("Event status")
struct EventStatusTests {
    @Test("status moves forward only; a denial is recorded; a later occurrence overrides it")
    func progression() {
        #expect(EventStatus.reported.advanced(by: .expected) == .expected)
        #expect(EventStatus.expected.advanced(by: .occurred) == .occurred)
        #expect(EventStatus.occurred.advanced(by: .expected) == .occurred)
        #expect(EventStatus.occurred.advanced(by: .reported) == .occurred)
        #expect(EventStatus.expected.advanced(by: .denied) == .denied)
        #expect(EventStatus.denied.advanced(by: .reported) == .denied)
        #expect(EventStatus.denied.advanced(by: .occurred) == .occurred)
    }

    @Test("kind names and entity guesses")
    func names() {
        #expect(EventKind.isValidName("court_filing"))
        #expect(!EventKind.isValidName("Court Filing"))
        #expect(EntityKindGuess.guess("Billy Long") == .person)
        #expect(EntityKindGuess.guess("Public Citizen Litigation Group") == .organization)
        #expect(EntityKindGuess.guess("ICE") == .organization)
    }
}

@Suite("Channel configuration")
struct ChannelConfigTests {
    @Test("printing or logging a channel never shows its secret or URL path")
    func masked() {
        let channel = ChannelConfig(name: "newsroom", type: .webhook, format: .slack,
                                    url: "https://hooks.example.com/services/T000/B000/SECRETPART", secrets: ["whsec_c2VjcmV0"])
        for text in ["\(channel)", String(describing: channel), String(reflecting: channel)] {
            #expect(!text.contains("SECRETPART"))
            #expect(!text.contains("whsec_"))
            #expect(text.contains("hooks.example.com"))
        }
    }
}
