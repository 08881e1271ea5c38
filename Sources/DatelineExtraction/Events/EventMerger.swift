import DatelineCore

/// Stage 8: one event per fact in an article: repeats of the same kind whose subjects are the
/// same entity (by the name-equality rule of the guidelines) and whose dates are compatible are
/// merged; an event with no subject joins a compatible named one of the same kind.
///
/// The merged event keeps the first mention's evidence, the most precise date, and the status
/// of its verbal mentions (a bare noun — "her resignation" — does not override "will resign").
struct EventMerger: Sendable {
    func merge(_ candidates: [EventCandidate]) -> [ExtractedEvent] {
        // Each group is compared through its distinct representatives (kind, participants,
        // role, date, sentence), so a fact repeated thousands of times costs linear time.
        // Groups hold indices into `candidates`; a candidate is compared only with groups that
        // share a key with it (kind + subject token, initials, sentence), so merging is linear.
        var groups: [[Int]] = []
        var representatives: [[Int]] = []
        var seen: [Int: Int] = [:]
        // The groups under each key, as linked lists in one array (no array per key):
        // `keyHead[key]` is the latest entry, each entry links to the one before.
        var keyHead: [Int: Int] = [:]
        var keyEntries: [(group: Int, next: Int)] = []
        func list(_ key: Int, _ group: Int) {
            keyEntries.append((group, -1))
            if let previous = keyHead.updateValue(keyEntries.count - 1, forKey: key) { keyEntries[keyEntries.count - 1].next = previous }
        }
        func isListed(_ key: Int, _ group: Int) -> Bool {
            var e = keyHead[key] ?? -1
            while e >= 0 {
                if keyEntries[e].group == group { return true }
                e = keyEntries[e].next
            }
            return false
        }
        // The candidate that last tried each group: a group listed under several of its keys is
        // tried once, without a set per candidate.
        var triedBy: [Int] = []
        for (ci, c) in candidates.enumerated() {
            // Fields are read one by one: copying the whole event would retain its seven strings.
            var signature = Hasher()
            signature.combine(c.event.kind)
            signature.combine(c.event.subject)
            signature.combine(c.event.counterparty)
            signature.combine(c.event.role)
            signature.combine(c.event.date)
            signature.combine(c.event.status == .expected)
            let sig = signature.finalize()
            if let g = seen[sig], let first = groups[g].first, candidates[first].event.subject == c.event.subject, candidates[first].event.kind == c.event.kind {
                groups[g].append(ci)
                continue
            }
            let keys = mergeKeys(c)
            var found: Int?
            for k in keys {
                var e = keyHead[k] ?? -1
                while e >= 0 {
                    let g = keyEntries[e].group
                    e = keyEntries[e].next
                    guard triedBy[g] != ci else { continue }
                    triedBy[g] = ci
                    // The first group (lowest index) that has a compatible representative.
                    if found.map({ g < $0 }) ?? true, representatives[g].contains(where: { compatible(candidates[$0], c) }) { found = g }
                }
            }
            if let g = found {
                groups[g].append(ci)
                if representatives[g].count < 16 { representatives[g].append(ci) }
                seen[sig] = g
                for k in keys where !isListed(k, g) { list(k, g) }
            } else {
                groups.append([ci])
                representatives.append([ci])
                triedBy.append(-1)
                seen[sig] = groups.count - 1
                for k in keys { list(k, groups.count - 1) }
            }
        }
        // A group without a subject (or only "a judge") joins a named group of the same kind,
        // status and a compatible date. Candidates come in text order, so index lists are too.
        func decisive(_ g: [Int]) -> EventStatus {
            (g.first { candidates[$0].verbal || candidates[$0].event.status != .occurred } ?? g[0]).map { candidates[$0].event.status } ?? .occurred
        }
        var merged: [[Int]] = []
        var namedByKind: [EventKind: [(group: Int, status: EventStatus)]] = [:]
        var generic: [[Int]] = []
        for g in groups {
            if g.allSatisfy({ candidates[$0].genericSubject }) { generic.append(g); continue }
            namedByKind[candidates[g[0]].event.kind, default: []].append((merged.count, decisive(g)))
            merged.append(g)
        }
        for g in generic {
            let first = candidates[g[0]]
            let status = decisive(g)
            let target = (namedByKind[first.event.kind] ?? []).first { entry in
                let other = candidates[merged[entry.group][0]]
                return entry.status == status && (first.event.dateText == nil || other.event.dateText == nil || datesCompatible(other.event.date, first.event.date))
            }
            if let target {
                merged[target.group].append(contentsOf: g)
                merged[target.group].sort()
            } else {
                merged.append(g)
            }
        }
        return merged.map { combine($0, of: candidates) }
    }

    /// The keys under which a candidate may find its group: each subject token, the subject's
    /// initials (for acronyms), and its sentence.
    func mergeKeys(_ c: EventCandidate) -> [Int] {
        // The kind is hashed once; each key continues from that state.
        var kindHasher = Hasher()
        kindHasher.combine(c.event.kind)
        func key(_ tag: Int, _ text: String = "", _ number: Int = 0) -> Int {
            var h = kindHasher
            h.combine(tag)
            h.combine(text)
            h.combine(number)
            return h.finalize()
        }
        let tokens = c.subjectTokens
        var keys: [Int] = []
        keys.reserveCapacity(tokens.count + 3)
        keys.append(key(0, "", c.event.evidenceStart))
        if c.courtSubject { keys.append(key(1)) }
        guard c.event.subject != nil else { keys.append(key(2)); return keys }
        for t in tokens { keys.append(key(3, t)) }
        if tokens.count >= 2 { keys.append(key(3, EventMerger.initials(tokens))) }
        return keys
    }

    /// The first letters of `tokens` (`String(tokens.compactMap(\.first))`), by bytes for ASCII words.
    static func initials(_ tokens: [String]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(tokens.count)
        for t in tokens {
            let utf8 = t.utf8
            guard let first = utf8.first else { continue }
            // An ASCII letter followed by ASCII (or nothing) is a whole Character.
            guard first < 0x80, utf8.dropFirst().first.map({ $0 < 0x80 }) ?? true else {
                return String(tokens.compactMap(\.first))
            }
            bytes.append(first)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func compatible(_ a: EventCandidate, _ b: EventCandidate) -> Bool {
        // A date assumed from the lead (no words of its own) does not keep mentions apart.
        let softA = a.event.dateText == nil, softB = b.event.dateText == nil
        guard a.event.kind == b.event.kind, softA || softB || datesCompatible(a.event.date, b.event.date) else { return false }
        if a.event.role != nil, b.event.role != nil, a.event.role != b.event.role, a.roleTokens != b.roleTokens { return false }
        // Two filings, suits or probes of one party are one fact only when their words say so
        // ("filed for bankruptcy" … "its bankruptcy filing"), or one is the bare noun.
        if !a.event.kind.isPersonnel && a.event.evidenceStart != b.event.evidenceStart && !sameTriggerFamily(a, b) { return false }
        // Two triggers of one sentence sharing a participant are one fact ("a deal … was signed").
        if a.event.evidenceStart == b.event.evidenceStart,
           !(a.event.kind == .agreement && a.event.subject == b.event.subject && a.event.counterparty != nil && b.event.counterparty != nil && a.event.counterparty != b.event.counterparty) {
            // Participants compared by their tokens, split once per candidate (`NameMatch.equal`
            // of two names is `equal(tokens:)` of their tokens).
            let x = a.participantTokens, y = b.participantTokens
            if x.contains(where: { p in y.contains { NameMatch.equal(tokens: p, $0) } }) && !(a.event.kind.isPersonnel && a.event.subject != b.event.subject) { return true }
        }
        // A judge and the court, or two judges, ruling in one story: one ruling.
        if a.courtSubject && b.courtSubject && (a.event.kind == .ruling || a.event.kind == .hearing)
            && (a.subjectMention?.kind == .person || b.subjectMention?.kind == .person || a.subjectTokens == b.subjectTokens) {
            if a.event.counterparty != nil, b.event.counterparty != nil, !NameMatch.equal(tokens: a.counterpartyTokens, b.counterpartyTokens) { return false }
            return true
        }
        // "is to become high commissioner" and "was appointed in 2002": two facts.
        if a.verbal && b.verbal && (a.event.status == .expected) != (b.event.status == .expected) { return false }
        switch (a.event.subject, b.event.subject) {
        case (nil, nil):
            return true
        case (_?, _?):
            guard a.subjectSet.isSubset(of: b.subjectSet) || b.subjectSet.isSubset(of: a.subjectSet) || NameMatch.equal(tokens: a.subjectTokens, b.subjectTokens) else { return false }
            if a.event.counterparty != nil, b.event.counterparty != nil, a.event.kind.hasCounterparty, !NameMatch.equal(tokens: a.counterpartyTokens, b.counterpartyTokens) {
                // Two deals (or suits) of one party with different named partners are two facts.
                return false
            }
            return true
        default:
            return false
        }
    }

    func sameTriggerFamily(_ a: EventCandidate, _ b: EventCandidate) -> Bool {
        // A bare noun ("the lawsuit", "the probe") may refer to any of them.
        if !a.verbal || !b.verbal { return true }
        return !a.triggerStems.isDisjoint(with: b.triggerStems)
    }

    func datesCompatible(_ a: FuzzyDate?, _ b: FuzzyDate?) -> Bool {
        guard let a, let b else { return true }
        return a.isCompatible(with: b)
    }

    /// One event from the candidates of a group (indices into `candidates`, in text order).
    func combine(_ group: [Int], of candidates: [EventCandidate]) -> ExtractedEvent {
        var event = candidates[group.first { !candidates[$0].genericSubject } ?? group[0]].event
        for k in group {
            let c = candidates[k]
            let e = c.event
            if event.subject == nil { event.subject = e.subject }
            if let s = e.subject, let current = event.subject, s.count > current.count, s != current, NameMatch.equal(s, current) { event.subject = s }
            if event.organization == nil { event.organization = e.organization }
            if event.role == nil { event.role = e.role }
            if event.counterparty == nil { event.counterparty = e.counterparty }
            if let d = e.date {
                if let current = event.date {
                    // A date read from the text beats the publication date of the lead.
                    let explicitNew = e.dateText != nil, explicitOld = event.dateText != nil
                    if explicitNew && !explicitOld || explicitNew == explicitOld && d.isMorePrecise(than: current) { event.date = d; event.dateText = e.dateText }
                } else {
                    event.date = d
                    event.dateText = e.dateText
                }
            }
            event.confidence = max(event.confidence, e.confidence)
        }
        // The first mention that says something about status decides: a verb, or a noun with a
        // cue ("will start a hearing", "her impending resignation"); a bare noun does not.
        // (The earliest by position, ties in group order: what a stable sort by position gives.)
        var decisive: EventCandidate?
        var earliest = candidates[group[0]]
        for k in group {
            let c = candidates[k]
            if c.position < earliest.position { earliest = c }
            if c.verbal || c.event.status != .occurred, decisive.map({ c.position < $0.position }) ?? true { decisive = c }
        }
        event.status = (decisive ?? earliest).event.status
        if group.contains(where: { candidates[$0].event.status == .denied }) && event.status != .occurred { event.status = .denied }
        return event
    }
}
