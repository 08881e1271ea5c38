/// How precisely a date is known.
///
/// Ordered from finest to coarsest, so `max(a, b)` is the coarser of two precisions.
public enum DatePrecision: String, Codable, Sendable, CaseIterable, Comparable {
    case day
    case week
    /// A part of a month: "early March", "mid-April", "late May".
    case partOfMonth = "part_of_month"
    case month
    case quarter
    case season
    case year
    case decade
    case century

    var rank: Int {
        switch self {
        case .day: 0
        case .week: 1
        case .partOfMonth: 2
        case .month: 3
        case .quarter: 4
        case .season: 5
        case .year: 6
        case .decade: 7
        case .century: 8
        }
    }

    public static func < (lhs: DatePrecision, rhs: DatePrecision) -> Bool { lhs.rank < rhs.rank }
}

/// A date known only as precisely as the text says: "late Tuesday" is a day, "last month" a
/// month, "in 2022" a year, "the 1990s" a decade.
///
/// It carries the normalized TIMEX3-style value (`2025-04-08`, `2025-04`, `2025-W14`, `199X`),
/// the precision, and the inclusive range of days it covers. Ranges are what the store indexes
/// (`daterange`) and what timelines sort by (the lower bound).
public struct FuzzyDate: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The normalized value, TIMEX3 style.
    public let value: String
    public let precision: DatePrecision
    /// The first day the date may be.
    public let start: CalendarDate
    /// The last day the date may be (inclusive).
    public let end: CalendarDate

    /// Creates a fuzzy date from its parts; `end` before `start` is swapped.
    public init(value: String, precision: DatePrecision, start: CalendarDate, end: CalendarDate) {
        self.value = value
        self.precision = precision
        self.start = min(start, end)
        self.end = max(start, end)
    }

    public static func day(_ date: CalendarDate) -> FuzzyDate {
        FuzzyDate(value: date.iso, precision: .day, start: date, end: date)
    }

    public static func month(year: Int, month: Int) -> FuzzyDate? {
        guard let first = CalendarDate(year: year, month: month, day: 1) else { return nil }
        let last = first.adding(days: CalendarDate.daysIn(month: month, year: year) - 1)
        return FuzzyDate(value: "\(pad(year, 4))-\(pad(month, 2))", precision: .month, start: first, end: last)
    }

    public static func year(_ year: Int) -> FuzzyDate? {
        guard let first = CalendarDate(year: year, month: 1, day: 1),
              let last = CalendarDate(year: year, month: 12, day: 31)
        else { return nil }
        return FuzzyDate(value: pad(year, 4), precision: .year, start: first, end: last)
    }

    /// The ISO week containing `date`, valued `YYYY-Www`.
    public static func week(containing date: CalendarDate) -> FuzzyDate {
        let (y, w) = date.isoWeek
        let monday = date.adding(days: 1 - date.weekday)
        return FuzzyDate(value: "\(pad(y, 4))-W\(pad(w, 2))", precision: .week, start: monday, end: monday.adding(days: 6))
    }

    /// Part of a month: `part` is `.early` (1–10), `.mid` (11–20) or `.late` (21–end).
    public static func partOfMonth(year: Int, month: Int, part: MonthPart) -> FuzzyDate? {
        guard let whole = FuzzyDate.month(year: year, month: month) else { return nil }
        let lastDay = whole.end.day
        let (from, to): (Int, Int) = switch part {
        case .early: (1, 10)
        case .mid: (11, 20)
        case .late: (21, lastDay)
        }
        guard let s = CalendarDate(year: year, month: month, day: from),
              let e = CalendarDate(year: year, month: month, day: to)
        else { return nil }
        return FuzzyDate(value: whole.value, precision: .partOfMonth, start: s, end: e)
    }

    public static func decade(_ firstYear: Int) -> FuzzyDate? {
        let base = firstYear - ((firstYear % 10) + 10) % 10
        guard let s = CalendarDate(year: base, month: 1, day: 1),
              let e = CalendarDate(year: base + 9, month: 12, day: 31)
        else { return nil }
        return FuzzyDate(value: String(pad(base, 4).prefix(3)) + "X", precision: .decade, start: s, end: e)
    }

    /// Parses what `dateString` prints (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`), the format of the gold
    /// files and of `events add`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        switch parts.count {
        case 3:
            guard let d = CalendarDate(iso: text) else { return nil }
            self = .day(d)
        case 2:
            guard parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
                  let f = FuzzyDate.month(year: y, month: m)
            else { return nil }
            self = f
        case 1:
            guard parts[0].count == 4, let y = Int(parts[0]), let f = FuzzyDate.year(y) else { return nil }
            self = f
        default:
            return nil
        }
    }

    /// The date as the gold format writes it: `YYYY-MM-DD` for a day, `YYYY-MM` for anything
    /// within one month, `YYYY` for anything within one year, else `nil` (a decade has no such form).
    public var dateString: String? {
        if start == end { return start.iso }
        if start.year == end.year && start.month == end.month { return "\(pad(start.year, 4))-\(pad(start.month, 2))" }
        if start.year == end.year { return pad(start.year, 4) }
        return nil
    }

    /// The precision word the gold format and JSON outputs use: `day`, `month` or `year`, else
    /// the precision's own name.
    public var precisionName: String {
        if start == end { return "day" }
        if start.year == end.year && start.month == end.month { return precision == .partOfMonth ? "part_of_month" : "month" }
        if start.year == end.year { return precision == .year ? "year" : precision.rawValue }
        return precision.rawValue
    }

    /// Whether the two dates may be the same day: their ranges overlap.
    public func overlaps(_ other: FuzzyDate) -> Bool { start <= other.end && other.start <= end }

    /// Whether two dates are compatible at the coarser of their precisions: one range contains
    /// the other. "2025-04-08" is compatible with "2025-04" but not with "2025-05".
    public func isCompatible(with other: FuzzyDate) -> Bool {
        (start <= other.start && other.end <= end) || (other.start <= start && end <= other.end)
    }

    /// Whether this date is strictly more precise than `other` (a narrower range).
    public func isMorePrecise(than other: FuzzyDate) -> Bool {
        (end.dayNumber - start.dayNumber) < (other.end.dayNumber - other.start.dayNumber)
    }

    public var description: String { value }
}

/// Which third of a month "early", "mid" and "late" mean.
public enum MonthPart: String, Sendable, Codable {
    case early, mid, late
}
