import DatelineCore

/// Relative expressions, anaphora and financial periods.
extension TimexParser {
    // MARK: - Relative expressions

    /// "last month", "this week", "next year", "last Friday", "this summer", "last night",
    /// "the latest quarter", "the past year".
    func relativePhrase(at i: Int, afterThe: Bool) -> Match? {
        if tokens[i].lower == "that", let point = lastPoint, let (ulen, unit) = look(lex.units, TimeLexicon.Category.units, i + 1),
           let needed: DatePrecision = ["Y": .year, "Q": .quarter, "M": .month, "W": .week, "D": .day][unit],
           point.precision <= needed, !tokens[i + ulen].lower.hasSuffix("s") {
            // "that year", "that day": the unit of the point the text last named.
            var m = relativeUnit(unit, relative: TimeLexicon.Relative(offset: 0, span: false, anaphoric: false, latest: false),
                                 start: i, end: i + 1 + ulen, anchor: point.start)
            m?.takesThe = false
            return m
        }
        guard let (len, rel) = look(lex.relatives, TimeLexicon.Category.relatives, i) else { return nil }
        let off = rel.offset
        var j = i + len
        if let (qlen, _) = look(lex.qualifiers, TimeLexicon.Category.qualifiers, j) { j += qlen }
        guard j < n else { return nil }
        // "the following year", "the previous day": relative to the point the text last named.
        let anchor = afterThe && rel.anaphoric ? lastPoint?.start : nil
        // A unit: "last week", "this year", "the latest quarter"; "the past year" is an amount.
        if let (ulen, unit) = look(lex.units, TimeLexicon.Category.units, j) {
            let end = j + ulen
            if tokens[end - 1].lower.hasSuffix("s") { return nil }
            if afterThe && rel.span, ["Y", "M", "W", "D", "DE", "CE"].contains(unit) {
                return Match(end: end, type: .duration, value: durationValue(1, unit), kind: .duration, takesThe: true)
            }
            return relativeUnit(unit, relative: rel, start: i, end: end, anchor: anchor)
        }
        if let (wdEnd, wd) = weekdayName(at: j) {
            let t: Tense = off < 0 ? .past : off > 0 ? .future : tense(around: i, end: wdEnd)
            let date = ref.map { _ in resolveWeekday(wd, tense: t, strict: off != 0) }
            var m = dayWithPartOfDay(date, unresolved: "XXXX-WXX-\(wd)", end: wdEnd)
            m.relative = true
            m.takesThe = true
            return m
        }
        // "last Oct. 23" is the date "Oct. 23"; "last October" the month.
        if let (_, afterMonth) = month(at: j), dayNumber(at: afterMonth) != nil { return nil }
        if tokens[j].capitalized, let (mlen, mon) = look(lex.months, TimeLexicon.Category.months, j) {
            let end = isAbbreviation(tokens[j].lower) ? skipPeriod(j + mlen) : j + mlen
            guard let ref else { return Match(end: end, type: .date, value: "XXXX-\(TimexValues.pad2(mon))", kind: .point, relative: true) }
            var year = ref.year
            if off < 0 && mon >= ref.month { year -= 1 }
            if off > 0 && mon <= ref.month { year += 1 }
            guard let r = TimexValues.month(year, mon) else { return nil }
            return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point, relative: true)
        }
        if let (slen, season) = look(lex.seasons, TimeLexicon.Category.seasons, j) {
            let end = j + slen
            guard let ref else { return Match(end: end, type: .date, value: "XXXX-\(season)", kind: .point, relative: true) }
            var year = ref.year
            let current = seasonIndex(ref.month)
            let target = ["SP": 1, "SU": 2, "FA": 3, "WI": 4][season] ?? 0
            if off < 0 && target >= current { year -= 1 }
            if off > 0 && target <= current { year += 1 }
            if season == "WI" && ref.month <= 2 && off == 0 { year -= 1 }
            guard let r = TimexValues.season(year, season) else { return nil }
            return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point, relative: true)
        }
        // "last Thanksgiving", "next Christmas"
        if tokens[j].capitalized, let (hlen, rule) = look(lex.holidays, TimeLexicon.Category.holidays, j) {
            let end = j + hlen
            guard let ref, let this = holiday(rule, year: ref.year) else {
                return Match(end: end, type: .date, value: "XXXX-XX-XX", kind: .point, relative: true)
            }
            var year = ref.year
            if off < 0 && this >= ref { year -= 1 }
            if off > 0 && this <= ref { year += 1 }
            guard let date = holiday(rule, year: year) else { return nil }
            return Match(end: end, type: .date, value: date.iso, date: .day(date), kind: .point, relative: true)
        }
        // "this morning", "last night"
        if let (plen, pod) = look(lex.partsOfDay, TimeLexicon.Category.partsOfDay, j), off == 0 || off == -1, !rel.anaphoric, !rel.latest {
            let date = ref?.adding(days: off)
            return Match(end: j + plen, type: .time, value: (date?.iso ?? "XXXX-XX-XX") + "T" + pod, date: date.map { .day($0) }, kind: .time)
        }
        return nil
    }

    func seasonIndex(_ month: Int) -> Int {
        switch month {
        case 3...5: 1
        case 6...8: 2
        case 9...11: 3
        default: 4
        }
    }

    /// "last week", "this year", "next month", "the latest quarter", "this weekend".
    private func relativeUnit(_ unit: String, relative rel: TimeLexicon.Relative, start: Int, end: Int, anchor: CalendarDate? = nil) -> Match? {
        let off = rel.offset
        guard let ref = anchor ?? self.ref else {
            let v: String? = switch unit {
            case "Y": "XXXX"
            case "M": "XXXX-XX"
            case "W": "XXXX-WXX"
            case "Q", "PER": "XXXX-QX"
            case "WE": "XXXX-WXX-WE"
            case "D": "XXXX-XX-XX"
            default: nil
            }
            guard let v else { return nil }
            return Match(end: end, type: .date, value: v, kind: .point, takesThe: true, relative: true)
        }
        var r: Resolved?
        var quarter: (Int, Int)?
        switch unit {
        case "Y": r = TimexValues.year(ref.year + off)
        case "M":
            let d = ref.adding(months: off)
            r = TimexValues.month(d.year, d.month)
        case "W": r = TimexValues.week(ref.adding(days: 7 * off))
        case "D": r = TimexValues.day(ref.adding(days: off))
        case "Q", "PER":
            if unit == "PER" && !rel.latest && off != 0 { return nil }
            var y = ref.year
            var q = TimexValues.quarterOf(month: ref.month) + off
            if rel.latest || unit == "PER" {
                if let lq = lastQuarter { (y, q) = lq } else { q = TimexValues.quarterOf(month: ref.month) - 1 }
            }
            while q < 1 { q += 4; y -= 1 }
            while q > 4 { q -= 4; y += 1 }
            quarter = (y, q)
            r = TimexValues.quarter(y, q)
        case "H":
            var h = (ref.month <= 6 ? 1 : 2) + off
            var y = ref.year
            while h < 1 { h += 2; y -= 1 }
            while h > 2 { h -= 2; y += 1 }
            r = TimexValues.half(y, h)
        case "WE":
            let t: Tense = off < 0 ? .past : off > 0 ? .future : tense(around: start, end: end)
            r = TimexValues.weekend(weekendDay(tense: t, strict: off != 0))
        case "DE":
            r = TimexValues.decade(ref.year + 10 * off)
        default:
            return nil
        }
        guard let r else { return nil }
        return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true, relative: true, quarter: quarter)
    }

    /// A Saturday of the weekend the tense points to.
    func weekendDay(tense: Tense, strict: Bool) -> CalendarDate {
        guard let ref else { return CalendarDate(dayNumber: 0) }
        if tense == .future {
            if ref.weekday >= 6 && !strict { return ref.adding(days: 6 - ref.weekday) }
            return resolveWeekday(6, tense: .future, strict: true)
        }
        if ref.weekday >= 6 && !strict { return ref.adding(days: 6 - ref.weekday) }
        return resolveWeekday(6, tense: .past, strict: true)
    }

    /// "the weekend", "the quarter", "the year" — a bare unit after "the".
    func unitAfterThe(at i: Int, afterThe: Bool) -> Match? {
        guard afterThe else { return nil }
        // "the fiscal year" is a year's span; "the full year" the current year.
        if let (qlen, q) = look(lex.qualifiers, TimeLexicon.Category.qualifiers, i), word(i + qlen) == "year", word(i + qlen + 1) != "-" {
            let end = i + qlen + 1
            if q == "FULL", let ref, let r = TimexValues.year(ref.year) {
                return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true)
            }
            return Match(end: end, type: .duration, value: "P1Y", kind: .duration, takesThe: true)
        }
        guard let (len, unit) = look(lex.units, TimeLexicon.Category.units, i), len == 1 else { return nil }
        let end = i + 1
        switch unit {
        case "WE":
            guard tokens[i].lower == "weekend" else { return nil }
            guard ref != nil else { return Match(end: end, type: .date, value: "XXXX-WXX-WE", kind: .point, takesThe: true) }
            let r = TimexValues.weekend(weekendDay(tense: tense(around: i, end: end), strict: false))
            return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true)
        case "Q":
            guard tokens[i].lower == "quarter" else { return nil }
            // "the quarter ended Sept. 30", no quarter named before: the calendar quarter of that day
            // (the day is its own expression).
            if lastQuarter == nil, let w = word(end), w == "ended" || w == "ending", let d = datePhrase(at: end + 1), let day = d.date?.start,
               let r = TimexValues.quarter(day.year, TimexValues.quarterOf(month: day.month)) {
                return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true,
                             quarter: (day.year, TimexValues.quarterOf(month: day.month)))
            }
            guard let ref else { return Match(end: end, type: .date, value: "XXXX-QX", kind: .point, takesThe: true) }
            var (y, q) = lastQuarter ?? (ref.year, TimexValues.quarterOf(month: ref.month) - 1)
            if q < 1 { q = 4; y -= 1 }
            guard let r = TimexValues.quarter(y, q) else { return nil }
            return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true, quarter: (y, q))
        case "Y":
            guard tokens[i].lower == "year", word(i + 1) != "-" else { return nil }
            // "the year ended Sept. 30" is a span of a year; "for the year" the current year.
            if let w = word(end), w == "ended" || w == "ending" || w == "through" {
                return Match(end: end, type: .duration, value: "P1Y", kind: .duration, takesThe: true)
            }
            guard let ref, let r = TimexValues.year(ref.year) else {
                return Match(end: end, type: .date, value: "XXXX", kind: .point, takesThe: true)
            }
            return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true)
        default:
            return nil
        }
    }

    /// Financial news' period under comparison: "the corresponding period last year", "the
    /// comparable year-ago quarter", "the quarter a year ago", "last year's quarter".
    func comparablePeriod(at i: Int, afterThe: Bool) -> Match? {
        var j = i
        var priorYear = false
        var adjective = false
        if let (len, rel) = look(lex.relatives, TimeLexicon.Category.relatives, j), rel.offset == -1, word(j + len) == "year",
           word(j + len + 1) == "'", word(j + len + 2) == "s" {
            j += len + 3; priorYear = true
        } else {
            guard afterThe else { return nil }
        }
        if let w = word(j), ["comparable", "corresponding", "same", "like", "year-ago", "year-earlier"].contains(w) {
            j += 1; adjective = true
        }
        if word(j) == "year", word(j + 1) == "-", let w = word(j + 2), w == "ago" || w == "earlier" {
            j += 3; priorYear = true; adjective = true
        }
        guard let noun = word(j), noun == "period" || noun == "quarter" else { return nil }
        var end = j + 1
        if let (len, rel) = look(lex.relatives, TimeLexicon.Category.relatives, end), rel.offset == -1, word(end + len) == "year" {
            end += len + 1; priorYear = true
        } else if word(end) == "a" || word(end) == "one", word(end + 1) == "year", let w = word(end + 2), w == "ago" || w == "earlier" {
            end += 3; priorYear = true
        }
        guard adjective || priorYear, priorYear || noun == "quarter" || adjective else { return nil }
        guard let ref else { return Match(end: end, type: .date, value: "XXXX-QX", kind: .point, takesThe: true) }
        var (y, q) = lastQuarter ?? (ref.year, TimexValues.quarterOf(month: ref.month) - 1)
        if q < 1 { q = 4; y -= 1 }
        if priorYear { y -= 1 }
        guard let r = TimexValues.quarter(y, q) else { return nil }
        return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true)
    }

    /// "year-earlier", "the year-ago quarter", "the year-earlier period".
    func yearEarlier(at i: Int, afterThe: Bool) -> Match? {
        guard word(i) == "year", word(i + 1) == "-", let w = word(i + 2), w == "earlier" || w == "ago" else { return nil }
        var end = i + 3
        var hasNoun = false
        if let nxt = word(end), nxt == "period" || nxt == "quarter" { end += 1; hasNoun = true }
        if !hasNoun, let (olen, ord) = look(lex.ordinals, TimeLexicon.Category.ordinals, end), word(end + olen) == "quarter", (1...4).contains(ord) {
            let y = (lastQuarter?.year ?? ref?.year).map { $0 - 1 }
            let e = end + olen + 1
            guard let y, let r = TimexValues.quarter(y, ord) else {
                return Match(end: e, type: .date, value: "XXXX-Q\(ord)", kind: .point, takesThe: true)
            }
            return Match(end: e, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true)
        }
        if !hasNoun, var d = durationPhrase(at: end, afterThe: true), d.kind == .duration {
            d.takesThe = true
            return d
        }
        if afterThe && !hasNoun { return nil }
        if let lq = hasNoun ? lastQuarter : quarterContext(near: i), let r = TimexValues.quarter(lq.year - 1, lq.q) {
            return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true)
        }
        // "the year-earlier quarter" with no quarter named yet: the last finished one, a year before.
        if hasNoun, word(end - 1) == "quarter", let ref {
            var (y, q) = (ref.year - 1, TimexValues.quarterOf(month: ref.month) - 1)
            if q < 1 { q = 4; y -= 1 }
            if let r = TimexValues.quarter(y, q) {
                return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true)
            }
        }
        guard let ref, let r = TimexValues.year(ref.year - 1) else {
            return Match(end: end, type: .date, value: "XXXX", kind: .point, takesThe: true)
        }
        return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true)
    }
}
