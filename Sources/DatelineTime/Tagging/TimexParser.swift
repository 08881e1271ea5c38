import DatelineCore

/// One pass of the tagger over one text: tokens, sentences, and the rules that match time
/// expressions at each token, longest first.
final class TimexParser {
    /// What a rule found: where it ends (token index, exclusive) and what it means.
    struct Match {
        enum Kind { case point, duration, set, reference, time }

        var end: Int
        var type: TimexType
        var value: String
        var mod: String? = nil
        var date: FuzzyDate? = nil
        var kind: Kind
        /// Whether a preceding "the" belongs to the expression ("the third quarter").
        var takesThe: Bool = false
        /// Whether it is a point made from an amount ("two weeks ago"), so it takes quantity mods.
        var anchored: Bool = false
        /// Whether it is a relative unit ("this year"), so "earlier"/"later" may precede it.
        var relative: Bool = false
        /// Whether it is a calendar quarter (updates the quarter context).
        var quarter: (year: Int, q: Int)? = nil
    }

    typealias Tense = TimeLexicon.Tense

    let lex: TimeLexicon
    let tokens: [Token]
    /// The `TimeLexicon.Category` bits of each token.
    let masks: [UInt32]
    let ref: CalendarDate?
    /// The calendar quarter the text last talked about (financial news: "the quarter", "a year earlier").
    var lastQuarter: (year: Int, q: Int)?
    /// The sentence that named `lastQuarter`.
    var lastQuarterSentence = 0
    /// The last resolved point in time the text named (anchor of "the following year", "that day").
    var lastPoint: FuzzyDate?
    var n: Int { tokens.count }

    init(lexicon: TimeLexicon, tokens: [Token], reference: CalendarDate?) {
        self.lex = lexicon
        self.ref = reference
        var toks = consume tokens
        TimexParser.assignSentences(&toks, lexicon: lexicon)
        self.tokens = toks
        self.masks = toks.map { lexicon.mask(of: $0) }
    }

    /// The longest phrase of `table` at token `i`, skipping the lookup when the token starts none.
    @inline(__always)
    func look<V>(_ table: PhraseTable<V>, _ bit: UInt32, _ i: Int) -> (length: Int, value: V)? {
        guard i >= 0, i < n, masks[i] & bit != 0 else { return nil }
        return table.match(tokens, at: i)
    }

    /// The matches of the whole text, left to right, not overlapping: `(first token, match)`.
    func run() -> [(Int, Match)] {
        var out: [(Int, Match)] = []
        var i = 0
        while i < n {
            guard tokens[i].kind == .number || masks[i] & TimeLexicon.Category.starters != 0 else {
                i += 1
                continue
            }
            if let m = best(at: i, afterThe: false), m.end > i {
                remember(m, at: i)
                out.append((i, m))
                i = m.end
            } else {
                i += 1
            }
        }
        return out
    }

    /// Updates the discourse context with a match: the quarter under discussion (only a finished,
    /// recent one) and the last point in time named.
    private func remember(_ m: Match, at i: Int) {
        if let q = m.quarter, let ref {
            let current = ref.year * 4 + TimexValues.quarterOf(month: ref.month) - 1
            let age = current - (q.year * 4 + q.q - 1)
            if age >= 1 && age <= 4 {
                lastQuarter = q
                lastQuarterSentence = tokens[i].sentence
            }
        }
        if m.kind == .point || m.kind == .time, let d = m.date { lastPoint = d }
    }

    // MARK: - Dispatch

    /// The longest match starting at token `i`, prefixes ("the", "early", "about", "the end of") included.
    func best(at i: Int, afterThe: Bool, depth: Int = 0) -> Match? {
        guard i < n, depth < 4 else { return nil }
        let t = tokens[i]
        if t.kind == .punct && t.lower != "'" { return nil }
        var found: Match?
        if t.kind == .number || t.capitalized || masks[i] & (TimeLexicon.Category.clockWords | TimeLexicon.Category.months | TimeLexicon.Category.weekdays) != 0 {
            if let m = timePhrase(at: i) { found = m }
            if let m = datePhrase(at: i), m.end > (found?.end ?? -1) { found = m }
            if let m = weekdayPhrase(at: i), m.end > (found?.end ?? -1) { found = m }
            if let m = holidayPhrase(at: i), m.end > (found?.end ?? -1) { found = m }
        }
        typealias C = TimeLexicon.Category
        let mask = masks[i]
        let isNumber = t.kind == .number
        let grammar = mask & C.grammar != 0
        if isNumber || grammar || mask & (C.qualifiers | C.numbers) != 0,
           let m = yearPhrase(at: i, afterThe: afterThe), m.end > (found?.end ?? -1) { found = m }
        if isNumber || grammar || mask & (C.ordinals | C.decadeWords | C.seasons) != 0,
           let m = namedPeriod(at: i, afterThe: afterThe), m.end > (found?.end ?? -1) { found = m }
        if isNumber || grammar || mask & (C.relatives | C.qualifiers | C.ordinals) != 0,
           let m = quarterPhrase(at: i, afterThe: afterThe), m.end > (found?.end ?? -1) { found = m }
        if mask & C.deicticDays != 0, let m = deicticPhrase(at: i), m.end > (found?.end ?? -1) { found = m }
        if mask & C.partsOfDay != 0, let m = partOfDayPhrase(at: i), m.end > (found?.end ?? -1) { found = m }
        if grammar || mask & C.relatives != 0,
           let m = relativePhrase(at: i, afterThe: afterThe), m.end > (found?.end ?? -1) { found = m }
        if isNumber || grammar || mask & (C.relatives | C.numbers | C.units) != 0,
           let m = durationPhrase(at: i, afterThe: afterThe), m.end > (found?.end ?? -1) { found = m }
        if afterThe, mask & (C.units | C.qualifiers) != 0,
           let m = unitAfterThe(at: i, afterThe: afterThe), m.end > (found?.end ?? -1) { found = m }
        if t.lower == "year", let m = yearEarlier(at: i, afterThe: afterThe), m.end > (found?.end ?? -1) { found = m }
        if afterThe || t.lower == "last", let m = comparablePeriod(at: i, afterThe: afterThe), m.end > (found?.end ?? -1) { found = m }
        if mask & (C.sets | C.setQuantifiers) != 0, let m = setPhrase(at: i), m.end > (found?.end ?? -1) { found = m }
        if mask & C.references != 0, let m = referencePhrase(at: i), m.end > (found?.end ?? -1) { found = m }
        if masks[i] & (TimeLexicon.Category.modifiers | TimeLexicon.Category.quantityMods) != 0,
           let m = prefixed(at: i, depth: depth), m.end > (found?.end ?? -1) { found = m }
        if t.lower == "the", !afterThe, i + 1 < n, tokens[i + 1].kind == .number || masks[i + 1] != 0,
           var m = best(at: i + 1, afterThe: true, depth: depth + 1), m.takesThe, m.end > (found?.end ?? -1) {
            m.takesThe = false
            found = m
        }
        if t.lower == "the" || masks[i] & TimeLexicon.Category.positions != 0,
           let m = positionPhrase(at: i, depth: depth), m.end > (found?.end ?? -1) { found = m }
        return found
    }

    /// "early March", "mid-1990s", "earlier this year", "about two weeks ago", "more than four hours".
    func prefixed(at i: Int, depth: Int) -> Match? {
        if let (len, mod) = look(lex.modifiers, TimeLexicon.Category.modifiers, i) {
            var j = i + len
            if j < n, tokens[j].lower == "-", !tokens[j].spaceBefore { j += 1 }
            if var m = best(at: j, afterThe: false, depth: depth + 1), m.kind == .point || m.kind == .time {
                if mod == "EARLIER" || mod == "LATER" {
                    guard m.relative else { return nil }
                } else {
                    m.mod = mod
                    m.date = TimexValues.applying(mod: mod, to: Resolved(value: m.value, date: m.date)).date
                }
                return m
            }
        }
        if let (len, q) = look(lex.quantityMods, TimeLexicon.Category.quantityMods, i), word(i + len) != "the",
           tokens[i].lower != "over" || word(i + 1) == "a" || word(i + 1) == "an",
           var m = best(at: i + len, afterThe: false, depth: depth + 1),
           (m.kind == .duration && !q.agoOnly) || m.anchored || (q.points && (m.kind == .point || m.kind == .time)) {
            m.mod = q.mod
            return m
        }
        return nil
    }

    /// "the end of 1990", "the beginning of next year", "the middle of the month".
    func positionPhrase(at i: Int, depth: Int) -> Match? {
        var j = i
        var hasThe = false
        if word(j) == "the" { j += 1; hasThe = true }
        if hasThe, word(j) == "week", word(j + 1) == "of", let m = best(at: j + 2, afterThe: false, depth: depth + 1),
           m.kind == .point, let d = m.date, d.precision == .day {
            let r = TimexValues.week(d.start)
            return Match(end: m.end, type: .date, value: r.value, date: r.date, kind: .point)
        }
        guard hasThe || j < n, let (len, mod) = look(lex.positions, TimeLexicon.Category.positions, j), word(j + len) == "of" else { return nil }
        let k = j + len + 1
        if word(k) == "the", let (ulen, unit) = look(lex.units, TimeLexicon.Category.units, k + 1), let ref {
            let r: Resolved?
            var q: (Int, Int)?
            switch unit {
            case "Y": r = TimexValues.year(ref.year)
            case "M": r = TimexValues.month(ref.year, ref.month)
            case "W": r = TimexValues.week(ref)
            case "Q":
                let cur = lastQuarter ?? (ref.year, TimexValues.quarterOf(month: ref.month))
                q = cur
                r = TimexValues.quarter(cur.0, cur.1)
            default: r = nil
            }
            if let r {
                return Match(end: k + 1 + ulen, type: .date, value: r.value, mod: mod,
                             date: TimexValues.applying(mod: mod, to: r).date, kind: .point, quarter: q)
            }
        }
        guard var m = best(at: k, afterThe: false, depth: depth + 1), m.kind == .point else { return nil }
        m.mod = mod
        m.date = TimexValues.applying(mod: mod, to: Resolved(value: m.value, date: m.date)).date
        m.takesThe = false
        return m
    }

    /// The quarter under discussion when it was named near token `i` (this or the few sentences
    /// before): "a year earlier" then means the same quarter a year before.
    func quarterContext(near i: Int) -> (year: Int, q: Int)? {
        guard let q = lastQuarter, i < n, tokens[i].sentence - lastQuarterSentence <= TimexParser.quarterWindow else { return nil }
        return q
    }

    /// How many sentences back a named quarter still sets the context.
    static let quarterWindow = 3

    // MARK: - Token helpers

    func word(_ i: Int) -> String? { i >= 0 && i < n ? tokens[i].lower : nil }

    /// Whether token `i` exists and touches the previous token.
    func glued(_ i: Int) -> Bool { i < n && !tokens[i].spaceBefore }

    /// `i + 1` when token `i` is a period glued to the previous token, else `i`.
    func skipPeriod(_ i: Int) -> Int { i < n && tokens[i].lower == "." && !tokens[i].spaceBefore ? i + 1 : i }

    func isAbbreviation(_ word: String) -> Bool { word.count <= 4 && word != "june" && word != "july" && word != "may" }

    /// A month name at `i`: its number and the token after it (a period after an abbreviation included).
    func month(at i: Int) -> (month: Int, end: Int)? {
        guard i < n, tokens[i].capitalized, let (len, m) = look(lex.months, TimeLexicon.Category.months, i) else { return nil }
        let w = tokens[i].lower
        var end = i + len
        if isAbbreviation(w) && len == 1 {
            let afterDot = skipPeriod(end)
            if afterDot > end { end = afterDot } else if !(end < n && tokens[end].kind == .number) { return nil }
        }
        if w == "may" {
            let nextIsNumber = end < n && tokens[end].kind == .number
            let prev = word(i - 1) ?? ""
            let cue: Set<String> = ["in", "early", "late", "mid", "since", "until", "by", "of", "last", "next", "this", "during", "from", "through", "-", "to", "before", "after", "and"]
            guard nextIsNumber || cue.contains(prev) else { return nil }
        }
        return (m, end)
    }

    /// A day of the month (1–31) at `i`, with an ordinal suffix ("5th") included.
    func dayNumber(at i: Int) -> (day: Int, end: Int)? {
        // "March eighth", "May twenty-first"
        if i < n, tokens[i].kind == .word {
            if let (len, value) = look(lex.numbers, TimeLexicon.Category.numbers, i), len == 1, let tens = value, tens == 20 || tens == 30 {
                var k = i + 1
                if word(k) == "-" && glued(k) { k += 1 }
                if let (olen, unit) = look(lex.ordinals, TimeLexicon.Category.ordinals, k), unit <= 9, tokens[k].kind == .word {
                    return (tens + unit, k + olen)
                }
            }
            if let (len, d) = look(lex.ordinals, TimeLexicon.Category.ordinals, i), d <= 31 {
                return (d, i + len)
            }
            return nil
        }
        guard i < n, tokens[i].kind == .number, tokens[i].digitCount <= 2, let d = tokens[i].number, (1...31).contains(d) else { return nil }
        var end = i + 1
        if end < n, glued(end), ["st", "nd", "rd", "th"].contains(tokens[end].lower) { end += 1 }
        if end < n, glued(end), tokens[end].lower == "%" { return nil }
        if end + 1 < n, glued(end), tokens[end].lower == ":", tokens[end + 1].kind == .number, glued(end + 1) { return nil }
        return (d, end)
    }

    /// A four-digit year at `i`.
    func yearNumber(at i: Int, bare: Bool) -> (year: Int, end: Int)? {
        guard i < n, tokens[i].kind == .number, tokens[i].digitCount == 4, let y = tokens[i].number else { return nil }
        let range = bare ? 1800...2099 : 1000...2999
        guard range.contains(y) else { return nil }
        if let p = word(i - 1), ["$", "£", "€", "#", "."].contains(p) || (i > 0 && tokens[i - 1].kind == .number && glued(i)) { return nil }
        let next = i + 1
        if next < n, glued(next) {
            let w = tokens[next].lower
            if w == "%" || w == ":" { return nil }
            if (w == "." || w == ","), next + 1 < n, tokens[next + 1].kind == .number, glued(next + 1) { return nil }
        }
        return (y, i + 1)
    }

    // MARK: - Tense and sentences

    /// The tense of the sentence around tokens `start..<end`: the nearest cue word wins (the left
    /// one on a tie), a word of the tense lexicon or a word ending in "-ed" (past).
    func tense(around start: Int, end: Int, lexiconFirst: Bool = false) -> Tense {
        guard start < n, end > start else { return .none }
        var weak: Tense = .none
        let sentence = tokens[start].sentence
        var distance = 1
        while distance <= 25 {
            let left = start - distance
            let right = end - 1 + distance
            var anyInSentence = false
            for k in [left, right] where k >= 0 && k < n && tokens[k].sentence == sentence {
                anyInSentence = true
                guard tokens[k].kind == .word else { continue }
                var participle = false
                if let (_, v) = look(lex.tense, TimeLexicon.Category.tense, k) {
                    if v == .past || v == .future { return v }
                    if v == .none { continue }
                    participle = true
                }
                if participle || (tokens[k].lower.count > 4 && tokens[k].lower.hasSuffix("ed")) {
                    if !lexiconFirst { return .past }
                    if weak == .none { weak = .past }
                }
            }
            if !anyInSentence { break }
            distance += 1
        }
        return weak
    }

    /// The tense of the verb that governs tokens `start..<end`, read only inside their clause;
    /// `.none` unless it is clear.
    ///
    /// - An expression introduced as a limit or target ("by May", "until mid-November",
    ///   "extended to Nov. 16", "planned for early March") has no tense of its own.
    /// - Otherwise the nearest verb before it back to a clause boundary decides: a future
    ///   auxiliary ("will", "is expected to", "scheduled") is future; a past form ("was",
    ///   "sued", "resigned") is past unless a present or future auxiliary makes it a passive or
    ///   an infinitive ("is heard in May", "to be completed around Nov. 1", "will be paid
    ///   Dec. 14"). "said" is the report's verb unless right before the expression ("said in
    ///   November"); "to" starts another verb ("plans to step down in December").
    /// - An expression opening its clause ("In November, the board fired …") takes the verb
    ///   after it.
    /// A cue beyond a boundary (punctuation, "that", "which", "and"…) is another clause's
    /// ("prices may rise in May, the bank said").
    func governingTense(start: Int, end: Int) -> Tense {
        guard start < n, end > start else { return .none }
        let sentence = tokens[start].sentence
        func inSentence(_ k: Int) -> Bool { k >= 0 && k < n && tokens[k].sentence == sentence }
        // The word that introduces the expression, over modifiers ("in early", "the week of").
        var p = start - 1
        while inSentence(p) && start - p <= 4 {
            let w = tokens[p].lower
            if TimexParser.limitWords.contains(w) { return .none }
            guard TimexParser.expressionModifiers.contains(w) else { break }
            p -= 1
        }
        func boundary(_ k: Int) -> Bool {
            let t = tokens[k]
            if t.kind == .punct { return t.lower != "'" && t.lower != "-" && t.lower != "$" && t.lower != "%" && t.lower != "." }
            return TimexParser.clauseWords.contains(t.lower)
        }
        /// The tense a word at `k` gives, `nil` when it says nothing (keep looking), `.none`
        /// when it ends the search undecided.
        func cue(_ k: Int) -> Tense? {
            guard tokens[k].kind == .word else { return nil }
            let w = tokens[k].lower
            if TimexParser.futureAuxiliaries.contains(w) { return .future }
            if w == "to" {
                // "to a calendar year" is a preposition; "to step down" starts another verb.
                guard k + 1 < n else { return Tense.none }
                let next = tokens[k + 1]
                let phrase = next.kind == .number || next.capitalized || TimexParser.determiners.contains(next.lower)
                if phrase { return nil }
                // "is scheduled to open", "plans to sell": a verb still to come.
                if k > 0, tokens[k - 1].sentence == sentence, TimexParser.futureBeforeInfinitive.contains(tokens[k - 1].lower) { return .future }
                return Tense.none
            }
            if w == "said" || w == "says" || w == "told" { return start - k <= 3 && w != "says" ? .past : Tense.none }
            var pastForm = false
            if let (len, v) = look(lex.tense, TimeLexicon.Category.tense, k), len == 1 {
                switch v {
                case .past: pastForm = true
                case .participle: pastForm = true
                case .none: return nil
                case .future: return nil  // "plan", "coming": too loose here
                }
            } else if w.utf8.count > 4 && w.hasSuffix("ed") {
                pastForm = true
            }
            guard pastForm else { return nil }
            if TimexParser.pastAuxiliaries.contains(w) { return .past }
            // The auxiliary before a past form decides: "was named" past, "to be named" not.
            var a = k - 1
            while inSentence(a) && k - a <= 3 {
                let aux = tokens[a].lower
                if TimexParser.pastAuxiliaries.contains(aux) { return .past }
                if TimexParser.presentOrFutureAuxiliaries.contains(aux) { return Tense.none }
                guard aux == "not" || aux == "n't" || aux == "also" || aux == "already" || aux == "still" || aux == "just"
                        || aux == "finally" || (aux.utf8.count > 4 && aux.hasSuffix("ly")) else { break }
                a -= 1
            }
            return .past
        }
        var k = start - 1
        var steps = 0
        while inSentence(k), steps < 12, !boundary(k) {
            if let t = cue(k) { return t }
            k -= 1
            steps += 1
        }
        // Nothing before it in its clause but prepositions and modifiers: it opens the clause.
        let opens = (k + 1..<start).allSatisfy { j in
            TimexParser.expressionModifiers.contains(tokens[j].lower) || TimexParser.eventPrepositions.contains(tokens[j].lower)
        }
        guard opens, !inSentence(k) || boundary(k) else { return .none }
        k = end
        if inSentence(k), tokens[k].lower == "," { k += 1 }
        steps = 0
        while inSentence(k), steps < 12, !boundary(k) {
            if let t = cue(k) { return t }
            k += 1
            steps += 1
        }
        return .none
    }

    /// How many days on the other side of the publication date a month or day named with a
    /// clear tense may be and still keep the publication year.
    static let nearDays = 14

    /// Words that open a noun phrase.
    static let determiners: Set<String> = ["a", "an", "the", "its", "his", "her", "their", "our", "this", "that", "these", "those"]
    /// Words that introduce a date as a limit or a target, not the time of the verb.
    static let limitWords: Set<String> = ["by", "until", "till", "through", "to", "for", "before", "within", "after"]
    /// Words between a preposition and its date: "in early", "the week of", "around".
    static let expressionModifiers: Set<String> = ["early", "late", "mid", "-", "the", "week", "of", "end", "beginning", "middle", "start", "around", "about"]
    /// Prepositions of the time something happened.
    static let eventPrepositions: Set<String> = ["in", "on", "at", "during", "since", "from"]
    /// Words that start another clause.
    static let clauseWords: Set<String> = ["that", "which", "who", "whom", "whose", "but", "and", "or", "while", "because", "although", "if", "when", "as"]
    /// Words that make the verb after them future.
    static let futureAuxiliaries: Set<String> = ["will", "'ll", "shall", "scheduled", "slated", "due", "expected"]
    /// Words after which "to" and a verb are future: "scheduled to open", "plans to sell", "is to meet".
    static let futureBeforeInfinitive: Set<String> = ["scheduled", "expected", "due", "set", "slated", "plans", "plan", "going", "intends", "aims", "is", "are", "am"]
    /// Past forms of "be" and "have": the verb they go with is past ("was named", "had sued").
    static let pastAuxiliaries: Set<String> = ["was", "were", "had", "has", "have", "'d", "been"]
    /// Auxiliaries that make a past participle a passive or infinitive of the present or future.
    static let presentOrFutureAuxiliaries: Set<String> = ["be", "is", "are", "am", "being", "to", "would", "may", "might", "can", "could", "should", "must", "will", "shall", "'ll"]

    /// Numbers the sentences: a sentence ends at "!" or "?", at "." not after an abbreviation,
    /// and at a blank line.
    static func assignSentences(_ tokens: inout [Token], lexicon: TimeLexicon) {
        var sentence = 0
        for i in tokens.indices {
            if tokens[i].paragraphBefore { sentence += 1 }
            tokens[i].sentence = sentence
            guard tokens[i].kind == .punct else { continue }  // before reading the word: most tokens stop here
            let w = tokens[i].lower
            guard w == "." || w == "!" || w == "?" else { continue }
            if w == "." && i > 0 {
                let prev = tokens[i - 1]
                if prev.kind == .word && (prev.lower.count == 1 || lexicon.abbreviations.value(of: prev.lower) != nil
                    || (lexicon.months.value(of: prev.lower) != nil && prev.lower.count <= 4)) {
                    continue
                }
                if prev.kind == .number, i + 1 < tokens.count, tokens[i + 1].kind == .number, !tokens[i + 1].spaceBefore { continue }
            }
            sentence += 1
        }
    }
}
