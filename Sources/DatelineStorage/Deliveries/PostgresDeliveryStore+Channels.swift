import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresDeliveryStore {
    /// Stores channel configurations by name (insert or update); see `upsertChannels`.
    /// Returns the names of the channels inserted or changed, and of those inserted, in the
    /// given order.
    @discardableResult
    public func saveChannels(_ channels: [ChannelConfig], now: Date?) async throws -> (changed: [String], created: [String]) {
        guard !channels.isEmpty else { return ([], []) }
        let logger = self.logger
        do {
            return try await client.withConnection { connection in
                try await Self.upsertChannels(channels, now: now, on: connection, logger: logger)
            }
        } catch {
            throw StorageError.wrap(error, doing: "saving channels")
        }
    }

    /// THE writer of the `channels` table (rules apply, `PUT /v1/channels/{name}` and
    /// `saveChannels` all come here), on the caller's connection or transaction.
    ///
    /// A channel is inserted, or updated when its configuration changed (compared as `jsonb`);
    /// a changed channel is enabled again (a new URL is the usual fix for a 410) and an unchanged
    /// one is left alone, disabled state and `updated_at` included. `now` is the time written
    /// (`nil`: the database's). Returns the names inserted or changed and the names inserted, in
    /// the given order; when a name is given twice the last configuration wins.
    public static func upsertChannels(
        _ channels: [ChannelConfig], now: Date?, on connection: PostgresConnection, logger: Logger
    ) async throws -> (changed: [String], created: [String]) {
        var byName: [String: ChannelConfig] = [:]
        var order: [String] = []
        for channel in channels {
            if byName.updateValue(channel, forKey: channel.name) == nil { order.append(channel.name) }
        }
        guard !order.isEmpty else { return ([], []) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var configs: [String] = []
        for name in order {
            guard let channel = byName[name] else { continue }
            configs.append(String(decoding: try encoder.encode(channel), as: UTF8.self))
        }
        let rows = try await connection.query(
            """
            INSERT INTO channels (name, config, created_at, updated_at)
            SELECT c.name, c.config::jsonb, coalesce(\(now)::timestamptz, now()), coalesce(\(now)::timestamptz, now())
            FROM unnest(\(order)::text[], \(configs)::text[]) AS c (name, config)
            ON CONFLICT (name) DO UPDATE SET
                config = EXCLUDED.config, updated_at = EXCLUDED.updated_at, disabled_at = NULL, disabled_reason = NULL
            WHERE channels.config IS DISTINCT FROM EXCLUDED.config
            RETURNING name, (xmax = 0)
            """,
            logger: logger)
        // xmax is 0 on a row version an INSERT made, not on one the DO UPDATE made.
        var written: Set<String> = [], inserted: Set<String> = []
        for try await (name, isNew) in rows.decode((String, Bool).self) {
            written.insert(name)
            if isNew { inserted.insert(name) }
        }
        return (order.filter(written.contains), order.filter(inserted.contains))
    }

    /// Every stored channel, by name.
    public func channels() async throws -> [StoredChannel] {
        try await readChannels(name: nil)
    }

    /// One stored channel; a not-found error names it.
    public func channel(named name: String) async throws -> StoredChannel {
        guard let channel = try await readChannels(name: name).first else {
            throw StorageError.notFound("no channel named '\(name)' (channels come from a rules file's `channels:` list or PUT /v1/channels/{name})")
        }
        return channel
    }

    /// Disables a channel (`reason` is shown by `channels list` and in cancelled deliveries),
    /// or enables it again with `reason == nil`. Returns whether the channel exists.
    @discardableResult
    public func setChannelDisabled(_ name: String, reason: String?, now: Date) async throws -> Bool {
        let disabledAt: Date? = reason == nil ? nil : now
        do {
            let rows = try await client.query(
                """
                UPDATE channels SET disabled_at = \(disabledAt), disabled_reason = \(reason), updated_at = \(now)
                WHERE name = \(name) RETURNING id
                """,
                logger: logger)
            for try await _ in rows.decode(Int64.self) { return true }
            return false
        } catch {
            throw StorageError.wrap(error, doing: "updating channel \(name)")
        }
    }

    func readChannels(name: String?) async throws -> [StoredChannel] {
        let nameText = name ?? ""
        do {
            let rows = try await client.query(
                """
                SELECT name, config::text, disabled_at, disabled_reason FROM channels
                WHERE (\(nameText) = '' OR name = \(nameText)) ORDER BY name
                """,
                logger: logger)
            var result: [StoredChannel] = []
            let decoder = JSONDecoder()
            for try await (name, config, disabledAt, reason) in rows.decode((String, String, Date?, String?).self) {
                do {
                    let decoded = try decoder.decode(ChannelConfig.self, from: Data(config.utf8))
                    result.append(StoredChannel(name: name, config: decoded, disabledAt: disabledAt, disabledReason: reason))
                } catch {
                    result.append(StoredChannel(name: name, config: nil, configError: "\(error)", disabledAt: disabledAt, disabledReason: reason))
                }
            }
            return result
        } catch {
            throw StorageError.wrap(error, doing: "reading channels")
        }
    }
}
