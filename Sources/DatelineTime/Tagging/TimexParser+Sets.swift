import DatelineCore

/// Holidays, sets and vague references to the present, past or future.
extension TimexParser {
    // MARK: - Holidays, sets, vague references

    /// "Christmas", "Thanksgiving Day", "New Year's Eve".
    func holidayPhrase(at i: Int) -> Match? {
        guard i < n, tokens[i].capitalized, let (len, rule) = look(lex.holidays, TimeLexicon.Category.holidays, i) else { return nil }
        let end = i + len
        guard let ref else {
            if case .fixed(let m, let d) = rule {
                return Match(end: end, type: .date, value: "XXXX-\(TimexValues.pad2(m))-\(TimexValues.pad2(d))", kind: .point)
            }
            return Match(end: end, type: .date, value: "XXXX-XX-XX", kind: .point)
        }
        var year = ref.year
        let t = tense(around: i, end: end)
        guard let this = holiday(rule, year: year) else { return nil }
        if t == .past && this > ref { year -= 1 }
        if t == .future && this < ref { year += 1 }
        guard let date = holiday(rule, year: year) else { return nil }
        return Match(end: end, type: .date, value: date.iso, date: .day(date), kind: .point)
    }

    func holiday(_ rule: TimeLexicon.HolidayRule, year: Int) -> CalendarDate? {
        switch rule {
        case .fixed(let m, let d):
            return CalendarDate(year: year, month: m, day: d)
        case .nthWeekday(let m, let nth, let wd):
            guard let first = CalendarDate(year: year, month: m, day: 1) else { return nil }
            if nth > 0 {
                let delta = (wd - first.weekday + 7) % 7
                return first.adding(days: delta + 7 * (nth - 1))
            }
            let last = first.adding(days: CalendarDate.daysIn(month: m, year: year) - 1)
            return last.adding(days: -((last.weekday - wd + 7) % 7))
        }
    }

    /// "daily", "annually", "every week", "each Thursday", "every two years".
    func setPhrase(at i: Int) -> Match? {
        if let (len, v) = look(lex.sets, TimeLexicon.Category.sets, i) {
            return Match(end: i + len, type: .set, value: v, kind: .set)
        }
        guard let (len, _) = look(lex.setQuantifiers, TimeLexicon.Category.setQuantifiers, i) else { return nil }
        var j = i + len
        var amountText = "1"
        if let a = amount(at: j), !a.isArticle, let v = a.value { amountText = String(v); j = a.end }
        if let (ulen, unit) = look(lex.units, TimeLexicon.Category.units, j), unit != "PER" {
            let v: String = switch unit {
            case "HR": "PT\(amountText)H"
            case "MIN": "PT\(amountText)M"
            case "SEC": "PT\(amountText)S"
            case "WE": "XXXX-WXX-WE"
            case "DE": "P\((Int(amountText) ?? 1) * 10)Y"
            case "CE": "P\((Int(amountText) ?? 1) * 100)Y"
            case "H": "P\((Int(amountText) ?? 1) * 6)M"
            default: "P\(amountText)\(unit)"
            }
            return Match(end: j + ulen, type: .set, value: v, kind: .set)
        }
        guard amountText == "1" else { return nil }
        if let (end, wd) = weekdayName(at: j) {
            if let (plen, pod) = look(lex.partsOfDay, TimeLexicon.Category.partsOfDay, end) {
                return Match(end: end + plen, type: .set, value: "XXXX-WXX-\(wd)T\(pod)", kind: .set)
            }
            return Match(end: end, type: .set, value: "XXXX-WXX-\(wd)", kind: .set)
        }
        if let (plen, pod) = look(lex.partsOfDay, TimeLexicon.Category.partsOfDay, j) {
            return Match(end: j + plen, type: .set, value: "XXXX-XX-XXT\(pod)", kind: .set)
        }
        if j < n, tokens[j].capitalized, let (mlen, m) = look(lex.months, TimeLexicon.Category.months, j) {
            return Match(end: j + mlen, type: .set, value: "XXXX-\(TimexValues.pad2(m))", kind: .set)
        }
        if let (slen, s) = look(lex.seasons, TimeLexicon.Category.seasons, j) {
            return Match(end: j + slen, type: .set, value: "XXXX-\(s)", kind: .set)
        }
        return nil
    }

    /// "now", "currently", "recently", "the future", "the past".
    func referencePhrase(at i: Int) -> Match? {
        guard let (len, v) = look(lex.references, TimeLexicon.Category.references, i) else { return nil }
        let date: FuzzyDate? = v == "PRESENT_REF" ? ref.map { .day($0) } : nil
        return Match(end: i + len, type: .date, value: v, date: date, kind: .reference)
    }
}
