import DatelineApp
import DatelineCore
import DatelineExtraction
import DatelineStorage
import DatelineTesting
import Foundation
import Testing

/// Writes files into a fresh temporary folder.
func folder(_ files: [String: String]) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-ingest-\(UUID().uuidString.prefix(8))")
    for (name, text) in files {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }
    return dir
}

@Suite("Ingesting articles into a real PostgreSQL")
struct IngestTests {
    /// Three outlets, three wordings, one resignation: announced, then done.
    static let threeReports: [String: String] = [
        "a/first.txt": """
            ---
            published: 2026-02-03
            source: Coastal Herald
            url: https://example.org/coastal/ortiz-to-quit
            ---
            Maritime safety chief to quit
            The director of the Bureau of Maritime Safety (BMS), Helena Ortiz, will resign at the end of the month, the bureau said on Monday.
            """,
        "a/second.txt": """
            Ortiz departure confirmed
            Helena Ortiz, who runs the BMS, said on Tuesday that she plans to step down as director.
            """,
        "a/second.json": #"{"published": "2026-02-04", "source": "Harbor Times", "url": "https://example.com/harbor/ortiz"}"#,
        "b/third.json": #"{"headline": "Ortiz leaves maritime bureau", "published": "2026-02-28", "source": "Daily Wire", "url": "https://example.net/wire/ortiz-leaves", "text": "Helena Ortiz resigned as director of the Bureau of Maritime Safety on Friday, ending four years in the post."}"#,
    ]

    func ingest(_ context: DatabaseContext, _ dir: URL) async throws -> Ingestor.Report {
        let sources = try ArticleFiles.sources([dir.path], metadata: .init(), maxBytes: 1_000_000)
        let ingestor = Ingestor(extractor: try Extractor(), store: context.events, concurrency: 2, logger: context.logger)
        return await ingestor.run(sources)
    }

    @Test("the same fact from three differently worded articles is one event with three mentions and its status history")
    func oneFactThreeArticles() async throws {
        let dir = try folder(Self.threeReports)
        defer { try? FileManager.default.removeItem(at: dir) }
        try await TestDatabase.withDatabase { context in
            let report = try await ingest(context, dir)
            #expect(report.failed.isEmpty, "\(report.failed)")
            #expect(report.summary.articlesNew == 3)
            let resignations = try await context.events.list(EventFilter(kinds: [.resignation])).events
            #expect(resignations.count == 1)
            let event = try #require(resignations.first)
            let detail = try await context.events.detail(id: event.id)
            #expect(detail.mentions.count == 3)
            #expect(detail.event.sourceCount == 3)
            #expect(detail.event.status == .occurred)
            #expect(detail.history.last?.to == .occurred)
            #expect(detail.history.first?.to == .expected)
            // The acronym the first article defined resolves to the same organization.
            let bms = try await context.entities.resolveOne("BMS")
            let full = try await context.entities.resolveOne("Bureau of Maritime Safety")
            #expect(bms.id == full.id)
        }
    }

    @Test("an acronym seen before its definition ends up as an alias of the full name, not a second entity")
    func acronymBeforeDefinition() async throws {
        try await TestDatabase.withDatabase { context in
            // One at a time, the acronym-only article first.
            for (name, text) in [("later.txt", Self.threeReports["a/second.txt"] ?? ""), ("first.txt", Self.threeReports["a/first.txt"] ?? "")] {
                let dir = try folder([name: text])
                defer { try? FileManager.default.removeItem(at: dir) }
                _ = try await ingest(context, dir)
            }
            let bms = try await context.entities.resolveOne("BMS")
            #expect(bms.name == "Bureau of Maritime Safety")
        }
    }

    @Test("re-ingesting is a no-op reported as duplicates")
    func duplicates() async throws {
        let dir = try folder(Self.threeReports)
        defer { try? FileManager.default.removeItem(at: dir) }
        try await TestDatabase.withDatabase { context in
            _ = try await ingest(context, dir)
            let before = try await context.events.list(EventFilter()).events
            let again = try await ingest(context, dir)
            #expect(again.summary.articlesDuplicate == 3)
            #expect(again.summary.articlesNew == 0)
            #expect(try await context.events.list(EventFilter()).events == before)
        }
    }

    @Test("a failing file among good ones is reported with its path and reason; the others are stored")
    func failingFile() async throws {
        var files = Self.threeReports
        files["a/broken.txt"] = "Headline\nPartly text \u{0} then binary"
        files["b/bad.json"] = #"{"text": "no closing brace""#
        let dir = try folder(files)
        defer { try? FileManager.default.removeItem(at: dir) }
        try await TestDatabase.withDatabase { context in
            let report = try await ingest(context, dir)
            #expect(report.summary.articlesNew == 3)
            #expect(report.summary.articlesFailed == 2)
            let failed = report.failed.map(\.source).sorted()
            #expect(failed.count == 2)
            #expect(failed.first?.hasSuffix("a/broken.txt") == true)
            #expect(report.failed.allSatisfy { ($0.error ?? "").isEmpty == false })
            #expect(report.failed.contains { $0.errorCode == "not_text" })
        }
    }

    @Test("bad metadata names the file and line")
    func badFrontMatter() throws {
        let dir = try folder(["x.txt": "---\npublished: last tuesday\n---\nHeadline\nBody."])
        defer { try? FileManager.default.removeItem(at: dir) }
        let sources = try ArticleFiles.sources([dir.path], metadata: .init(), maxBytes: 1000)
        let error = #expect(throws: AppError.self) { try sources[0].load() }
        #expect(error?.message.contains("x.txt:2") == true)
        #expect(error?.message.contains("published") == true)
    }
}

@Suite("Entities and watchlists on a real PostgreSQL")
struct EntityTests {
    static let personnel = [
        #"{"article": "p1", "url": "https://example.org/p1", "source": "One", "published": "2024-01-10", "events": [{"kind": "appointment", "subject": "Rosa Lindqvist", "organization": "Bureau of Maritime Safety", "role": "Director", "date": "2024-01-09", "status": "occurred"}]}"#,
        #"{"article": "p2", "url": "https://example.org/p2", "source": "Two", "published": "2026-02-28", "events": [{"kind": "resignation", "subject": "Rosa Lindqvist", "organization": "Bureau of Maritime Safety", "role": "Director", "date": "2026-02-27", "status": "occurred"}, {"kind": "appointment", "subject": "Omar Haddad", "organization": "Bureau of Maritime Safety", "role": "Acting Director", "date": "2026-02-28", "status": "occurred"}]}"#,
    ].joined(separator: "\n")

    func load(_ context: DatabaseContext) async throws {
        _ = try await context.events.write(try EventsFileParser.parse(Data(Self.personnel.utf8), name: "p.jsonl"))
    }

    @Test("appointments and resignations record who held a post when")
    func whoHeldThePost() async throws {
        try await TestDatabase.withDatabase { context in
            try await load(context)
            let day = try #require(CalendarDate(iso: "2025-06-01"))
            let then = try await context.entities.holders(of: "Bureau of Maritime Safety", on: day)
            #expect(then.map(\.personName) == ["Rosa Lindqvist"])
            let later = try #require(CalendarDate(iso: "2026-03-15"))
            let now = try await context.entities.holders(of: "Director, Bureau of Maritime Safety", on: later)
            #expect(now.map(\.personName) == ["Omar Haddad"])
            #expect(now.first?.acting == true)
        }
    }

    @Test("a watchlist on an organization covers its posts and their holders")
    func watchlistCoverage() async throws {
        try await TestDatabase.withDatabase { context in
            try await load(context)
            try await context.watchlists.create("maritime")
            _ = try await context.watchlists.add("maritime", members: [("Bureau of Maritime Safety", nil), ("Nadia Reyes", .person)])
            let detail = try await context.watchlists.show("maritime")
            #expect(Set(detail.members.map(\.name)) == ["Bureau of Maritime Safety", "Nadia Reyes"])
            let covered = Set(detail.covered.map(\.name))
            #expect(covered.isSuperset(of: ["Director, Bureau of Maritime Safety", "Rosa Lindqvist", "Omar Haddad"]))
            await #expect(throws: StorageError.self) { try await context.watchlists.add("no-such-list", members: [("x", nil)]) }
        }
    }

    @Test("aliases, merges (with a redirect) and splits")
    func aliasMergeSplit() async throws {
        try await TestDatabase.withDatabase { context in
            try await load(context)
            _ = try await context.entities.addAlias("Bureau of Maritime Safety", alias: "BMS", kind: .acronym)
            #expect(try await context.entities.resolveOne("bms").name == "Bureau of Maritime Safety")
            // A second spelling the machine made into another entity.
            let stray = try await context.entities.findOrCreate("R. Lindqvist", kind: .person)
            let survivor = try await context.entities.merge("R. Lindqvist", into: "Rosa Lindqvist")
            #expect(try await context.entities.resolveOne(String(stray.id)).id == survivor.id)
            #expect(try await context.entities.detail("Rosa Lindqvist").mergedFrom == [stray.id])
            let separate = try await context.entities.split(String(stray.id), events: [])
            #expect(separate.id == stray.id)
            #expect(try await context.entities.resolveOne("R. Lindqvist").id == stray.id)
        }
    }
}

@Suite("Watchlist files")
struct WatchlistFileTests {
    @Test func parsesMembersAndKinds() throws {
        let file = try WatchlistFile.parse("""
            watchlists:
              - name: maritime
                description: Ports and ships
                members:
                  - Bureau of Maritime Safety
                  - {name: Omar Haddad, kind: person}
            """, file: "w.yaml")
        #expect(file.watchlists.first?.members == [.init(name: "Bureau of Maritime Safety", kind: nil), .init(name: "Omar Haddad", kind: .person)])
    }

    @Test func errorsNamePositions() {
        let error = #expect(throws: AppError.self) {
            try WatchlistFile.parse("watchlists:\n  - name: x\n    members:\n      - {name: Y, kind: planet}\n", file: "w.yaml")
        }
        #expect(error?.message.hasPrefix("w.yaml:4:") == true)
    }
}

/// Reads one line per article, "Name|kind|confidence": an event of that kind about that person.
/// The extraction is not under test here; the batching of writes is.
struct LineExtractor: EventExtracting {
    func events(in input: ArticleInput) throws -> [ExtractedEvent] {
        let parts = input.body.split(separator: "|").map(String.init)
        guard parts.count == 3, let confidence = Double(parts[2]) else { return [] }
        return [ExtractedEvent(
            kind: EventKind(rawValue: parts[1]), subject: parts[0], organization: "Office of Tides", role: nil,
            date: .day(CalendarDate(dayNumber: 20_000)), status: .occurred, confidence: confidence,
            evidence: "\(parts[0]) made the news.", evidenceStart: 0, evidenceEnd: 10)]
    }
}

/// The real store, recording how many articles each write carried. Its first write waits until
/// every article has been read, so the writer finds the rest waiting when it comes back: the
/// group commit is then certain, not a matter of timing.
final class RecordingStore: EventStore, @unchecked Sendable {
    let inner: any EventStore
    let expectedLoads: Int
    private let lock = NSLock()
    private var loads = 0
    private var sizes: [Int] = []

    init(_ inner: any EventStore, expectedLoads: Int) {
        self.inner = inner
        self.expectedLoads = expectedLoads
    }

    func loaded() { lock.withLock { loads += 1 } }
    var batchSizes: [Int] { lock.withLock { sizes } }

    func write(_ submissions: [ArticleSubmission]) async throws -> [SubmissionResult] {
        let first = lock.withLock { () -> Bool in
            sizes.append(submissions.count)
            return sizes.count == 1
        }
        if first {
            while lock.withLock({ loads }) < expectedLoads { try await Task.sleep(for: .milliseconds(1)) }
        }
        return try await inner.write(submissions)
    }

    func list(_ filter: EventFilter) async throws -> EventPage { try await inner.list(filter) }
    func detail(id: Int64) async throws -> EventDetail { try await inner.detail(id: id) }
}

@Suite("Ingest writes in batches")
struct IngestBatchTests {
    @Test("articles extracted meanwhile are stored in one transaction; one the store refuses is reported, its batch-mates are stored")
    func groupCommitAndRefusal() async throws {
        try await TestDatabase.withDatabase { context in
            let lines = ["Ana Ruiz|resignation|0.9", "Ben Ode|appointment|0.8", "Cy Hale|lawsuit|7.5", "Dee Marr|ruling|0.7",
                         "Eli Voss|hearing|0.6", "Fay Lund|charge|0.9"]
            let store = RecordingStore(context.events, expectedLoads: lines.count)
            let sources = lines.enumerated().map { index, line in
                ArticleSource(name: "article-\(index).txt") {
                    store.loaded()
                    return ArticleInput(body: line, published: CalendarDate(dayNumber: 20_001), url: "https://example.org/\(index)", source: "Wire")
                }
            }
            let ingestor = Ingestor(extractor: LineExtractor(), store: store, concurrency: 2, logger: context.logger)
            let report = await ingestor.run(sources)
            // The bad confidence (7.5) is refused: that article alone, named, with the reason.
            #expect(report.failed.map(\.source) == ["article-2.txt"])
            #expect(report.failed.first?.error?.contains("confidence") == true)
            #expect(report.summary.articlesNew == 5)
            #expect(report.articles.map(\.source) == (0..<6).map { "article-\($0).txt" })
            let stored = try await context.events.list(EventFilter()).events
            #expect(Set(stored.flatMap { $0.participants.filter { $0.role == .subject }.map(\.name) }) == ["Ana Ruiz", "Ben Ode", "Dee Marr", "Eli Voss", "Fay Lund"])
            // Everything read while the first write waited went into one write (the one with the
            // refused article, so it was written again one article at a time).
            let sizes = store.batchSizes
            #expect(sizes.contains { $0 >= 3 }, "\(sizes)")
            #expect(sizes.reduce(0, +) > lines.count)
        }
    }
}
