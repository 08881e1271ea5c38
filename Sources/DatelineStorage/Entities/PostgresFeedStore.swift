import DatelineCore
import Logging
import PostgresNIO

/// A subscribed feed and what was learned the last time it was polled.
public struct FeedRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var url: String
    public var title: String?
    public var etag: String?
    public var lastModified: String?
    public var lastPolledAt: String?
    public var lastError: String?
    public var items: Int
}

/// RSS and Atom subscriptions and the items already ingested from them.
public struct PostgresFeedStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Subscribes to a feed (adding it twice is a no-op).
    public func add(url: String) async throws -> FeedRecord {
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), url.count <= 2000 else {
            throw StorageError.invalid("a feed URL must start with http:// or https://")
        }
        do {
            try await client.query("INSERT INTO feeds (url) VALUES (\(url)) ON CONFLICT (url) DO NOTHING", logger: logger)
            guard let feed = try await list().first(where: { $0.url == url }) else { throw StorageError.internal("feed vanished") }
            return feed
        } catch {
            throw StorageError.wrap(error, doing: "adding feed")
        }
    }

    public func remove(url: String) async throws -> Bool {
        let rows = try await client.query("DELETE FROM feeds WHERE url = \(url) OR id::text = \(url) RETURNING id", logger: logger)
        for try await _ in rows.decode(Int64.self) { return true }
        return false
    }

    public func list() async throws -> [FeedRecord] {
        do {
            let rows = try await client.query(
                """
                SELECT f.id, f.url, coalesce(f.title, ''), coalesce(f.etag, ''), coalesce(f.last_modified, ''),
                       coalesce(to_char(f.last_polled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), ''), coalesce(f.last_error, ''),
                       (SELECT count(*)::int FROM feed_items i WHERE i.feed_id = f.id)
                FROM feeds f ORDER BY f.id
                """,
                logger: logger)
            var feeds: [FeedRecord] = []
            for try await row in rows.decode((Int64, String, String, String, String, String, String, Int).self) {
                func opt(_ s: String) -> String? { s.isEmpty ? nil : s }
                feeds.append(FeedRecord(id: row.0, url: row.1, title: opt(row.2), etag: opt(row.3), lastModified: opt(row.4),
                                        lastPolledAt: opt(row.5), lastError: opt(row.6), items: row.7))
            }
            return feeds
        } catch {
            throw StorageError.wrap(error, doing: "listing feeds")
        }
    }

    /// Of these item keys, the ones not ingested yet.
    public func unseen(feedID: Int64, keys: [String]) async throws -> Set<String> {
        let rows = try await client.query(
            "SELECT k FROM unnest(\(keys)::text[]) AS k WHERE NOT EXISTS (SELECT 1 FROM feed_items i WHERE i.feed_id = \(feedID) AND i.item_key = k)",
            logger: logger)
        var result: Set<String> = []
        for try await key in rows.decode(String.self) { result.insert(key) }
        return result
    }

    /// Remembers ingested items (with their article, when stored).
    public func markSeen(feedID: Int64, items: [(key: String, articleID: Int64?)]) async throws {
        guard !items.isEmpty else { return }
        try await client.query(
            """
            INSERT INTO feed_items (feed_id, item_key, article_id)
            SELECT \(feedID), k, NULLIF(a, 0) FROM UNNEST(\(items.map(\.key))::text[], \(items.map { $0.articleID ?? 0 })::bigint[]) AS x(k, a)
            ON CONFLICT DO NOTHING
            """,
            logger: logger)
    }

    /// Records a poll: the validators for the next conditional request, the title, an error.
    public func recordPoll(feedID: Int64, title: String?, etag: String?, lastModified: String?, error: String?) async throws {
        try await client.query(
            """
            UPDATE feeds SET title = coalesce(\(title), title), etag = coalesce(\(etag), etag),
                   last_modified = coalesce(\(lastModified), last_modified), last_polled_at = now(), last_error = \(error)
            WHERE id = \(feedID)
            """,
            logger: logger)
    }
}
