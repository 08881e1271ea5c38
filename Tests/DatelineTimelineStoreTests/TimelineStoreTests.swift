import DatelineApp
import DatelineCore
import DatelineStorage
import DatelineTesting
import DatelineTimeline
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PostgresNIO
import Testing

@Suite("Timelines from the store, on a real PostgreSQL")
struct TimelineStoreTests {
    func timeline(_ context: DatabaseContext, _ query: TimelineQuery, title: String? = nil) async throws -> Timeline {
        try await context.timelines.timeline(query, title: title, generatedAt: StoryFixture.generatedAt)
    }

    @Test("an organization's timeline: its own events, its post's, the holder's during the tenure; undated last")
    func organization() async throws {
        try await TestDatabase.withDatabase { context in
            try await StoryFixture.load(context)
            let t = try await timeline(context, TimelineQuery(entities: ["bureau of ports"]))
            #expect(t.title == "Bureau of Ports")
            // Year before month before day; the appointment comes through the post only, the charge
            // through the holder (after 2 May 2025); his 2024 ruling and undated nomination do not.
            #expect(t.kinds == ["investigation", "lawsuit", "resignation", "appointment", "charge", "|", "hearing"])
            #expect(t.entries[0].event.date?.precision == .year)
            #expect(t.entries[1].event.date?.precision == .month)
            #expect(t.entries[1].event.date?.value == "2025-04")
            let resignation = t.entries[2]
            #expect(resignation.event.status == .occurred)
            #expect(resignation.event.sourceCount == 2)
            #expect(resignation.mentions.count == 2)
            #expect(Set(resignation.mentions.compactMap(\.source)) == ["Daily One", "Weekly Two"])
            #expect(resignation.mentions.allSatisfy { $0.url?.hasPrefix("https://example.org/") == true && $0.published != nil })
            #expect(resignation.history.map(\.to) == [.expected, .occurred])
            #expect(resignation.event.name(for: .subject) == "Alma Reyes")
            #expect(t.nextCursor == nil)
            // An alias or an id finds the same timeline.
            let orgID = try #require(t.entries[0].event.participants.first { $0.role == .organization }?.entityID)
            let byID = try await timeline(context, TimelineQuery(entities: [String(orgID)]))
            #expect(byID.allEntries.map(\.id) == t.allEntries.map(\.id))
        }
    }

    @Test("a person is followed everywhere; a post brings its holder for the tenure")
    func personAndPost() async throws {
        try await TestDatabase.withDatabase { context in
            try await StoryFixture.load(context)
            let person = try await timeline(context, TimelineQuery(entities: ["Ben Okafor"]))
            #expect(person.kinds == ["ruling", "appointment", "charge", "|", "nomination"])
            let post = try await timeline(context, TimelineQuery(posts: ["Director, Bureau of Ports"]))
            #expect(post.kinds == ["resignation", "appointment", "charge", "|"])
            #expect(post.title == "Director, Bureau of Ports")
        }
    }

    @Test("a watchlist's members are expanded the same way")
    func watchlist() async throws {
        try await TestDatabase.withDatabase { context in
            try await StoryFixture.load(context)
            try await context.watchlists.create("ports-watch")
            try await context.watchlists.create("empty-list")
            try await context.watchlists.add("ports-watch", members: [("Harbor Workers Union", nil), ("Director, Bureau of Ports", .post)])
            let t = try await timeline(context, TimelineQuery(watchlists: ["ports-watch"]))
            #expect(t.kinds == ["lawsuit", "resignation", "appointment", "charge", "|"])
            #expect(t.title == "Watchlist ports-watch")
            #expect(try await timeline(context, TimelineQuery(watchlists: ["empty-list"])).allEntries.isEmpty)
        }
    }

    @Test("filters: kind, status, dates (fuzzy overlap), sources, free text, rejected events")
    func filters() async throws {
        try await TestDatabase.withDatabase { context in
            try await StoryFixture.load(context)
            let org = ["Bureau of Ports"]
            #expect(try await timeline(context, TimelineQuery(entities: org, kinds: [.resignation, .lawsuit])).kinds
                == ["lawsuit", "resignation", "|"])
            #expect(try await timeline(context, TimelineQuery(entities: org, statuses: [.expected, .reported])).kinds
                == ["investigation", "|", "hearing"])
            let from = try #require(CalendarDate(iso: "2025-04-05")), to = try #require(CalendarDate(iso: "2025-04-30"))
            #expect(try await timeline(context, TimelineQuery(entities: org, from: from, to: to)).kinds
                == ["investigation", "lawsuit", "resignation", "|"])
            #expect(try await timeline(context, TimelineQuery(entities: org, minSources: 2)).kinds == ["resignation", "|"])
            #expect(try await timeline(context, TimelineQuery(entities: org, text: "overtime")).kinds == ["lawsuit", "|"])
            #expect(try await timeline(context, TimelineQuery(text: "\"step down\" OR appointed")).kinds == ["resignation", "appointment", "|"])
            // The headline counts too.
            try await context.client.query("UPDATE events SET title = 'Dredging scandal widens' WHERE kind = 'hearing'", logger: context.logger)
            #expect(try await timeline(context, TimelineQuery(text: "scandal")).kinds == ["|", "hearing"])
            // Without a subject every event is a candidate: the unrelated agreement is there.
            let all = try await timeline(context, TimelineQuery())
            #expect(all.title == "All events")
            #expect(all.allEntries.count == 9)
            try await context.client.query("UPDATE events SET rejected = true WHERE kind = 'lawsuit'", logger: context.logger)
            #expect(try await timeline(context, TimelineQuery(entities: org)).kinds
                == ["investigation", "resignation", "appointment", "charge", "|", "hearing"])
        }
    }

    @Test("unknown entity, post or watchlist is an input error naming it")
    func unknownNames() async throws {
        try await TestDatabase.withDatabase { context in
            try await StoryFixture.load(context)
            for (query, code, name) in [
                (TimelineQuery(entities: ["Nobody Known"]), "unknown_entity", "Nobody Known"),
                (TimelineQuery(posts: ["Harbor Master"]), "unknown_post", "Harbor Master"),
                (TimelineQuery(watchlists: ["nope"]), "unknown_watchlist", "nope"),
            ] {
                do {
                    _ = try await timeline(context, query)
                    Issue.record("expected \(code)")
                } catch let error as StorageError {
                    #expect(error.code == code)
                    #expect(error.category == .invalidInput)
                    #expect(error.message.contains(name))
                }
            }
        }
    }

    @Test("keyset pages list every entry exactly once, in timeline order")
    func paging() async throws {
        try await TestDatabase.withDatabase { context in
            try await StoryFixture.load(context)
            let full = try await timeline(context, TimelineQuery())
            let expected = full.allEntries.map(\.id)
            #expect(TimelineAssembler.order(full.allEntries).map(\.id) == expected)
            for limit in [1, 2, 3, 7] {
                var seen: [Int64] = []
                var cursor: TimelineCursor?
                var pages = 0
                repeat {
                    let page = try await timeline(context, TimelineQuery(limit: limit, after: cursor))
                    #expect(page.allEntries.count <= limit)
                    seen += page.allEntries.map(\.id)
                    cursor = try page.nextCursor.map(TimelineCursor.init(encoded:))
                    pages += 1
                } while cursor != nil && pages < 50
                #expect(seen == expected, "limit \(limit)")
            }
            // Pages of an organization's timeline too (the per-entity path).
            let org = try await timeline(context, TimelineQuery(entities: ["Bureau of Ports"]))
            var seen: [Int64] = []
            var cursor: TimelineCursor?
            repeat {
                let page = try await timeline(context, TimelineQuery(entities: ["Bureau of Ports"], limit: 2, after: cursor))
                seen += page.allEntries.map(\.id)
                cursor = try page.nextCursor.map(TimelineCursor.init(encoded:))
            } while cursor != nil && seen.count < 50
            #expect(seen == org.allEntries.map(\.id))
        }
    }

    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test("end to end through the store: json and text match their golden files", arguments: [TimelineFormat.json, .text])
    func golden(format: TimelineFormat) async throws {
        let rendered = try await TestDatabase.withDatabase { context in
            try await StoryFixture.load(context)
            let t = try await timeline(context, TimelineQuery(entities: ["Bureau of Ports"]))
            return try TimelineOutput.render(t, format: format)
        }
        let url = Self.goldenDirectory.appendingPathComponent("bureau-of-ports.\(format.fileExtension)")
        if ProcessInfo.processInfo.environment["DATELINE_RECORD_GOLDEN"] == "1" {
            try Data(rendered.utf8).write(to: url)
            return
        }
        let golden = try #require(FileManager.default.contents(atPath: url.path), "run with DATELINE_RECORD_GOLDEN=1 and review")
        #expect(String(decoding: golden, as: UTF8.self) == rendered)
    }

    @Test("every format of a stored timeline parses with a standard parser")
    func formatsParse() async throws {
        try await TestDatabase.withDatabase { context in
            try await StoryFixture.load(context)
            let t = try await timeline(context, TimelineQuery(entities: ["Bureau of Ports"]))
            for format in TimelineFormat.allCases {
                let text = try TimelineOutput.render(t, format: format)
                switch format {
                case .json, .timelinejs:
                    #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: Data(text.utf8)) }
                case .jsonl:
                    let lines = text.split(separator: "\n")
                    #expect(lines.count == 6)
                    for line in lines { #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: Data(line.utf8)) } }
                case .html, .svg, .atom:
                    let parser = XMLParser(data: Data(text.utf8))
                    #expect(parser.parse(), "\(format) is not well-formed XML")
                case .csv:
                    #expect(text.hasPrefix(text.split(separator: "\r\n").first.map(String.init) ?? "x"))
                    #expect(text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count >= 7)
                case .ics:
                    #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n"))
                    #expect(text.components(separatedBy: "BEGIN:VEVENT").count == text.components(separatedBy: "END:VEVENT").count)
                case .text, .markdown:
                    #expect(text.contains("Undated"))
                }
            }
        }
    }

    @Test("dateline timeline -o writes the whole file, replacing an old one, with no temporary left")
    func writesFile() async throws {
        let endpoint = try await TestDatabase.create()
        let app = TestDatabase.app(for: endpoint)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-timeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("timeline.html").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        try await app.withDatabase { context in
            try await StoryFixture.load(context)
            let t = try await TimelineOutput.build(context, arguments: TimelineArguments(entities: ["Bureau of Ports"]), now: Date())
            let format = TimelineOutput.format(requested: nil, outputPath: path, stdoutIsTerminal: false)
            #expect(format == .html)
            try TimelineOutput.write(try TimelineOutput.render(t, format: format), to: path)
        }
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.contains("Bureau of Ports"))
        #expect(written.contains("</html>"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["timeline.html"])
        #expect(throws: AppError.self) { try TimelineOutput.write("x", to: folder.appendingPathComponent("missing/t.html").path) }
    }

    @Test("arguments are validated with the flag named")
    func arguments() throws {
        #expect(throws: AppError.self) { try TimelineArguments(statuses: ["done"]).timelineQuery() }
        #expect(throws: AppError.self) { try TimelineArguments(limit: 0).timelineQuery() }
        #expect(throws: AppError.self) { try TimelineArguments(cursor: "%%%").timelineQuery() }
        #expect(throws: AppError.self) { try TimelineArguments(from: "2025-05-01", to: "2025-04-01").timelineQuery() }
        let q = try TimelineArguments(entities: ["IRS"], kinds: ["resignation,appointment"], minSources: 2, query: " strike ").timelineQuery()
        #expect(q.kinds == [.resignation, .appointment])
        #expect(q.text == "strike")
        #expect(q.summary == "entity: IRS; kinds: resignation, appointment; at least 2 sources; text: strike")
    }
}
