import AsyncHTTPClient
import DatelineCore
import DatelineExtraction
import DatelineStorage
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOFoundationCompat

/// Polls subscribed feeds: a conditional GET (ETag / Last-Modified), new items only, each
/// item's page fetched unless the feed carries the full content, then ingested.
public struct FeedPoller: Sendable {
    public let feeds: PostgresFeedStore
    public let ingestor: Ingestor
    public let http: HTTPClient
    public let maxBytes: Int
    public let logger: Logger

    public init(feeds: PostgresFeedStore, ingestor: Ingestor, http: HTTPClient, maxBytes: Int, logger: Logger) {
        self.feeds = feeds
        self.ingestor = ingestor
        self.http = http
        self.maxBytes = maxBytes
        self.logger = logger
    }

    /// What one feed's poll did.
    public struct Result: Sendable, Encodable {
        public var url: String
        public var notModified = false
        public var newItems = 0
        public var report: Ingestor.Report?
        public var error: String?

        enum CodingKeys: String, CodingKey {
            case url, report, error
            case notModified = "not_modified", newItems = "new_items"
        }
    }

    public func pollAll() async throws -> [Result] {
        var results: [Result] = []
        for feed in try await feeds.list() { results.append(await poll(feed)) }
        return results
    }

    public func poll(_ feed: FeedRecord) async -> Result {
        var result = Result(url: feed.url)
        do {
            var request = HTTPClientRequest(url: feed.url)
            request.headers.add(name: "User-Agent", value: "Dateline/0.1 (+feed reader)")
            request.headers.add(name: "Accept", value: "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5")
            if let etag = feed.etag { request.headers.add(name: "If-None-Match", value: etag) }
            if let modified = feed.lastModified { request.headers.add(name: "If-Modified-Since", value: modified) }
            let response = try await http.execute(request, timeout: .seconds(30))
            if response.status == .notModified {
                result.notModified = true
                try await feeds.recordPoll(feedID: feed.id, title: nil, etag: nil, lastModified: nil, error: nil)
                return result
            }
            guard response.status == .ok else {
                throw AppError(code: "feed_http_error", message: "\(feed.url): HTTP \(response.status.code)", category: .unavailable)
            }
            let body = try await response.body.collect(upTo: maxBytes)
            let parsed = try FeedParser.parse(Data(buffer: body), source: feed.url)
            let unseen = try await feeds.unseen(feedID: feed.id, keys: parsed.items.map(\.key))
            let fresh = parsed.items.filter { unseen.contains($0.key) }
            result.newItems = fresh.count
            var sources: [ArticleSource] = []
            var keys: [String] = []
            for item in fresh {
                let input = try await article(for: item)
                keys.append(item.key)
                sources.append(ArticleSource(name: item.link ?? item.key) { input })
            }
            let report = await ingestor.run(sources)
            result.report = report
            // Items that failed are tried again next time; the rest are remembered.
            let done = zip(keys, report.articles).filter { $0.1.error == nil }.map { (key: $0.0, articleID: $0.1.articleID) }
            try await feeds.markSeen(feedID: feed.id, items: done)
            try await feeds.recordPoll(feedID: feed.id, title: parsed.title, etag: response.headers.first(name: "ETag"),
                                       lastModified: response.headers.first(name: "Last-Modified"), error: nil)
        } catch {
            let message = (error as? any DatelineError)?.message ?? "\(error)"
            result.error = message
            logger.warning("Feed poll failed", metadata: ["feed": "\(feed.url)", "error": "\(message)"])
            try? await feeds.recordPoll(feedID: feed.id, title: nil, etag: nil, lastModified: nil, error: String(message.prefix(500)))
        }
        return result
    }

    /// The article of an item: the feed's full content, else the linked page.
    func article(for item: FeedItem) async throws -> ArticleInput {
        var html = item.hasFullContent ? item.content : nil
        if html == nil, let link = item.link {
            let response = try await http.execute(HTTPClientRequest(url: link), timeout: .seconds(30))
            guard response.status == .ok else {
                throw AppError(code: "page_http_error", message: "\(link): HTTP \(response.status.code)", category: .unavailable)
            }
            html = String(buffer: try await response.body.collect(upTo: maxBytes))
        }
        guard let html, !html.isEmpty else { throw AppError.invalid("\(item.key): the item has neither content nor a link") }
        return ArticleInput(body: html, isHTML: true, published: item.published, url: item.link, source: nil, headline: item.title)
    }
}

extension FeedPoller {
    /// An HTTP client for feeds: connect and read timeouts, at most 5 redirects (feeds move
    /// from http to https often). Shut it down after use.
    public static func makeHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(30))
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        configuration.decompression = .enabled(limit: .ratio(50))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Runs `body` with a feed poller, shutting its HTTP client down afterwards.
    public static func with<T: Sendable>(
        context: DatabaseContext, extractor: any EventExtracting, maxBytes: Int, _ body: (FeedPoller) async throws -> T
    ) async throws -> T {
        let http = makeHTTPClient()
        let poller = FeedPoller(
            feeds: context.feeds, ingestor: Ingestor(extractor: extractor, store: context.events, logger: context.logger), http: http,
            maxBytes: maxBytes, logger: context.logger)
        do {
            let value = try await body(poller)
            try await http.shutdown()
            return value
        } catch {
            try? await http.shutdown()
            throw error
        }
    }
}
