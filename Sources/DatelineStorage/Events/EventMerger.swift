import DatelineCore
import Logging
import PostgresNIO

/// Decides, for each extracted event of a batch, which stored fact it reports (or that it is a
/// new one), then writes events, participants, mentions, status history and change-log rows
/// with one statement per table.
///
/// Identity (ARCHITECTURE.md "Event identity"): same kind and principal entity (the subject, else
/// the organization); the counterparty, where both name one, must agree; the dates, where both
/// have one, must be compatible at the coarser precision (one range contains the other).
struct EventMerger {
    let titleMaker: EventTitleMaker
    let logger: Logger

    /// A fact in the pool: stored before this batch or created by it.
    struct Fact {
        var id: Int64
        var key: String
        var kind: EventKind
        var status: EventStatus
        var date: FuzzyDate?
        var counterpartyID: Int64?
        var principalID: Int64?
        var confidence: Double
        var title: String
        var sourceCount: Int
        var mentionCount = 0
        var isNew: Bool
        var changed = false
        /// A report of this batch was merged into it.
        var touched = false
        /// The status a fact created by this batch was first reported with.
        var initialStatus: EventStatus? = nil
        /// Fields a person corrected (`kind`, `date`, `status`, `wrong`): reports never change them.
        var pinned: Set<String> = []
        /// A person marked it wrong: reports are kept as evidence but change nothing.
        var rejected = false
        /// The date the fact had before a person corrected it: reports dated like that still
        /// belong to it (the machine keeps reading the same articles the same way).
        var originalDate: FuzzyDate? = nil
    }

    struct Change {
        var eventID: Int64
        var kind: ChangeKind
        var articleID: Int64?
        var oldStatus: EventStatus?
        var newStatus: EventStatus?
        var oldDate: String?
        var newDate: String?
    }

    private var pool: [Int: Fact] = [:]
    private var poolByKey: [String: [Int]] = [:]
    private var changes: [Change] = []

    init(titleMaker: @escaping EventTitleMaker, logger: Logger) {
        self.titleMaker = titleMaker
        self.logger = logger
    }

    mutating func run(
        _ tx: PostgresConnection, submissions: [ArticleSubmission], articleIDs: [Int64?], duplicate: [Bool],
        refs: [[EventRefs]], resolver: EntityResolver
    ) async throws -> [SubmissionResult] {
        // 1. Identity keys.
        var keys: [[String]] = []
        for (i, submission) in submissions.enumerated() {
            guard !duplicate[i] else { keys.append([]); continue }
            keys.append(submission.events.enumerated().map { j, event in
                let r = refs[i][j]
                if let principal = resolver.id(r.subject) ?? resolver.id(r.organization) {
                    return "\(event.kind.rawValue)|\(principal)"
                }
                // Nobody named: the fact cannot be recognised in another article.
                return "\(event.kind.rawValue)|a\(articleIDs[i] ?? -1)|\(i)|\(event.evidenceStart)|\(j)"
            })
        }
        // Candidates: stored facts with the same key whose date could still agree (see
        // datesAgree): undated on either side, or within the announcement window. Older facts of
        // the same person and kind are never loaded, so a batch costs the same whatever the
        // history's length.
        var probes: [Probe] = []
        for (i, submission) in submissions.enumerated() where !duplicate[i] {
            for (j, event) in submission.events.enumerated() {
                let window = Self.announcementWindowDays + 1
                probes.append(Probe(
                    key: keys[i][j], lo: event.date?.start.adding(days: -window).iso ?? "", hi: event.date?.end.adding(days: window).iso ?? "",
                    start: event.date?.start.iso ?? "", end: event.date?.end.iso ?? "", occurred: event.status == .occurred,
                    counterparty: resolver.id(refs[i][j].counterparty) ?? 0))
            }
        }
        try await loadExisting(probes, tx)

        // 2. Decide merge or new, in order.
        var pendingNew: [Int] = []  // pool slots created by this batch
        var assignments: [[Int]] = []  // pool slot per event
        var mentionRows: [(slot: Int, submission: Int, event: ExtractedEvent)] = []
        var participantRows: [(slot: Int, refs: EventRefs)] = []
        var results: [SubmissionResult] = []
        for (i, submission) in submissions.enumerated() {
            guard !duplicate[i] else {
                results.append(SubmissionResult(articleID: articleIDs[i], duplicate: true, eventIDs: [], eventsNew: 0, eventsMerged: 0, eventsUpdated: 0))
                assignments.append([])
                continue
            }
            var slots: [Int] = []
            var new = 0, merged = 0, updated = 0
            for (j, event) in submission.events.enumerated() {
                let r = refs[i][j]
                let key = keys[i][j]
                let counterpartyID = resolver.id(r.counterparty)
                let title = titleMaker(EventTitleInput(
                    kind: event.kind, status: event.status, subject: r.subject?.name, organization: r.organization?.name,
                    role: event.role, counterparty: r.counterparty?.name))
                if let slot = match(key: key, date: event.date, status: event.status, counterpartyID: counterpartyID) {
                    // A person may have corrected the fact's kind: its title keeps that kind.
                    var factTitle = title
                    if let factKind = pool[slot]?.kind, factKind != event.kind {
                        factTitle = titleMaker(EventTitleInput(
                            kind: factKind, status: event.status, subject: r.subject?.name, organization: r.organization?.name,
                            role: event.role, counterparty: r.counterparty?.name))
                    }
                    if apply(event, to: slot, articleID: articleIDs[i], title: factTitle, counterpartyID: counterpartyID) { updated += 1 }
                    merged += 1
                    slots.append(slot)
                } else {
                    let slot = pool.count
                    pool[slot] = Fact(
                        id: 0, key: key, kind: event.kind, status: event.status, date: event.date, counterpartyID: counterpartyID,
                        principalID: resolver.id(r.subject) ?? resolver.id(r.organization), confidence: event.confidence,
                        title: title, sourceCount: 0, isNew: true, initialStatus: event.status)
                    poolByKey[key, default: []].append(slot)
                    pendingNew.append(slot)
                    new += 1
                    slots.append(slot)
                }
                mentionRows.append((slots[slots.count - 1], i, event))
                participantRows.append((slots[slots.count - 1], r))
            }
            assignments.append(slots)
            results.append(SubmissionResult(articleID: articleIDs[i], duplicate: false, eventIDs: [], eventsNew: new, eventsMerged: merged, eventsUpdated: updated))
        }

        // 3. Ids for the new facts, then every row.
        let ids = try await PostgresEventStore.allocate(sequence: "events_id_seq", count: pendingNew.count, tx, logger: logger)
        for (slot, id) in zip(pendingNew, ids) { pool[slot]?.id = id }
        for index in changes.indices {
            // Changes recorded against batch-new facts carry their slot as a negative id.
            if changes[index].eventID < 0, let id = pool[Int(-changes[index].eventID - 1)]?.id { changes[index].eventID = id }
        }
        for i in results.indices { results[i].eventIDs = assignments[i].compactMap { pool[$0]?.id } }

        // A new fact's counts are known here: its mentions are all in this batch. Copies of
        // one sentence (a wire story) count for the first publication that carried it.
        var firstPublication: [Int: [String: String]] = [:]
        var mentionCounts: [Int: Int] = [:]
        for row in mentionRows where pool[row.slot]?.isNew == true {
            mentionCounts[row.slot, default: 0] += 1
            let sentence = row.event.evidence.lowercased()
            if firstPublication[row.slot]?[sentence] == nil {
                firstPublication[row.slot, default: [:]][sentence] = submissions[row.submission].publication
            }
        }
        for slot in pendingNew {
            pool[slot]?.mentionCount = mentionCounts[slot] ?? 0
            pool[slot]?.sourceCount = Set((firstPublication[slot] ?? [:]).values).count
        }
        try await insertNewEvents(pendingNew, tx)
        try await insertParticipants(participantRows, resolver: resolver, tx)
        try await insertMentions(mentionRows, submissions: submissions, articleIDs: articleIDs, tx)
        try await updateStoredFacts(tx)
        try await insertHistoryAndChanges(pendingNew, mentionRows: mentionRows, articleIDs: articleIDs, tx)
        return results
    }

    /// Facts dated more widely than this many days (decades, multi-year ranges) or undated are
    /// found through their own index (`events_identity_wide`, migrations 0005 and 0010); the
    /// others by their start date within a probe's window less this slack (`events_identity_start`).
    static let wideDateDays = 400

    /// How many of the newest compatible facts of a key an undated probe (or a dated probe, of the
    /// undated facts) loads. `match` picks the newest standing one; a few more cover a batch whose
    /// earlier reports change the newest fact's counterparty or date.
    static let newestCandidates = 3

    /// What one report looks for: its identity key, its date window ('' when undated) and its
    /// counterparty (0 when none), which a fact must not contradict.
    struct Probe {
        var key: String
        var lo: String
        var hi: String
        /// The report's own dates ('' when undated) and whether it says the event occurred.
        var start: String
        var end: String
        var occurred: Bool
        var counterparty: Int64
    }

    /// Loads into the pool the stored facts a report of this batch could belong to, each branch
    /// an index range scan whose cost does not grow with the history of that key:
    /// - dated report: facts whose date overlaps its window — for a report that says the event
    ///   occurred, only facts still pending or whose date overlaps its own (two occurrences agree
    ///   only when one date contains the other: `datesAgree`); widely dated facts of its key;
    ///   the newest few undated facts of its key (`match` takes the newest standing one);
    /// - undated report: the newest few facts of its key (it joins the newest standing one);
    /// - facts whose date a person corrected, whatever their date (reports may still carry the
    ///   date from before the correction; driven by the few date corrections).
    /// Facts a person marked wrong are loaded too: their re-reports join them instead of
    /// bringing the wrong event back as a new one.
    private mutating func loadExisting(_ probes: [Probe], _ tx: PostgresConnection) async throws {
        guard !probes.isEmpty else { return }
        let dated = probes.filter { !$0.lo.isEmpty }
        let undated = probes.filter { $0.lo.isEmpty }
        let slack = Self.wideDateDays
        let newest = Self.newestCandidates
        // Branches may find one fact twice; the pool keeps it once.
        let columns = """
            e.id, e.identity_key, e.kind, e.status, coalesce(e.date_value, ''), coalesce(e.date_precision, ''),
            coalesce(lower(e.date_range)::text, ''), coalesce((upper(e.date_range) - 1)::text, ''),
            coalesce(e.counterparty_id, 0), coalesce(e.principal_id, 0), e.confidence::float8, e.title, e.source_count,
            e.rejected, coalesce((SELECT array_agg(DISTINCT c.field) FROM event_corrections c WHERE c.event_id = e.id), '{}'),
            coalesce((SELECT c.old_value FROM event_corrections c WHERE c.event_id = e.id AND c.field = 'date' ORDER BY c.id LIMIT 1), '')
            """
        // The wide and undated branches repeat events_identity_wide's predicate literally (400)
        // so the planner can use that partial index. The window's overlap test is spelled on
        // the bounds (`upper > lo`; `lower <= hi` is in the index condition), not as `&&`: with
        // `&&` the planner may AND in a GiST scan of the date index, which visits every fact of
        // the window whoever it is about, per probe. For the same reason "undated" and "dated" are
        // tested as `upper(date_range) IS [NOT] NULL`: a bare `date_range IS NULL` lets the planner
        // scan the whole GiST index for nulls, per probe (0.35 ms each, measured).
        let rows = try await tx.query(
            """
            WITH q AS (SELECT * FROM UNNEST(\(dated.map(\.key))::text[], \(dated.map(\.lo))::date[], \(dated.map(\.hi))::date[],
                                           \(dated.map(\.start))::date[], \(dated.map(\.end))::date[], \(dated.map(\.occurred))::bool[],
                                           \(dated.map(\.counterparty))::bigint[]) AS q(k, lo, hi, ds, de, occurred, cp)),
                 u AS (SELECT * FROM UNNEST(\(undated.map(\.key))::text[], \(undated.map(\.counterparty))::bigint[]) AS u(k, cp))
            SELECT \(unescaped: columns) FROM q JOIN events e ON e.identity_key = q.k
             AND lower(e.date_range) >= q.lo - \(slack)::int AND lower(e.date_range) <= q.hi
             AND upper(e.date_range) > q.lo
             AND (NOT q.occurred OR e.status <> 'occurred' OR (lower(e.date_range) <= q.de AND upper(e.date_range) > q.ds))
            UNION ALL
            SELECT \(unescaped: columns) FROM q JOIN events e ON e.identity_key = q.k
             AND (e.date_range IS NULL OR upper(e.date_range) - lower(e.date_range) > 400) AND upper(e.date_range) IS NOT NULL
            UNION ALL
            SELECT \(unescaped: columns) FROM q CROSS JOIN LATERAL (
                SELECT * FROM events n WHERE n.identity_key = q.k
                 AND (n.date_range IS NULL OR upper(n.date_range) - lower(n.date_range) > 400) AND upper(n.date_range) IS NULL
                 AND (q.cp = 0 OR n.counterparty_id IS NULL OR n.counterparty_id = q.cp)
                ORDER BY n.rejected, n.id DESC LIMIT \(newest)) e
            UNION ALL
            SELECT \(unescaped: columns) FROM u CROSS JOIN LATERAL (
                SELECT * FROM events n WHERE n.identity_key = u.k
                 AND (u.cp = 0 OR n.counterparty_id IS NULL OR n.counterparty_id = u.cp)
                ORDER BY n.rejected, n.id DESC LIMIT \(newest)) e
            UNION ALL
            SELECT \(unescaped: columns) FROM q JOIN events e ON e.identity_key = q.k
             AND e.id IN (SELECT c.event_id FROM event_corrections c WHERE c.field = 'date')
            ORDER BY 1
            """,
            logger: logger)
        var loaded: Set<Int64> = []
        for try await row in rows.decode((Int64, String, String, String, String, String, String, String, Int64, Int64, Double, String, Int, Bool, [String], String).self) {
            let (id, key, kind, status, value, precision, start, end, counterparty, principal, confidence, title, sources, rejected, pinned, original) = row
            guard loaded.insert(id).inserted else { continue }
            let slot = pool.count
            pool[slot] = Fact(
                id: id, key: key, kind: EventKind(rawValue: kind), status: EventStatus(rawValue: status) ?? .occurred,
                date: PostgresEventStore.fuzzyDate(value: value, precision: precision, start: start, end: end),
                counterpartyID: counterparty == 0 ? nil : counterparty, principalID: principal == 0 ? nil : principal,
                confidence: confidence, title: title, sourceCount: sources, isNew: false, pinned: Set(pinned), rejected: rejected,
                originalDate: FuzzyDate(parsing: original))
            poolByKey[key, default: []].append(slot)
        }
    }

    /// The pool slot of the fact this report belongs to, if any: a compatible date and
    /// counterparty, preferring facts not marked wrong, then facts whose date is known and
    /// compatible, then the newest.
    private func match(key: String, date: FuzzyDate?, status: EventStatus, counterpartyID: Int64?) -> Int? {
        let all = (poolByKey[key] ?? []).compactMap { slot -> (Int, Fact)? in pool[slot].map { (slot, $0) } }.filter { _, fact in
            if let a = fact.counterpartyID, let b = counterpartyID, a != b { return false }
            if Self.datesAgree(fact: fact, date: date, status: status) { return true }
            guard let original = fact.originalDate else { return false }
            var before = fact
            before.date = original
            return Self.datesAgree(fact: before, date: date, status: status)
        }
        let standing = all.filter { !$0.1.rejected }
        let candidates = standing.isEmpty ? all : standing
        if let dated = candidates.last(where: { $0.1.date != nil && date != nil }) { return dated.0 }
        return candidates.last?.0
    }

    /// How far apart an announcement and the event it announces may be dated.
    static let announcementWindowDays = 180
    /// How far apart two reports of a fact that has not happened yet may be dated.
    static let pendingWindowDays = 31

    /// Whether a report's date agrees with a fact's. Dates compatible at the coarser precision
    /// always agree. A fact that had not happened yet (expected, reported, denied) is dated by
    /// when it was announced, so its occurrence may come later: "will resign" on March 5 and
    /// "resigned" on March 31 are one fact. Two pending reports a few days apart are one too.
    static func datesAgree(fact: Fact, date: FuzzyDate?, status: EventStatus) -> Bool {
        guard let a = fact.date, let b = date else { return true }
        if a.isCompatible(with: b) { return true }
        let factPending = fact.status != .occurred, reportPending = status != .occurred
        switch (factPending, reportPending) {
        case (true, false):  // announced, then happened
            return b.end >= a.start && b.start.dayNumber - a.end.dayNumber <= announcementWindowDays
        case (false, true):  // happened; an older announcement arrives late
            return a.end >= b.start && a.start.dayNumber - b.end.dayNumber <= announcementWindowDays
        case (true, true):
            return abs(a.start.dayNumber - b.start.dayNumber) <= pendingWindowDays
        case (false, false):
            return false
        }
    }

    /// Folds a report into a fact: status moves forward, the date gets more precise, confidence
    /// rises. Fields a person corrected stay as corrected, and a fact marked wrong only gains
    /// evidence. Returns whether the status or date changed.
    private mutating func apply(_ event: ExtractedEvent, to slot: Int, articleID: Int64?, title: String, counterpartyID: Int64?) -> Bool {
        guard var fact = pool[slot] else { return false }
        guard !fact.rejected else {
            fact.touched = true
            pool[slot] = fact
            return false
        }
        let eventRef: Int64 = fact.isNew ? -Int64(slot) - 1 : fact.id
        var changed = false
        let becameOccurred = event.status == .occurred && fact.status != .occurred
        let newStatus = fact.pinned.contains("status") ? fact.status : fact.status.advanced(by: event.status)
        if newStatus != fact.status {
            changes.append(Change(eventID: eventRef, kind: .statusChange, articleID: articleID, oldStatus: fact.status, newStatus: newStatus,
                                  oldDate: nil, newDate: nil))
            fact.status = newStatus
            fact.title = title
            changed = true
        }
        // The date of the occurrence replaces the date of its announcement; otherwise a date
        // only gets more precise.
        let refines = event.date.map { incoming in
            fact.date.map { incoming.isMorePrecise(than: $0) && incoming.isCompatible(with: $0) } ?? true
        } ?? false
        if let incoming = event.date, incoming != fact.date, becameOccurred || refines, !fact.pinned.contains("date") {
            changes.append(Change(eventID: eventRef, kind: .dateRefined, articleID: articleID, oldStatus: nil, newStatus: nil,
                                  oldDate: fact.date?.value, newDate: incoming.value))
            fact.date = incoming
            changed = true
        }
        if fact.counterpartyID == nil { fact.counterpartyID = counterpartyID }
        fact.confidence = max(fact.confidence, event.confidence)
        fact.touched = true
        if changed { fact.changed = true }
        pool[slot] = fact
        return changed
    }

    private func insertNewEvents(_ slots: [Int], _ tx: PostgresConnection) async throws {
        let facts = slots.compactMap { pool[$0] }
        guard !facts.isEmpty else { return }
        let d = DateColumns(facts.map(\.date))
        try await tx.query(
            """
            INSERT INTO events (id, kind, status, date_value, date_precision, date_range, title, confidence, identity_key, principal_id,
                                counterparty_id, mention_count, source_count)
            SELECT i, k, s, NULLIF(dv, ''), NULLIF(dp, ''), CASE WHEN ds = '' THEN NULL ELSE daterange(ds::date, de::date, '[]') END,
                   t, c, key, NULLIF(p, 0), NULLIF(cp, 0), mc, sc
            FROM UNNEST(\(facts.map(\.id))::bigint[], \(facts.map(\.kind.rawValue))::text[], \(facts.map(\.status.rawValue))::text[],
                        \(d.values)::text[], \(d.precisions)::text[], \(d.starts)::text[], \(d.ends)::text[],
                        \(facts.map(\.title))::text[], \(facts.map(\.confidence))::float8[], \(facts.map(\.key))::text[],
                        \(facts.map { $0.principalID ?? 0 })::bigint[], \(facts.map { $0.counterpartyID ?? 0 })::bigint[],
                        \(facts.map(\.mentionCount))::int[], \(facts.map(\.sourceCount))::int[])
                 AS x(i, k, s, dv, dp, ds, de, t, c, key, p, cp, mc, sc)
            """,
            logger: logger)
    }

    private func insertParticipants(_ rows: [(slot: Int, refs: EventRefs)], resolver: EntityResolver, _ tx: PostgresConnection) async throws {
        var eventIDs: [Int64] = [], entityIDs: [Int64] = [], roles: [String] = [], names: [String] = [], sortDates: [String] = []
        var seen: Set<String> = []
        for (slot, refs) in rows {
            guard let fact = pool[slot] else { continue }
            let eventID = fact.id
            for (role, key) in [(ParticipantRole.subject, refs.subject), (.organization, refs.organization),
                                (.counterparty, refs.counterparty), (.post, refs.post)] {
                guard let key, let entityID = resolver.id(key) else { continue }
                guard seen.insert("\(eventID)|\(role.rawValue)|\(entityID)").inserted else { continue }
                eventIDs.append(eventID)
                entityIDs.append(entityID)
                roles.append(role.rawValue)
                names.append(key.name)
                sortDates.append(fact.date?.start.iso ?? "")
            }
        }
        guard !eventIDs.isEmpty else { return }
        // sort_date is the fact's date as this batch leaves it (the pool's), so the rows need no
        // lookup of their event.
        try await tx.query(
            """
            INSERT INTO event_participants (event_id, entity_id, role, name, sort_date)
            SELECT ev, en, r, n, NULLIF(d, '')::date
            FROM UNNEST(\(eventIDs)::bigint[], \(entityIDs)::bigint[], \(roles)::text[], \(names)::text[], \(sortDates)::text[]) AS x(ev, en, r, n, d)
            ON CONFLICT DO NOTHING
            """,
            logger: logger)
    }

    private func insertMentions(
        _ rows: [(slot: Int, submission: Int, event: ExtractedEvent)], submissions: [ArticleSubmission], articleIDs: [Int64?],
        _ tx: PostgresConnection
    ) async throws {
        guard !rows.isEmpty else { return }
        var eventIDs: [Int64] = [], articles: [Int64] = [], sentences: [String] = [], starts: [Int] = [], ends: [Int] = []
        var statuses: [String] = [], dateTexts: [String] = [], dateValues: [String] = [], confidences: [Double] = [], publications: [String] = []
        for (slot, i, event) in rows {
            guard let id = pool[slot]?.id else { continue }
            eventIDs.append(id)
            articles.append(articleIDs[i] ?? 0)
            sentences.append(event.evidence)
            starts.append(max(0, event.evidenceStart))
            ends.append(max(max(0, event.evidenceStart), event.evidenceEnd))
            statuses.append(event.status.rawValue)
            dateTexts.append(event.dateText ?? "")
            dateValues.append(event.date?.value ?? "")
            confidences.append(event.confidence)
            publications.append(submissions[i].publication)
        }
        try await tx.query(
            """
            INSERT INTO mentions (event_id, article_id, sentence, start_offset, end_offset, status, date_text, date_value, confidence, publication)
            SELECT ev, NULLIF(a, 0), s, st, en, stat, NULLIF(dt, ''), NULLIF(dv, ''), c, p
            FROM UNNEST(\(eventIDs)::bigint[], \(articles)::bigint[], \(sentences)::text[], \(starts)::int[], \(ends)::int[],
                        \(statuses)::text[], \(dateTexts)::text[], \(dateValues)::text[], \(confidences)::float8[], \(publications)::text[])
                 AS x(ev, a, s, st, en, stat, dt, dv, c, p)
            ON CONFLICT DO NOTHING
            """,
            logger: logger)
    }

    /// Updates the stored facts a report of this batch was merged into, in one statement: status,
    /// date and title where they changed, confidence where it rose, and mention and source
    /// counts recounted from the mentions (this batch's are inserted by now). A source is a
    /// publication; copies of one wire story (the same sentence in several publications) count
    /// once. One statement, so each touched row gets one new version, not two.
    private mutating func updateStoredFacts(_ tx: PostgresConnection) async throws {
        let all = pool.values.filter { !$0.isNew && $0.touched }
        guard !all.isEmpty else { return }
        let ids = all.map(\.id)
        let d = DateColumns(all.map(\.date))
        let rows = try await tx.query(
            """
            UPDATE events e SET
                status = x.s,
                date_value = NULLIF(x.dv, ''), date_precision = NULLIF(x.dp, ''),
                date_range = CASE WHEN x.ds = '' THEN NULL ELSE daterange(x.ds::date, x.de::date, '[]') END,
                title = x.t, confidence = greatest(e.confidence, x.c), counterparty_id = coalesce(e.counterparty_id, NULLIF(x.cp, 0)),
                updated_at = CASE WHEN x.changed THEN now() ELSE e.updated_at END,
                mention_count = coalesce(s.m, e.mention_count), source_count = coalesce(s.c, e.source_count)
            FROM UNNEST(\(ids)::bigint[], \(all.map(\.status.rawValue))::text[], \(d.values)::text[], \(d.precisions)::text[],
                        \(d.starts)::text[], \(d.ends)::text[], \(all.map(\.title))::text[], \(all.map(\.confidence))::float8[],
                        \(all.map { $0.counterpartyID ?? 0 })::bigint[], \(all.map(\.changed))::bool[])
                 AS x(i, s, dv, dp, ds, de, t, c, cp, changed)
            LEFT JOIN (
                SELECT event_id, count(*)::int AS m, count(DISTINCT first_pub)::int AS c
                FROM (SELECT event_id, first_value(publication) OVER (PARTITION BY event_id, lower(sentence) ORDER BY id) AS first_pub
                      FROM mentions WHERE event_id = ANY(\(ids)::bigint[])) w
                GROUP BY event_id
            ) s ON s.event_id = x.i
            WHERE e.id = x.i
            RETURNING e.id, e.source_count
            """,
            logger: logger)
        var counts: [Int64: Int] = [:]
        for try await (id, count) in rows.decode((Int64, Int).self) { counts[id] = count }
        // A stored fact that changed nothing else but gained a source is a change too.
        for fact in all where !fact.changed && !fact.rejected {
            if let count = counts[fact.id], count > fact.sourceCount {
                changes.append(Change(eventID: fact.id, kind: .newSource, articleID: nil, oldStatus: nil, newStatus: nil, oldDate: nil, newDate: nil))
            }
        }
        // Dates may have moved: keep the timeline index in step (participants inserted by this
        // batch already carry the final date).
        let moved = all.filter(\.changed)
        if !moved.isEmpty {
            try await tx.query(
                """
                UPDATE event_participants p SET sort_date = NULLIF(x.d, '')::date
                FROM UNNEST(\(moved.map(\.id))::bigint[], \(moved.map { $0.date?.start.iso ?? "" })::text[]) AS x(i, d)
                WHERE p.event_id = x.i AND p.sort_date IS DISTINCT FROM NULLIF(x.d, '')::date
                """,
                logger: logger)
        }
    }

    private func insertHistoryAndChanges(
        _ newSlots: [Int], mentionRows: [(slot: Int, submission: Int, event: ExtractedEvent)], articleIDs: [Int64?], _ tx: PostgresConnection
    ) async throws {
        // The article that created each new fact.
        var creator: [Int: Int64] = [:]
        for row in mentionRows where creator[row.slot] == nil { creator[row.slot] = articleIDs[row.submission] ?? 0 }
        let created: [Change] = newSlots.compactMap { slot in
            guard let fact = pool[slot] else { return nil }
            return Change(eventID: fact.id, kind: .new, articleID: creator[slot].flatMap { $0 == 0 ? nil : $0 }, oldStatus: nil,
                          newStatus: fact.status, oldDate: nil, newDate: fact.date?.value)
        }
        // The history tells every step, also those taken within this batch; the change log tells
        // a fact created by this batch once, as "new" in its final state.
        let newIDs = Set(newSlots.compactMap { pool[$0]?.id })
        var initialStatus: [Int64: EventStatus] = [:]
        for slot in newSlots { if let fact = pool[slot], let status = fact.initialStatus { initialStatus[fact.id] = status } }
        var statusRows = created.map { change in
            var first = change
            first.newStatus = initialStatus[change.eventID] ?? change.newStatus
            return first
        }
        statusRows += changes.filter { $0.kind == .statusChange }
        let all = created + changes.filter { !newIDs.contains($0.eventID) }
        guard !all.isEmpty else { return }
        if !statusRows.isEmpty {
            try await tx.query(
                """
                INSERT INTO event_status_history (event_id, from_status, to_status, article_id)
                SELECT e, NULLIF(f, ''), t, NULLIF(a, 0)
                FROM UNNEST(\(statusRows.map(\.eventID))::bigint[], \(statusRows.map { $0.oldStatus?.rawValue ?? "" })::text[],
                            \(statusRows.map { ($0.newStatus ?? .occurred).rawValue })::text[], \(statusRows.map { $0.articleID ?? 0 })::bigint[])
                     AS x(e, f, t, a)
                """,
                logger: logger)
        }
        try await tx.query(
            """
            INSERT INTO change_log (event_id, change, article_id, old_status, new_status, old_date, new_date)
            SELECT e, c, NULLIF(a, 0), NULLIF(os, ''), NULLIF(ns, ''), NULLIF(od, ''), NULLIF(nd, '')
            FROM UNNEST(\(all.map(\.eventID))::bigint[], \(all.map(\.kind.rawValue))::text[], \(all.map { $0.articleID ?? 0 })::bigint[],
                        \(all.map { $0.oldStatus?.rawValue ?? "" })::text[], \(all.map { $0.newStatus?.rawValue ?? "" })::text[],
                        \(all.map { $0.oldDate ?? "" })::text[], \(all.map { $0.newDate ?? "" })::text[])
                 AS x(e, c, a, os, ns, od, nd)
            """,
            logger: logger)
        try await tx.query("SELECT pg_notify(\(ChangeFeed.channel), '')", logger: logger)
    }
}

/// Fuzzy dates as parallel text columns for `UNNEST` ('' for none).
struct DateColumns {
    var values: [String] = [], precisions: [String] = [], starts: [String] = [], ends: [String] = []

    init(_ dates: [FuzzyDate?]) {
        for date in dates {
            values.append(date?.value ?? "")
            precisions.append(date?.precision.rawValue ?? "")
            starts.append(date?.start.iso ?? "")
            ends.append(date?.end.iso ?? "")
        }
    }
}
