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
