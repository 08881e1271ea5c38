import DatelineCore

/// Calendar dates, years, decades, quarters and halves.
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
        let year = ref.year + yearShift(month: m, day: d, start: start, end: end)
        guard let date = CalendarDate(year: year, month: m, day: d) ?? CalendarDate(year: year, month: m, day: 28) else { return nil }
        return Match(end: end, type: .date, value: date.iso, date: .day(date), kind: .point)
    }

    private func monthAlone(_ m: Int, start: Int, end: Int) -> Match? {
        guard let ref else {
            return Match(end: end, type: .date, value: "XXXX-\(TimexValues.pad2(m))", kind: .point)
        }
        let year = ref.year + yearShift(month: m, day: nil, start: start, end: end)
        guard let r = TimexValues.month(year, m) else { return nil }
        return Match(end: end, type: .date, value: r.value, date: r.date, kind: .point)
    }

    /// The year, relative to the reference year, of a month named without a year.
    ///
    /// A month within two of the reference month is in the reference year unless the verb
    /// governing the expression, in its own clause, says otherwise: "resigned in November" in
    /// a September article is last November, "will vote in August" in October is next August.
    /// A date less than two weeks on the other side of the publication date keeps its year
    /// ("who resigned on April 4" in a report of March 26 is that April 4: a report written
    /// ahead of an announced date, or a late one, not a year away).
    /// Further away, the tense of the sentence decides: past ("sued … in January", "resigned in
    /// December") means the most recent such month; future ("will … in January") the next one.
    /// With no tense (present or unclear), the same year unless the month is more than half a
    /// year away — news reports mostly the past, so a month five or more ahead is last year's,
    /// and one eight or more behind is next year's.
    private func yearShift(month m: Int, day: Int?, start: Int, end: Int) -> Int {
        guard let ref else { return 0 }
        let diff = m - ref.month
        guard diff != 0 else { return 0 }
        // Within two months: only the expression's own verb counts. The sentence's tense there
        // is as often the report's as the event's ("prices may rise in May, the bank said");
        // measured on TimeML.
        if abs(diff) < 3 {
            let days = CalendarDate.daysIn(month: m, year: ref.year)
            guard let first = CalendarDate(year: ref.year, month: m, day: min(day ?? 1, days)),
                  let last = CalendarDate(year: ref.year, month: m, day: min(day ?? days, days)) else { return 0 }
            switch governingTense(start: start, end: end) {
            case .past: return diff > 0 && first.dayNumber - ref.dayNumber > TimexParser.nearDays ? -1 : 0
            case .future: return diff < 0 && ref.dayNumber - last.dayNumber > TimexParser.nearDays ? 1 : 0
            default: return 0
            }
        }
        switch tense(around: start, end: end, lexiconFirst: true) {
        case .past: return diff > 0 ? -1 : 0
        case .future: return diff < 0 ? 1 : 0
        default:
            if diff >= 5 { return -1 }
            if diff <= -8 { return 1 }
            return 0
        }
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
}
