import DatelineCore

/// How a fuzzy date reads in a message: "8 April 2025", "April 2025", "late April 2025", "undated".
public enum DateDisplay {
    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// The date as a newsroom would write it, at the precision it is known.
    ///
    /// Weeks read "week of 7 April 2025", quarters "Q2 2025", seasons "summer 2025" (from the
    /// TIMEX value's `SP`/`SU`/`FA`/`WI`), decades "the 2020s". A precision the value cannot be
    /// read for falls back to the day range ("1 April – 30 June 2025").
    public static func text(_ date: FuzzyDate?) -> String {
        guard let date else { return "undated" }
        let s = date.start, e = date.end
        switch date.precision {
        case .day:
            return day(s)
        case .week:
            return "week of \(day(s))"
        case .partOfMonth:
            let part = s.day <= 10 ? (e.day <= 10 ? "early" : "") : (s.day <= 20 ? "mid" : "late")
            let monthYear = "\(month(s.month)) \(s.year)"
            return part.isEmpty ? monthYear : "\(part) \(monthYear)"
        case .month:
            return "\(month(s.month)) \(s.year)"
        case .quarter:
            if s.year == e.year, (s.month - 1) % 3 == 0, e.month == s.month + 2 {
                return "Q\((s.month - 1) / 3 + 1) \(s.year)"
            }
            return range(s, e)
        case .season:
            let names = ["SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"]
            if let dash = date.value.lastIndex(of: "-"), let name = names[String(date.value[date.value.index(after: dash)...])] {
                return "\(name) \(date.value[..<dash])"
            }
            return range(s, e)
        case .year:
            return s.year == e.year ? String(s.year) : range(s, e)
        case .decade:
            return "the \(s.year - ((s.year % 10) + 10) % 10)s"
        case .century:
            return "the \(s.year - ((s.year % 100) + 100) % 100)s"
        }
    }

    static func day(_ d: CalendarDate) -> String { "\(d.day) \(month(d.month)) \(d.year)" }

    static func month(_ m: Int) -> String { (1...12).contains(m) ? monthNames[m - 1] : "month \(m)" }

    static func range(_ s: CalendarDate, _ e: CalendarDate) -> String {
        if s.year == e.year { return "\(s.day) \(month(s.month)) – \(day(e))" }
        return "\(day(s)) – \(day(e))"
    }
}
