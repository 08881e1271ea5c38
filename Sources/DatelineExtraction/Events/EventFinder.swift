import DatelineCore
import DatelineTime

/// Stage 4–7: triggers → arguments → polarity and status → date → evidence, for each sentence.
struct EventFinder: Sendable {
    let lexicon: Lexicon

    // Word sets built once (they were built on every call).
    static let roleWords: Set<String> = ["candidate", "member", "members", "head", "chief", "leader", "boss"]
    static let linkingWords: Set<String> = ["between", "with", "against", "by", "of", "reached", "signed"]
    static let reportingVerbs: Set<String> = ["said", "says", "added", "told", "argued", "noted", "explained", "stated", "wrote"]

    func find(text: [Unicode.Scalar], tokens: [Token], sentences: [Sentence], names: [NameMention],
              timexes: [TimeExpression], published: CalendarDate?, headlineEnd: Int) -> [EventCandidate] {
        // Arrays indexed by token and by sentence: these are read for nearly every token
        // around a trigger, and an array read costs no hashing.
        var nameAt = [Int](repeating: -1, count: tokens.count)
        for (k, m) in names.enumerated() { for t in m.tokens where t < nameAt.count { nameAt[t] = k } }
        let matcher = TriggerMatcher(lexicon: lexicon)
        let cues = CueMatcher(lexicon: lexicon)
        var result: [EventCandidate] = []
        // The first two sentences after the headline.
        let leadSentences = Set(sentences.indices.lazy.filter { i in
            sentences[i].start >= headlineEnd && !isTitleCase(tokens, sentences[i])
                && tokens[sentences[i].tokens.upperBound - 1].isMark(".", "!", "?", "\"", "”", "'", "’")
        }.prefix(2))
        var namesBySentence = [[NameMention]](repeating: [], count: sentences.count)
        for m in names where m.sentence < namesBySentence.count { namesBySentence[m.sentence].append(m) }
        // Time expressions by sentence (both lists are in text order).
        var timexBySentence: [Int: [TimeExpression]] = [:]
        var cursor = 0
        for tx in timexes.sorted(by: { $0.start < $1.start }) {
            while cursor < sentences.count && sentences[cursor].end <= tx.start { cursor += 1 }
            guard cursor < sentences.count else { break }
            if tx.start >= sentences[cursor].start && tx.end <= sentences[cursor].end { timexBySentence[cursor, default: []].append(tx) }
        }
        for (si, sentence) in sentences.enumerated() {
            if sentence.end <= headlineEnd { continue }
            if isQuestion(tokens, sentence) || isTitleCase(tokens, sentence) { continue }
            let sentenceNames = namesBySentence[si]
            let triggers = matcher.matches(tokens: tokens, sentence: sentence, index: si, names: sentenceNames)
            guard !triggers.isEmpty else { continue }
            let args = ArgumentFinder(lexicon: lexicon, tokens: tokens, names: names, nameAt: nameAt, sentences: sentences, sentenceIndex: si, namesBySentence: namesBySentence, sentenceNames: sentenceNames)
            let evidence = Scalars.string(text[sentence.start..<sentence.end])
            for trigger in triggers {
                guard let kind = trigger.pattern.kind else { continue }
                guard passesConditions(trigger, tokens: tokens, sentence: sentence, args: args) else { continue }
                if isNegatedOrHypothetical(trigger, tokens: tokens, sentence: sentence, cues: cues) { continue }
                if isAnaphoricNoun(trigger, kind: kind, tokens: tokens, sentence: sentence, args: args) { continue }
                if isAdjectival(trigger, tokens: tokens, sentence: sentence) || isReducedRelative(trigger, kind: kind, tokens: tokens, sentence: sentence) { continue }
                if trigger.pattern.noun, triggers.contains(where: { v in v.pattern.kind == kind && !v.pattern.noun && v.last < trigger.first && trigger.first - v.last <= 4 }) {
                    continue  // "signed up for a deal": the verb carries the fact
                }
                let found = arguments(kind: kind, trigger: trigger, args: args, tokens: tokens, sentenceNames: sentenceNames)
                if found.drop { continue }
                if found.subjects.isEmpty && !trigger.pattern.noun && !trigger.pattern.patient && hasPronounSubject(trigger, tokens: tokens, sentence: sentence, args: args) { continue }
                if found.subjects.isEmpty && trigger.pattern.noun && tokens[trigger.last].lower.hasSuffix("s") && !tokens[trigger.last].lower.hasSuffix("ss") && kind != .hearing {
                    continue  // "shareholder agreements", "lawsuits" in general
                }
                let status = self.status(trigger, tokens: tokens, sentence: sentence, cues: cues)
                var date = attachDate(trigger, status: status, tokens: tokens, sentence: sentence, timexes: timexBySentence[si] ?? [], published: published, args: args)
                // The lead of a news story reports the day's news: an undated event stated in its
                // first two sentences happened (or was announced) on the publication date — the
                // convention of the gold (wire leads in the simple past, "has resigned", "today").
                // Not an event the lead itself puts before its news: past perfect ("had resigned").
                if date == nil, let published, leadSentences.contains(si), status != .denied, !isPastPerfect(trigger, tokens: tokens, sentence: sentence),
                   !(trigger.pattern.noun && status == .occurred && !isLeadNounEvent(trigger, tokens: tokens, sentence: sentence)) {
                    date = (FuzzyDate.day(published), "")
                }
                if found.subjects.isEmpty && (kind.isPersonnel || kind == .charge) { continue }  // nobody to put on a timeline
                if found.subjects.isEmpty && found.counterparty == nil && (kind == .agreement || kind == .lawsuit) { continue }  // no parties
                let subjects = found.subjects.isEmpty ? [Argument?.none] : found.subjects.map { Optional($0) }
                let counterparties: [String?] = found.counterparties.count > 1 ? found.counterparties : [found.counterparty]
                for subject in subjects {
                for counterparty in counterparties {
                    if kind == .agreement && trigger.pattern.weight < 1 && subject?.mention == nil { continue }
                    var confidence = trigger.pattern.weight * (subject?.mention != nil ? 1 : subject != nil ? 0.8 : 0.6)
                    if status == .reported { confidence *= 0.9 }
                    var role = found.role
                    var organization = found.organization
                    if kind == .agreement, organization == nil, let m = subject?.mention, m.kind == .person {
                        organization = m.roleOrganization  // "Treasury Secretary Scott Bessent"
                    }
                    if kind.isPersonnel || kind == .charge {
                        if let m = subject?.mention {
                            role = found.roleFromSubject ? m.role : (found.role ?? m.role)
                            organization = m.roleOrganization ?? found.organization
                        } else if subject != nil && found.roleFromSubject {
                            role = nil
                        }
                    }
                    var event = ExtractedEvent(
                        kind: kind, subject: subject?.text, organization: organization, role: role,
                        counterparty: counterparty, date: date?.date, dateText: date?.text, status: status,
                        confidence: (confidence * 100).rounded() / 100, evidence: evidence,
                        evidenceStart: sentence.start, evidenceEnd: sentence.end,
                        trigger: args.text(trigger.first...trigger.last))
                    if event.dateText == "" { event.dateText = nil }
                    // The subject is split into name tokens once, for both tests and the candidate.
                    let subjectTokens = event.subject.map(NameMatch.tokens) ?? []
                    if let o = event.organization, event.subject != nil, NameMatch.equal(tokens: NameMatch.tokens(o), subjectTokens) { event.organization = nil }
                    if let c = event.counterparty, event.subject != nil, NameMatch.equal(tokens: NameMatch.tokens(c), subjectTokens) { event.counterparty = nil }
                    let generic = subject.map { $0.mention == nil && ($0.indefinite || isGenericRole($0.text)) } ?? true
                    let verbal = !trigger.pattern.noun
                    result.append(EventCandidate(event: event, subjectMention: subject?.mention, verbal: verbal, position: tokens[trigger.first].start, genericSubject: generic,
                                                  subjectTokens: subjectTokens,
                                                  courtSubject: subject?.mention?.isCourt ?? false))
                }
                }
            }
        }
        resolveCataphora(&result, names: names, sentences: sentences)
        propagateDates(&result, tokens: tokens)
        // An expected event is dated by its announcement: undated, it was announced as of the
        // story's lead (the date of the lead's first dated event).
        let leadStarts = Set(leadSentences.map { sentences[$0].start })
        if let leadDate = result.first(where: { leadStarts.contains($0.event.evidenceStart) && $0.event.date != nil })?.event.date {
            for i in result.indices where result[i].event.status == .expected && result[i].event.date == nil {
                result[i].event.date = leadDate
            }
        }
        return result
    }

    /// "One of Japan's best-known businessmen was arrested … Yoshiaki Tsutsumi, …": an
    /// indefinite person in an event with no named counterpart is the person named next.
    func resolveCataphora(_ candidates: inout [EventCandidate], names: [NameMention], sentences: [Sentence]) {
        for i in candidates.indices where candidates[i].genericSubject && candidates[i].event.subject != nil && (candidates[i].event.kind.isPersonnel || candidates[i].event.kind == .charge) {
            let c = candidates[i]
            guard let si = sentences.firstIndex(where: { $0.start == c.event.evidenceStart }) else { continue }
            // The classic follow-up: the next sentence opens with the name ("Harold Voss, 64, …").
            let opener = names.first { n in
                n.kind == .person && n.sentence == si + 1 && n.titleTokens == nil && n.tokens.lowerBound == sentences[si + 1].tokens.lowerBound
            }
            if opener == nil && candidates.contains(where: { $0.event.kind == c.event.kind && $0.subjectMention?.kind == .person }) { continue }
            let limit = min(sentences.count, si + 3)
            if let next = opener ?? names.first(where: { $0.kind == .person && $0.sentence > si && $0.sentence < limit }) {
                candidates[i].event.subject = next.canonical
                candidates[i].subjectTokens = NameMatch.tokens(next.canonical)
                candidates[i].genericSubject = false
                candidates[i].subjectMention = next
            }
        }
    }

    /// Dates for undated mentions that refer to a dated fact: another event of the same
    /// sentence ("The ruling … came in a hearing"), or an earlier event of the same (or a
    /// related) kind when the mention refers back ("the newly-appointed members", "after the
    /// hearing"). Such dates are marked as not read from the text (`dateText` nil).
    func propagateDates(_ candidates: inout [EventCandidate], tokens: [Token]) {
        let related: [EventKind: Set<EventKind>] = [.hearing: [.hearing, .ruling], .ruling: [.ruling, .hearing]]
        // Candidates by sentence, in order (a sentence's candidates are found together).
        var bySentence: [Int: [Int]] = [:]
        for i in candidates.indices { bySentence[candidates[i].event.evidenceStart, default: []].append(i) }
        for i in candidates.indices where candidates[i].event.date == nil && candidates[i].event.status != .expected {
            let c = candidates[i]
            // From the same sentence only into a noun ("came in a hearing"), or from a date that
            // was itself not read from a phrase.
            var same: EventCandidate?
            for k in bySentence[c.event.evidenceStart] ?? [] {
                let o = candidates[k]
                if o.event.date != nil && o.event.status != .expected && (!c.verbal || o.event.dateText == nil) { same = o; break }
            }
            if let same {
                candidates[i].event.date = same.event.date
                continue
            }
            let trigger = (c.event.trigger ?? "").lowercased()
            let referential = trigger.hasPrefix("newly") || !c.verbal
            guard referential else { continue }
            let kinds = related[c.event.kind] ?? [c.event.kind]
            if let earlier = candidates[..<i].last(where: { kinds.contains($0.event.kind) && $0.event.date != nil && $0.position < c.position && $0.event.status != .expected }) {
                candidates[i].event.date = earlier.event.date
            }
        }
    }

    /// A name used as a modifier: "US oil giant ExxonMobil", "the American auto company Chrysler".
    func isModifier(_ n: NameMention, tokens: [Token], end: Int) -> Bool {
        let a = n.tokens.upperBound
        guard a < end, tokens[a].kind == .word, !tokens[a].isCapitalized else { return false }
        if !tokens[a].classes.isDisjoint(with: .personOrPartyNoun) { return true }
        return a + 1 < end && !tokens[a + 1].isCapitalized && !tokens[a + 1].classes.isDisjoint(with: .personOrPartyNoun) && !tokens[a].classes.contains(.verbGroup)
    }

    /// "the elected members", "of appointed judges": a participle used as an adjective.
    func isAdjectival(_ m: TriggerMatch, tokens: [Token], sentence: Sentence) -> Bool {
        guard !m.pattern.noun, m.first == m.last, tokens[m.first].lower.hasSuffix("ed"), m.first - 1 >= sentence.tokens.lowerBound, m.last + 1 < sentence.tokens.upperBound else { return false }
        let before = tokens[m.first - 1].lower, after = tokens[m.last + 1]
        return ["the", "a", "an", "of", "newly", "its", "their", "his", "her"].contains(before) && after.kind == .word && !after.isCapitalized
            && !after.classes.contains(.preposition) && !after.classes.contains(.determiner)
    }

    /// "35 of the companies sued on Thursday are Italian": a participle inside a noun phrase.
    func isReducedRelative(_ m: TriggerMatch, kind: EventKind, tokens: [Token], sentence: Sentence) -> Bool {
        guard !m.pattern.noun, !m.pattern.patient, tokens[m.first].lower.hasSuffix("ed"), m.first - 1 >= sentence.tokens.lowerBound else { return false }
        let before = tokens[m.first - 1]
        guard before.kind == .word, !before.classes.contains(.verbGroup), !["who", "that", "which", "and", "also", "it", "they", "he", "she"].contains(before.lower) else { return false }
        var k = m.last + 1
        while k < sentence.tokens.upperBound && k - m.last < 6 {
            let t = tokens[k]
            if t.kind == .punct { return false }
            if ["is", "are", "was", "were"].contains(t.lower) { return !before.classes.isDisjoint(with: .personOrPartyNoun) }
            k += 1
        }
        return false
    }

    /// The verb's subject is a pronoun nobody can be found for ("they are investigating").
    func hasPronounSubject(_ m: TriggerMatch, tokens: [Token], sentence: Sentence, args: ArgumentFinder) -> Bool {
        let p = args.skipVerbGroup(m.first)
        guard p >= sentence.tokens.lowerBound else { return false }
        return ["they", "we", "i", "you", "it", "he", "she", "we're", "they're"].contains(tokens[p].lower)
    }

    /// A headline in title case ("Acting Chief Will Resign Over Deal"): names cannot be told apart.
    func isTitleCase(_ tokens: [Token], _ sentence: Sentence) -> Bool {
        var capitalized = 0
        // More than three Characters: for ASCII words the byte count says so without
        // grapheme breaking.
        for k in sentence.tokens where tokens[k].kind == .word && tokens[k].lower.utf8.count > 3
            && (tokens[k].lower.utf8.allSatisfy { $0 < 0x80 } || tokens[k].lower.count > 3) {
            // Any lower-case content word means a sentence, not a title-case headline.
            if !tokens[k].isCapitalized && !tokens[k].classes.contains(.function) { return false }
            if tokens[k].isCapitalized { capitalized += 1 }
        }
        return capitalized >= 4
    }

    /// A subject made only of role words: "judge", "the court", "a spokesman".
    func isGenericRole(_ text: String) -> Bool {
        let words = text.lowercased().split(separator: " ").map(String.init)
        return !words.isEmpty && words.allSatisfy { lexicon.titles.contains($0) || lexicon.courtWords.contains($0) || lexicon.w.determiner.contains($0) || ["u.s.", "us", "federal", "state", "district", "bankruptcy", "appeals", "high", "supreme", "superior"].contains($0) }
    }

    /// "had resigned", "had been charged": an event before the time the sentence tells of.
    func isPastPerfect(_ m: TriggerMatch, tokens: [Token], sentence: Sentence) -> Bool {
        guard !m.pattern.noun else { return false }
        var p = m.first - 1
        while p >= sentence.tokens.lowerBound && m.first - p <= 4 {
            let w = tokens[p].lower
            if w == "had" || w == "'d" { return true }
            guard tokens[p].classes.contains(.verbGroup) || w == "been" else { return false }
            p -= 1
        }
        return false
    }

    /// A noun trigger in the lead counts as today's news only with a verb of doing it ("signed a deal").
    func isLeadNounEvent(_ m: TriggerMatch, tokens: [Token], sentence: Sentence) -> Bool {
        let before = max(sentence.tokens.lowerBound, m.first - 5)..<m.first
        return before.contains { tokens[$0].classes.contains(.lightVerb) }
    }

    func isQuestion(_ tokens: [Token], _ sentence: Sentence) -> Bool {
        var k = sentence.tokens.upperBound - 1
        while k > sentence.tokens.lowerBound && tokens[k].isMark("\"", "”", "’", ")") { k -= 1 }
        return tokens[k].isMark("?")
    }

    func passesConditions(_ m: TriggerMatch, tokens: [Token], sentence: Sentence, args: ArgumentFinder) -> Bool {
        let hi = sentence.tokens.upperBound
        if m.pattern.needsRole {
            let window = (m.last + 1)..<min(hi, m.last + 7)
            guard window.contains(where: { tokens[$0].bareClasses.contains(.title) || EventFinder.roleWords.contains(tokens[$0].lower) }) else { return false }
        }
        if m.pattern.needsNumber {
            let window = (m.last + 1)..<min(hi, m.last + 7)
            guard window.contains(where: { tokens[$0].kind == .number || ["$", "us$", "dollars", "billion", "million", "£", "€"].contains(tokens[$0].lower) }) else { return false }
        }
        if m.pattern.court {
            let lo = sentence.tokens.lowerBound
            let before = max(lo, m.first - 14)..<m.first
            let courtName = args.sentenceNames.contains { $0.isCourt && $0.end <= tokens[m.first].start }
            let courtWord = before.contains { tokens[$0].bareClasses.contains(.court) }
            guard courtName || courtWord else { return false }
        }
        return true
    }

    func clauseWindow(before first: Int, sentence: Sentence, tokens: [Token], size: Int) -> Range<Int> {
        var lo = first
        while lo > sentence.tokens.lowerBound && first - lo < size {
            // Word classes and the punctuation scalar instead of comparing the text with 15 strings.
            let isBreakMark: Bool
            switch tokens[lo - 1].mark { case ";", ":", ",", "—", "(", ")": isBreakMark = tokens[lo - 1].kind == .punct; default: isBreakMark = false }
            if isBreakMark || tokens[lo - 1].classes.contains(.clauseBreak) && first - lo > 0 { break }
            lo -= 1
        }
        return lo..<first
    }

    func isNegatedOrHypothetical(_ m: TriggerMatch, tokens: [Token], sentence: Sentence, cues: CueMatcher) -> Bool {
        let window = clauseWindow(before: m.first, sentence: sentence, tokens: tokens, size: 7)
        if cues.find("negation", tokens: tokens, in: window) != nil { return true }
        if m.pattern.noun {
            // "the deal had been killed", "the merger collapsed".
            var after = (m.last + 1)..<min(sentence.tokens.upperBound, m.last + 6)
            if let stop = after.first(where: { tokens[$0].kind == .punct || tokens[$0].classes.contains(.relativePronoun) }) { after = after.lowerBound..<stop }
            if cues.find("negation-after", tokens: tokens, in: after) != nil { return true }
        }
        if cues.find("generic", tokens: tokens, in: window) != nil { return true }
        let wide = clauseWindow(before: m.first, sentence: sentence, tokens: tokens, size: 10)
        if cues.find("hypothetical", tokens: tokens, in: wide) != nil { return true }
        // "would resign if …": a conditional modal with "if" after the trigger.
        if wide.contains(where: { tokens[$0].classes.contains(.conditionalModal) }) {
            let after = (m.last + 1)..<min(sentence.tokens.upperBound, m.last + 10)
            if cues.find("hypothetical", tokens: tokens, in: after) != nil { return true }
        }
        return false
    }

    /// "the deal", "this agreement" alone refer back to a fact stated elsewhere.
    func isAnaphoricNoun(_ m: TriggerMatch, kind: EventKind, tokens: [Token], sentence: Sentence, args: ArgumentFinder) -> Bool {
        // Personnel nouns name their person ("the pick to lead the agency, Billy Long"); without
        // one they are dropped anyway.
        guard m.pattern.noun, kind != .investigation, kind != .hearing, kind != .courtFiling, !kind.isPersonnel else { return false }
        var p = m.first - 1
        var steps = 0
        while p > sentence.tokens.lowerBound, steps < 3, tokens[p].kind == .word || tokens[p].kind == .number, !tokens[p].isCapitalized || tokens[p].kind == .number,
              !tokens[p].classes.contains(.determiner) {
            p -= 1
            steps += 1
        }
        guard p >= sentence.tokens.lowerBound, ["the", "this", "that", "these", "those"].contains(tokens[p].lower) else { return false }
        var after = (m.last + 1)..<min(sentence.tokens.upperBound, m.last + 5)
        if let first = after.first, tokens[first].text == "," { after = (first + 1)..<min(sentence.tokens.upperBound, first + 5) }  // "The ruling, by Judge X, …"
        if let punct = after.first(where: { tokens[$0].kind == .punct }) { after = after.lowerBound..<punct }
        return !after.contains { EventFinder.linkingWords.contains(tokens[$0].lower) }
    }

    struct Found {
        var subjects: [Argument] = []
        var organization: String?
        var role: String?
        var counterparty: String?
        /// Whether `role` was read from the subject's title (not from "as CEO").
        var roleFromSubject = false
        /// Several other parties listed ("deals with A, B and C"): one event each.
        var counterparties: [String] = []
        /// The trigger is not an event here ("fired Yukos' plan": a personnel verb without a person).
        var drop = false
    }

    func arguments(kind: EventKind, trigger m: TriggerMatch, args: ArgumentFinder, tokens: [Token], sentenceNames: [NameMention]) -> Found {
        var f = Found()
        let passive = args.isPassive(m.first)
        let noun = m.pattern.noun
        let personnel = kind.isPersonnel
        let personFilter: Bool? = (personnel || kind == .charge) ? true : nil
        let hi = args.sentence.tokens.upperBound
        func arg(_ n: NameMention) -> Argument { Argument(text: n.canonical, mention: n) }
        func firstCourt() -> NameMention? { sentenceNames.first { $0.isCourt } }
        /// The subject of a noun trigger: a light verb's subject ("X filed a lawsuit"), else the nearest name before.
        func nounSubject() -> [Argument] {
            // A name right before the noun: "a Justice Department investigation".
            if m.first - 1 >= args.sentence.tokens.lowerBound, let n = args.mention(at: m.first - 1), args.fits(n, person: personFilter) { return [arg(n)] }
            var p = m.first - 1
            var steps = 0
            while p >= args.sentence.tokens.lowerBound && steps < 5 {
                let t = tokens[p]
                if t.classes.contains(.lightVerb) {
                    let found = args.subjectsBefore(p, person: personFilter)
                    if !found.isEmpty { return found }
                    break
                }
                if t.kind == .punct || args.hasMention(at: p) { break }
                p -= 1
                steps += 1
            }
            // "disclosed in a court filing": a noun inside a phrase names no filer.
            var d = m.first - 1
            while d >= args.sentence.tokens.lowerBound && m.first - d < 4 && tokens[d].kind == .word && !tokens[d].isCapitalized && !tokens[d].classes.contains(.preposition) { d -= 1 }
            if kind == .courtFiling, d >= args.sentence.tokens.lowerBound, ["in", "under", "from"].contains(tokens[d].lower) { return [] }
            if let n = args.nearestNameBefore(m.first, person: personFilter), !args.isSpeaker(n) { return [arg(n)] }
            // "a police inquiry": the body named by the word before the noun.
            if kind != .agreement, m.first - 1 >= args.sentence.tokens.lowerBound, !tokens[m.first - 1].classes.isDisjoint(with: .personOrPartyNoun), !tokens[m.first - 1].isCapitalized {
                return [Argument(text: tokens[m.first - 1].lower, mention: nil)]
            }
            return []
        }
        if m.pattern.by {
            f.subjects = args.objectsAfter(m.last + 1, person: personFilter)
        } else if m.pattern.patient {
            if noun {
                if let om = args.nameAfterWord(["of", "against", ","], from: m.last + 1, window: 4, person: personFilter) {
                    f.subjects = [arg(om)]
                } else if let pm = args.possessor(before: m.first), args.fits(pm, person: personFilter) {
                    f.subjects = [arg(pm)]
                } else {
                    f.subjects = args.objectsAfter(m.last + 1, person: personFilter, allowNounPhrase: false)
                    if f.subjects.isEmpty { f.subjects = nounSubject() }
                }
                if f.subjects.isEmpty && personnel { f.subjects = args.peopleListedAfterCopula(m.last + 1) }
            } else if passive {
                f.subjects = args.subjectsBefore(m.first, person: personFilter)
                if let by = args.nameAfterWord(["by"], from: m.last + 1, window: 4), !personnel {
                    f.counterparty = by.canonical
                }
            } else {
                let p = m.last + 1
                let objectIsOther = p < hi && (args.owner(at: p).map { !args.fits($0, person: personFilter) } ?? false)
                if objectIsOther { return Found(subjects: [], organization: nil, role: nil, counterparty: nil, roleFromSubject: false, drop: true) }
                f.subjects = args.objectsAfter(p, person: personFilter)
                if f.subjects.isEmpty && (p >= hi || tokens[p].kind == .punct || tokens[p].classes.contains(.preposition)) {
                    f.subjects = args.subjectsBefore(m.first, person: personFilter)
                }
            }
        } else if kind == .agreement {
            let betweenIndex = ((m.last + 1)..<min(hi, m.last + 4)).first { tokens[$0].lower == "between" }
            if let b = betweenIndex, b + 3 < hi, tokens[b + 1].lower == "the", ["two", "both"].contains(tokens[b + 2].lower),
               tokens[b + 3].classes.contains(.partyNoun) || tokens[b + 3].lower == "sides", let (x, y) = args.firstTwoParties() {
                f.subjects = [arg(x)]  // "between the two companies"
                f.counterparty = y.canonical
            } else if let between = args.nameAfterWord(["between"], from: m.last + 1, window: 4) {
                f.subjects = [arg(between)]
                var q = between.tokens.upperBound
                while q < hi && tokens[q].lower != "and" && q - between.tokens.upperBound < 14 { q += 1 }
                if q + 1 < hi, let other = args.owner(at: q + 1) { f.counterparty = other.canonical }
            } else {
                if noun, let pm = args.possessor(before: m.first) {
                    f.subjects = [arg(pm)]
                } else if noun, let by = args.nameAfterWord(["by"], from: m.last + 1, window: 3) {
                    f.subjects = [arg(by)]
                } else if !noun, let grammatical = args.subjectsBefore(m.first, person: nil).first, grammatical.mention != nil {
                    f.subjects = [grammatical]
                } else {
                    let offset = tokens[m.first].start
                    if let first = sentenceNames.first(where: { n in
                        n.end <= offset && !args.isPrepositional(n) && !(n.kind == .other && n.tokens.count == 1 && tokens[n.tokens.lowerBound].isAllCaps)
                            && !(n.kind == .person && n.tokens.upperBound < args.sentence.tokens.upperBound && EventFinder.reportingVerbs.contains(tokens[n.tokens.upperBound].lower))
                            && !isModifier(n, tokens: tokens, end: hi)
                    }) {
                        let subject = args.titleOwner(first.tokens.lowerBound) ?? first
                        f.subjects = [arg(subject)]
                        // "Chemlawn and Ecolab said they signed": the second conjunct is the other party.
                        let after = subject.tokens.upperBound
                        if after + 1 < m.first, tokens[after].lower == "and", let other = args.owner(at: after + 1) { f.counterparty = other.canonical }
                    } else if !noun {
                        f.subjects = args.subjectsBefore(m.first, person: nil)
                    } else {
                        f.subjects = nounSubject()
                    }
                }
                if f.counterparty == nil {
                    if let other = args.nameAfterWord(["with", "from", "to", "by", "of", "for"], from: m.last + 1, window: 8) ?? args.objectsAfter(m.last + 1, person: nil, allowNounPhrase: false).first?.mention,
                       other.canonical != f.subjects.first?.text {
                        f.counterparty = other.canonical
                        // "deals with A, B and C": every party listed.
                        var list = [other.canonical]
                        var q = other.tokens.upperBound
                        while q + 1 < hi, tokens[q].text == "," || tokens[q].lower == "and" {
                            var r = q + 1
                            if tokens[r].lower == "and" { r += 1 }
                            while r < hi && tokens[r].classes.contains(.determiner) { r += 1 }
                            guard r < hi, let next = args.owner(at: r), !next.isPlace else { break }
                            list.append(next.canonical)
                            q = next.tokens.upperBound
                        }
                        if list.count > 1 { f.counterparties = list }
                    } else if let with = ((m.last + 1)..<min(hi, m.last + 6)).first(where: { tokens[$0].lower == "with" }),
                              let np = args.objectsAfter(with + 1, person: nil).first, np.mention == nil {
                        f.counterparty = np.text  // "a settlement reached with 46 states"
                    }
                }
            }
        } else if kind == .ruling || kind == .hearing {
            let agent = noun ? nil : args.subjectsBefore(m.first, person: nil).first
            if let agent, let am = agent.mention, am.isCourt {
                f.subjects = [agent]
            } else if let court = (sentenceNames.first { $0.isCourt && $0.kind == .person }) ?? firstCourt() {
                f.subjects = [arg(court)]
            } else if noun, let pm = args.possessor(before: m.first) {
                f.subjects = [arg(pm)]
            } else if noun {
                f.subjects = nounSubject()
            } else {
                f.subjects = args.subjectsBefore(m.first, person: nil)
            }
            // "After the hearing, …": the judge or court of the story so far.
            if f.subjects.isEmpty || noun && f.subjects.allSatisfy({ $0.mention == nil && isGenericRole($0.text) }) {
                if let court = args.recentCourt() { f.subjects = [arg(court)] }
            }
            if let against = args.nameAfterWord(["against"], from: m.last + 1, window: 10) {
                f.counterparty = against.canonical
            } else if !noun, let object = args.objectsAfter(m.last + 1, person: nil, allowNounPhrase: false).first, object.text != f.subjects.first?.text {
                f.counterparty = object.text
            }
        } else {
            // Agent kinds: lawsuit, court_filing, investigation, resignation, appointment ("succeeds").
            if noun, let pm = args.possessor(before: m.first), args.fits(pm, person: personFilter) {
                f.subjects = [arg(pm)]
            } else if noun, let by = args.nameAfterWord(["by"], from: m.last + 1, window: 6, person: personFilter) {
                f.subjects = [arg(by)]
            } else if noun, kind == .resignation, let of = args.nameAfterWord(["of"], from: m.last + 1, window: 3, person: true) {
                f.subjects = [arg(of)]
            } else if noun {
                f.subjects = nounSubject()
            } else {
                f.subjects = args.subjectsBefore(m.first, person: personFilter)
            }
            if kind == .lawsuit || kind == .investigation || kind == .courtFiling {
                let words: [String] = kind == .investigation ? ["into", "of", "on", "against"] : ["against"]
                if let other = args.nameAfterWord(words, from: m.last + 1, window: 8) {
                    f.counterparty = other.canonical
                } else if !noun, kind != .courtFiling, let object = args.objectsAfter(m.last + 1, person: nil, allowNounPhrase: kind == .lawsuit).first {
                    f.counterparty = object.text
                }
            }
        }
        // Organization and role.
        let subjectMention = f.subjects.first?.mention
        if personnel || kind == .charge {
            f.role = subjectMention?.role
            f.roleFromSubject = f.role != nil
            f.organization = subjectMention?.roleOrganization
            // "Ruth Baxter, the agency's chief counsel, resigned": the post in an appositive.
            if f.role == nil, let sm = subjectMention, sm.kind == .person, let post = appositivePost(after: sm, tokens: tokens, end: hi, args: args) {
                f.role = post.role
                if f.organization == nil { f.organization = post.organization }
            }
            if personnel, let asIndex = ((m.last + 1)..<min(hi, m.last + 16)).first(where: { k in
                // "appointed Maya Chen, a former Google vice president, as chief executive": skip the appositive.
                tokens[k].lower == "as" && !((m.last + 1)..<k).contains { tokens[$0].isMark(".", ";", "—") || tokens[$0].classes.contains(.verbGroup) && tokens[$0].lower != "former" }
            }) {
                var q = asIndex + 1
                while q < hi && tokens[q].classes.contains(.determiner) { q += 1 }
                var e = q
                while e < hi && e - q < 6 && tokens[e].kind == .word && !["and", "when", "after", "until", "to"].contains(tokens[e].lower)
                        && (!tokens[e].classes.contains(.preposition) || tokens[e].lower == "of" && e + 1 < hi && !tokens[e + 1].isCapitalized && tokens[e - 1].bareClasses.contains(.title)) {
                    e += 1
                }
                if e > q { f.role = args.text(q...(e - 1)).capitalizedFirst(); f.roleFromSubject = false }
            }
            if f.organization == nil, let org = args.nameAfterWord(["of", "at", "from", "to"], from: (subjectMention?.tokens.upperBound ?? m.last + 1) < m.first ? subjectMention?.tokens.upperBound ?? m.last + 1 : m.last + 1, window: 10), org.kind == .organization {
                f.organization = org.canonical
            }
            if f.organization == nil, personnel, let org = sentenceNames.first(where: { $0.kind == .organization && $0.canonical != subjectMention?.canonical && !$0.isCourt }) {
                f.organization = org.canonical
            }
        } else if kind == .lawsuit || kind == .hearing || kind == .courtFiling {
            if let court = firstCourt(), court.canonical != f.subjects.first?.text { f.organization = court.canonical }
        }
        return f
    }

    /// The post in an appositive right after a person's name: "Ruth Baxter, the agency's chief
    /// counsel,", "Ann Lee, deputy director of the Harbor Authority,", "Tom Ode, Vela's chief
    /// executive,". The title words make the role; an organization after "of" or a named
    /// possessor before the titles is its organization.
    func appositivePost(after mention: NameMention, tokens: [Token], end: Int, args: ArgumentFinder) -> (role: String, organization: String?)? {
        var q = mention.tokens.upperBound
        guard q < end, tokens[q].text == "," else { return nil }
        q += 1
        var organization: String?
        if q < end, ["the", "a", "an", "its", "his", "her", "their"].contains(tokens[q].lower) {
            q += 1
        }
        // A possessor: "the agency's", "Vela's".
        if q + 1 < end, tokens[q + 1].lower == "'s" {
            if let owner = args.mention(at: q), owner.kind == .organization { organization = owner.canonical }
            q += 2
        } else if let owner = args.mention(at: q), owner.kind == .organization, owner.tokens.lowerBound == q,
                  owner.tokens.upperBound + 1 < end, tokens[owner.tokens.upperBound].lower == "'s" {
            organization = owner.canonical
            q = owner.tokens.upperBound + 1
        }
        let first = q
        while q < end && q - first < 5 && tokens[q].kind == .word && tokens[q].bareClasses.contains(.title) { q += 1 }
        guard q > first, q < end else { return nil }
        if tokens[q].lower == "of" || tokens[q].lower == "at" {
            var r = q + 1
            while r < end && tokens[r].classes.contains(.determiner) { r += 1 }
            guard r < end, let org = args.mention(at: r), org.kind == .organization else { return nil }
            organization = org.canonical
            r = org.tokens.upperBound
            guard r < end, [",", "."].contains(tokens[r].text) else { return nil }
        } else if ![",", "."].contains(tokens[q].text) {
            return nil
        }
        // "a former executive": not the post the event is about.
        guard !(first..<q).contains(where: { ["former", "ex", "then"].contains(tokens[$0].bare) }) else { return nil }
        let words = (first..<q).filter { !lexicon.honorifics.contains(tokens[$0].bare) && tokens[$0].bare != "founding" }
        guard !words.isEmpty else { return nil }
        return (words.map { tokens[$0].text.capitalizedFirst() }.joined(separator: " "), organization)
    }

    func status(_ m: TriggerMatch, tokens: [Token], sentence: Sentence, cues: CueMatcher) -> EventStatus {
        let lo = sentence.tokens.lowerBound
        let denyWindow = max(lo, m.first - 10)..<m.first
        if cues.find("denied", tokens: tokens, in: denyWindow) != nil { return .denied }
        var window = clauseWindow(before: m.first, sentence: sentence, tokens: tokens, size: 8)
        if window.count < 2 { window = max(lo, m.first - 8)..<m.first }
        if m.pattern.noun {
            // A noun's status is its verb's: "will sign a deal", "plans a lawsuit"; a modal
            // further back belongs to another verb ("expected to resign over a new agreement").
            let near = max(window.lowerBound, m.first - 5)..<m.first
            if let verb = near.last(where: { tokens[$0].classes.contains(.lightVerb) || ["plans", "plan", "planned", "preparing", "prepares", "considering", "seek", "seeks", "seeking"].contains(tokens[$0].lower) }) {
                window = max(lo, verb - 3)..<m.first
            } else {
                window = m.first..<m.first
            }
        }
        // "when he is sentenced", "once the deal is signed": a present-tense time clause is future.
        if window.lowerBound > lo, ["when", "once", "until", "after", "before"].contains(tokens[window.lowerBound - 1].lower),
           window.contains(where: { ["is", "are"].contains(tokens[$0].lower) }), !m.pattern.noun {
            return .expected
        }
        if let (c, _) = cues.find("expected", tokens: tokens, in: window) {
            // "the twelfth man to be arrested", "the first woman to be elected": it happened.
            let ordinal = tokens[c].lower == "to" && (max(lo, c - 3)..<c).contains { ["first", "second", "third", "fourth", "fifth", "latest", "last", "only", "youngest", "oldest", "twelfth", "tenth", "eleventh", "sixth", "seventh", "eighth", "ninth"].contains(tokens[$0].lower) }
            if !ordinal { return .expected }
        }
        // "Penske wants Lajdziak, …, and LaSorda, … to head up the company".
        if m.first - 1 >= lo, tokens[m.first - 1].lower == "to" {
            let far = max(lo, m.first - 24)..<(m.first - 1)
            if let (c, _) = cues.find("expected", tokens: tokens, in: far), ["wants", "want", "wanted", "plans", "plan", "intends", "hopes", "expects", "expected"].contains(tokens[c].lower) { return .expected }
        }
        if m.pattern.noun {
            let adjWindow = max(lo, m.first - 2)..<m.first
            if cues.find("expected-adjective", tokens: tokens, in: adjWindow) != nil { return .expected }
            // "A hearing on the suit is scheduled for July 8": the noun's own verb, later on.
            var k = m.last + 1
            while k + 1 < sentence.tokens.upperBound && k - m.last < 12 && tokens[k].kind != .punct {
                if ["is", "are", "was", "were"].contains(tokens[k].lower), ["scheduled", "set", "expected", "due", "planned", "likely"].contains(tokens[k + 1].lower) { return .expected }
                if tokens[k].classes.contains(.verbGroup) && !["is", "are", "was", "were"].contains(tokens[k].lower) { break }
                if tokens[k].lower.hasSuffix("ing") && tokens[k].lower.count > 5 || ["that", "which", "who", "and", "but"].contains(tokens[k].lower) { break }
                k += 1
            }
            // "the contract may be signed": the modal after the noun.
            let after = (m.last + 1)..<min(sentence.tokens.upperBound, m.last + 3)
            if let first = after.first, ["may", "will", "could", "might", "is", "was"].contains(tokens[first].lower) || tokens[first].lower == "'ll",
               cues.find("expected", tokens: tokens, in: after) != nil, !["would"].contains(tokens[first].lower) {
                if !(tokens[first].lower == "is" || tokens[first].lower == "was") || after.count > 1 && ["expected", "set", "due", "likely", "to", "scheduled"].contains(tokens[first + 1].lower) { return .expected }
            }
        }
        let near = max(lo, m.first - 4)..<m.first
        if !m.pattern.noun, cues.find("reported", tokens: tokens, in: near) != nil { return .reported }
        let strongReport = ["according", "sources", "familiar", "unconfirmed"]
        if cues.find("reported", tokens: tokens, in: sentence.tokens).map({ strongReport.contains(tokens[$0.0].lower) || tokens[$0.1].lower == "familiar" || tokens[$0.0].lower == "sources" }) == true {
            return .reported
        }
        return .occurred
    }

    func attachDate(_ m: TriggerMatch, status: EventStatus, tokens: [Token], sentence: Sentence, timexes: [TimeExpression],
                    published: CalendarDate?, args: ArgumentFinder) -> (date: FuzzyDate, text: String)? {
        let triggerStart = tokens[m.first].start
        let triggerEnd = tokens[m.last].end
        var best: (score: Int, tx: TimeExpression, date: FuzzyDate)?
        for (k, tx) in timexes.enumerated() where tx.start >= sentence.start && tx.end <= sentence.end {
            guard var date = tx.date, tx.type == .date || tx.type == .time else { continue }
            // "April of last year": the tagger's month and year, read together.
            if date.precision == .month, k + 1 < timexes.count, let year = timexes[k + 1].date, year.precision == .year,
               let next = tokenIndex(at: timexes[k + 1].start, tokens: tokens, in: sentence.tokens), next >= 1, tokens[next - 1].lower == "of",
               tokens[next - 1].start >= tx.end, let combined = FuzzyDate.month(year: year.start.year, month: date.start.month) {
                date = combined
            }
            // An expected event is dated by its announcement: not by a date still to come.
            if status == .expected, let published, date.end > published { continue }
            // Token span of the expression.
            guard let firstTok = tokenIndex(at: tx.start, tokens: tokens, in: sentence.tokens),
                  let lastTok = tokenIndex(at: tx.end - 1, tokens: tokens, in: sentence.tokens) else { continue }
            // A pre-modifier of another noun ("the 1985 crash", "last year's auction") is not the event's date.
            let next = lastTok + 1
            if next < sentence.tokens.upperBound, next != m.first {
                let before = firstTok - 1
                let determined = before >= sentence.tokens.lowerBound && ["the", "a", "an", "its", "his", "her", "their"].contains(tokens[before].lower)
                if tokens[next].lower == "'s" || (determined && tokens[next].kind == .word && !tokens[next].isCapitalized && !tokens[next].classes.contains(.preposition)) {
                    continue
                }
            }
            // "by 2011", "until May": a limit, not when it happened.
            if firstTok - 1 >= sentence.tokens.lowerBound, ["by", "until", "till", "before", "within", "through"].contains(tokens[firstTok - 1].lower) { continue }
            let distance: Int
            if lastTok < m.first { distance = m.first - lastTok } else if firstTok > m.last { distance = firstTok - m.last } else { distance = 0 }
            let between = lastTok < m.first ? (lastTok + 1)..<m.first : firstTok > m.last ? (m.last + 1)..<firstTok : m.first..<m.first
            var commas = 0
            for k in between where tokens[k].isMark(",", ";", "—") { commas += 1 }
            let reporting = between.contains { ["said", "says", "told", "added", "according"].contains(tokens[$0].lower) }
            // Another clause's date: ", who announced in November", ", which was filed in May".
            let relative = between.contains { ["who", "which", "whom", "whose"].contains(tokens[$0].lower) }
            // An expected event is dated by its announcement: the reporting verb's date is wanted.
            var score = distance + 4 * commas + (reporting ? (status == .expected ? -4 : 8) : 0) + (relative ? 12 : 0)
            if firstTok > m.last { score -= 1 }  // "resigned on Friday": after the verb is typical
            _ = triggerStart; _ = triggerEnd
            if score > 24 && status != .expected || relative { continue }  // too far, or another clause's
            if best == nil || score < best?.score ?? Int.max { best = (score, tx, date) }
        }
        return best.map { ($0.date, $0.tx.text) }
    }

    func tokenIndex(at offset: Int, tokens: [Token], in range: Range<Int>) -> Int? {
        var lo = range.lowerBound, hi = range.upperBound - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if tokens[mid].end <= offset { lo = mid + 1 } else if tokens[mid].start > offset { hi = mid - 1 } else { return mid }
        }
        return lo < range.upperBound ? lo : nil
    }
}
