import DatelineCore

/// Amounts of time and points made from them ("two weeks ago").
extension TimexParser {
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
        // "60 Minutes", "48 Hours": a capitalized unit inside a sentence is a title.
        if tokens[j].capitalized, j > 0, tokens[j - 1].sentence == tokens[j].sentence, !tokens[i].capitalized { return nil }
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
}
