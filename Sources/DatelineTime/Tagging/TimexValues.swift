import DatelineCore

/// A normalized TIMEX3 value and, when it is a resolved point in time, its fuzzy date.
struct Resolved {
    var value: String
    var date: FuzzyDate?
}

/// Building TIMEX3 values and fuzzy dates for calendar units.
enum TimexValues {
    static func day(_ d: CalendarDate) -> Resolved { Resolved(value: d.iso, date: .day(d)) }

    static func month(_ year: Int, _ month: Int) -> Resolved? {
        guard let f = FuzzyDate.month(year: year, month: month) else { return nil }
        return Resolved(value: f.value, date: f)
    }

    static func year(_ year: Int) -> Resolved? {
        guard let f = FuzzyDate.year(year) else { return nil }
        return Resolved(value: f.value, date: f)
    }

    static func week(_ d: CalendarDate) -> Resolved {
        let f = FuzzyDate.week(containing: d)
        return Resolved(value: f.value, date: f)
    }

    static func weekend(_ d: CalendarDate) -> Resolved {
        let w = FuzzyDate.week(containing: d)
        let saturday = w.start.adding(days: 5)
        return Resolved(value: w.value + "-WE",
                        date: FuzzyDate(value: w.value + "-WE", precision: .week, start: saturday, end: saturday.adding(days: 1)))
    }

    static func quarter(_ year: Int, _ q: Int) -> Resolved? {
        guard (1...4).contains(q), let s = CalendarDate(year: year, month: q * 3 - 2, day: 1),
              let e = CalendarDate(year: year, month: q * 3, day: CalendarDate.daysIn(month: q * 3, year: year))
        else { return nil }
        let v = "\(pad4(year))-Q\(q)"
        return Resolved(value: v, date: FuzzyDate(value: v, precision: .quarter, start: s, end: e))
    }

    static func half(_ year: Int, _ h: Int) -> Resolved? {
        guard (1...2).contains(h), let s = CalendarDate(year: year, month: h * 6 - 5, day: 1),
              let e = CalendarDate(year: year, month: h * 6, day: h == 1 ? 30 : 31)
        else { return nil }
        let v = "\(pad4(year))-H\(h)"
        return Resolved(value: v, date: FuzzyDate(value: v, precision: .year, start: s, end: e))
    }

    static func season(_ year: Int, _ code: String) -> Resolved? {
        let first: Int
        switch code {
        case "SP": first = 3
        case "SU": first = 6
        case "FA": first = 9
        case "WI": first = 12
        default: return nil
        }
        guard let s = CalendarDate(year: year, month: first, day: 1) else { return nil }
        let e = s.adding(months: 3).adding(days: -1)
        let v = "\(pad4(year))-\(code)"
        return Resolved(value: v, date: FuzzyDate(value: v, precision: .season, start: s, end: e))
    }

    static func decade(_ firstYear: Int) -> Resolved? {
        guard let f = FuzzyDate.decade(firstYear) else { return nil }
        return Resolved(value: f.value, date: f)
    }

    /// The quarter (1–4) of a month.
    static func quarterOf(month: Int) -> Int { (month - 1) / 3 + 1 }

    static func pad4(_ v: Int) -> String {
        let s = String(abs(v))
        let p = s.count >= 4 ? s : String(repeating: "0", count: 4 - s.count) + s
        return v < 0 ? "-" + p : p
    }

    static func pad2(_ v: Int) -> String { v < 10 && v >= 0 ? "0\(v)" : "\(v)" }

    /// Narrows a resolved date by a mod: a month becomes a part of a month.
    static func applying(mod: String, to r: Resolved) -> Resolved {
        guard let f = r.date else { return r }
        if f.precision == .month {
            let part: MonthPart? = switch mod {
            case "START": .early
            case "MID": .mid
            case "END": .late
            default: nil
            }
            if let part, let p = FuzzyDate.partOfMonth(year: f.start.year, month: f.start.month, part: part) {
                return Resolved(value: r.value, date: p)
            }
        }
        return r
    }
}
