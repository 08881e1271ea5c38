import DatelineCore

/// Weekdays, days named from the reference, parts of the day.
extension TimexParser {
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
    func dayWithPartOfDay(_ date: CalendarDate?, unresolved: String, end: Int, relative: Bool = false) -> Match {
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
}
