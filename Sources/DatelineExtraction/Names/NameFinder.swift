import DatelineCore

/// Stage 3: finds names of people and organizations in sentences, splits titles off
/// ("Treasury Secretary Scott Bessent" → person "Scott Bessent", post "Secretary", organization
/// "Treasury"), reads acronym definitions, and resolves short forms (surname → full name,
/// acronym → full name) across the article.
struct NameFinder: Sendable {
    let lexicon: Lexicon

    /// The first or last space-separated word of `text`, lower-cased ("" when there is none):
    /// on the bytes of ASCII text, by Characters otherwise.
    static func lowerWord(of text: String, last: Bool) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // The first (last) run of non-spaces, found by scanning the bytes: no array of words.
            let utf8 = Array(text.utf8)
            let space = UInt8(ascii: " ")
            var lo = 0, hi = utf8.count
            if last {
                while hi > 0 && utf8[hi - 1] == space { hi -= 1 }
                lo = hi
                while lo > 0 && utf8[lo - 1] != space { lo -= 1 }
            } else {
                while lo < hi && utf8[lo] == space { lo += 1 }
                var e = lo
                while e < hi && utf8[e] != space { e += 1 }
                hi = e
            }
            guard lo < hi else { return "" }
            return String(decoding: utf8[lo..<hi].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
        }
        let words = text.split(separator: " ")
        return (last ? words.last : words.first).map { String($0).lowercased() } ?? ""
    }

    /// Foundation's `haystack.contains(needle)`; ASCII strings (where it is a plain byte search)
    /// are searched as bytes, without bridging.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        let h = haystack.utf8, n = needle.utf8
        guard !n.isEmpty, h.allSatisfy({ $0 < 0x80 }), n.allSatisfy({ $0 < 0x80 }) else { return haystack.contains(needle) }
        guard n.count <= h.count else { return false }
        let hb = Array(h), nb = Array(n)
        var i = 0
        while i + nb.count <= hb.count {
            if hb[i] == nb[0] {
                var k = 1
                while k < nb.count && hb[i + k] == nb[k] { k += 1 }
                if k == nb.count { return true }
            }
            i += 1
        }
        return false
    }

    /// The capitals that start the words of an organization's name, connectors left out
    /// ("Bank of New Zealand" → "BNZ"): on the bytes of ASCII text, by Characters otherwise.
    static func initials(of text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var out: [UInt8] = []
            let utf8 = Array(text.utf8)
            let space = UInt8(ascii: " ")
            var i = 0
            while i < utf8.count {
                if utf8[i] == space { i += 1; continue }
                var e = i
                while e < utf8.count && utf8[e] != space { e += 1 }
                let f = utf8[i]
                // A capitalized word counts unless it is a connector ("Of", "The"); only a short
                // one can be.
                if f >= 65 && f <= 90 {
                    let connector = e - i <= connectorMaxLength
                        && connectors.contains(String(decoding: utf8[i..<e].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self))
                    if !connector { out.append(f) }
                }
                i = e
            }
            return String(decoding: out, as: UTF8.self)
        }
        return String(text.split(separator: " ").filter { $0.first?.isUppercase == true && !NameFinder.connectors.contains($0.lowercased()) }.compactMap { $0.first })
    }

    /// "of", "for" or "on" (without building an array per test).
    static func isOfForOn(_ lower: String) -> Bool {
        switch lower { case "of", "for", "on": return true; default: return false }
    }

    /// A quote, bracket or dash after which a capital may be any word (punctuation tokens are one
    /// scalar; no word or number token is spelled like these).
    static func opensSentence(_ t: Token) -> Bool {
        guard t.kind == .punct else { return false }
        switch t.mark { case "\"", "“", "‘", "(", "'", "—", "-": return true; default: return false }
    }

    /// "said", "told", "announced"…: a verb right after a capital keeps it a name.
    static func isSpeechVerb(_ lower: String) -> Bool {
        switch lower { case "said", "says", "told", "announced", "added", "reported", "denied": return true; default: return false }
    }

    /// The length in bytes of the longest connector (longer words need no lookup).
    static let connectorMaxLength = connectors.map(\.utf8.count).max() ?? 0

    static let connectors: Set<String> = ["of", "for", "and", "&", "the", "de", "du", "la", "von", "van", "der", "del", "on"]

    func find(tokens: [Token], sentences: [Sentence], lowerWordsInText: Set<String>) -> (mentions: [NameMention], acronyms: [AcronymDefinition]) {
        var mentions: [NameMention] = []
        // Capitalized words seen inside sentences: a capital at a sentence start is a name only
        // if the word is also capitalized elsewhere (or known).
        var capitalizedInside = HashedWordSet()
        for sentence in sentences {
            for k in sentence.tokens.dropFirst() where tokens[k].isCapitalized && tokens[k - 1].kind == .word {
                capitalizedInside.insert(tokens[k].lower, hash: tokens[k].lowerHash)
            }
        }
        var acronyms: [AcronymDefinition] = []
        for (si, sentence) in sentences.enumerated() {
            var i = sentence.tokens.lowerBound
            let end = sentence.tokens.upperBound
            while i < end {
                guard isNameWord(tokens[i]) else { i += 1; continue }
                var j = i + 1
                while j < end {
                    if isNameWord(tokens[j]) { j += 1; continue }
                    // "of the Air Force": a connector and "the" before more of the name.
                    if NameFinder.isOfForOn(tokens[j].lower), j + 2 < end, tokens[j + 1].lower == "the", isNameWord(tokens[j + 2]) {
                        j += 3
                        continue
                    }
                    if tokens[j].classes.contains(.connector), j + 1 < end, isNameWord(tokens[j + 1]) {
                        if tokens[j].lower == "the", j + 2 < end, !isNameWord(tokens[j + 2]) && !tokens[j + 2].classes.contains(.connector) {
                            // "of the Treasury" fine; "… the X" at the very end is also fine.
                        }
                        j += 2
                        continue
                    }
                    break
                }
                var a = i
                // A capital at the start of a sentence (or after an opening quote) may be any word.
                let sentenceInitial = a == sentence.tokens.lowerBound || (a > sentence.tokens.lowerBound && NameFinder.opensSentence(tokens[a - 1]))
                if sentenceInitial || tokens[a].classes.contains(.function) {
                    while a < j && (tokens[a].classes.contains(.function) || (a == i && sentenceInitial && !tokens[a].classes.isDisjoint(with: .personOrPartyNoun)
                                                                                 && posts(at: a, tokens: tokens, end: j).isEmpty) || (a == i && sentenceInitial && lowerWordsInText.contains(tokens[a].lower) && !hasInnerCapital(tokens[a]) && lexicon.organizations[tokens[a].lower] == nil && !tokens[a].bareClasses.contains(.title))) {
                        if lexicon.organizations[joined(tokens, a..<j).lowercased()] != nil { break }
                        a += 1
                        while a < j && tokens[a].classes.contains(.connector) { a += 1 }
                    }
                }
                var b = j
                while b > a && tokens[b - 1].classes.contains(.connector) { b -= 1 }
                // "Specifically, …", "Shares of …": a lone unknown capital opening the sentence.
                // ("Parmalat sued 45 banks", "Yukos has …": a verb right after keeps it a name.)
                let verbFollows = b < end && (tokens[b].classes.contains(.verbGroup) || lexicon.verbTriggerWords.contains(tokens[b].lower)
                    || NameFinder.isSpeechVerb(tokens[b].lower))
                if sentenceInitial && a == i && b - a == 1 && !verbFollows && !tokens[a].isAllCaps && !hasInnerCapital(tokens[a]) && !capitalizedInside.contains(tokens[a].lower, hash: tokens[a].lowerHash)
                    && lexicon.organizations[tokens[a].lower] == nil && !lexicon.places.contains(tokens[a].lower) && !tokens[a].bareClasses.contains(.title) {
                    i = max(j, i + 1)
                    continue
                }
                if a < b {
                    for part in splitCoordination(tokens: tokens, range: a..<b, sentenceEnd: end) {
                        let found = analyze(tokens: tokens, range: part, sentence: si, sentenceRange: sentence.tokens, acronyms: &acronyms)
                        mentions.append(contentsOf: found)
                    }
                }
                i = max(j, i + 1)
            }
        }
        resolve(&mentions, acronyms: acronyms)
        return (mentions, acronyms)
    }

    /// "AirTanker", "iPhone", "McCain": a capital after the first letter marks a name.
    func hasInnerCapital(_ t: Token) -> Bool {
        t.text.unicodeScalars.dropFirst().contains { Scalars.isUpper($0) } && !t.isAllCaps
    }

    func isNameWord(_ t: Token) -> Bool {
        guard t.kind == .word, t.isCapitalized else { return false }
        if t.lower == "'s" { return false }
        // Days and months are dates, not names ("Monday court filing").
        if t.bareClasses.contains(.weekday) { return false }
        if t.bareClasses.contains(.month) && !["may", "march", "august"].contains(t.bare) { return false }
        return true
    }

    func joined(_ tokens: [Token], _ range: Range<Int>) -> String {
        var out = ""
        for k in range {
            if k > range.lowerBound && tokens[k].start > tokens[k - 1].end { out += " " }
            out += tokens[k].text
        }
        return out
    }

    /// "Bessent and Noem" are two names; "Securities and Exchange Commission" is one.
    func splitCoordination(tokens: [Token], range: Range<Int>, sentenceEnd: Int) -> [Range<Int>] {
        guard let and = range.first(where: { tokens[$0].lower == "and" }) else { return [range] }
        if lexicon.organizations[joined(tokens, range).lowercased()] != nil { return [range] }
        // "Secretary of Health and Human Services Ann Lee": the "and" is the post's.
        if let post = postBeforeName(tokens: tokens, range: range), post.tokens.contains(and) { return [range] }
        let leftIsName = and > range.lowerBound && (isOrgWord(tokens[and - 1]) || lexicon.organizations[joined(tokens, range.lowerBound..<and).lowercased()] != nil)
        if let last = range.last, isOrgWord(tokens[last]) && !leftIsName && !range[and...].contains(where: { isTitle(tokens[$0]) }) { return [range] }
        let after = range.upperBound
        if after + 2 < sentenceEnd, tokens[after].text == "(", tokens[after + 2].text == ")", Lexicon.isAcronym(tokens[after + 1].text) { return [range] }
        var parts: [Range<Int>] = []
        if range.lowerBound < and { parts.append(range.lowerBound..<and) }
        if and + 1 < range.upperBound { parts.append(contentsOf: splitCoordination(tokens: tokens, range: (and + 1)..<range.upperBound, sentenceEnd: sentenceEnd)) }
        return parts
    }

    func isTitle(_ t: Token) -> Bool { t.bareClasses.contains(.title) }
    func isOrgWord(_ t: Token) -> Bool { t.bareClasses.contains(.orgKeyword) || t.classes.contains(.orgSuffix) || t.bareClasses.contains(.orgSuffix) }

    /// Classifies one capitalized run: acronym definition, title + person, organization, or pieces.
    func analyze(tokens: [Token], range: Range<Int>, sentence: Int, sentenceRange: Range<Int>, acronyms: inout [AcronymDefinition]) -> [NameMention] {
        var result: [NameMention] = []
        let text = joined(tokens, range)
        func mention(_ r: Range<Int>, _ kind: NameKind, canonical: String? = nil) -> NameMention {
            let t = joined(tokens, r)
            let court = r.contains { tokens[$0].bareClasses.contains(.court) }
            let lower = t.lowercased()
            return NameMention(sentence: sentence, tokens: r, start: tokens[r.lowerBound].start, end: tokens[r.upperBound - 1].end,
                               text: t, kind: kind, canonical: canonical ?? t, isCourt: court && kind == .organization,
                               isPlace: lexicon.places.contains(lower) || lexicon.nationalities.contains(lower))
        }
        // "Full Name (ACR)": an acronym definition.
        let after = range.upperBound
        if after + 2 < sentenceRange.upperBound, tokens[after].text == "(", tokens[after + 2].text == ")", Lexicon.isAcronym(tokens[after + 1].text), range.count >= 2 {
            let acr = tokens[after + 1].text
            var fullRange = range
            // Drop a title prefix: "Acting Commissioner of the Internal Revenue Service (IRS)".
            if let ofIndex = range.lastIndex(where: { tokens[$0].lower == "of" }), range[range.startIndex..<ofIndex].contains(where: { isTitle(tokens[$0]) }) {
                fullRange = (ofIndex + 1)..<range.upperBound
                while fullRange.count > 1 && tokens[fullRange.lowerBound].classes.contains(.connector) { fullRange = (fullRange.lowerBound + 1)..<fullRange.upperBound }
            }
            let full = joined(tokens, fullRange)
            acronyms.append(AcronymDefinition(acronym: acr, expansion: full))
            var m = mention(fullRange, .organization)
            if fullRange.count <= 4 && !fullRange.contains(where: { isOrgWord(tokens[$0]) }) && initials(tokens, fullRange) != acr.uppercased() {
                m.kind = .organization
            }
            result.append(m)
            result.append(mention((after + 1)..<(after + 2), .organization, canonical: full))
            return result
        }
        if let canonical = lexicon.organizations[text.lowercased()] {
            return [mention(range, .organization, canonical: canonical)]
        }
        // "Ann Lee of Vela Corp.": a person, then the organization.
        if let of = range.first(where: { tokens[$0].lower == "of" || tokens[$0].lower == "at" || tokens[$0].lower == "from" }), of - range.lowerBound >= 2, of - range.lowerBound <= 3,
           (range.lowerBound..<of).allSatisfy({ !isTitle(tokens[$0]) && !isOrgWord(tokens[$0]) && !tokens[$0].isAllCaps && !tokens[$0].classes.contains(.connector) }),
           !lexicon.places.contains(joined(tokens, range.lowerBound..<of).lowercased()) {
            let right = (of + 1)..<range.upperBound
            var rightStart = right.lowerBound
            while rightStart < right.upperBound && tokens[rightStart].classes.contains(.connector) { rightStart += 1 }
            if rightStart < right.upperBound {
                let orgRange = rightStart..<right.upperBound
                let orgText = joined(tokens, orgRange)
                if orgRange.contains(where: { isOrgWord(tokens[$0]) }) || lexicon.organizations[orgText.lowercased()] != nil || lexicon.places.contains(orgText.lowercased()) {
                    var person = mention(range.lowerBound..<of, .person)
                    person.roleOrganization = lexicon.organizations[orgText.lowercased()] ?? (lexicon.places.contains(orgText.lowercased()) ? nil : orgText)
                    let org = mention(orgRange, lexicon.places.contains(orgText.lowercased()) ? .other : .organization, canonical: lexicon.organizations[orgText.lowercased()])
                    return [person, org]
                }
            }
        }
        // Title + person: the trailing plain capitalized words after a title word.
        var tail = range.upperBound
        while tail > range.lowerBound {
            let t = tokens[tail - 1]
            if isTitle(t) || isOrgWord(t) || t.classes.contains(.connector) || t.isAllCaps || t.isAbbreviation && t.text.count > 2 { break }
            tail -= 1
        }
        let titleRange = range.lowerBound..<tail
        // Lower-case titles before the run: "barrister Jane Doe", "bankruptcy judge Ann Lee".
        var lowerTitleStart = range.lowerBound
        while lowerTitleStart > sentenceRange.lowerBound, range.lowerBound - lowerTitleStart < 4, isTitle(tokens[lowerTitleStart - 1]) || (lowerTitleStart < range.lowerBound && tokens[lowerTitleStart - 1].kind == .word && !tokens[lowerTitleStart - 1].isCapitalized && tokens[lowerTitleStart].bareClasses.contains(.court)) {
            lowerTitleStart -= 1
        }
        let hasTitle = titleRange.contains { isTitle(tokens[$0]) } || lowerTitleStart < range.lowerBound
        // A post of several words before the name: "Secretary of State Kurt Campbell",
        // "Deputy Secretary of Homeland Security Troy Edgar".
        if let post = postBeforeName(tokens: tokens, range: range) {
            return [personAfterPost(post, tokens: tokens, range: range, titleStart: lowerTitleStart, sentence: sentence, mention: mention)]
        }
        if isOnlyPost(tokens: tokens, range: range) { return [] }
        if tail < range.upperBound && hasTitle && (tail == range.lowerBound || isTitle(tokens[tail - 1]) || titleRange.contains { isTitle(tokens[$0]) }) {
            var m = mention(tail..<range.upperBound, .person)
            let fullTitle = lowerTitleStart..<tail
            m.titleTokens = fullTitle
            let roleWords = fullTitle.filter { isTitle(tokens[$0]) && !lexicon.honorifics.contains(tokens[$0].bare) && !["former", "ex", "then", "founding"].contains(tokens[$0].bare) }
            if !roleWords.isEmpty { m.role = roleWords.map { tokens[$0].text.capitalizedFirst() }.joined(separator: " ") }
            m.isCourt = fullTitle.contains { tokens[$0].bareClasses.contains(.court) }
            // "Bluestone chief executive Ines Varga": the organization before lower-case titles.
            if lowerTitleStart < range.lowerBound, tail == range.lowerBound, lowerTitleStart - 1 >= sentenceRange.lowerBound,
               tokens[lowerTitleStart - 1].isCapitalized, !tokens[lowerTitleStart - 1].classes.contains(.function), !isTitle(tokens[lowerTitleStart - 1]) {
                var s = lowerTitleStart - 1
                while s > sentenceRange.lowerBound && tokens[s - 1].isCapitalized && lowerTitleStart - s < 4 && !tokens[s - 1].classes.contains(.function) { s -= 1 }
                let org = joined(tokens, s..<lowerTitleStart)
                m.roleOrganization = lexicon.organizations[org.lowercased()] ?? org
            }
            // The organization inside the title: its non-title words.
            var orgTokens = fullTitle.filter { !isTitle(tokens[$0]) && tokens[$0].isCapitalized }
            while let f = orgTokens.first, tokens[f].classes.contains(.connector) { orgTokens.removeFirst() }
            if let f = orgTokens.first, let l = orgTokens.last {
                let org = joined(tokens, f..<(l + 1))
                m.roleOrganization = lexicon.organizations[org.lowercased()] ?? org
                if titleRange.contains(f) {
                    var om = mention(f..<(l + 1), .organization, canonical: lexicon.organizations[org.lowercased()] ?? org)
                    om.isCourt = om.isCourt || om.text.lowercased().contains("court")
                    result.append(om)
                }
            }
            result.append(m)
            return result
        }
        if hasTitle && tail == range.upperBound {
            // Only a title with an organization: "Apple CEO", "IRS Commissioner" — keep the organization.
            let orgTokens = range.filter { !isTitle(tokens[$0]) }
            if let f = orgTokens.first, let l = orgTokens.last, l - f + 1 == orgTokens.count {
                let org = joined(tokens, f..<(l + 1))
                result.append(mention(f..<(l + 1), .organization, canonical: lexicon.organizations[org.lowercased()] ?? org))
            }
            return result
        }
        // Organizations: an organization word anywhere, or a lower-case head after ("Trump administration").
        if range.contains(where: { isOrgWord(tokens[$0]) }) {
            return [mention(range, .organization, canonical: lexicon.organizations[text.lowercased()])]
        }
        // Split at connectors, then classify the pieces.
        var pieces: [Range<Int>] = []
        var start = range.lowerBound
        for k in range where tokens[k].classes.contains(.connector) && tokens[k].lower != "&" {
            if start < k { pieces.append(start..<k) }
            start = k + 1
        }
        if start < range.upperBound { pieces.append(start..<range.upperBound) }
        for piece in pieces {
            let pieceText = joined(tokens, piece)
            let lower = pieceText.lowercased()
            var kind: NameKind
            if let canonical = lexicon.organizations[lower] {
                result.append(mention(piece, .organization, canonical: canonical))
                continue
            } else if lexicon.places.contains(lower) {
                kind = .other
            } else if piece.count == 1 && tokens[piece.lowerBound].isAllCaps {
                kind = .organization
            } else if piece.count >= 2 && piece.count <= 4 && piece.allSatisfy({ !tokens[$0].isAllCaps || tokens[$0].text.count <= 2 }) {
                kind = .person
            } else {
                kind = .other
            }
            // A lower-case organization head right after: "the Trump administration".
            let next = piece.upperBound
            if next < sentenceRange.upperBound, next == range.upperBound, lexicon.orgHeads.contains(tokens[next].lower), !tokens[next].isCapitalized {
                result.append(mention(piece.lowerBound..<(next + 1), .organization))
                continue
            }
            result.append(mention(piece, kind))
        }
        return result
    }

    /// The longest post of `titles.txt` inside a capitalized run that only titles precede
    /// and only name words follow: its tokens and organization.
    func postBeforeName(tokens: [Token], range: Range<Int>) -> (tokens: Range<Int>, organization: String?)? {
        guard !lexicon.posts.isEmpty else { return nil }
        var best: (tokens: Range<Int>, organization: String?)?
        for s in range {
            // Only titles before the post ("Deputy", "Acting").
            if s > range.lowerBound && !isTitle(tokens[s - 1]) { break }
            for (index, e) in posts(at: s, tokens: tokens, end: range.upperBound) {
                // At least one name word after the post, and nothing but name words.
                guard e < range.upperBound, (e..<range.upperBound).allSatisfy({ k in
                    let t = tokens[k]
                    return !isTitle(t) && !isOrgWord(t) && !t.classes.contains(.connector)
                }) else { continue }
                if best.map({ e > $0.tokens.upperBound }) ?? true { best = (s..<e, lexicon.posts[index].organization) }
            }
        }
        return best
    }

    /// Whether a capitalized run is only a post and the titles before it ("the Secretary of
    /// State said"): no one is named.
    func isOnlyPost(tokens: [Token], range: Range<Int>) -> Bool {
        guard !lexicon.posts.isEmpty else { return false }
        for s in range {
            if s > range.lowerBound && !isTitle(tokens[s - 1]) { return false }
            if posts(at: s, tokens: tokens, end: range.upperBound).contains(where: { $0.end == range.upperBound }) { return true }
        }
        return false
    }

    /// The posts of `titles.txt` whose words start at token `s` (before `end`): index and end.
    func posts(at s: Int, tokens: [Token], end: Int) -> [(index: Int, end: Int)] {
        guard s < end, let candidates = lexicon.postsByFirstWord[tokens[s].bare] else { return [] }
        return candidates.compactMap { index in
            let words = lexicon.posts[index].words
            let e = s + words.count
            guard e <= end, (0..<words.count).allSatisfy({ tokens[s + $0].bare == words[$0] }) else { return nil }
            return (index, e)
        }
    }

    /// The person named after a post: role = the title words before the post and the post as
    /// written ("Deputy Secretary of State"); organization = the post's.
    func personAfterPost(_ post: (tokens: Range<Int>, organization: String?), tokens: [Token], range: Range<Int>, titleStart: Int, sentence: Int,
                         mention: (Range<Int>, NameKind, String?) -> NameMention) -> NameMention {
        var m = mention(post.tokens.upperBound..<range.upperBound, .person, nil)
        m.titleTokens = titleStart..<post.tokens.upperBound
        var role = (titleStart..<post.tokens.lowerBound).filter { k in
            isTitle(tokens[k]) && !lexicon.honorifics.contains(tokens[k].bare) && !["former", "ex", "then", "founding"].contains(tokens[k].bare)
        }.map { tokens[$0].text.capitalizedFirst() }
        role.append(joined(tokens, post.tokens))
        m.role = role.joined(separator: " ")
        m.roleOrganization = post.organization.map { lexicon.organizations[$0.lowercased()] ?? $0 }
        m.isCourt = (titleStart..<post.tokens.upperBound).contains { tokens[$0].bareClasses.contains(.court) }
        return m
    }

    func initials(_ tokens: [Token], _ range: Range<Int>) -> String {
        String(range.compactMap { k -> Character? in
            let t = tokens[k]
            guard t.isCapitalized, !t.classes.contains(.connector) else { return nil }
            return t.text.first
        }).uppercased()
    }

    /// Coreference of short forms across the article: surname → full name, acronym → expansion.
    func resolve(_ mentions: inout [NameMention], acronyms: [AcronymDefinition]) {
        var surname: [String: String] = [:]
        var ambiguous: Set<String> = []
        // By index: `for m in mentions` would copy (and retain) every mention.
        for k in mentions.indices where mentions[k].kind == .person && mentions[k].tokens.count >= 2 {
            let text = mentions[k].text
            let last = NameFinder.lowerWord(of: text, last: true)
            let known = surname[last]
            if let known, known != text, !NameFinder.contains(known, text), !NameFinder.contains(text, known) {
                ambiguous.insert(last)
            }
            if known == nil || (known?.count ?? 0) < text.count { surname[last] = text }
        }
        // First names too ("Paul" → "Paul Boateng") when only one person has it.
        var firstName: [String: String] = [:]
        var ambiguousFirst: Set<String> = []
        for k in mentions.indices where mentions[k].kind == .person && mentions[k].tokens.count >= 2 {
            let text = mentions[k].text
            let first = NameFinder.lowerWord(of: text, last: false)
            if let known = firstName[first] {
                if known != text, !NameFinder.contains(known, text), !NameFinder.contains(text, known) { ambiguousFirst.insert(first) }
            } else {
                firstName[first] = text
            }
        }
        var expansions: [String: String] = [:]
        for a in acronyms where expansions[a.acronym.lowercased()] == nil { expansions[a.acronym.lowercased()] = a.expansion }
        // Organizations named in full elsewhere: their acronym (from initials) refers to them.
        for k in mentions.indices where mentions[k].kind == .organization && mentions[k].tokens.count >= 2 {
            let letters = NameFinder.initials(of: mentions[k].text)
            guard letters.count >= 2 else { continue }
            let key = letters.lowercased()
            if expansions[key] == nil { expansions[key] = mentions[k].canonical }
        }
        for k in mentions.indices {
            let lower = mentions[k].text.lowercased()
            if mentions[k].tokens.count == 1 || mentions[k].kind != .person {
                if let full = expansions[lower], full != mentions[k].text {
                    mentions[k].canonical = full
                    mentions[k].kind = .organization
                    continue
                }
            }
            if mentions[k].tokens.count == 1 && mentions[k].kind != .organization || (mentions[k].kind == .person && mentions[k].tokens.count == 1) {
                if !ambiguous.contains(lower), let full = surname[lower] {
                    mentions[k].canonical = full
                    mentions[k].kind = .person
                } else if mentions[k].kind == .other, !mentions[k].isPlace, surname[lower] == nil, !ambiguousFirst.contains(lower), let full = firstName[lower] {
                    mentions[k].canonical = full
                    mentions[k].kind = .person
                }
            }
            if let canonical = mentions[k].roleOrganization.flatMap({ expansions[$0.lowercased()] }) {
                mentions[k].roleOrganization = canonical
            }
        }
    }
}
