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
/// as the member. The watcher
/// reloads it when `fingerprint` changes.
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

    /// A cheap check of whether entities, aliases, occupancies or watchlists changed.
    public static func fingerprint(on connection: PostgresConnection, logger: Logger) async throws -> String {
        let rows = try await connection.query(
            """
            SELECT concat_ws('/',
                (SELECT coalesce(max(id), 0) FROM entities), (SELECT count(*) FROM entities WHERE merged_into IS NOT NULL),
                (SELECT coalesce(max(id), 0) FROM aliases), (SELECT count(*) FROM aliases),
                (SELECT coalesce(max(id), 0) FROM occupancies), (SELECT count(*) FROM occupancies),
                (SELECT count(*) FROM watchlists), (SELECT coalesce(max(id), 0) FROM watchlists),
                (SELECT count(*) FROM watchlist_members), (SELECT coalesce(sum(entity_id), 0) FROM watchlist_members))
            """,
            logger: logger)
        for try await text in rows.decode(String.self) { return text }
        return ""
    }

    /// Reads the whole directory on one connection.
    public static func load(on connection: PostgresConnection, logger: Logger) async throws -> EntityDirectory {
        var directory = EntityDirectory()
        directory.fingerprint = try await fingerprint(on: connection, logger: logger)
        // A merged entity's names also find the survivor.
        let names = try await connection.query(
            """
            SELECT coalesce(e.merged_into, e.id), a.name FROM aliases a JOIN entities e ON e.id = a.entity_id
            UNION ALL
            SELECT e.id, a.name FROM entities e JOIN aliases a ON a.entity_id = e.merged_into
            ORDER BY 1
            """,
            logger: logger)
        for try await (id, name) in names.decode((Int64, String).self) {
            let key = normalize(name)
            directory.idsByName[key, default: []].insert(id)
            if directory.namesByID[id]?.contains(name) != true { directory.namesByID[id, default: []].append(name) }
        }
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
        for try await (watchlist, id) in members.decode((String, Int64).self) {
            directory.watchlistsByID[id, default: []].insert(watchlist)
        }
        return directory
    }

    /// Adds a name for an entity (names participants were stored under that are not aliases).
    public mutating func add(name: String, for entityID: Int64) {
        let key = Self.normalize(name)
        guard !key.isEmpty else { return }
        idsByName[key, default: []].insert(entityID)
        if namesByID[entityID]?.contains(name) != true { namesByID[entityID, default: []].append(name) }
    }
}
