import DatelineCore
import Logging
import PostgresNIO

/// An in-memory snapshot of entity names and watchlist membership, for matching rules.
///
/// Names map to entities through every alias (canonical names included), entities to every
/// name they go by, and entities to the watchlists they are on. Membership follows the
/// structure of the store, as `dateline watchlists show` lists it: a post on a watchlist brings
/// the people who held it (`occupancies`), an organization brings its posts
/// (`entities.organization_id`) and their holders, and an entity merged into a member counts
/// as the member. The watcher keeps one and updates it from the marks each batch read returns.
public struct EntityDirectory: Sendable {
    /// Entity ids by normalized name (lower-cased, spaces collapsed).
    public private(set) var idsByName: [String: Set<Int64>] = [:]
    /// Every name of an entity.
    public private(set) var namesByID: [Int64: [String]] = [:]
    /// The watchlists each entity is on.
    public private(set) var watchlistsByID: [Int64: Set<String>] = [:]
    /// The fingerprint of the tables this snapshot was read from.
    public private(set) var fingerprint: String = ""

    /// An empty directory.
    public init() {}

    /// The normalized form of a name: lower-cased, trimmed, inner runs of spaces collapsed.
    public static func normalize(_ name: String) -> String {
        name.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Entities whose name or alias is `name` (ignoring case and spacing).
    public func entityIDs(named name: String) -> Set<Int64> { idsByName[Self.normalize(name)] ?? [] }

    /// Every name an entity goes by.
    public func names(of entityID: Int64) -> [String] { namesByID[entityID] ?? [] }

    /// The watchlists an entity is on (directly or through a post or organization).
    public func watchlists(containing entityID: Int64) -> Set<String> { watchlistsByID[entityID] ?? [] }

    /// Every alias up to this id has been read for good: later reads start after it.
    private var lastAliasID: Int64 = 0
    /// The newest alias read, and the snapshot's xmax then: once every transaction running at
    /// that read has ended, no alias below `pendingAliasID` can still appear (an alias id is
    /// taken before its transaction commits, so a late commit can show a lower id later).
    private var pendingAliasID: Int64 = 0
    private var pendingXmax: UInt64 = 0
    /// Merges seen at the last full read of names (a merge or split changes old names).
    private var mergedCount: Int64 = -1
    /// What membership was last read from.
    private var structure: String = ""
    /// Organization posts whose membership has been read (a new one re-reads membership).
    private var postsSeen: Set<Int64> = []

    /// Reads the whole directory on one connection.
    public static func load(on connection: PostgresConnection, logger: Logger) async throws -> EntityDirectory {
        var directory = EntityDirectory()
        try await directory.refresh(on: connection, logger: logger)
        return directory
    }

    /// What watchlist membership is derived from, as one text: it changes when watchlists,
    /// members or occupancies do. New posts of an organization are caught from new aliases
    /// (`DirectoryMarks.freshPosts`), so ingest creating people does not force a re-read.
    static let structureExpression = """
        concat_ws('/', (SELECT coalesce(max(id), 0) FROM occupancies), (SELECT count(*) FROM occupancies),
            (SELECT count(*) FROM watchlists), (SELECT coalesce(max(id), 0) FROM watchlists),
            (SELECT count(*) FROM watchlist_members), (SELECT coalesce(sum(entity_id), 0) FROM watchlist_members))
        """

    /// The alias bound to pass to `ChangeFeed.readBatch`: aliases above it are not known for good.
    public var aliasesAfter: Int64 { lastAliasID }

    /// Brings the snapshot up to date: new aliases are read incrementally (ingest adds
    /// entities all the time); watchlist membership is re-read when watchlists, members,
    /// occupancies or merges changed, or a new post of an organization appeared; all names are
    /// re-read after a merge or split.
    public mutating func refresh(on connection: PostgresConnection, logger: Logger) async throws {
        let rows = try await connection.query(
            """
            SELECT (SELECT coalesce(max(id), 0) FROM aliases), (SELECT count(*) FROM entities WHERE merged_into IS NOT NULL),
                   pg_snapshot_xmin(pg_current_snapshot())::text, pg_snapshot_xmax(pg_current_snapshot())::text,
                   \(unescaped: Self.structureExpression)
            """,
            logger: logger)
        var marks = DirectoryMarks(xmin: 0, xmax: 0, aliasMax: 0, merged: 0, structure: "", freshNames: [], freshPosts: [], aliasesAfter: -1)
        for try await (a, m, low, high, s) in rows.decode((Int64, Int64, String, String, String).self) {
            (marks.aliasMax, marks.merged, marks.xmin, marks.xmax, marks.structure) = (a, m, UInt64(low) ?? 0, UInt64(high) ?? 0, s)
        }
        try await update(with: marks, on: connection, logger: logger)
    }

    /// Brings the snapshot up to date with marks read in a batch's snapshot (the aliases read
    /// with them are added without another query); reads more only when merges, watchlist
    /// membership or new organization posts call for it.
    public mutating func update(with marks: DirectoryMarks, on connection: PostgresConnection, logger: Logger) async throws {
        var marks = marks
        var reread = false
        if marks.merged != mergedCount {
            idsByName = [:]
            namesByID = [:]
            lastAliasID = 0
            pendingAliasID = 0
            pendingXmax = 0
            mergedCount = marks.merged
            structure = ""
            reread = true
        }
        let readFrom = lastAliasID
        if pendingXmax != 0 && marks.xmin >= pendingXmax {
            lastAliasID = max(lastAliasID, pendingAliasID)
            pendingXmax = 0
        }
        if reread || marks.aliasesAfter != readFrom {
            // The marks' aliases were not read from this directory's bound: read them now.
            marks.freshNames = []
            marks.freshPosts = []
            if marks.aliasMax > readFrom {
                // A merged entity's names also find the survivor (and the survivor's names the merged id).
                let names = try await connection.query(
                    """
                    SELECT coalesce(e.merged_into, e.id), a.name,
                           CASE WHEN e.kind = 'post' AND e.organization_id IS NOT NULL THEN e.id ELSE 0 END
                    FROM aliases a JOIN entities e ON e.id = a.entity_id
                    WHERE a.id > \(readFrom) AND a.id <= \(marks.aliasMax)
                    UNION ALL
                    SELECT e.id, a.name, 0 FROM entities e JOIN aliases a ON a.entity_id = e.merged_into
                    WHERE a.id > \(readFrom) AND a.id <= \(marks.aliasMax)
                    """,
                    logger: logger)
                for try await (id, name, post) in names.decode((Int64, String, Int64).self) {
                    marks.freshNames.append((id: id, name: name))
                    if post != 0 { marks.freshPosts.append(post) }
                }
            }
        }
        for (id, name) in marks.freshNames { add(name: name, for: id) }
        if marks.aliasMax > readFrom {
            // Re-read from `lastAliasID` until the transactions running now have ended.
            pendingAliasID = marks.aliasMax
            pendingXmax = marks.xmax
        }
        let newPosts = marks.freshPosts.filter { !postsSeen.contains($0) }
        if marks.structure != structure || !newPosts.isEmpty {
            postsSeen.formUnion(newPosts)
            var memberships: [Int64: Set<String>] = [:]
            let members = try await connection.query(
                """
                WITH direct AS (
                    SELECT w.name AS watchlist, m.entity_id FROM watchlists w JOIN watchlist_members m ON m.watchlist_id = w.id
                ), posts AS (
                    SELECT d.watchlist, p.id AS entity_id FROM direct d JOIN entities p ON p.organization_id = d.entity_id AND p.kind = 'post'
                ), expanded AS (
                    SELECT * FROM direct UNION SELECT * FROM posts
                ), holders AS (
                    SELECT x.watchlist, o.person_id AS entity_id FROM expanded x JOIN occupancies o ON o.post_id = x.entity_id
                ), everyone AS (
                    SELECT * FROM expanded UNION SELECT * FROM holders
                )
                SELECT watchlist, entity_id FROM everyone
                UNION SELECT ev.watchlist, e.id FROM everyone ev JOIN entities e ON e.merged_into = ev.entity_id
                """,
                logger: logger)
            for try await (watchlist, id) in members.decode((String, Int64).self) { memberships[id, default: []].insert(watchlist) }
            watchlistsByID = memberships
            structure = marks.structure
        }
        fingerprint = "\(marks.aliasMax)/\(mergedCount)/\(structure)"
    }

    /// Adds a name for an entity (names participants were stored under that are not aliases).
    public mutating func add(name: String, for entityID: Int64) {
        let key = Self.normalize(name)
        guard !key.isEmpty else { return }
        idsByName[key, default: []].insert(entityID)
        if namesByID[entityID]?.contains(name) != true { namesByID[entityID, default: []].append(name) }
    }
}
