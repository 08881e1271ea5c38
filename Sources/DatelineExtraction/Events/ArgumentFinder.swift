import DatelineCore

/// Stage 4b: finds an event's participants around its trigger: the grammatical subject before
/// the verb group (through appositives, relative pronouns, prepositional phrases, pronouns and
/// coordination), the object after the verb, possessors and prepositional phrases
/// ("between X and Y", "against X").
struct ArgumentFinder: Sendable {
    let lexicon: Lexicon
    let tokens: [Token]
    /// All names of the article in text order.
    let names: [NameMention]
    /// For each token, the index in `names` of the name covering it (-1: none).
    let nameAt: [Int]
    let sentences: [Sentence]
    let sentenceIndex: Int
    /// Names by sentence index (one list per sentence).
    let namesBySentence: [[NameMention]]
    /// Names of the sentence, in order.
    let sentenceNames: [NameMention]

    var sentence: Sentence { sentences[sentenceIndex] }
    var verbGroup: Set<String> { lexicon.w.verbGroup }
    var prepositions: Set<String> { lexicon.w.preposition }
    var determiners: Set<String> { lexicon.w.determiner }

    func mention(at i: Int) -> NameMention? {
        guard i >= 0, i < nameAt.count, nameAt[i] >= 0 else { return nil }
        return names[nameAt[i]]
    }

    /// Whether a name covers token `i` (`mention(at:) != nil` without copying the name).
    func hasMention(at i: Int) -> Bool { i >= 0 && i < nameAt.count && nameAt[i] >= 0 }

    /// The name at token `i`, or the person whose title covers it ("Treasury Secretary Scott
    /// Bessent": "Treasury" → Scott Bessent).
    func owner(at i: Int) -> NameMention? { titleOwner(i) ?? mention(at: i) }

    /// The person whose title covers token `i`.
    func titleOwner(_ i: Int) -> NameMention? {
        guard i >= sentence.tokens.lowerBound, i < sentence.tokens.upperBound else { return nil }
        // By index: `for m in sentenceNames` would copy (and retain) every name it passes.
        for k in sentenceNames.indices where sentenceNames[k].titleTokens?.contains(i) == true { return sentenceNames[k] }
        return nil
    }

    func isBe(_ t: Token) -> Bool { ["is", "are", "was", "were", "be", "been", "being", "get", "got", "gets"].contains(t.lower) }

    /// Whether the trigger verb is passive: a form of "be" before it (adverbs skipped).
    func isPassive(_ first: Int) -> Bool {
        var p = first - 1
        var steps = 0
        while p >= sentence.tokens.lowerBound && steps < 4 {
            let t = tokens[p]
            if isBe(t) { return true }
            if t.lower.hasSuffix("ly") || ["also", "not", "n't", "later", "then", "since", "subsequently"].contains(t.lower) { p -= 1; steps += 1; continue }
            return false
        }
        return false
    }

    func fits(_ m: NameMention, person: Bool?) -> Bool {
        guard let person else { return true }
        guard person else { return true }
        return m.kind == .person || (m.kind == .other && !m.isPlace && m.tokens.count >= 2)
    }

    /// The start token of a mention including its title.
    func outerStart(_ m: NameMention) -> Int { m.titleTokens?.lowerBound ?? m.tokens.lowerBound }

    /// The token before a mention and its determiners, if it is a preposition.
    func prepositionBefore(_ m: NameMention) -> Int? {
        var s = outerStart(m) - 1
        while s >= sentence.tokens.lowerBound && tokens[s].classes.contains(.determiner) && tokens[s].lower != "its" { s -= 1 }
        if s >= sentence.tokens.lowerBound, tokens[s].lower == "'s" { return nil }
        guard s >= sentence.tokens.lowerBound, tokens[s].classes.contains(.preposition) else { return nil }
        return s
    }

    /// Whether a mention is the object of a preposition ("at PaineWebber", "of Apple").
    func isPrepositional(_ m: NameMention) -> Bool { prepositionBefore(m) != nil }

    /// Resolves a pronoun or "the company" at token `i` to a compatible earlier name: the first
    /// one of the nearest sentence that has one (the subject is usually named first).
    func resolvePronoun(at i: Int) -> NameMention? {
        let t = tokens[i]
        let wantPerson: Bool
        if lexicon.pronounPerson.contains(t.lower) {
            wantPerson = true
        } else if lexicon.pronounOrg.contains(t.lower) {
            wantPerson = false
        } else if i > sentence.tokens.lowerBound, lexicon.anaphorOrg.contains(tokens[i - 1].lower + " " + t.lower) {
            // "the court" is the court or judge named before, not any organization.
            if t.classes.contains(.court) { return recentCourt() }
            wantPerson = false
        } else {
            return nil
        }
        return antecedent(before: tokens[i].start, person: wantPerson)
    }

    func antecedent(before offset: Int, person: Bool) -> NameMention? {
        // "it", "the company": the organization the story is about — the most mentioned one
        // among those of the last few sentences.
        if !person {
            // The nearest organization of the same sentence first ("Worldcom … when the company").
            if let near = sentenceNames.last(where: { n in
                n.end <= offset && (n.kind == .organization || n.kind == .other && !n.isPlace) && !isPrepositionalAnywhere(n)
                    && !(outerStart(n) > 0 && ["told", "tells", "telling"].contains(tokens[outerStart(n) - 1].lower))  // "told Reuters that the company …"
            }) {
                return near
            }
            // Ties: a name in subject position (not after a preposition), then the first introduced.
            var counts: [String: Int] = [:]
            var asSubject: [String: Int] = [:]
            var first: [String: Int] = [:]
            var recent: [String: NameMention] = [:]
            for si in 0...sentenceIndex {
                for n in namesBySentence[si] where n.end <= offset && (n.kind == .organization || n.kind == .other && !n.isPlace) {
                    counts[n.canonical, default: 0] += 1
                    if !isPrepositionalAnywhere(n) { asSubject[n.canonical, default: 0] += 1 }
                    if first[n.canonical] == nil { first[n.canonical] = n.start }
                    if sentenceIndex - si <= 4 { recent[n.canonical] = n }
                }
            }
            func key(_ n: NameMention) -> (Int, Int, Int) { (counts[n.canonical] ?? 0, asSubject[n.canonical] ?? 0, -(first[n.canonical] ?? 0)) }
            return recent.values.max { key($0) < key($1) }
        }
        var si = sentenceIndex
        while si >= 0 && sentenceIndex - si < 6 {
            let candidates = namesBySentence[si].filter { $0.end <= offset && (person ? $0.kind == .person : ($0.kind == .organization || $0.kind == .other && !$0.isPlace)) }
            // In the pronoun's own sentence, the nearest; before it, the first (the subject).
            if si == sentenceIndex, let last = candidates.last(where: { !isPrepositionalAnywhere($0) }) ?? candidates.last { return last }
            if si != sentenceIndex, let first = candidates.first(where: { !isPrepositionalAnywhere($0) }) ?? candidates.first { return first }
            si -= 1
        }
        return nil
    }

    func isPrepositionalAnywhere(_ m: NameMention) -> Bool {
        var s = outerStart(m) - 1
        while s >= 0 && tokens[s].classes.contains(.determiner) { s -= 1 }
        return s >= 0 && tokens[s].classes.contains(.preposition)
    }

    /// Skips the verb group and adverbs back from `position`; returns the first other token.
    func skipVerbGroup(_ position: Int) -> Int {
        let lo = sentence.tokens.lowerBound
        var p = position - 1
        while p >= lo, tokens[p].classes.contains(.verbGroup) || (tokens[p].lower.hasSuffix("ly") && tokens[p].kind == .word && !tokens[p].isCapitalized && tokens[p].lower.count > 4) {
            p -= 1
        }
        return p
    }

    /// The subject(s) of the clause whose verb group ends just before token `position`.
    func subjectsBefore(_ position: Int, person: Bool?) -> [Argument] {
        let lo = sentence.tokens.lowerBound
        var p = skipVerbGroup(position)
        // Relative pronoun: "groups that are suing", "Bessent, who oversees".
        if p >= lo, ["who", "which", "that"].contains(tokens[p].lower) {
            p -= 1
            if p >= lo && tokens[p].text == "," { p -= 1 }
        }
        guard p >= lo else { return [] }
        // "He was … when appointed", "before being elected": the main clause's subject.
        if ["when", "after", "before", "while", "since", "once", "until", "upon"].contains(tokens[p].lower) {
            if tokens[lo].kind == .word, let m = resolvePronoun(at: lo), fits(m, person: person) { return [Argument(text: m.canonical, mention: m)] }
            if let n = sentenceNames.first(where: { n in n.end <= tokens[p].start && fits(n, person: person) && !isPrepositional(n) }) {
                return [Argument(text: n.canonical, mention: n)]
            }
            return []
        }
        // Verb coordination: "Eder was suspended … and resigned": the earlier clause's subject.
        if ["and", "but"].contains(tokens[p].lower), p - 1 >= lo, tokens[p - 1].kind != .punct || tokens[p - 1].text == "," {
            // The main clause's subject: the first name that is not in a phrase or a possessive.
            let offset = tokens[p].start
            if let n = sentenceNames.first(where: { n in n.end <= offset && fits(n, person: person) && !isPrepositional(n)
                && !(n.tokens.upperBound < sentence.tokens.upperBound && tokens[n.tokens.upperBound].lower == "'s") }) {
                return [Argument(text: n.canonical, mention: n)]
            }
            return []
        }
        // An appositive: "Steve Jobs, founder of Apple, has chosen".
        if tokens[p].text == "," {
            var q = p
            var best: NameMention?
            while q >= lo && p - q < 20 {
                if tokens[q].text == ",", q - 1 >= lo, let m = mention(at: q - 1), fits(m, person: person), !isPrepositional(m) {
                    best = m
                }
                if [";", ":"].contains(tokens[q].text) { break }
                q -= 1
            }
            if let best { return withCoordination(Argument(text: best.canonical, mention: best), start: outerStart(best), person: person) }
            return []
        }
        // A prepositional phrase after the subject: "The court in Washington found".
        var hops = 0
        var ppEnd: Int?
        while hops < 2, let m = mention(at: p), let prep = prepositionBefore(m), prep > lo {
            if ppEnd == nil { ppEnd = p }
            p = prep - 1
            hops += 1
        }
        // "three executives from Japan's troubled UFJ bank were charged".
        if !hasMention(at: p), tokens[p].classes.contains(.partyNoun), person == true {
            var q = p - 1
            while q > lo && p - q < 7 && tokens[q].kind != .punct && !tokens[q].classes.contains(.verbGroup) && !["from", "of", "at"].contains(tokens[q].lower) { q -= 1 }
            if q > lo, ["from", "of", "at"].contains(tokens[q].lower), let np = nounPhrase(endingAt: q - 1, person: person) {
                return [Argument(text: text(np.1...p), mention: nil)]
            }
        }
        if let end = ppEnd, mention(at: end)?.isPlace == true, !hasMention(at: p), let np = nounPhrase(endingAt: p, person: person), person == true {
            // "A 24-year-old man from Leicester was detained": keep the place.
            return [Argument(text: text(np.1...end), mention: nil, indefinite: false)]
        }
        if let m = mention(at: p) {
            if fits(m, person: person) {
                return withCoordination(Argument(text: m.canonical, mention: m), start: outerStart(m), person: person)
            }
            return []
        }
        if let m = resolvePronoun(at: p) {
            return fits(m, person: person) ? [Argument(text: m.canonical, mention: m)] : []
        }
        if ["we", "i", "you", "we're", "they're", "they", "it"].contains(tokens[p].lower) { return [] }
        // A noun phrase: "other top agency officials", "advocacy groups".
        if let np = nounPhrase(endingAt: p, person: person) {
            // "Mr Griffin is the twelfth man to be arrested": the copula's subject.
            var c = np.1 - 1
            while c > lo && tokens[c].classes.contains(.determiner) { c -= 1 }
            if c > lo, ["is", "was", "are", "were"].contains(tokens[c].lower), let head = owner(at: c - 1), fits(head, person: person) {
                return [Argument(text: head.canonical, mention: head)]
            }
            // An appositive noun phrase: "GM, an American automaker which has filed": its head name.
            var q = np.1 - 1
            var steps = 0
            while q > lo && steps < 5 && tokens[q].text != "," && (tokens[q].classes.contains(.determiner) || hasMention(at: q) || tokens[q].bareClasses.contains(.title) || tokens[q].kind == .word && !tokens[q].classes.contains(.verbGroup) && !tokens[q].classes.contains(.preposition)) {
                q -= 1
                steps += 1
            }
            var h = q - 1
            if h >= lo, tokens[h].text == ")", h - 2 >= lo, tokens[h - 2].text == "(" { h -= 3 }  // "GM (GM), an automaker"
            if h >= lo, tokens[q].text == ",", let head = owner(at: h), fits(head, person: person) {
                return withCoordination(Argument(text: head.canonical, mention: head), start: outerStart(head), person: person)
            }
            return withCoordination(np.0, start: np.1, person: person)
        }
        return []
    }

    /// A noun phrase ending at `p` whose head is a word for people or parties.
    func nounPhrase(endingAt p: Int, person: Bool?) -> (Argument, Int)? {
        let lo = sentence.tokens.lowerBound
        guard p >= lo, tokens[p].kind == .word, !tokens[p].isCapitalized || tokens[p].isAllCaps == false && tokens[p].classes.contains(.personNoun) else { return nil }
        let head = tokens[p].lower
        let heads = person == true ? lexicon.w.personNoun : lexicon.w.personOrPartyNoun
        guard heads.contains(head) else { return nil }
        var q = p
        while q >= lo && p - q < 7 {
            let t = tokens[q]
            // "Lloyd's professionals": a possessive name inside the phrase.
            if t.lower == "'s", q - 1 >= lo, let m = mention(at: q - 1) { q = m.tokens.lowerBound - 1; continue }
            if t.lower == "'s", q - 1 >= lo, tokens[q - 1].kind == .word, !tokens[q - 1].isCapitalized { q -= 2; continue }  // "the city's"
            guard t.kind == .word || t.kind == .number, !hasMention(at: q), !t.classes.contains(.verbGroup) || q == p,
                  !(q != p && t.lower.hasSuffix("ing") && t.lower.count > 5 && t.classes.isDisjoint(with: .personOrPartyNoun)),
                  !t.classes.contains(.preposition), !["and", "or", "but", "that", "who", "which", "said", "says", "'s"].contains(t.lower)
            else { break }
            q -= 1
        }
        var s = q + 1
        var indefinite = false
        var possessive: Int?
        while s <= p && (tokens[s].classes.contains(.determiner)) {
            if tokens[s].lower == "a" || tokens[s].lower == "an" { indefinite = true }
            if tokens[s].lower == "its" || tokens[s].lower == "their" { possessive = s }
            s += 1
        }
        // "its board agreed to acquire …": for a party (not a person) the company is meant.
        if person == nil, let poss = possessive, p - s <= 1, let owner = antecedent(before: tokens[poss].start, person: false) {
            return (Argument(text: owner.canonical, mention: owner), s)
        }
        guard s <= p else { return nil }
        // "a 24-year-old man from Leicester" says who; "a former broker" is someone named later.
        if p - s >= 3 || (s...p).contains(where: { tokens[$0].text.contains(where: \.isNumber) }) { indefinite = false }
        if q - 1 >= lo, q >= lo, tokens[q].lower == "of", tokens[q - 1].lower == "one" { indefinite = true }  // "one of Japan's best-known businessmen"
        // "Four new outsiders were appointed": a count of people the story names later.
        if lexicon.numberWords.contains(tokens[s].lower), p - s <= 2, p + 1 < sentence.tokens.upperBound, tokens[p + 1].classes.contains(.verbGroup),
           !(s - 1 >= lo && ["and", "or"].contains(tokens[s - 1].lower)) { indefinite = true }
        return (Argument(text: text(s...p), mention: nil, indefinite: indefinite), s)
    }

    /// Adds a conjunct before "and": "Krause and other officials", "Chemlawn and Ecolab".
    func withCoordination(_ arg: Argument, start: Int, person: Bool?) -> [Argument] {
        var result = [arg]
        let lo = sentence.tokens.lowerBound
        var p = start - 1
        guard p >= lo, tokens[p].lower == "and" || tokens[p].lower == "or" else { return result }
        p -= 1
        // "Jill Lajdziak, Saturn's general manager, and Tom LaSorda": skip the appositive.
        if p >= lo, tokens[p].text == "," {
            var q = p - 1
            while q >= lo && p - q < 10 && tokens[q].text != "," { q -= 1 }
            if q - 1 >= lo, tokens[q].text == "," { p = q - 1 }
        }
        if p >= lo, let m = mention(at: p), fits(m, person: person), !isPrepositional(m) {
            result.insert(Argument(text: m.canonical, mention: m), at: 0)
        }
        return result
    }

    /// The object(s) right after token `position`: a name, a resolved pronoun or a noun phrase.
    func objectsAfter(_ position: Int, person: Bool?, allowNounPhrase: Bool = true) -> [Argument] {
        let hi = sentence.tokens.upperBound
        var p = position
        while p < hi && (tokens[p].classes.contains(.determiner) || ["as", "by", "to", "against", "with", "from", "on", "of"].contains(tokens[p].lower) && p == position) { p += 1 }
        guard p < hi else { return [] }
        var result: [Argument] = []
        // "data startup Lumen Labs", "rival bank Harlow Trust": skip a describing noun or two.
        if owner(at: p) == nil, person != true {
            var q = p
            while q < hi && q - p < 3 && tokens[q].kind == .word && !tokens[q].isCapitalized && !tokens[q].classes.contains(.preposition) && !tokens[q].classes.contains(.verbGroup) { q += 1 }
            if q < hi, q > p, let m = owner(at: q), m.kind != .person { p = q }
        }
        if let m = owner(at: p) {
            guard fits(m, person: person) else { return [] }
            result.append(Argument(text: m.canonical, mention: m))
            var after = m.tokens.upperBound
            if after < hi, tokens[after].text == "," {
                // "X, Saturn's general manager, and Y": skip an appositive.
                var q = after + 1
                while q < hi && q - after < 10 && tokens[q].text != "," { q += 1 }
                if q + 1 < hi, tokens[q].text == ",", tokens[q + 1].lower == "and" { after = q + 1 } else { after = hi }
            }
            if after < hi, tokens[after].lower == "and", after + 1 < hi, let n = owner(at: after + 1), fits(n, person: person) {
                result.append(Argument(text: n.canonical, mention: n))
            }
            return result
        }
        if ["him", "her", "them", "it"].contains(tokens[p].lower) {
            if let m = antecedent(before: tokens[p].start, person: tokens[p].lower == "him" || tokens[p].lower == "her"), fits(m, person: person) {
                return [Argument(text: m.canonical, mention: m)]
            }
            return []
        }
        guard allowNounPhrase else { return [] }
        var q = p
        while q < hi, q - p < 6, tokens[q].kind == .word || tokens[q].kind == .number, !hasMention(at: q) || q > p && tokens[q - 1].lower != "the",
              !tokens[q].classes.contains(.preposition), !tokens[q].classes.contains(.verbGroup),
              !["and", "or", "that", "who", "which", "when", "after"].contains(tokens[q].lower) {
            q += 1
        }
        guard q > p else { return [] }
        var e = q - 1
        let heads = person == true ? lexicon.w.personNoun : lexicon.w.personOrPartyNoun
        guard heads.contains(tokens[e].lower) || tokens[e].kind == .number || lexicon.numberWords.contains(tokens[e].lower) else { return [] }
        // "members of the wealthy Belzberg family", "executives from Japan's UFJ bank".
        if q < hi, ["of", "from"].contains(tokens[q].lower) {
            var r = q + 1
            while r < hi && r - q < 7 && tokens[r].kind != .punct && !tokens[r].classes.contains(.verbGroup) {
                if let n = mention(at: r), !n.isPlace {
                    var end = n.tokens.upperBound - 1
                    if end + 1 < hi, !tokens[end + 1].classes.isDisjoint(with: .personOrPartyNoun) { end += 1 }
                    e = end
                    break
                }
                r += 1
            }
        }
        let indefinite = p > position && ["a", "an"].contains(tokens[p - 1].lower)
        return [Argument(text: text(p...e), mention: nil, indefinite: indefinite)]
    }

    /// The first name after one of `words` that follows the trigger within `window` tokens.
    func nameAfterWord(_ words: [String], from: Int, window: Int = 8, person: Bool? = nil) -> NameMention? {
        let hi = min(sentence.tokens.upperBound, from + window)
        var p = from
        while p < hi {
            if words.contains(tokens[p].lower) {
                var q = p + 1
                while q < sentence.tokens.upperBound && tokens[q].classes.contains(.determiner) { q += 1 }
                if q < sentence.tokens.upperBound, let m = owner(at: q), fits(m, person: person) { return m }
            }
            if [".", ";"].contains(tokens[p].text) { return nil }
            p += 1
        }
        return nil
    }

    /// The possessor right before a noun trigger: "Krause's resignation", "its lawsuit".
    func possessor(before first: Int) -> NameMention? {
        var p = first - 1
        let lo = sentence.tokens.lowerBound
        var steps = 0
        while p >= lo && steps < 4 {
            if tokens[p].lower == "'s" || tokens[p].isMark("'", "’") {
                if p - 1 >= lo, let m = mention(at: p - 1) { return m }
                return nil
            }
            if ["its", "his", "her", "their"].contains(tokens[p].lower) {
                return antecedent(before: tokens[p].start, person: tokens[p].lower == "his" || tokens[p].lower == "her")
            }
            if tokens[p].kind != .word && tokens[p].kind != .number || tokens[p].isCapitalized && !hasMention(at: p) && p != lo { return nil }
            if tokens[p].classes.contains(.determiner) { return nil }
            p -= 1
            steps += 1
        }
        return nil
    }

    /// A person introduced as the speaker: "Vladescu added that …".
    func isSpeaker(_ n: NameMention) -> Bool {
        let after = n.tokens.upperBound
        guard after < sentence.tokens.upperBound else { return false }
        return ["said", "says", "added", "told", "argued", "noted", "explained", "stated", "wrote", "announced", "confirmed",
                "predicts", "predicted", "believes", "believed", "thinks", "expects", "warned", "warns", "insisted", "claimed", "suggested"].contains(tokens[after].lower)
    }

    /// People listed after a copula: "the newly-appointed members were A, Sir B, … C and D".
    func peopleListedAfterCopula(_ position: Int) -> [Argument] {
        let hi = sentence.tokens.upperBound
        var p = position
        while p < hi && p - position < 8 && !["is", "are", "was", "were", "include", "included", "includes"].contains(tokens[p].lower) { p += 1 }
        guard p < hi else { return [] }
        var result: [Argument] = []
        var q = p + 1
        while q < hi {
            if let m = owner(at: q), m.kind == .person {
                if !result.contains(where: { $0.text == m.canonical }) { result.append(Argument(text: m.canonical, mention: m)) }
                q = max(q + 1, m.tokens.upperBound)
                continue
            }
            if [".", ";", ":"].contains(tokens[q].text) { break }
            q += 1
        }
        return result.count >= 2 ? result : []
    }

    /// "between the two companies": the first two parties the article names.
    func firstTwoParties() -> (NameMention, NameMention)? {
        var found: [NameMention] = []
        for si in 0...sentenceIndex {
            for n in namesBySentence[si] where (n.kind == .organization || n.kind == .other && !n.isPlace) && !found.contains(where: { $0.canonical == n.canonical }) {
                found.append(n)
                if found.count == 2 { return (found[0], found[1]) }
            }
        }
        return nil
    }

    /// The judge or court named most recently (this sentence or the three before).
    func recentCourt() -> NameMention? {
        var si = sentenceIndex
        while si >= 0 && sentenceIndex - si <= 6 {
            if let court = namesBySentence[si].last(where: { $0.isCourt }) { return court }
            si -= 1
        }
        return nil
    }

    /// The nearest name before `position` in the sentence that is not in a prepositional phrase.
    func nearestNameBefore(_ position: Int, person: Bool?) -> NameMention? {
        let offset = tokens[position].start
        return sentenceNames.last { $0.end <= offset && fits($0, person: person) && !isPrepositional($0) }
    }

    func text(_ r: ClosedRange<Int>) -> String {
        var out = ""
        for k in r {
            if k > r.lowerBound && tokens[k].start > tokens[k - 1].end { out += " " }
            out += tokens[k].text
        }
        return out
    }
}
