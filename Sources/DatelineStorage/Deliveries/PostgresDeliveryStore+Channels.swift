import DatelineCore
import Foundation
import Logging
import PostgresNIO

extension PostgresDeliveryStore {
    /// Stores channel configurations by name (insert or update). A channel whose configuration
    /// changed is enabled again (a new URL is the usual fix for a 410); an unchanged one keeps
    /// its disabled state.
    public func saveChannels(_ channels: [ChannelConfig], now: Date) async throws {
        guard !channels.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let names = channels.map(\.name)
        let configs = try channels.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        do {
            try await client.query(
                """
                INSERT INTO channels (name, config, created_at, updated_at)
                SELECT c.name, c.config::jsonb, \(now), \(now) FROM unnest(\(names)::text[], \(configs)::text[]) AS c (name, config)
                ON CONFLICT (name) DO UPDATE SET
                    config = EXCLUDED.config, updated_at = EXCLUDED.updated_at,
                    disabled_at = CASE WHEN channels.config = EXCLUDED.config THEN channels.disabled_at END,
                    disabled_reason = CASE WHEN channels.config = EXCLUDED.config THEN channels.disabled_reason END
                """,
                logger: logger)
        } catch {
            throw StorageError.wrap(error, doing: "saving channels")
        }
    }

    /// Every stored channel, by name.
    public func channels() async throws -> [StoredChannel] {
        try await readChannels(name: nil)
    }

    /// One stored channel; a not-found error names it.
    public func channel(named name: String) async throws -> StoredChannel {
        guard let channel = try await readChannels(name: name).first else {
            throw StorageError.notFound("no channel named '\(name)' (channels come from the rules file's `channels:` list)")
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
