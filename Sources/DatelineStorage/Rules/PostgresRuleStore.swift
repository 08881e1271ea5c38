import DatelineCore
import Foundation
import Logging
import PostgresNIO

/// Rules, channels, silences and watchlists on PostgreSQL.
///
/// Rules are versioned: `apply` stores a new version of a rule only when its definition changed
/// (compared as `jsonb`), so applying the same file twice stores nothing. The newest version of a
/// name is live when it is enabled. Channels are stored as JSON-encoded `ChannelConfig` in
/// `channels.config`, the contract the delivery worker reads.
public struct PostgresRuleStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// A store on a running client.
    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static let timestamp = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'"

    /// Stores a rule file in ONE transaction: rules (a new version when changed), channels
    /// (upserted by name through `PostgresDeliveryStore.upsertChannels`, so a changed channel is
    /// enabled again). With `prune`, live rules missing from the file are disabled; without
    /// it they are kept and listed in the summary's `kept`.
    public func apply(rules: [RuleDefinition], source: String, channels: [ChannelConfig], prune: Bool) async throws -> RuleApplySummary {
        let logger = self.logger
        do {
            return try await client.withTransaction(logger: logger) { tx in
                // One applier at a time: two concurrent applies must not both pick version n+1.
                try await tx.query("SELECT pg_advisory_xact_lock(\(Self.applyLockKey))", logger: logger)
                var summary = RuleApplySummary()
                // Each rule of the file beside the newest stored version of its name, compared as jsonb.
                let names = rules.map(\.name), definitions = rules.map(\.definition)
                let compared = try await tx.query(
                    """
                    SELECT f.name, coalesce(r.version, 0), coalesce(r.enabled, false), coalesce(r.definition = f.definition::jsonb, false)
                    FROM UNNEST(\(names)::text[], \(definitions)::text[]) WITH ORDINALITY AS f(name, definition, position)
                    LEFT JOIN (SELECT DISTINCT ON (name) name, version, enabled, definition FROM rules ORDER BY name, version DESC) r
                           ON r.name = f.name
                    ORDER BY f.position
                    """,
                    logger: logger)
                var inserts: [(name: String, version: Int, definition: String)] = []
                var reenable: [String] = []
                var index = 0
                for try await (name, version, enabled, same) in compared.decode((String, Int, Bool, Bool).self) {
                    defer { index += 1 }
                    if version == 0 {
                        inserts.append((name, 1, definitions[index]))
                        summary.added.append(name)
                    } else if same {
                        if !enabled { reenable.append(name) }
                        summary.unchanged.append(name)
                    } else {
                        inserts.append((name, version + 1, definitions[index]))
                        summary.updated.append(name)
                    }
                }
                if !inserts.isEmpty {
                    try await tx.query(
                        """
                        INSERT INTO rules (name, version, definition, source, enabled)
                        SELECT n, v, d::jsonb, \(source), true
                        FROM UNNEST(\(inserts.map(\.name))::text[], \(inserts.map(\.version))::int[], \(inserts.map(\.definition))::text[]) AS x(n, v, d)
                        """,
                        logger: logger)
                }
                if !reenable.isEmpty {
                    try await tx.query(
                        """
                        UPDATE rules r SET enabled = true
                        FROM (SELECT name, max(version) AS version FROM rules WHERE name = ANY(\(reenable)::text[]) GROUP BY name) n
                        WHERE r.name = n.name AND r.version = n.version
                        """,
                        logger: logger)
                }
                let inFile = Set(names)
                let live = try await tx.query(
                    """
                    SELECT name FROM (SELECT DISTINCT ON (name) name, enabled FROM rules ORDER BY name, version DESC) newest
                    WHERE enabled ORDER BY name
                    """,
                    logger: logger)
                var missing: [String] = []
                for try await name in live.decode(String.self) where !inFile.contains(name) { missing.append(name) }
                if prune, !missing.isEmpty {
                    try await tx.query(
                        """
                        UPDATE rules r SET enabled = false
                        FROM (SELECT name, max(version) AS version FROM rules WHERE name = ANY(\(missing)::text[]) GROUP BY name) n
                        WHERE r.name = n.name AND r.version = n.version
                        """,
                        logger: logger)
                    summary.disabled = missing
                } else {
                    summary.kept = missing
                }
                // The one channels writer, inside this transaction.
                summary.channels = try await PostgresDeliveryStore.upsertChannels(channels, now: nil, on: tx, logger: logger).changed
                return summary
            }
        } catch {
            logger.error("Applying rules failed", metadata: ["error": "\(String(reflecting: error))"])
            throw StorageError.wrap(error, doing: "storing rules")
        }
    }

    static let applyLockKey: Int64 = 0x6474_7275

    /// The live rules: the newest version of each name, when enabled, by name.
    public func liveRules() async throws -> [StoredRule] {
        try await query(
            """
            SELECT name, version, definition::text, source, enabled, to_char(created_at AT TIME ZONE 'UTC', \(unescaped: Self.timestamp))
            FROM (SELECT DISTINCT ON (name) * FROM rules ORDER BY name, version DESC) newest
            WHERE enabled ORDER BY name
            """,
            doing: "reading the live rules")
    }

    /// Every version of a rule, oldest first; `notFound` when there is none.
    public func versions(of name: String) async throws -> [StoredRule] {
        let found = try await query(
            """
            SELECT name, version, definition::text, source, enabled, to_char(created_at AT TIME ZONE 'UTC', \(unescaped: Self.timestamp))
            FROM rules WHERE name = \(name) ORDER BY version
            """,
            doing: "reading rule \(name)")
        guard !found.isEmpty else { throw StorageError.notFound("no rule named '\(name)' is stored") }
        return found
    }

    private func query(_ sql: PostgresQuery, doing what: String) async throws -> [StoredRule] {
        do {
            let rows = try await client.query(sql, logger: logger)
            var result: [StoredRule] = []
            for try await (name, version, definition, source, enabled, created) in rows.decode((String, Int, String, String, Bool, String).self) {
                result.append(StoredRule(name: name, version: version, definition: definition, source: source, enabled: enabled, createdAt: created))
            }
            return result
        } catch {
            throw StorageError.wrap(error, doing: what)
        }
    }

    /// Every rule's newest version, with its silence, by name.
    public func list() async throws -> [RuleListing] {
        do {
            let rows = try await client.query(
                """
                SELECT r.name, r.version, r.enabled, to_char(r.created_at AT TIME ZONE 'UTC', \(unescaped: Self.timestamp)),
                       coalesce(to_char(s.until AT TIME ZONE 'UTC', \(unescaped: Self.timestamp)), '')
                FROM (SELECT DISTINCT ON (name) * FROM rules ORDER BY name, version DESC) r
                LEFT JOIN rule_silences s ON s.rule_name = r.name AND s.until > now()
                ORDER BY r.name
                """,
                logger: logger)
            var result: [RuleListing] = []
            for try await (name, version, enabled, updated, silenced) in rows.decode((String, Int, Bool, String, String).self) {
                result.append(RuleListing(name: name, version: version, enabled: enabled, updatedAt: updated, silencedUntil: silenced.isEmpty ? nil : silenced))
            }
            return result
        } catch {
            throw StorageError.wrap(error, doing: "listing rules")
        }
    }

    /// The stored channels, decoded (a row that does not decode is skipped and logged).
    public func channels() async throws -> [ChannelConfig] {
        do {
            let rows = try await client.query("SELECT name, config::text FROM channels ORDER BY name", logger: logger)
            var result: [ChannelConfig] = []
            let decoder = JSONDecoder()
            for try await (name, config) in rows.decode((String, String).self) {
                do {
                    result.append(try decoder.decode(ChannelConfig.self, from: Data(config.utf8)))
                } catch {
                    logger.warning("Stored channel does not decode", metadata: ["channel": "\(name)"])
                }
            }
            return result
        } catch {
            throw StorageError.wrap(error, doing: "reading channels")
        }
    }

    /// Silences a stored rule until a time (replacing an earlier silence); `notFound` for an unknown rule.
    public func silence(rule name: String, until: Date) async throws {
        do {
            let exists = try await client.query("SELECT 1 FROM rules WHERE name = \(name) LIMIT 1", logger: logger)
            var found = false
            for try await _ in exists { found = true }
            guard found else { throw StorageError.notFound("no rule named '\(name)' is stored") }
            try await client.query(
                """
                INSERT INTO rule_silences (rule_name, until) VALUES (\(name), to_timestamp(\(until.timeIntervalSince1970)))
                ON CONFLICT (rule_name) DO UPDATE SET until = EXCLUDED.until, created_at = now()
                """,
                logger: logger)
        } catch {
            throw StorageError.wrap(error, doing: "silencing rule \(name)")
        }
    }

    /// The silences still in force at `now`, by rule name.
    public static func silences(on connection: PostgresConnection, logger: Logger) async throws -> [String: Date] {
        let rows = try await connection.query("SELECT rule_name, extract(epoch FROM until)::float8 FROM rule_silences", logger: logger)
        var result: [String: Date] = [:]
        for try await (name, epoch) in rows.decode((String, Double).self) { result[name] = Date(timeIntervalSince1970: epoch) }
        return result
    }

    /// Every stored silence with when it was set and when it ends (epoch seconds), by rule name:
    /// what a backtest applies at the times they were set.
    public static func silenceWindows(on connection: PostgresConnection, logger: Logger) async throws -> [(rule: String, from: Date, until: Date)] {
        let rows = try await connection.query(
            "SELECT rule_name, extract(epoch FROM created_at)::float8, extract(epoch FROM until)::float8 FROM rule_silences ORDER BY created_at, rule_name",
            logger: logger)
        var result: [(rule: String, from: Date, until: Date)] = []
        for try await (name, from, until) in rows.decode((String, Double, Double).self) {
            result.append((name, Date(timeIntervalSince1970: from), Date(timeIntervalSince1970: until)))
        }
        return result
    }

    /// A cheap fingerprint of everything that makes up the live rule set (rules, channels,
    /// silences): when it is unchanged, the compiled engine can be kept.
    public static func fingerprint(on connection: PostgresConnection, logger: Logger) async throws -> String {
        let rows = try await connection.query("SELECT \(unescaped: fingerprintExpression)", logger: logger)
        for try await text in rows.decode(String.self) { return text }
        return ""
    }

    /// The SQL expression of `fingerprint` (the watcher reads it with each batch).
    static let fingerprintExpression = """
        concat_ws('/',
            (SELECT coalesce(max(id), 0) FROM rules), (SELECT coalesce(sum(id), 0) FROM rules WHERE enabled),
            (SELECT coalesce(max(extract(epoch FROM updated_at)), 0) FROM channels), (SELECT count(*) FROM channels),
            (SELECT coalesce(max(extract(epoch FROM created_at)), 0) FROM rule_silences), (SELECT count(*) FROM rule_silences))
        """

    /// The live rules and stored channels read on one connection (the watcher's).
    public static func live(on connection: PostgresConnection, logger: Logger) async throws -> (rules: [StoredRule], channels: [ChannelConfig]) {
        var rules: [StoredRule] = []
        let rows = try await connection.query(
            """
            SELECT name, version, definition::text, '', enabled, ''
            FROM (SELECT DISTINCT ON (name) * FROM rules ORDER BY name, version DESC) newest
            WHERE enabled ORDER BY name
            """,
            logger: logger)
        for try await (name, version, definition, source, enabled, created) in rows.decode((String, Int, String, String, Bool, String).self) {
            rules.append(StoredRule(name: name, version: version, definition: definition, source: source, enabled: enabled, createdAt: created))
        }
        var channels: [ChannelConfig] = []
        let decoder = JSONDecoder()
        for try await (name, config) in try await connection.query("SELECT name, config::text FROM channels ORDER BY name", logger: logger)
            .decode((String, String).self)
        {
            do {
                channels.append(try decoder.decode(ChannelConfig.self, from: Data(config.utf8)))
            } catch {
                logger.warning("Stored channel does not decode", metadata: ["channel": "\(name)"])
            }
        }
        return (rules, channels)
    }

    // MARK: - Watchlists

    /// The names of every watchlist.
    public func watchlistNames() async throws -> Set<String> {
        do {
            let rows = try await client.query("SELECT name FROM watchlists", logger: logger)
            var names: Set<String> = []
            for try await name in rows.decode(String.self) { names.insert(name) }
            return names
        } catch {
            throw StorageError.wrap(error, doing: "reading watchlists")
        }
    }
}
