import DatelineCore
import Logging
import PostgresNIO

/// A watchlist and what it covers.
public struct WatchlistDetail: Sendable, Hashable, Codable {
    public var name: String
    public var description: String?
    /// The entities put on it.
    public var members: [Entity]
    /// Everything it follows: members, an organization's posts, and the people who held the
    /// posts covered (a post follows whoever holds it).
    public var covered: [Entity]
}

/// Watchlists: named sets of people, organizations and posts a newsroom follows.
public struct PostgresWatchlistStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    var entities: PostgresEntityStore { PostgresEntityStore(client: client, logger: logger) }

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static func validate(_ name: String) throws {
        let ok = (1...80).contains(name.count) && name.first.map { $0.isLetter || $0.isNumber } == true
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) }
        guard ok else { throw StorageError.invalid("watchlist name '\(name)' must be 1–80 letters, digits, '.', '_' or '-' (starting with a letter or digit)") }
    }

    /// Creates a watchlist; an existing one keeps its members (the description is updated).
    public func create(_ name: String, description: String? = nil) async throws {
        try Self.validate(name)
        do {
            try await client.query(
                "INSERT INTO watchlists (name, description) VALUES (\(name), \(description)) ON CONFLICT (name) DO UPDATE SET description = coalesce(EXCLUDED.description, watchlists.description)",
                logger: logger)
        } catch {
            throw StorageError.wrap(error, doing: "creating watchlist \(name)")
        }
    }

    func id(of name: String) async throws -> Int64 {
        let rows = try await client.query("SELECT id FROM watchlists WHERE name = \(name)", logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw StorageError.notFound("no watchlist named '\(name)' (create it with `dateline watchlists create \(name)`)")
    }

    /// Adds entities by name, alias or id; unknown names are created (as `kind`, or guessed), so
    /// a newsroom can watch someone before any article names them.
    @discardableResult
    public func add(_ name: String, members: [(reference: String, kind: EntityKind?)]) async throws -> [Entity] {
        let watchlist = try await id(of: name)
        var added: [Entity] = []
        for member in members {
            added.append(try await entities.findOrCreate(member.reference, kind: member.kind))
        }
        do {
            try await client.query(
                "INSERT INTO watchlist_members (watchlist_id, entity_id) SELECT \(watchlist), unnest(\(added.map(\.id))::bigint[]) ON CONFLICT DO NOTHING",
                logger: logger)
        } catch {
            throw StorageError.wrap(error, doing: "adding to watchlist \(name)")
        }
        return added
    }

    /// Takes entities off a watchlist (the entities themselves stay).
    public func remove(_ name: String, members: [String]) async throws -> Int {
        let watchlist = try await id(of: name)
        var ids: [Int64] = []
        for member in members { ids.append(try await entities.resolveOne(member).id) }
        do {
            let rows = try await client.query(
                """
                DELETE FROM watchlist_members WHERE watchlist_id = \(watchlist)
                  AND entity_id IN (SELECT id FROM entities WHERE id = ANY(\(ids)::bigint[]) OR merged_into = ANY(\(ids)::bigint[]))
                RETURNING entity_id
                """,
                logger: logger)
            var count = 0
            for try await _ in rows.decode(Int64.self) { count += 1 }
            return count
        } catch {
            throw StorageError.wrap(error, doing: "removing from watchlist \(name)")
        }
    }

    /// Makes the watchlist exactly this, in one transaction: created if missing, its
    /// description replaced (`nil` clears it), members not listed taken off, listed ones added.
    /// Members are names, aliases or ids; unknown names are created (as their kind, or guessed).
    /// An ambiguous or unknown-id member fails before anything is written.
    ///
    /// - Returns: whether the watchlist was created (not replaced), and what it now is.
    public func replace(_ name: String, description: String?, members: [(reference: String, kind: EntityKind?)]) async throws
        -> (created: Bool, detail: WatchlistDetail)
    {
        try Self.validate(name)
        if let description, description.count > 1000 { throw StorageError.invalid("description: at most 1000 characters") }
        var known: [Int64] = []
        var missing: [(name: String, kind: EntityKind)] = []
        var missingKeys: Set<String> = []
        for member in members {
            do {
                known.append(try await entities.resolveOne(member.reference, kind: member.kind).id)
            } catch let error as StorageError where error.category == .notFound && Int64(member.reference) == nil {
                let text = member.reference.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                guard !text.isEmpty, text.count <= 400 else { throw StorageError.invalid("an entity name must be 1–400 characters") }
                let kind = member.kind ?? EntityKindGuess.guess(text)
                if missingKeys.insert("\(kind.rawValue)|\(text.lowercased())").inserted { missing.append((text, kind)) }
            }
        }
        let entityStore = entities
        let created: Bool
        do {
            created = try await client.withTransaction(logger: logger) { tx in
                var ids = known
                for entity in missing { ids.append(try await entityStore.insert(entity.name, kind: entity.kind, tx).id) }
                let rows = try await tx.query(
                    """
                    INSERT INTO watchlists (name, description) VALUES (\(name), \(description))
                    ON CONFLICT (name) DO UPDATE SET description = EXCLUDED.description
                    RETURNING id, (xmax = 0)
                    """,
                    logger: logger)
                var watchlist: Int64 = 0, inserted = false
                for try await (id, isNew) in rows.decode((Int64, Bool).self) { (watchlist, inserted) = (id, isNew) }
                try await tx.query(
                    "DELETE FROM watchlist_members WHERE watchlist_id = \(watchlist) AND NOT (entity_id = ANY(\(ids)::bigint[]))", logger: logger)
                try await tx.query(
                    "INSERT INTO watchlist_members (watchlist_id, entity_id) SELECT \(watchlist), unnest(\(ids)::bigint[]) ON CONFLICT DO NOTHING",
                    logger: logger)
                return inserted
            }
        } catch {
            throw StorageError.wrap(error, doing: "writing watchlist \(name)")
        }
        return (created, try await show(name))
    }

    /// Deletes a watchlist.
    public func delete(_ name: String) async throws {
        let watchlist = try await id(of: name)
        try await client.query("DELETE FROM watchlists WHERE id = \(watchlist)", logger: logger)
    }

    public func list() async throws -> [(name: String, description: String?, members: Int)] {
        let rows = try await client.query(
            "SELECT w.name, coalesce(w.description, ''), (SELECT count(*)::int FROM watchlist_members m WHERE m.watchlist_id = w.id) FROM watchlists w ORDER BY w.name",
            logger: logger)
        var result: [(String, String?, Int)] = []
        for try await (name, description, count) in rows.decode((String, String, Int).self) {
            result.append((name, description.isEmpty ? nil : description, count))
        }
        return result
    }

    /// The members and everything the watchlist covers.
    public func show(_ name: String) async throws -> WatchlistDetail {
        let watchlist = try await id(of: name)
        do {
            var detail = WatchlistDetail(name: name, description: nil, members: [], covered: [])
            let meta = try await client.query("SELECT coalesce(description, '') FROM watchlists WHERE id = \(watchlist)", logger: logger)
            for try await text in meta.decode(String.self) { detail.description = text.isEmpty ? nil : text }
            let members = try await client.query(
                """
                SELECT s.id, s.kind, s.name FROM watchlist_members m
                JOIN entities e ON e.id = m.entity_id JOIN entities s ON s.id = coalesce(e.merged_into, e.id)
                WHERE m.watchlist_id = \(watchlist) ORDER BY s.kind, s.name
                """,
                logger: logger)
            for try await (id, kind, name) in members.decode((Int64, String, String).self) {
                detail.members.append(Entity(id: id, kind: EntityKind(rawValue: kind) ?? .organization, name: name))
            }
            detail.members = try await entities.attachAliases(detail.members)
            // Covered: members (and what was merged into them), an organization's posts, and every
            // person who held a covered post.
            let covered = try await client.query(
                """
                WITH members AS (
                    SELECT e.id FROM watchlist_members m JOIN entities e ON e.id = m.entity_id OR e.merged_into = m.entity_id
                    WHERE m.watchlist_id = \(watchlist)
                ), posts AS (
                    SELECT id FROM members
                    UNION SELECT p.id FROM entities p JOIN members o ON p.organization_id = o.id WHERE p.kind = 'post'
                ), covered AS (
                    SELECT id FROM posts
                    UNION SELECT o.person_id FROM occupancies o JOIN posts p ON o.post_id = p.id
                )
                SELECT e.id, e.kind, e.name FROM entities e JOIN covered c ON c.id = e.id ORDER BY e.kind, e.name
                """,
                logger: logger)
            for try await (id, kind, name) in covered.decode((Int64, String, String).self) {
                detail.covered.append(Entity(id: id, kind: EntityKind(rawValue: kind) ?? .organization, name: name))
            }
            return detail
        } catch {
            throw StorageError.wrap(error, doing: "reading watchlist \(name)")
        }
    }
}
