import DatelineCore

/// Clock times.
extension TimexParser {
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
        // A day after the time: "Thursday", "yesterday", "Nov. 6" joins the expression; after
        // "on" ("3 p.m. on Tuesday") it stays its own expression but still dates the time.
        var k = j
        if word(k) == "," { k += 1 }
        let joined = word(k) != "on"
        if !joined { k += 1 }
        var dayValue: String? = ref?.iso ?? "XXXX-XX-XX"
        var day: CalendarDate? = ref
        var dayEnd: Int?
        if let d = datePhrase(at: k), d.type == .date, d.date?.precision == .day || d.value.hasPrefix("XXXX-") && d.value.count == 10 {
            dayValue = d.value; day = d.date?.start; dayEnd = d.end
        } else if let d = weekdayPhrase(at: k), d.type == .date {
            dayValue = d.value; day = d.date?.start; dayEnd = d.end
        } else if let d = deicticPhrase(at: k), d.type == .date {
            dayValue = d.value; day = d.date?.start; dayEnd = d.end
        }
        if joined, let e = dayEnd { j = e }
        let value = (dayValue ?? "XXXX-XX-XX") + "T" + TimexValues.pad2(hour) + ":" + TimexValues.pad2(minute)
        return Match(end: j, type: .time, value: value, date: day.map { .day($0) }, kind: .time)
    }
}
