/// How day dates are written for readers.
public enum DateStyle: String, Sendable, Hashable, Codable, CaseIterable {
    /// "8 April 2025", "April 2025", "late April 2025".
    case international
    /// "Apr 8, 2025", "April 2025", "late April 2025".
    case american
}

/// Writes fuzzy dates as precisely as they are known, and never more: a month is "April 2025",
/// never "1 April 2025". Timelines, alert messages and the CLI all use this one wording.
public enum DateDisplay {
    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]
    static let shortMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The reader-facing form of a date: day "8 April 2025" (or "Apr 8, 2025"), week "week of
    /// 7 April 2025", part of month "early/mid-/late April 2025", month "April 2025", quarter
    /// "Q2 2025", season "summer 2025", year "2025", decade "the 2020s", century "the 21st
    /// century". A range that fits none of these is written "between … and …" with its bounds.
    public static func text(_ date: FuzzyDate, style: DateStyle = .international) -> String {
        let s = date.start, e = date.end
        switch date.precision {
        case .day where s == e:
            return day(s, style: style)
        case .week:
            return "week of " + day(s, style: style)
        case .partOfMonth where s.year == e.year && s.month == e.month:
            let part = s.day <= 1 ? "early " : (s.day <= 11 ? "mid-" : "late ")
            return part + monthYear(s)
        case .month where s.year == e.year && s.month == e.month:
            return monthYear(s)
        case .quarter where s.year == e.year:
            return "Q\((s.month - 1) / 3 + 1) \(s.year)"
        case .season:
            if let name = seasonName(date.value) { return "\(name) \(s.year)" }
        case .year where s.year == e.year:
            return String(s.year)
        case .decade:
            return "the \(s.year - ((s.year % 10) + 10) % 10)s"
        case .century:
            let c = (s.year >= 0 ? s.year : s.year - 99) / 100 + 1
            return "the \(ordinal(c)) century"
        default:
            break
        }
        if s == e { return day(s, style: style) }
        return "between \(day(s, style: style)) and \(day(e, style: style))"
    }

    /// The reader-facing form of a date that may be unknown: "undated" when it is.
    public static func text(_ date: FuzzyDate?, style: DateStyle = .international) -> String {
        date.map { text($0, style: style) } ?? "undated"
    }

    /// A day: "8 April 2025" or "Apr 8, 2025".
    public static func day(_ d: CalendarDate, style: DateStyle = .international) -> String {
        switch style {
        case .international: "\(d.day) \(monthNames[d.month - 1]) \(d.year)"
        case .american: "\(shortMonths[d.month - 1]) \(d.day), \(d.year)"
        }
    }

    /// "April 2025".
    public static func monthYear(_ d: CalendarDate) -> String {
        "\(monthNames[d.month - 1]) \(d.year)"
    }

    /// A short axis label: "Apr 2025".
    public static func shortMonthYear(year: Int, month: Int) -> String {
        "\(shortMonths[month - 1]) \(year)"
    }

    private static func seasonName(_ value: String) -> String? {
        switch value.suffix(2) {
        case "SP": "spring"
        case "SU": "summer"
        case "FA": "fall"
        case "WI": "winter"
        default: nil
        }
    }

    private static func ordinal(_ n: Int) -> String {
        let tens = (n / 10) % 10, ones = n % 10
        let suffix = tens == 1 ? "th" : (ones == 1 ? "st" : ones == 2 ? "nd" : ones == 3 ? "rd" : "th")
        return "\(n)\(suffix)"
    }
}
