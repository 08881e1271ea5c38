import DatelineApp
import DatelineCore
import DatelineExtraction
import DatelineStorage
import DatelineTesting
import Foundation
import Hummingbird
import Synchronization
import Testing

/// A feed server on 127.0.0.1: an RSS feed with ETag support and the item pages.
struct FeedServer {
    static func rss(base: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
        <title>Harbor Gazette</title>
        <item><title>Port authority chief named</title><link>\(base)/story/1</link><guid>story-1</guid>
          <pubDate>Mon, 02 Mar 2026 09:00:00 GMT</pubDate><description>Teaser only.</description></item>
        <item><title>Union sues port authority</title><link>\(base)/story/2</link><guid>story-2</guid>
          <pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate>
          <content:encoded><![CDATA[<p>The Dockworkers Union sued the Harbor Port Authority on Monday over unpaid overtime.</p>]]></content:encoded></item>
        </channel></rss>
        """
    }

    static let page = """
        <html><head><title>x</title><script>var tracking = 1;</script></head><body>
        <nav>Home | News | Subscribe</nav>
        <article><h1>Port authority chief named</h1>
        <p>The Harbor Port Authority appointed Lena Varga as its executive director on Friday.</p></article>
        </body></html>
        """

    /// Runs the server for the length of `body`, passing its base URL and how often the feed was fetched in full.
    static func run(_ body: @Sendable (String, @Sendable () -> Int) async throws -> Void) async throws {
        let fullFetches = Mutex(0)
        let router = Router()
        let port = Int.random(in: 20_000...40_000)
        let base = "http://127.0.0.1:\(port)"
        router.get("/feed.xml") { request, _ -> Response in
            if request.headers[.ifNoneMatch] == "\"v1\"" { return Response(status: .notModified) }
            fullFetches.withLock { $0 += 1 }
            var headers = HTTPFields()
            headers[.eTag] = "\"v1\""
            headers[.contentType] = "application/rss+xml"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: rss(base: base))))
        }
        router.get("/story/1") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: page)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: TestDatabase.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            // Wait (bounded) until it accepts connections.
            for _ in 0..<100 {
                if (try? await probe(port: port)) == true { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            try await body(base) { fullFetches.withLock { $0 } }
            group.cancelAll()
        }
    }

    static func probe(port: Int) async throws -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0
    }
}

@Suite("Feeds from a local HTTP server")
struct FeedTests {
    @Test("new items are fetched (page or full content), ingested once; the next poll is a conditional GET")
    func pollTwice() async throws {
        try await FeedServer.run { base, fullFetches in
            try await TestDatabase.withDatabase { context in
                _ = try await context.feeds.add(url: "\(base)/feed.xml")
                let first = try await FeedPoller.with(context: context, extractor: try Extractor(), maxBytes: 1_000_000) { try await $0.pollAll() }
                #expect(first.first?.error == nil)
                #expect(first.first?.newItems == 2)
                #expect(first.first?.report?.summary.articlesNew == 2)
                let kinds = Set(try await context.events.list(EventFilter()).events.map(\.kind))
                #expect(kinds.isSuperset(of: [.appointment, .lawsuit]))
                // The page's navigation and script are not part of the stored text.
                let second = try await FeedPoller.with(context: context, extractor: try Extractor(), maxBytes: 1_000_000) { try await $0.pollAll() }
                #expect(second.first?.notModified == true)
                #expect(fullFetches() == 1)
                #expect(try await context.feeds.list().first?.items == 2)
            }
        }
    }

    @Test("a malformed feed is a clear error naming the feed")
    func malformed() {
        let error = #expect(throws: AppError.self) { try FeedParser.parse(Data("<html>not a feed</html>".utf8), source: "https://x.test/f") }
        #expect(error?.message.contains("https://x.test/f") == true)
    }

    @Test("Atom entries and RFC 822 dates are read")
    func atom() throws {
        let xml = """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
            <entry><id>tag:x,2026:1</id><title>A</title><link rel="alternate" href="https://x.test/a"/><updated>2026-03-04T10:00:00Z</updated><summary>S</summary></entry>
            </feed>
            """
        let feed = try FeedParser.parse(Data(xml.utf8), source: "atom")
        #expect(feed.items.first?.key == "tag:x,2026:1")
        #expect(feed.items.first?.link == "https://x.test/a")
        #expect(feed.items.first?.published == CalendarDate(iso: "2026-03-04"))
        #expect(FeedParser.day("Tue, 08 Apr 2025 14:00:00 GMT") == CalendarDate(iso: "2025-04-08"))
    }
}
