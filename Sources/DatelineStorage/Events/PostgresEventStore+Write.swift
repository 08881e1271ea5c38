import DatelineCore
import Logging
import PostgresNIO

/// The write path: articles, entity resolution, event identity and merge, mentions, status
/// history and the change log, set-based (a few `UNNEST` statements per batch, not per row).
extension PostgresEventStore {
    /// All event writers take this transaction-scoped advisory lock, so two transactions never
    /// create the same fact twice; it is held only from the merge step to commit.
    static let writeLockKey: Int64 = 0x6474_6576

    /// Stores the submissions in ONE transaction: all or nothing.
    ///
    /// Each submission's article is stored once (a second copy, by URL or content hash, is a
    /// duplicate and writes nothing); each extracted event is merged into the stored fact with
    /// the same identity (kind + principal entity, compatible counterparty and date) or becomes a
    /// new event. Status moves forward and date precision only rises; every change is recorded in
    /// the status history and the change log, and one NOTIFY wakes the watchers.
    public func write(_ submissions: [ArticleSubmission]) async throws -> [SubmissionResult] {
        guard !submissions.isEmpty else { return [] }
        for (index, submission) in submissions.enumerated() {
            try Self.validate(submission, index: index)
        }
        do {
            return try await client.withTransaction(logger: logger) { tx in
                var writer = BatchWriter(submissions: submissions, titleMaker: titleMaker, logger: logger)
                return try await writer.run(tx)
            }
        } catch {
            logger.error("Event write failed", metadata: ["error": "\(String(reflecting: error))"])
            throw StorageError.wrap(error, doing: "storing events")
        }
    }

    static func validate(_ submission: ArticleSubmission, index: Int) throws {
        for (n, event) in submission.events.enumerated() {
            guard EventKind.isValidName(event.kind.rawValue) else {
                throw StorageError.invalid("item \(index + 1), event \(n + 1): kind '\(event.kind.rawValue)' is not a valid kind name")
            }
            guard event.confidence >= 0 && event.confidence <= 1 else {
                throw StorageError.invalid("item \(index + 1), event \(n + 1): confidence must be between 0 and 1")
            }
        }
        if let hash = submission.article?.contentHash, hash.count != 64 || !hash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
            throw StorageError.invalid("item \(index + 1): the article's content hash is not a SHA-256 hex digest")
        }
    }
}

/// A name normalized for matching: whitespace collapsed, ends trimmed, outer punctuation dropped.
func normalizedName(_ raw: String) -> String {
    let words = raw.split(whereSeparator: { $0.isWhitespace })
    var text = words.joined(separator: " ")
    while let last = text.last, ",;:".contains(last) { text.removeLast() }
    return text
}

/// The state of one batch write. A struct with mutating steps, used once.
struct BatchWriter {
    let submissions: [ArticleSubmission]
    let titleMaker: EventTitleMaker
    let logger: Logger

    /// Article id per submission, `nil` for duplicates or article-less submissions.
    private var articleIDs: [Int64?]
    private var duplicate: [Bool]

    init(submissions: [ArticleSubmission], titleMaker: @escaping EventTitleMaker, logger: Logger) {
        self.submissions = submissions
        self.titleMaker = titleMaker
        self.logger = logger
        self.articleIDs = Array(repeating: nil, count: submissions.count)
        self.duplicate = Array(repeating: false, count: submissions.count)
    }

    mutating func run(_ tx: PostgresConnection) async throws -> [SubmissionResult] {
        try await insertArticles(tx)
        // Articles already stored (a feed fetched again, a re-post) write nothing more: no lock,
        // so they do not queue behind the writers that have news.
        if duplicate.allSatisfy({ $0 }) {
            return articleIDs.map { SubmissionResult(articleID: $0, duplicate: true, eventIDs: [], eventsNew: 0, eventsMerged: 0, eventsUpdated: 0) }
        }
        // No JIT for the rest of this transaction: with row estimates of thousands of probes the
        // candidate query's cost crosses jit_above_cost, and compiling it took 0.8 s of a batch
        // whose work takes 0.04 s. Folded into the lock statement: no extra round trip, and it
        // works through poolers that refuse startup parameters.
        try await tx.query(
            "SELECT pg_advisory_xact_lock(\(PostgresEventStore.writeLockKey)), set_config('jit', 'off', true)", logger: logger)
        var resolver = EntityResolver(logger: logger)
        var refs: [[EventRefs]] = []
        for (i, submission) in submissions.enumerated() {
            guard !duplicate[i] else { refs.append([]); continue }
            refs.append(submission.events.map { resolver.refs(for: $0, in: submission) })
        }
        try await resolver.resolve(tx)
        for (i, submission) in submissions.enumerated() where !duplicate[i] {
            try await resolver.addAcronymAliases(submission.acronyms, tx)
        }
        var merger = EventMerger(titleMaker: titleMaker, logger: logger)
        let results = try await merger.run(tx, submissions: submissions, articleIDs: articleIDs, duplicate: duplicate, refs: refs, resolver: resolver)
        try await recordOccupancies(results: results, refs: refs, resolver: resolver, tx)
        return results
    }

    /// Who held which post when: an appointment that occurred starts an occupancy, a
    /// resignation or dismissal that occurred ends it (dates as the day ranges known).
    private func recordOccupancies(results: [SubmissionResult], refs: [[EventRefs]], resolver: EntityResolver, _ tx: PostgresConnection) async throws {
        var posts: [Int64] = [], people: [Int64] = [], acting: [Bool] = [], starts: [String] = [], ends: [String] = []
        var startEvents: [Int64] = [], endEvents: [Int64] = []
        for (i, submission) in submissions.enumerated() where !duplicate[i] {
            for (j, event) in submission.events.enumerated() where event.status == .occurred {
                let r = refs[i][j]
                guard j < results[i].eventIDs.count, let post = resolver.id(r.post), let subject = r.subject, subject.kind == .person,
                      let person = resolver.id(subject)
                else { continue }
                let starting = event.kind == .appointment
                guard starting || event.kind == .resignation || event.kind == .dismissal else { continue }
                posts.append(post)
                people.append(person)
                acting.append(r.acting)
                let range = event.date.map { "[\($0.start.iso),\($0.end.iso)]" } ?? ""
                starts.append(starting ? range : "")
                ends.append(starting ? "" : range)
                startEvents.append(starting ? results[i].eventIDs[j] : 0)
                endEvents.append(starting ? 0 : results[i].eventIDs[j])
            }
        }
        guard !posts.isEmpty else { return }
        try await tx.query(
            """
            INSERT INTO occupancies AS o (post_id, person_id, acting, started, ended, start_event_id, end_event_id)
            SELECT p, pe, a, min(NULLIF(s, ''))::daterange, max(NULLIF(e, ''))::daterange, min(NULLIF(se, 0)), max(NULLIF(ee, 0))
            FROM UNNEST(\(posts)::bigint[], \(people)::bigint[], \(acting)::bool[], \(starts)::text[], \(ends)::text[],
                        \(startEvents)::bigint[], \(endEvents)::bigint[]) AS x(p, pe, a, s, e, se, ee)
            GROUP BY p, pe, a
            ON CONFLICT (post_id, person_id, acting) DO UPDATE SET
                started = coalesce(EXCLUDED.started, o.started),
                ended = coalesce(EXCLUDED.ended, o.ended),
                start_event_id = coalesce(EXCLUDED.start_event_id, o.start_event_id),
                end_event_id = coalesce(EXCLUDED.end_event_id, o.end_event_id)
            """,
            logger: logger)
    }

    /// Inserts the articles that are new; marks the others (same URL or content) duplicates.
    private mutating func insertArticles(_ tx: PostgresConnection) async throws {
        var urls: [String] = [], sources: [String] = [], headlines: [String] = [], published: [String] = []
        var bodies: [String] = [], hashes: [String] = [], indexes: [Int] = []
        var seenHashes: Set<String> = [], seenURLs: Set<String> = []
        for (i, submission) in submissions.enumerated() {
            guard let article = submission.article else { continue }
            // A second copy within the batch is a duplicate of the first.
            if seenHashes.contains(article.contentHash) || (article.url.map { seenURLs.contains($0) } ?? false) {
                duplicate[i] = true
                continue
            }
            seenHashes.insert(article.contentHash)
            if let url = article.url { seenURLs.insert(url) }
            urls.append(article.url ?? "")
            sources.append(article.source ?? "")
            headlines.append(article.headline ?? "")
            published.append(article.published?.iso ?? "")
            bodies.append(article.body)
            hashes.append(article.contentHash)
            indexes.append(i)
        }
        guard !indexes.isEmpty else { return }
        let rows = try await tx.query(
            """
            INSERT INTO articles (url, source, headline, published, body, content_hash)
            SELECT NULLIF(u, ''), NULLIF(s, ''), NULLIF(h, ''), NULLIF(p, '')::date, b, c
            FROM UNNEST(\(urls)::text[], \(sources)::text[], \(headlines)::text[], \(published)::text[], \(bodies)::text[], \(hashes)::text[])
                 AS t(u, s, h, p, b, c)
            ON CONFLICT DO NOTHING
            RETURNING id, content_hash
            """,
            logger: logger)
        var inserted: [String: Int64] = [:]
        for try await (id, hash) in rows.decode((Int64, String).self) { inserted[hash] = id }
        var missing: [Int] = []
        for (position, i) in indexes.enumerated() {
            if let id = inserted[hashes[position]] {
                articleIDs[i] = id
            } else {
                duplicate[i] = true
                missing.append(i)
            }
        }
        guard !missing.isEmpty else { return }
        // Report which stored article each duplicate is.
        let missingHashes = missing.compactMap { submissions[$0].article?.contentHash }
        let missingURLs = missing.compactMap { submissions[$0].article?.url }
        let existing = try await tx.query(
            "SELECT id, content_hash, coalesce(url, '') FROM articles WHERE content_hash = ANY(\(missingHashes)) OR url = ANY(\(missingURLs))",
            logger: logger)
        var byHash: [String: Int64] = [:], byURL: [String: Int64] = [:]
        for try await (id, hash, url) in existing.decode((Int64, String, String).self) {
            byHash[hash] = id
            if !url.isEmpty { byURL[url] = id }
        }
        for i in missing {
            guard let article = submissions[i].article else { continue }
            articleIDs[i] = byHash[article.contentHash] ?? article.url.flatMap { byURL[$0] }
        }
    }
}

/// The entities an extracted event names, as keys into the resolver.
struct EventRefs {
    var subject: EntityKey?
    var organization: EntityKey?
    var counterparty: EntityKey?
    var post: EntityKey?
    var acting: Bool
}

/// An entity as named in a batch: its kind and normalized name (lower-cased for matching).
struct EntityKey: Hashable {
    var kind: EntityKind
    var name: String
    var normalized: String { name.lowercased() }
}

/// Resolves names to entity ids: case-insensitive alias match of the same kind, else a new
/// entity. Conservative: a new entity rather than a wrong merge.
struct EntityResolver {
    let logger: Logger
    private(set) var keys: [EntityKey] = []
    private var keySet: Set<EntityKey> = []
    /// Post key → its organization key.
    private var postOrganization: [EntityKey: EntityKey] = [:]
    private(set) var ids: [EntityKey: Int64] = [:]

    init(logger: Logger) {
        self.logger = logger
    }

    private mutating func add(_ key: EntityKey) -> EntityKey {
        if keySet.insert(key).inserted { keys.append(key) }
        return key
    }

    /// The entity keys of one extracted event. Names the article defined as acronyms resolve
    /// as their full form.
    mutating func refs(for event: ExtractedEvent, in submission: ArticleSubmission) -> EventRefs {
        let expansions = Dictionary(submission.acronyms.map { ($0.short.lowercased(), $0.long) }, uniquingKeysWith: { first, _ in first })
        func clean(_ name: String?) -> String? {
            guard let name else { return nil }
            let text = normalizedName(name)
            guard !text.isEmpty else { return nil }
            return expansions[text.lowercased()].map(normalizedName) ?? String(text.prefix(400))
        }
        func kind(of name: String, default fallback: EntityKind?) -> EntityKind {
            if let known = submission.nameKinds[name] { return known == .post ? .organization : known }
            return fallback ?? EntityKindGuess.guess(name)
        }
        var refs = EventRefs(acting: false)
        let organization = clean(event.organization)
        if let organization { refs.organization = add(EntityKey(kind: .organization, name: organization)) }
        if let subject = clean(event.subject) {
            let fallback: EntityKind? = nil
            refs.subject = add(EntityKey(kind: kind(of: subject, default: fallback), name: subject))
        }
        if let counterparty = clean(event.counterparty) {
            refs.counterparty = add(EntityKey(kind: kind(of: counterparty, default: nil), name: counterparty))
        }
        if let role = event.role.map(normalizedName), !role.isEmpty {
            let (post, acting) = PostName.make(role: role, organization: organization)
            let key = add(EntityKey(kind: .post, name: post))
            if let org = refs.organization { postOrganization[key] = org }
            refs.post = key
            refs.acting = acting
        }
        return refs
    }

    /// Looks every key up by alias; creates the entities (and their name aliases) that are missing.
    mutating func resolve(_ tx: PostgresConnection) async throws {
        guard !keys.isEmpty else { return }
        let names = Array(Set(keys.map(\.normalized)))
        let rows = try await tx.query(
            """
            SELECT a.normalized, e.kind, coalesce(e.merged_into, e.id) AS id
            FROM aliases a JOIN entities e ON e.id = a.entity_id
            WHERE a.normalized = ANY(\(names)::text[])
            ORDER BY id
            """,
            logger: logger)
        // A name the store knows as a person or an organization resolves to it even when this
        // batch guessed the other kind (guesses are weak; the same name for both is rare).
        var partyMatches: [String: Int64] = [:]
        var keysByName: [String: [EntityKey]] = [:]
        for key in keys { keysByName[key.normalized, default: []].append(key) }
        for try await (normalized, kind, id) in rows.decode((String, String, Int64).self) {
            guard let kind = EntityKind(rawValue: kind) else { continue }
            if kind != .post, partyMatches[normalized] == nil { partyMatches[normalized] = id }
            for key in keysByName[normalized] ?? [] where key.kind == kind && ids[key] == nil {
                ids[key] = id
            }
        }
        for key in keys where key.kind != .post && ids[key] == nil {
            if let id = partyMatches[key.normalized] { ids[key] = id }
        }
        // Organizations and people first, so posts can point at their organization.
        let missing = keys.filter { ids[$0] == nil }
        guard !missing.isEmpty else { return }
        // Two keys that differ only in case are one new entity.
        var firstByNormalized: [String: EntityKey] = [:]
        var toCreate: [EntityKey] = []
        func identity(_ key: EntityKey) -> String { "\(key.kind == .post ? "post" : "party")|\(key.normalized)" }
        for key in missing {
            let identity = identity(key)
            if firstByNormalized[identity] == nil {
                firstByNormalized[identity] = key
                toCreate.append(key)
            }
        }
        let newIDs = try await PostgresEventStore.allocate(sequence: "entities_id_seq", count: toCreate.count, tx, logger: logger)
        for (key, id) in zip(toCreate, newIDs) { ids[key] = id }
        for key in missing where ids[key] == nil {
            ids[key] = firstByNormalized[identity(key)].flatMap { ids[$0] }
        }
        let kinds = toCreate.map(\.kind.rawValue)
        let entityNames = toCreate.map(\.name)
        let orgIDs: [Int64] = toCreate.map { key in postOrganization[key].flatMap { ids[$0] } ?? 0 }
        try await tx.query(
            """
            INSERT INTO entities (id, kind, name, organization_id)
            SELECT i, k, n, NULLIF(o, 0) FROM UNNEST(\(newIDs)::bigint[], \(kinds)::text[], \(entityNames)::text[], \(orgIDs)::bigint[]) AS t(i, k, n, o)
            """,
            logger: logger)
        try await tx.query(
            """
            INSERT INTO aliases (entity_id, name, kind)
            SELECT i, n, 'name' FROM UNNEST(\(newIDs)::bigint[], \(entityNames)::text[]) AS t(i, n)
            ON CONFLICT DO NOTHING
            """,
            logger: logger)
    }

    /// Makes each defined acronym an alias of its full name's organization.
    func addAcronymAliases(_ acronyms: [AcronymDefinition], _ tx: PostgresConnection) async throws {
        var entityIDs: [Int64] = [], shorts: [String] = []
        for acronym in acronyms {
            let long = normalizedName(acronym.long)
            let short = normalizedName(acronym.short)
            guard !short.isEmpty, short.count <= 400,
                  let id = ids[EntityKey(kind: .organization, name: long)] ?? keys.first(where: {
                      $0.kind == .organization && $0.normalized == long.lowercased()
                  }).flatMap({ ids[$0] })
            else { continue }
            entityIDs.append(id)
            shorts.append(short)
        }
        guard !entityIDs.isEmpty else { return }
        try await tx.query(
            """
            INSERT INTO aliases (entity_id, name, kind)
            SELECT i, n, 'acronym' FROM UNNEST(\(entityIDs)::bigint[], \(shorts)::text[]) AS t(i, n)
            ON CONFLICT DO NOTHING
            """,
            logger: logger)
        // An earlier article may have named only the acronym, making an organization known by
        // nothing else. Now that its full name is known, that stray joins it (a redirect), so the
        // short name does not stand for two entities.
        let strays = try await tx.query(
            """
            SELECT DISTINCT ON (e.id) e.id, d.target
            FROM UNNEST(\(entityIDs)::bigint[], \(shorts)::text[]) AS d(target, short)
            JOIN aliases a ON a.normalized = lower(d.short) AND a.kind = 'name'
            JOIN entities e ON e.id = a.entity_id
            WHERE e.kind = 'organization' AND e.merged_into IS NULL AND e.id <> d.target
              AND NOT EXISTS (SELECT 1 FROM aliases o WHERE o.entity_id = e.id AND o.normalized <> lower(d.short))
            ORDER BY e.id, d.target
            """,
            logger: logger)
        var from: [Int64] = [], to: [Int64] = []
        for try await (stray, target) in strays.decode((Int64, Int64).self) {
            from.append(stray)
            to.append(target)
        }
        guard !from.isEmpty else { return }
        try await tx.query(
            """
            UPDATE entities e SET merged_into = m.target
            FROM UNNEST(\(from)::bigint[], \(to)::bigint[]) AS m(stray, target)
            WHERE e.id = m.stray OR e.merged_into = m.stray
            """,
            logger: logger)
        try await tx.query(
            """
            UPDATE events ev SET principal_id = m.target, identity_key = ev.kind || '|' || m.target::text, updated_at = now()
            FROM UNNEST(\(from)::bigint[], \(to)::bigint[]) AS m(stray, target)
            WHERE ev.principal_id = m.stray
            """,
            logger: logger)
        try await tx.query(
            """
            UPDATE events ev SET counterparty_id = m.target
            FROM UNNEST(\(from)::bigint[], \(to)::bigint[]) AS m(stray, target)
            WHERE ev.counterparty_id = m.stray
            """,
            logger: logger)
    }

    func id(_ key: EntityKey?) -> Int64? { key.flatMap { ids[$0] } }
}

/// Turns a role as written ("Acting Commissioner", "CEO") and its organization into a post name
/// ("Commissioner, Internal Revenue Service") and whether the holder is acting.
enum PostName {
    static let actingWords: Set<String> = ["acting", "interim", "temporary", "caretaker"]

    static func make(role: String, organization: String?) -> (name: String, acting: Bool) {
        var words = role.split(separator: " ").map(String.init)
        var acting = false
        while let first = words.first, actingWords.contains(first.lowercased()) {
            acting = true
            words.removeFirst()
        }
        var title = words.joined(separator: " ")
        if title.isEmpty { title = role }
        if let first = title.first, first.isLowercase { title = first.uppercased() + title.dropFirst() }
        guard let organization else { return (title, acting) }
        return ("\(title), \(organization)", acting)
    }
}
