import DatelineCore
import Logging
import PostgresNIO

/// An entity with what people need to check it: aliases, redirects, posts, holders, event count.
public struct EntityDetail: Sendable, Hashable, Codable {
    public var entity: Entity
    /// Set when this entity was merged into another: that one is the survivor.
    public var mergedInto: Int64?
    /// Entities merged into this one.
    public var mergedFrom: [Int64]
    /// For a post: its organization; for an organization: its posts.
    public var organization: Int64?
    public var posts: [Entity]
    /// For a post: who held it (or holds it), with the dates known.
    public var holders: [Occupancy]
    /// For a person: the posts they held.
    public var held: [Occupancy]
    public var eventCount: Int
}

/// One person's time in a post, as far as the events tell.
public struct Occupancy: Sendable, Hashable, Codable {
    public var postID: Int64
    public var postName: String
    public var personID: Int64
    public var personName: String
    public var acting: Bool
    /// The day range the start is known to lie in (from the appointment), if known.
    public var startedFrom: CalendarDate?
    public var startedTo: CalendarDate?
    /// The day range the end is known to lie in (from the resignation or dismissal), if known.
    public var endedFrom: CalendarDate?
    public var endedTo: CalendarDate?
}

/// People, organizations and posts: listing, aliases, merges and splits, and who held a post.
public struct PostgresEntityStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Entities by kind and/or a name fragment, with their aliases, survivors only.
    public func list(kind: EntityKind? = nil, matching query: String? = nil, limit: Int = 100) async throws -> [Entity] {
        guard (1...10_000).contains(limit) else { throw StorageError.invalid("limit must be between 1 and 10000") }
        let kindText = kind?.rawValue ?? ""
        let pattern = query.map { "%" + $0.lowercased().replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%" } ?? "%"
        do {
            let rows = try await client.query(
                """
                SELECT e.id, e.kind, e.name
                FROM entities e
                WHERE e.merged_into IS NULL AND (\(kindText) = '' OR e.kind = \(kindText))
                  AND EXISTS (SELECT 1 FROM aliases a WHERE a.entity_id = e.id AND a.normalized LIKE \(pattern))
                ORDER BY e.kind, lower(e.name), e.id
                LIMIT \(limit)
                """,
                logger: logger)
            var entities: [Entity] = []
            for try await (id, kind, name) in rows.decode((Int64, String, String).self) {
                entities.append(Entity(id: id, kind: EntityKind(rawValue: kind) ?? .organization, name: name))
            }
            return try await attachAliases(entities)
        } catch {
            throw StorageError.wrap(error, doing: "listing entities")
        }
    }

    func attachAliases(_ entities: [Entity]) async throws -> [Entity] {
        guard !entities.isEmpty else { return [] }
        let rows = try await client.query(
            "SELECT entity_id, name, kind FROM aliases WHERE entity_id = ANY(\(entities.map(\.id))::bigint[]) AND kind <> 'name' ORDER BY entity_id, id",
            logger: logger)
        var byEntity: [Int64: [EntityAlias]] = [:]
        for try await (id, name, kind) in rows.decode((Int64, String, String).self) {
            byEntity[id, default: []].append(EntityAlias(name: name, kind: AliasKind(rawValue: kind) ?? .alias))
        }
        return entities.map { var e = $0; e.aliases = byEntity[e.id] ?? []; return e }
    }

    /// Resolves one reference (id, name or alias) to exactly one entity (following a merge),
    /// or says why not: none, or several (listing them, so the user can pass an id).
    public func resolveOne(_ reference: String, kind: EntityKind? = nil) async throws -> Entity {
        let name = reference.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
        let id = Int64(reference) ?? 0
        let kindText = kind?.rawValue ?? ""
        do {
            let rows = try await client.query(
                """
                SELECT DISTINCT s.id, s.kind, s.name
                FROM entities e JOIN entities s ON s.id = coalesce(e.merged_into, e.id)
                WHERE (e.id = \(id) OR e.id IN (SELECT entity_id FROM aliases WHERE normalized = \(name)))
                  AND (\(kindText) = '' OR s.kind = \(kindText))
                ORDER BY s.id
                """,
                logger: logger)
            var found: [Entity] = []
            for try await (id, kind, name) in rows.decode((Int64, String, String).self) {
                found.append(Entity(id: id, kind: EntityKind(rawValue: kind) ?? .organization, name: name))
            }
            if found.count == 1, let only = found.first { return only }
            if found.isEmpty { throw StorageError.notFound("no \(kind?.rawValue ?? "entity") named '\(reference)'") }
            let list = found.map { "#\($0.id) \($0.name) (\($0.kind.rawValue))" }.joined(separator: ", ")
            throw StorageError(code: "ambiguous_entity", message: "'\(reference)' names several entities: \(list); give the id", category: .invalidInput)
        } catch {
            throw StorageError.wrap(error, doing: "finding entity '\(reference)'")
        }
    }

    /// Finds the entity, or creates it (as `kind`, or a guess from the name): for watching
    /// someone before any article names them.
    public func findOrCreate(_ reference: String, kind: EntityKind?) async throws -> Entity {
        do {
            return try await resolveOne(reference, kind: kind)
        } catch let error as StorageError where error.category == .notFound {
            guard Int64(reference) == nil else { throw error }
            let name = reference.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard !name.isEmpty, name.count <= 400 else { throw StorageError.invalid("an entity name must be 1–400 characters") }
            let entityKind = kind ?? EntityKindGuess.guess(name)
            return try await client.withTransaction(logger: logger) { tx in try await insert(name, kind: entityKind, tx) }
        }
    }

    /// Inserts a new entity with its name as its first alias, in the caller's transaction.
    func insert(_ name: String, kind: EntityKind, _ tx: PostgresConnection) async throws -> Entity {
        let rows = try await tx.query("INSERT INTO entities (kind, name) VALUES (\(kind.rawValue), \(name)) RETURNING id", logger: logger)
        var id: Int64 = 0
        for try await value in rows.decode(Int64.self) { id = value }
        try await tx.query("INSERT INTO aliases (entity_id, name, kind) VALUES (\(id), \(name), 'name')", logger: logger)
        return Entity(id: id, kind: kind, name: name)
    }

    /// Everything about one entity.
    public func detail(_ reference: String) async throws -> EntityDetail {
        let entity = try await resolveOne(reference)
        do {
            let withAliases = try await attachAliases([entity])
            var detail = EntityDetail(entity: withAliases.first ?? entity, mergedInto: nil, mergedFrom: [], organization: nil, posts: [],
                                      holders: [], held: [], eventCount: 0)
            let info = try await client.query(
                """
                SELECT coalesce(organization_id, 0),
                       (SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM entities WHERE merged_into = \(entity.id)),
                       (SELECT count(DISTINCT p.event_id)::int FROM event_participants p JOIN events ev ON ev.id = p.event_id
                        WHERE NOT ev.rejected AND p.entity_id IN (SELECT id FROM entities WHERE id = \(entity.id) OR merged_into = \(entity.id)))
                FROM entities WHERE id = \(entity.id)
                """,
                logger: logger)
            for try await (org, mergedFrom, count) in info.decode((Int64, [Int64], Int).self) {
                detail.organization = org == 0 ? nil : org
                detail.mergedFrom = mergedFrom
                detail.eventCount = count
            }
            let posts = try await client.query(
                "SELECT id, name FROM entities WHERE organization_id = \(entity.id) AND kind = 'post' AND merged_into IS NULL ORDER BY name",
                logger: logger)
            for try await (id, name) in posts.decode((Int64, String).self) { detail.posts.append(Entity(id: id, kind: .post, name: name)) }
            detail.holders = try await occupancies(postIDs: [entity.id] + detail.posts.map(\.id), personID: nil)
            detail.held = try await occupancies(postIDs: [], personID: entity.id)
            return detail
        } catch {
            throw StorageError.wrap(error, doing: "reading entity '\(reference)'")
        }
    }

    /// Who held a post (or any post of an organization) on a day: occupancies whose start is on
    /// or before the day (or unknown) and whose end is after it (or not recorded).
    public func holders(of reference: String, on day: CalendarDate) async throws -> [Occupancy] {
        let detail = try await detail(reference)
        return detail.holders.filter { o in
            let started = o.startedFrom.map { $0 <= day } ?? true
            let notEnded = o.endedTo.map { $0 >= day } ?? true
            return started && notEnded
        }
    }

    func occupancies(postIDs: [Int64], personID: Int64?) async throws -> [Occupancy] {
        let person = personID ?? 0
        let rows = try await client.query(
            """
            SELECT o.post_id, post.name, o.person_id, person.name, o.acting,
                   coalesce(lower(o.started)::text, ''), coalesce((upper(o.started) - 1)::text, ''),
                   coalesce(lower(o.ended)::text, ''), coalesce((upper(o.ended) - 1)::text, '')
            FROM occupancies o JOIN entities post ON post.id = o.post_id JOIN entities person ON person.id = o.person_id
            WHERE o.post_id = ANY(\(postIDs)::bigint[]) OR o.person_id = \(person)
            ORDER BY lower(o.started) NULLS FIRST, o.id
            """,
            logger: logger)
        var result: [Occupancy] = []
        for try await row in rows.decode((Int64, String, Int64, String, Bool, String, String, String, String).self) {
            let (postID, postName, personID, personName, acting, sf, st, ef, et) = row
            result.append(Occupancy(postID: postID, postName: postName, personID: personID, personName: personName, acting: acting,
                                    startedFrom: CalendarDate(iso: sf), startedTo: CalendarDate(iso: st),
                                    endedFrom: CalendarDate(iso: ef), endedTo: CalendarDate(iso: et)))
        }
        return result
    }

    /// Adds another name for an entity (case-insensitive unique per entity).
    ///
    /// - Throws: `alias_taken` (conflict) when the name already stands for another entity, so
    ///   one name never silently means two things; merge them instead.
    public func addAlias(_ reference: String, alias: String, kind: AliasKind) async throws -> Entity {
        let entity = try await resolveOne(reference)
        let name = alias.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !name.isEmpty, name.count <= 400 else { throw StorageError.invalid("an alias must be 1–400 characters") }
        guard kind != .name else { throw StorageError.invalid("alias kind must be acronym, alias or previous") }
        do {
            return try await client.withTransaction(logger: logger) { tx in
                try await tx.query("SELECT pg_advisory_xact_lock(\(PostgresEventStore.writeLockKey))", logger: logger)
                let owners = try await tx.query(
                    """
                    SELECT DISTINCT s.id, s.name FROM aliases a JOIN entities e ON e.id = a.entity_id JOIN entities s ON s.id = coalesce(e.merged_into, e.id)
                    WHERE a.normalized = lower(\(name)) AND s.id <> \(entity.id) ORDER BY s.id LIMIT 1
                    """,
                    logger: logger)
                for try await (id, owner) in owners.decode((Int64, String).self) {
                    throw StorageError(code: "alias_taken", message: "'\(name)' already names #\(id) \(owner); merge the two entities if they are one", category: .conflict)
                }
                try await tx.query(
                    "INSERT INTO aliases (entity_id, name, kind) VALUES (\(entity.id), \(name), \(kind.rawValue)) ON CONFLICT (entity_id, normalized) DO UPDATE SET kind = EXCLUDED.kind",
                    logger: logger)
                return entity
            }.withAliases(self)
        } catch {
            throw StorageError.wrap(error, doing: "adding alias '\(name)'")
        }
    }

    /// Removes another name of an entity (not its own name).
    ///
    /// - Throws: `not_found` when the entity has no such alias, `invalid_input` for its own name.
    public func removeAlias(_ reference: String, alias: String) async throws -> Entity {
        let entity = try await resolveOne(reference)
        let name = alias.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        do {
            // The entity's own aliases, and those of entities merged into it.
            let rows = try await client.query(
                """
                DELETE FROM aliases WHERE normalized = lower(\(name)) AND kind <> 'name'
                  AND entity_id IN (SELECT id FROM entities WHERE id = \(entity.id) OR merged_into = \(entity.id))
                RETURNING id
                """,
                logger: logger)
            var removed = 0
            for try await _ in rows.decode(Int64.self) { removed += 1 }
            if removed == 0 {
                let own = try await client.query(
                    "SELECT 1 FROM aliases WHERE entity_id = \(entity.id) AND normalized = lower(\(name)) AND kind = 'name'", logger: logger)
                for try await _ in own.decode(Int.self) {
                    throw StorageError.invalid("'\(name)' is the entity's own name, not an alias")
                }
                throw StorageError.notFound("#\(entity.id) \(entity.name) has no alias '\(name)'")
            }
            return try await attachAliases([entity]).first ?? entity
        } catch {
            throw StorageError.wrap(error, doing: "removing alias '\(name)'")
        }
    }

    /// Merges `source` into `target`: the source's id stays as a redirect, its names resolve to
    /// the target, and its events' identity moves to the target so later reports merge with them.
    public func merge(_ sourceReference: String, into targetReference: String) async throws -> Entity {
        let source = try await resolveOne(sourceReference)
        let target = try await resolveOne(targetReference)
        guard source.id != target.id else {
            throw StorageError(code: "same_entity", message: "'\(sourceReference)' and '\(targetReference)' are already the same entity", category: .conflict)
        }
        guard (source.kind == .post) == (target.kind == .post) else {
            throw StorageError(code: "kind_mismatch", message: "a post cannot be merged with a person or organization", category: .conflict)
        }
        do {
            try await client.withTransaction(logger: logger) { tx in
                try await tx.query("SELECT pg_advisory_xact_lock(\(PostgresEventStore.writeLockKey))", logger: logger)
                try await tx.query(
                    "UPDATE entities SET merged_into = \(target.id) WHERE id = \(source.id) OR merged_into = \(source.id)", logger: logger)
                try await tx.query(
                    """
                    UPDATE events SET principal_id = \(target.id), identity_key = kind || '|' || \(String(target.id)), updated_at = now()
                    WHERE principal_id = \(source.id)
                    """,
                    logger: logger)
                try await tx.query("UPDATE events SET counterparty_id = \(target.id) WHERE counterparty_id = \(source.id)", logger: logger)
                try await tx.query("UPDATE entities SET organization_id = \(target.id) WHERE organization_id = \(source.id)", logger: logger)
                try await tx.query(
                    "UPDATE watchlist_members w SET entity_id = \(target.id) WHERE entity_id = \(source.id) AND NOT EXISTS (SELECT 1 FROM watchlist_members x WHERE x.watchlist_id = w.watchlist_id AND x.entity_id = \(target.id))",
                    logger: logger)
            }
            return target
        } catch {
            throw StorageError.wrap(error, doing: "merging '\(sourceReference)' into '\(targetReference)'")
        }
    }

    /// Undoes a merge (the entity stands alone again, with the events it was named in), or, for
    /// an entity that was never merged, moves the given events to a new entity of the same name
    /// and kind (two people of one name).
    public func split(_ reference: String, events: [Int64]) async throws -> Entity {
        let name = reference.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
        let id = Int64(reference) ?? 0
        do {
            // A merged entity is found by its own id (resolveOne would follow the redirect).
            let rows = try await client.query(
                """
                SELECT id, kind, name, coalesce(merged_into, 0) FROM entities
                WHERE merged_into IS NOT NULL AND (id = \(id) OR id IN (SELECT entity_id FROM aliases WHERE normalized = \(name) AND kind = 'name'))
                ORDER BY id LIMIT 2
                """,
                logger: logger)
            var merged: [(Int64, String, String, Int64)] = []
            for try await row in rows.decode((Int64, String, String, Int64).self) { merged.append(row) }
            if events.isEmpty {
                guard merged.count == 1, let (mid, kind, mname, survivor) = merged.first else {
                    throw StorageError.invalid(merged.isEmpty
                        ? "'\(reference)' was not merged into another entity; to split it, name the events to move with --events"
                        : "'\(reference)' names several merged entities; give the id")
                }
                try await client.withTransaction(logger: logger) { tx in
                    try await tx.query("SELECT pg_advisory_xact_lock(\(PostgresEventStore.writeLockKey))", logger: logger)
                    try await tx.query("UPDATE entities SET merged_into = NULL WHERE id = \(mid)", logger: logger)
                    // Events where it is the named principal take it back as their identity.
                    try await tx.query(
                        """
                        UPDATE events e SET principal_id = \(mid), identity_key = e.kind || '|' || \(String(mid)), updated_at = now()
                        FROM event_participants p
                        WHERE p.event_id = e.id AND p.entity_id = \(mid) AND p.role IN ('subject', 'organization') AND e.principal_id = \(survivor)
                        """,
                        logger: logger)
                }
                return Entity(id: mid, kind: EntityKind(rawValue: kind) ?? .organization, name: mname)
            }
            let entity = try await resolveOne(reference)
            return try await client.withTransaction(logger: logger) { tx in
                try await tx.query("SELECT pg_advisory_xact_lock(\(PostgresEventStore.writeLockKey))", logger: logger)
                let created = try await tx.query(
                    "INSERT INTO entities (kind, name, organization_id) SELECT kind, name, organization_id FROM entities WHERE id = \(entity.id) RETURNING id",
                    logger: logger)
                var newID: Int64 = 0
                for try await value in created.decode(Int64.self) { newID = value }
                let moved = try await tx.query(
                    """
                    UPDATE event_participants SET entity_id = \(newID)
                    WHERE entity_id IN (SELECT id FROM entities WHERE id = \(entity.id) OR merged_into = \(entity.id)) AND event_id = ANY(\(events)::bigint[])
                    RETURNING event_id
                    """,
                    logger: logger)
                var count = 0
                for try await _ in moved.decode(Int64.self) { count += 1 }
                guard count > 0 else { throw StorageError.invalid("none of events \(events.map(String.init).joined(separator: ", ")) names '\(reference)'") }
                try await tx.query(
                    """
                    UPDATE events SET principal_id = \(newID), identity_key = kind || '|' || \(String(newID)), updated_at = now()
                    WHERE id = ANY(\(events)::bigint[]) AND principal_id = \(entity.id)
                    """,
                    logger: logger)
                return Entity(id: newID, kind: entity.kind, name: entity.name)
            }
        } catch {
            throw StorageError.wrap(error, doing: "splitting '\(reference)'")
        }
    }
}

extension Entity {
    /// The entity with its aliases as stored now.
    func withAliases(_ store: PostgresEntityStore) async throws -> Entity {
        try await store.attachAliases([self]).first ?? self
    }
}
