import DatelineCore
import DatelineTimeline
import Logging
import PostgresNIO

/// Timelines from the stored events: selection, order and keyset pages in SQL, assembly and
/// wording in `DatelineTimeline`.
///
/// **Selection.** `--entity` references resolve by name, alias or id and follow merge redirects
/// (`PostgresEventStore.resolveEntities`); posts resolve by name among entities of kind `post`;
/// watchlists by name to their members. Every selected entity then expands:
/// - an organization brings its posts (`entities.organization_id`);
/// - a post (selected, or found through its organization) brings its holders (`occupancies`):
///   a holder's events are included when their date begins within the holder's tenure, from the
///   earliest day the start may be (`lower(started)`) to the last day the end may be
///   (`upper(ended)`), open-ended on a side that is unknown. A holder's undated events are not
///   included (they cannot be placed in the tenure); events that name the post or the
///   organization itself are, dated or not.
///
/// Rejected events (`events.rejected`) never appear.
///
/// **Order and pages.** Exactly `TimelineAssembler`'s order, computed in SQL: (undated last,
/// lower bound of the date, precision rank coarser first, `created_at` to the second, id). The
/// keyset predicate compares that tuple with the `TimelineCursor`, so paging with `nextCursor`
/// lists every entry once. The per-entity path is a range scan of
/// `event_participants (entity_id, sort_date, event_id)` from the cursor's date.
///
/// **Evidence.** The page's participants, mentions (with their article's URL, publication, date
/// and headline) and status histories are read with one set query each, concurrently.
public struct PostgresTimelineStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// A store on a running client.
    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The largest page a query may ask for.
    public static let maximumLimit = 100_000

    /// Builds the timeline (or the page of it) that `query` selects.
    ///
    /// - Parameters:
    ///   - title: the heading; `nil` names it after the selection (the entities' canonical
    ///     names, the posts', the watchlists'; "All events" with no subject filter).
    ///   - generatedAt: ISO 8601 UTC, stored as given (pass a clock's reading).
    /// - Throws: `StorageError` with category `invalidInput` for a bad query, code
    ///   `unknown_entity`, `unknown_post` or `unknown_watchlist` for a name the store does not know.
    public func timeline(_ query: TimelineQuery, title: String? = nil, generatedAt: String) async throws -> Timeline {
        try Self.validate(query)
        let subject = try await resolve(query)
        let resolvedTitle: String
        if let title {
            resolvedTitle = title
        } else {
            resolvedTitle = try await defaultTitle(query, subject: subject)
        }
        let (entries, next) = try await page(query, roots: subject?.roots)
        var timeline = TimelineAssembler.assemble(entries, title: resolvedTitle, selection: query.summary, generatedAt: generatedAt)
        timeline.nextCursor = next?.encoded
        return timeline
    }

    /// Checks a query's values before any SQL runs.
    static func validate(_ query: TimelineQuery) throws {
        if let limit = query.limit, !(1...maximumLimit).contains(limit) {
            throw StorageError.invalid("limit must be between 1 and \(maximumLimit), got \(limit)")
        }
        if let from = query.from, let to = query.to, to < from {
            throw StorageError.invalid("the date range is empty: to \(to.iso) is before from \(from.iso)")
        }
        if let minSources = query.minSources, minSources < 0 {
            throw StorageError.invalid("the minimum number of sources must be 0 or more, got \(minSources)")
        }
        if let text = query.text, text.count > 1000 {
            throw StorageError.invalid("the text query is longer than 1000 characters")
        }
        if query.entities.contains(where: { normalizedName($0).isEmpty }) || query.posts.contains(where: { normalizedName($0).isEmpty }) {
            throw StorageError.invalid("an entity or post name is empty")
        }
    }

    // MARK: - Selection

    /// What the subject filters resolved to, before expansion.
    struct Subject {
        /// Every selected entity id (entities, posts, watchlist members), without repeats.
        var roots: [Int64]
        /// The ids `--entity` and `--post` resolved to, for the default title.
        var named: [Int64]
    }

    /// The entity ids the subject filters name (before expansion); `nil` when there is no
    /// subject filter (every event is a candidate).
    func resolve(_ query: TimelineQuery) async throws -> Subject? {
        guard query.hasSubject else { return nil }
        var named: [Int64] = []
        let events = PostgresEventStore(client: client, logger: logger)
        for reference in query.entities {
            let ids = try await events.resolveEntities([reference])
            guard !ids.isEmpty else {
                throw StorageError.invalid("no entity has the name, alias or id '\(reference)'", code: "unknown_entity")
            }
            named += ids
        }
        if !query.posts.isEmpty { named += try await resolvePosts(query.posts) }
        var roots = named
        if !query.watchlists.isEmpty { roots += try await watchlistMembers(query.watchlists) }
        var seen = Set<Int64>()
        return Subject(roots: roots.filter { seen.insert($0).inserted }, named: named)
    }

    /// Post ids by name or alias, survivors of merges.
    func resolvePosts(_ names: [String]) async throws -> [Int64] {
        let normalized = names.map { normalizedName($0).lowercased() }
        var found: [String: [Int64]] = [:]
        do {
            let rows = try await client.query(
                """
                SELECT DISTINCT a.normalized, coalesce(e.merged_into, e.id)
                FROM aliases a JOIN entities e ON e.id = a.entity_id
                WHERE a.normalized = ANY(\(normalized)::text[]) AND e.kind = 'post'
                """,
                logger: logger)
            for try await (name, id) in rows.decode((String, Int64).self) { found[name, default: []].append(id) }
        } catch {
            throw StorageError.wrap(error, doing: "resolving posts")
        }
        var ids: [Int64] = []
        for (name, key) in zip(names, normalized) {
            guard let hits = found[key] else {
                throw StorageError.invalid("no post has the name or alias '\(name)'", code: "unknown_post")
            }
            ids += hits.sorted()
        }
        return ids
    }

    /// The members of the named watchlists; an unknown name is an error, an empty list is not.
    func watchlistMembers(_ names: [String]) async throws -> [Int64] {
        var known = Set<String>()
        var members: [Int64] = []
        do {
            let rows = try await client.query(
                """
                SELECT w.name, coalesce(m.entity_id, 0)
                FROM watchlists w LEFT JOIN watchlist_members m ON m.watchlist_id = w.id
                WHERE w.name = ANY(\(names)::text[])
                ORDER BY w.name, m.entity_id
                """,
                logger: logger)
            for try await (name, entity) in rows.decode((String, Int64).self) {
                known.insert(name)
                if entity != 0 { members.append(entity) }
            }
        } catch {
            throw StorageError.wrap(error, doing: "reading watchlists")
        }
        if let unknown = names.first(where: { !known.contains($0) }) {
            throw StorageError.invalid("no watchlist is named '\(unknown)'", code: "unknown_watchlist")
        }
        return members
    }

    /// "Internal Revenue Service", "Internal Revenue Service, Watchlist courts", "All events".
    func defaultTitle(_ query: TimelineQuery, subject: Subject?) async throws -> String {
        guard let subject else { return "All events" }
        var parts: [String] = []
        if !subject.named.isEmpty { parts += try await canonicalNames(subject.named) }
        parts += query.watchlists.map { "Watchlist \($0)" }
        return parts.isEmpty ? "All events" : parts.joined(separator: ", ")
    }

    /// The canonical names of entities (merged-away entities left out), in id order.
    private func canonicalNames(_ ids: [Int64]) async throws -> [String] {
        do {
            let rows = try await client.query(
                "SELECT name FROM entities WHERE id = ANY(\(ids)::bigint[]) AND merged_into IS NULL ORDER BY id", logger: logger)
            var names: [String] = []
            for try await name in rows.decode(String.self) where !names.contains(name) { names.append(name) }
            return names
        } catch {
            throw StorageError.wrap(error, doing: "naming the timeline")
        }
    }
}
