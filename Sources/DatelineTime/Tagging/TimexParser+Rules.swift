import DatelineCore

extension TimexParser {
    // MARK: - Calendar dates

    /// "Feb. 23, 2025", "Thursday, April 6", "23 February 2025", "January 1998", "March".
    func datePhrase(at i: Int) -> Match? {
        // "2025-04-08"
        if let (y, afterYear) = yearNumber(at: i, bare: false), word(afterYear) == "-", glued(afterYear),
           afterYear + 3 < n, tokens[afterYear + 1].digitCount == 2, glued(afterYear + 1), word(afterYear + 2) == "-",
           glued(afterYear + 2), tokens[afterYear + 3].digitCount == 2, glued(afterYear + 3),
           let m = tokens[afterYear + 1].number, let d = tokens[afterYear + 3].number {
            return fullDate(y, m, d, end: afterYear + 4)
        }
        var j = i
        var hasWeekday = false
        if let (wdEnd, _) = weekdayName(at: i) {
            j = wdEnd
            if word(j) == "," { j += 1 }
            hasWeekday = true
        }
        if let (m, afterMonth) = month(at: j) {
            if let (d, afterDay) = dayNumber(at: afterMonth) {
                var k = afterDay
                if word(k) == ",", let (y, end) = yearNumber(at: k + 1, bare: false) {
                    return fullDate(y, m, d, end: end)
                }
                if let (y, end) = yearNumber(at: k, bare: false) { return fullDate(y, m, d, end: end) }
                k = afterDay
                return monthDay(m, d, start: i, end: k)
            }
            var k = afterMonth
            if word(k) == "," || word(k) == "of" { k += 1 }
            // "July last year", "February this year"
            if !hasWeekday, let (len, rel) = look(lex.relatives, TimeLexicon.Category.relatives, afterMonth),
               word(afterMonth + len) == "year", word(afterMonth + len + 1) != "'", let ref {
                guard let r = TimexValues.month(ref.year + rel.offset, m) else { return nil }
                return Match(end: afterMonth + len + 1, type: .date, value: r.value, date: r.date, kind: .point)
            }
            if let (y, end) = yearNumber(at: k, bare: false) ?? spokenYear(at: k), !hasWeekday {
                guard let r = TimexValues.month(y, m) else { return nil }
                return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point)
            }
            if hasWeekday { return nil }
            // "the March for Life", "March of the Mothers": a name, not a month.
            if let w = word(afterMonth), w == "for" || w == "of", afterMonth + 1 < n,
               tokens[afterMonth + 1].capitalized || word(afterMonth + 1) == "the" { return nil }
            return monthAlone(m, start: i, end: afterMonth)
        }
        if let (d, afterDay) = dayNumber(at: j), let (m, afterMonth) = month(at: afterDay == j ? j : afterDay) {
            if let (y, end) = yearNumber(at: afterMonth, bare: false) { return fullDate(y, m, d, end: end) }
            return monthDay(m, d, start: i, end: afterMonth)
        }
        return nil
    }

    private func fullDate(_ y: Int, _ m: Int, _ d: Int, end: Int) -> Match? {
        guard let date = CalendarDate(year: y, month: m, day: d) else { return nil }
        return Match(end: end, type: .date, value: date.iso, date: .day(date), kind: .point)
    }

    private func monthDay(_ m: Int, _ d: Int, start: Int, end: Int) -> Match? {
        guard d <= CalendarDate.daysIn(month: m, year: 2000) else { return nil }
        guard let ref else {
            return Match(end: end, type: .date, value: "XXXX-\(TimexValues.pad2(m))-\(TimexValues.pad2(d))", kind: .point)
        }
        let year = ref.year + yearShift(month: m, start: start, end: end)
        guard let date = CalendarDate(year: year, month: m, day: d) ?? CalendarDate(year: year, month: m, day: 28) else { return nil }
        return Match(end: end, type: .date, value: date.iso, date: .day(date), kind: .point)
    }

    private func monthAlone(_ m: Int, start: Int, end: Int) -> Match? {
        guard let ref else {
            return Match(end: end, type: .date, value: "XXXX-\(TimexValues.pad2(m))", kind: .point)
        }
        let year = ref.year + yearShift(month: m, start: start, end: end)
        guard let r = TimexValues.month(year, m) else { return nil }
        return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point)
    }

    /// The year, relative to the reference year, of a month named without a year: the same
    /// year unless the month is more than half a year away and the tense does not object.
    private func yearShift(month m: Int, start: Int, end: Int) -> Int {
        guard let ref else { return 0 }
        let diff = m - ref.month
        guard abs(diff) >= 3 else { return 0 }
        let t = tense(around: start, end: end, lexiconFirst: true)
        if diff >= 5 && t != .future { return -1 }
        if diff <= -8 && t != .past || diff <= -3 && t == .future { return 1 }
        return 0
    }

    // MARK: - Years and decades

    /// "1987", "fiscal 1988", "the 1990s", "'90s", "1990's".
    func yearPhrase(at i: Int, afterThe: Bool) -> Match? {
        var j = i
        var qualified = false
        if let (len, _) = look(lex.qualifiers, TimeLexicon.Category.qualifiers, i) {
            j += len
            qualified = true
            if word(j) == "year" { j += 1 }
        }
        if word(j) == "'", j + 2 < n, tokens[j + 1].kind == .number, tokens[j + 1].digitCount == 2, glued(j + 1),
           tokens[j + 2].lower == "s", glued(j + 2), let yy = tokens[j + 1].number {
            guard let r = TimexValues.decade(1900 + yy) else { return nil }
            return Match(end: j + 3, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true)
        }
        var named = false
        if !qualified, word(j) == "year", yearNumber(at: j + 1, bare: false) != nil || spokenYear(at: j + 1) != nil {
            j += 1; named = true
        }
        guard let (y, end) = yearNumber(at: j, bare: !qualified) ?? spokenYear(at: j) else { return nil }
        if end < n, glued(end), tokens[end].lower == "s", y % 10 == 0 {
            guard let r = TimexValues.decade(y) else { return nil }
            return Match(end: end + 1, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true)
        }
        if end + 1 < n, glued(end), tokens[end].lower == "'", tokens[end + 1].lower == "s", glued(end + 1), y % 10 == 0, afterThe {
            guard let r = TimexValues.decade(y) else { return nil }
            return Match(end: end + 2, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true)
        }
        if afterThe && !qualified && !named { return nil }
        guard let r = TimexValues.year(y) else { return nil }
        return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point, takesThe: qualified || named)
    }

    /// "the nineties", "the 20th century", "year-end", "the summer".
    func namedPeriod(at i: Int, afterThe: Bool) -> Match? {
        guard i < n else { return nil }
        if afterThe, let (len, first) = look(lex.decadeWords, TimeLexicon.Category.decadeWords, i), let r = TimexValues.decade(first) {
            return Match(end: i + len, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true)
        }
        // "the 20th century", "the nineteenth century"
        var ordinal: (Int, Int)?
        if tokens[i].kind == .number, let v = tokens[i].number, v >= 1, v <= 30, glued(i + 1), let w = word(i + 1), ["st", "nd", "rd", "th"].contains(w) {
            ordinal = (v, i + 2)
        } else if let (len, v) = look(lex.ordinals, TimeLexicon.Category.ordinals, i) {
            ordinal = (v, i + len)
        }
        if let (c, end) = ordinal, word(end) == "century" {
            let first = (c - 1) * 100
            let v = TimexValues.pad2(c - 1) + "XX"
            let date = CalendarDate(year: first, month: 1, day: 1).flatMap { s in
                CalendarDate(year: first + 99, month: 12, day: 31).map { FuzzyDate(value: v, precision: .century, start: s, end: $0) }
            }
            return Match(end: end + 1, type: .date, value: v, date: date, kind: .point, takesThe: true)
        }
        // "year-end", "year end", "year's end": the end of the current year.
        if tokens[i].lower == "year" {
            var end = i + 1
            if word(end) == "-" && glued(end) { end += 1 } else if word(end) == "'" && word(end + 1) == "s" { end += 2 }
            if word(end) == "end" {
                guard let ref, let r = TimexValues.year(ref.year) else {
                    return Match(end: end + 1, type: .date, value: "XXXX", mod: "END", kind: .point)
                }
                return Match(end: end + 1, type: .date, value: r.value, mod: "END", date: r.date, kind: .point)
            }
        }
        // "the summer": the season of the reference year the tense points to.
        if afterThe, let (len, season) = look(lex.seasons, TimeLexicon.Category.seasons, i) {
            let end = i + len
            // "the summer of 1998", "the winter of nineteen ninety-four"
            if word(end) == "of", let (y, yEnd) = yearNumber(at: end + 1, bare: false) ?? spokenYear(at: end + 1),
               let r = TimexValues.season(y, season) {
                return Match(end: yEnd, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true)
            }
            guard let ref else { return Match(end: end, type: .date, value: "XXXX-\(season)", kind: .point, takesThe: true) }
            let target = ["SP": 1, "SU": 2, "FA": 3, "WI": 4][season] ?? 0
            var year = ref.year
            if tense(around: i, end: end) == .past && target > seasonIndex(ref.month) { year -= 1 }
            guard let r = TimexValues.season(year, season) else { return nil }
            return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true)
        }
        return nil
    }

    /// A year said in words: "nineteen ninety-six", "two thousand", "two thousand and one".
    func spokenYear(at i: Int) -> (year: Int, end: Int)? {
        guard i < n, tokens[i].kind == .word, masks[i] & TimeLexicon.Category.numbers != 0,
              let (len, v) = look(lex.numbers, TimeLexicon.Category.numbers, i), len == 1, let first = v else { return nil }
        if first == 2, word(i + 1) == "thousand" {
            var end = i + 2
            var year = 2000
            var k = end
            if word(k) == "and" { k += 1 }
            if let a = amount(at: k), !a.isArticle, let v = a.value, v < 100, tokens[k].kind == .word { year += v; end = a.end }
            return (year, end)
        }
        guard (11...20).contains(first), let a = amount(at: i + 1), !a.isArticle, tokens[i + 1].kind == .word,
              let rest = a.value, (10...99).contains(rest) else { return nil }
        return (first * 100 + rest, a.end)
    }

    // MARK: - Quarters and halves

    /// "the third quarter", "third-quarter", "the fiscal first quarter", "the first half of 2025",
    /// "this year's third quarter".
    func quarterPhrase(at i: Int, afterThe: Bool) -> Match? {
        var j = i
        var year: Int?
        var yearKnown = false
        // "1989's third quarter", "this year's second quarter"
        if let (y, end) = yearNumber(at: j, bare: false), word(end) == "'", word(end + 1) == "s" {
            year = y
            yearKnown = true
            j = end + 2
        } else if let (y, end) = yearNumber(at: j, bare: false), look(lex.ordinals, TimeLexicon.Category.ordinals, end) != nil {
            year = y
            yearKnown = true
            j = end
        } else if let (len, rel) = look(lex.relatives, TimeLexicon.Category.relatives, j), word(j + len) == "year", word(j + len + 1) == "'", word(j + len + 2) == "s" {
            yearKnown = true
            year = ref.map { $0.year + rel.offset }
            j += len + 3
        }
        if let (len, _) = look(lex.qualifiers, TimeLexicon.Category.qualifiers, j) { j += len }
        // "the 1988 quarter", "the 1989 period": the quarter under discussion, in that year.
        if afterThe, yearKnown == false, let (y, end) = yearNumber(at: j, bare: false), let w = word(end), w == "quarter" || w == "period" {
            if let lq = lastQuarter, let r = TimexValues.quarter(y, lq.q) {
                return Match(end: end + 1, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true)
            }
            guard let r = TimexValues.year(y) else { return nil }
            return Match(end: end + 1, type: .date, value: r.value, date: r.date, kind: .point, takesThe: true)
        }
        // "Q3", "Q3 2025", "H1 2024"
        if let w = word(j), w == "q" || w == "h", tokens[j].capitalized, j + 1 < n, glued(j + 1), tokens[j + 1].digitCount == 1,
           let k = tokens[j + 1].number, w == "q" ? (1...4).contains(k) : (1...2).contains(k) {
            var end = j + 2
            var y = year ?? ref?.year
            if !yearKnown, let (yy, e) = yearNumber(at: end, bare: false) { y = yy; end = e }
            guard let y else { return Match(end: end, type: .date, value: w == "q" ? "XXXX-Q\(k)" : "XXXX-H\(k)", kind: .point) }
            guard let r = w == "q" ? TimexValues.quarter(y, k) : TimexValues.half(y, k) else { return nil }
            return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point, quarter: w == "q" ? (y, k) : nil)
        }
        var ordinal = look(lex.ordinals, TimeLexicon.Category.ordinals, j)
        if ordinal == nil, word(j) == "last", word(j + 1) == "half" { ordinal = (1, 2) }  // "the last half"
        guard let (olen, ord) = ordinal else { return nil }
        j += olen
        var hyphenated = false
        if word(j) == "-", glued(j) { j += 1; hyphenated = true }
        if let (len, _) = look(lex.qualifiers, TimeLexicon.Category.qualifiers, j) { j += len }
        guard let unit = word(j), unit == "quarter" || unit == "half" else { return nil }
        let isQuarter = unit == "quarter"
        guard isQuarter ? (1...4).contains(ord) : (1...2).contains(ord) else { return nil }
        var end = j + 1
        if !yearKnown {
            var k = end
            if word(k) == "of" || word(k) == "," { k += 1 }
            if let (len, _) = look(lex.qualifiers, TimeLexicon.Category.qualifiers, k) { k += len }
            if let (y, e) = yearNumber(at: k, bare: false) {
                year = y; yearKnown = true; end = e
            } else if let (len, rel) = look(lex.relatives, TimeLexicon.Category.relatives, k), word(k + len) == "year", k > end {
                year = ref.map { $0.year + rel.offset }; yearKnown = true; end = k + len + 1
            } else if word(k) == "the", word(k + 1) == "year", k > end {
                year = ref?.year; yearKnown = true; end = k + 2
            }
        }
        if !yearKnown, let ref {
            year = ref.year
            let current = TimexValues.quarterOf(month: ref.month)
            let t = tense(around: i, end: end)
            if isQuarter && t == .past && ord > current { year = ref.year - 1 }
        }
        guard let y = year else {
            return Match(end: end, type: .date, value: isQuarter ? "XXXX-Q\(ord)" : "XXXX-H\(ord)", kind: .point, takesThe: true)
        }
        guard let r = isQuarter ? TimexValues.quarter(y, ord) : TimexValues.half(y, ord) else { return nil }
        return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point, takesThe: !hyphenated,
                     quarter: isQuarter ? (y, ord) : nil)
    }

    // MARK: - Weekdays and deictic days

    /// A weekday name at `i` (capitalized; an abbreviation needs its period): the token after it.
    func weekdayName(at i: Int) -> (end: Int, weekday: Int)? {
        guard i < n, tokens[i].capitalized, let (len, wd) = look(lex.weekdays, TimeLexicon.Category.weekdays, i) else { return nil }
        var end = i + len
        if tokens[i].lower.count <= 4 {
            let afterDot = skipPeriod(end)
            guard afterDot > end else { return nil }
            end = afterDot
        }
        return (end, wd)
    }

    /// "Monday", "Friday morning", "Wednesday night".
    func weekdayPhrase(at i: Int) -> Match? {
        guard let (end, wd) = weekdayName(at: i) else { return nil }
        // "Wednesday's ruling" names something that has happened.
        let possessive = word(end) == "'" && word(end + 1) == "s"
        let date = ref.map { _ in resolveWeekday(wd, tense: possessive ? .past : tense(around: i, end: end), strict: false) }
        return dayWithPartOfDay(date, unresolved: "XXXX-WXX-\(wd)", end: end)
    }

    /// "today", "yesterday afternoon", "tonight", "tomorrow".
    func deicticPhrase(at i: Int) -> Match? {
        guard let (len, v) = look(lex.deicticDays, TimeLexicon.Category.deicticDays, i) else { return nil }
        let date = ref?.adding(days: v.offset)
        if let pod = v.partOfDay {
            return Match(end: i + len, type: .time, value: (date?.iso ?? "XXXX-XX-XX") + "T" + pod, date: date.map { .day($0) }, kind: .time)
        }
        return dayWithPartOfDay(date, unresolved: "XXXX-XX-XX", end: i + len, relative: true)
    }

    /// A part of the day before its day ("afternoon yesterday", "overnight"); a modifier may
    /// precede it ("mid-afternoon yesterday").
    func partOfDayPhrase(at i: Int) -> Match? {
        guard let (len, pod) = look(lex.partsOfDay, TimeLexicon.Category.partsOfDay, i) else { return nil }
        let end = i + len
        var day: CalendarDate? = ref
        var dayValue = ref?.iso ?? "XXXX-XX-XX"
        var last = end
        if let d = deicticPhrase(at: end), d.type == .date {
            day = d.date?.start; dayValue = d.value; last = d.end
        } else if let d = weekdayPhrase(at: end), d.type == .date {
            day = d.date?.start; dayValue = d.value; last = d.end
        } else {
            // Alone, only "overnight" or a modified part of the day ("mid-afternoon") is a time.
            let modified = i > 0 && (look(lex.modifiers, TimeLexicon.Category.modifiers, i - 1) != nil
                || (word(i - 1) == "-" && look(lex.modifiers, TimeLexicon.Category.modifiers, i - 2) != nil))
            guard tokens[i].lower == "overnight" || modified else { return nil }
            if tokens[i].lower == "overnight" { day = ref?.adding(days: -1); dayValue = day?.iso ?? dayValue }
        }
        return Match(end: last, type: .time, value: dayValue + "T" + pod, date: day.map { .day($0) }, kind: .time)
    }

    /// A day, with a following part of the day ("morning") making it a TIME.
    /// `relative` marks days named from the reference ("today"), which "earlier"/"later" may precede.
    private func dayWithPartOfDay(_ date: CalendarDate?, unresolved: String, end: Int, relative: Bool = false) -> Match {
        let value = date?.iso ?? unresolved
        if let (len, pod) = look(lex.partsOfDay, TimeLexicon.Category.partsOfDay, end), word(end) != "overnight" {
            // TimeBank mostly annotates "Friday night" and "Tuesday morning" as the day itself.
            if pod == "NI" || pod == "MO" {
                return Match(end: end + len, type: .date, value: value, date: date.map { .day($0) }, kind: .point, relative: relative)
            }
            return Match(end: end + len, type: .time, value: value + "T" + pod, date: date.map { .day($0) }, kind: .time, relative: relative)
        }
        return Match(end: end, type: .date, value: value, date: date.map { .day($0) }, kind: .point, relative: relative)
    }

    /// The weekday `wd` nearest the reference in the direction the tense says.
    func resolveWeekday(_ wd: Int, tense: Tense, strict: Bool) -> CalendarDate {
        guard let ref else { return CalendarDate(dayNumber: 0) }
        switch tense {
        case .future:
            var delta = (wd - ref.weekday + 7) % 7
            if strict && delta == 0 { delta = 7 }
            return ref.adding(days: delta)
        case .past, .participle, .none:
            var delta = (ref.weekday - wd + 7) % 7
            if strict && delta == 0 { delta = 7 }
            return ref.adding(days: -delta)
        }
    }

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

    // MARK: - Durations

    /// An amount at `i`: "three", "10", "twenty four", "twenty-four", "a", "several", "a couple of".
    /// `nil` value is an unspecified amount.
    func amount(at i: Int) -> (value: Int?, end: Int, isArticle: Bool)? {
        guard i < n else { return nil }
        let t = tokens[i]
        if t.kind == .number {
            guard let v = t.number, t.digitCount <= 6 else { return nil }
            if glued(i + 1), word(i + 1) == "." || word(i + 1) == ",", i + 2 < n, tokens[i + 2].kind == .number, glued(i + 2) { return nil }
            return (v, i + 1, false)
        }
        guard let (len, v) = look(lex.numbers, TimeLexicon.Category.numbers, i) else { return nil }
        var end = i + len
        var value = v
        if let tens = v, tens >= 20, tens < 100, tens % 10 == 0 {
            var k = end
            if word(k) == "-", glued(k) { k += 1 }
            if let (l2, u) = look(lex.numbers, TimeLexicon.Category.numbers, k), let unit = u, unit >= 1, unit <= 9, l2 == 1, tokens[k].lower != "a", tokens[k].lower != "an" {
                value = tens + unit
                end = k + l2
            }
        }
        if let v = value, v < 100, word(end) == "hundred" { value = v * 100; end += 1 }
        let w = t.lower
        return (value, end, len == 1 && (w == "a" || w == "an"))
    }

    /// "three years", "the past 10 days", "two-year", "a year ago", "the next few weeks",
    /// "the first nine months", "recent years".
    func durationPhrase(at i: Int, afterThe: Bool) -> Match? {
        var j = i
        var rel: Int?
        var relWord = ""
        if let (len, r) = look(lex.relatives, TimeLexicon.Category.relatives, j), r.offset != 0 {
            rel = r.offset; relWord = tokens[j].lower; j += len
        } else if word(j) == "first" || word(j) == "recent" || word(j) == "final" {
            relWord = tokens[j].lower; j += 1
        }
        var value: Int?
        var article = false
        var hyphen = false
        var amountGiven = false
        var half = false
        if let a = amount(at: j), !(a.isArticle && word(a.end) == "second"), !(tokens[j].digitCount == 4) {
            value = a.value; article = a.isArticle; j = a.end; amountGiven = true
            // "2 1/2 years"
            if j + 2 < n, tokens[j].number == 1, word(j + 1) == "/", tokens[j + 2].number == 2, glued(j + 1), glued(j + 2) {
                j += 3; half = true
            }
            // "two to three weeks", "12 to 18 months": the lower bound.
            if let w = word(j), w == "to" || w == "or" || (w == "-" && glued(j)), !article, let b = amount(at: j + 1), !b.isArticle,
               look(lex.units, TimeLexicon.Category.units, b.end) != nil {
                j = b.end
            }
            if word(j) == "-", glued(j) { j += 1; hyphen = true }
            if word(j) == "more" || word(j) == "additional" || word(j) == "full" { j += 1 }
        }
        guard let (ulen, unit) = look(lex.units, TimeLexicon.Category.units, j), unit != "PER", unit != "WE" else { return nil }
        // "a year-earlier profit" is the year-earlier rule's.
        if word(j + ulen) == "-", let w = word(j + ulen + 1), w == "earlier" || w == "ago" { return nil }
        let unitWord = tokens[j + ulen - 1].lower
        let plural = unitWord.hasSuffix("s")
        var end = j + ulen
        if !amountGiven {
            // Bare plural units only after a relative word: "recent weeks", "the coming months".
            guard plural, rel != nil || relWord == "recent" else { return nil }
            value = nil
        }
        if hyphen {
            guard !plural else { return nil }
            // "a 6-year-old" is an age, not a time expression.
            if word(end) == "-", word(end + 1) == "old" { return nil }
            if word(end) == "-", word(end + 1) == "long" { end += 2 }
        } else if word(end) == "old" {
            return nil
        }
        if unit == "H" || (article && unit == "Q") { return nil }
        if relWord == "first" && !afterThe { return nil }
        // "two weeks ago", "a year earlier", "a week or so ago".
        let approximate = word(end) == "or" && word(end + 1) == "so"
        if !hyphen, let (alen, dir) = look(lex.anchors, TimeLexicon.Category.anchors, approximate ? end + 2 : end), rel == nil, relWord.isEmpty, amountGiven {
            let end = approximate ? end + 2 : end
            var m = anchoredPoint(amount: value, unit: unit, direction: dir, end: end + alen)
            m?.anchored = true
            m?.amount = durationValue(value, unit)
            return m
        }
        var v = durationValue(value, unit)
        if half, let whole = value {
            switch unit {
            case "Y": v = "P\(whole)Y6M"
            case "M": v = "P\(whole)M15D"
            case "D": v = "P\(whole)DT12H"
            case "HR": v = "PT\(whole)H30M"
            case "MIN": v = "PT\(whole)M30S"
            default: break
            }
        }
        // "the next two years or so"
        if word(end) == "or", word(end + 1) == "so" { end += 2 }
        return Match(end: end, type: .duration, value: v, kind: .duration, takesThe: !hyphen)
    }

    /// The TIMEX3 duration of an amount of units: `P3Y`, `PT4H`, `PXM` (no amount).
    func durationValue(_ value: Int?, _ unit: String) -> String {
        let amountText = value.map(String.init) ?? "X"
        switch unit {
        case "HR": return "PT\(amountText)H"
        case "MIN": return "PT\(amountText)M"
        case "SEC": return "PT\(amountText)S"
        case "DE": return value.map { "P\($0 * 10)Y" } ?? "PXE"
        case "CE": return value.map { "P\($0 * 100)Y" } ?? "PXC"
        default: return "P\(amountText)\(unit)"
        }
    }

    private func anchoredPoint(amount: Int?, unit: String, direction: Int, end: Int) -> Match? {
        guard let k = amount else {
            return Match(end: end, type: .date, value: direction < 0 ? "PAST_REF" : "FUTURE_REF", kind: .point)
        }
        guard let ref else {
            let v: String = switch unit {
            case "Y", "DE", "CE": "XXXX"
            case "M": "XXXX-XX"
            case "W": "XXXX-WXX"
            case "Q": "XXXX-QX"
            default: "XXXX-XX-XX"
            }
            return Match(end: end, type: .date, value: v, kind: .point)
        }
        let s = direction < 0 ? -k : k
        let r: Resolved?
        switch unit {
        case "D": r = TimexValues.day(ref.adding(days: s))
        case "W": r = TimexValues.week(ref.adding(days: 7 * s))
        case "M":
            let d = ref.adding(months: s)
            r = TimexValues.month(d.year, d.month)
        case "Y":
            if let lq = quarterContext(near: end - 1), k == 1 {
                r = TimexValues.quarter(lq.year + s, lq.q)
            } else {
                r = TimexValues.year(ref.year + s)
            }
        case "Q":
            let d = ref.adding(months: 3 * s)
            r = TimexValues.quarter(d.year, TimexValues.quarterOf(month: d.month))
        case "DE": r = TimexValues.year(ref.year + 10 * s)
        case "CE": r = TimexValues.year(ref.year + 100 * s)
        default: r = TimexValues.day(ref)
        }
        guard let r else { return nil }
        return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point)
    }

    // MARK: - Clock times

    /// "3 p.m.", "10:35 a.m. EST", "5 p.m. EST, Nov. 6", "noon Thursday", "midnight".
    func timePhrase(at i: Int) -> Match? {
        var hour: Int
        var minute = 0
        var j: Int
        if let (len, clock) = look(lex.clockWords, TimeLexicon.Category.clockWords, i), let (h, m) = TimeLexicon.clock(clock) {
            hour = h; minute = m; j = i + len
        } else {
            guard i < n, tokens[i].kind == .number, tokens[i].digitCount <= 2, let h = tokens[i].number, h <= 24 else { return nil }
            hour = h
            j = i + 1
            var hasMinutes = false
            var dotted = false
            if word(j) == ":" || (word(j) == "." && word(i - 1) != "$"), glued(j), j + 1 < n, tokens[j + 1].kind == .number, tokens[j + 1].digitCount == 2,
               glued(j + 1), let m = tokens[j + 1].number, m < 60 {
                dotted = word(j) == "."
                minute = m; j += 2; hasMinutes = true
            }
            // "10.30" is a time only with "a.m."/"p.m." after it (else a price or a score).
            if dotted && look(lex.meridiems, TimeLexicon.Category.meridiems, j) == nil { return nil }
            if let (len, mer) = look(lex.meridiems, TimeLexicon.Category.meridiems, j), hour >= 1, hour <= 12 {
                // "a.m." at a sentence end keeps its period inside the token sequence.
                j += len
                if mer == "PM" && hour < 12 { hour += 12 }
                if mer == "AM" && hour == 12 { hour = 0 }
            } else if hasMinutes, !dotted, hour < 24,
                      look(lex.timeZones, TimeLexicon.Category.timeZones, j) != nil || ["at", "by", "until", "before", "after", "from", "around"].contains(word(i - 1) ?? "") {
                // "at 14:30", "14:30 GMT"
            } else {
                return nil
            }
        }
        if let (len, _) = look(lex.timeZones, TimeLexicon.Category.timeZones, j) { j += len }
        // A day after the time: "Thursday", "yesterday", "Nov. 6".
        var k = j
        if word(k) == "," { k += 1 }
        var dayValue: String? = ref?.iso ?? "XXXX-XX-XX"
        var day: CalendarDate? = ref
        if let d = datePhrase(at: k), d.type == .date, d.date?.precision == .day || d.value.hasPrefix("XXXX-") && d.value.count == 10 {
            dayValue = d.value; day = d.date?.start; j = d.end
        } else if let d = weekdayPhrase(at: k), d.type == .date {
            dayValue = d.value; day = d.date?.start; j = d.end
        } else if let d = deicticPhrase(at: k), d.type == .date {
            dayValue = d.value; day = d.date?.start; j = d.end
        }
        let value = (dayValue ?? "XXXX-XX-XX") + "T" + TimexValues.pad2(hour) + ":" + TimexValues.pad2(minute)
        return Match(end: j, type: .time, value: value, date: day.map { .day($0) }, kind: .time)
    }

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
