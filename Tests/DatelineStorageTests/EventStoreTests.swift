import DatelineApp
import DatelineCore
import DatelineStorage
import DatelineTesting
import Foundation
import PostgresNIO
import Testing

/// A line of `events add` input.
func articleLine(_ name: String, published: String, source: String, events: [[String: Any]]) -> String {
    let object: [String: Any] = ["article": name, "url": "https://example.org/\(name)", "source": source, "published": published, "events": events]
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self)
}

@Suite("Storing and listing events on a real PostgreSQL")
struct EventStoreTests {
    static let sample = [
        articleLine("a1", published: "2025-04-09", source: "Daily One", events: [
            ["kind": "resignation", "subject": "Alma Reyes", "organization": "Bureau of Ports", "role": "Acting Director",
             "date": "2025-04-08", "status": "expected", "evidence": "Acting Director Alma Reyes intends to step down."],
            ["kind": "lawsuit", "subject": "Harbor Workers Union", "counterparty": "Bureau of Ports", "date": "2025-04",
             "status": "occurred", "evidence": "The union sued the bureau this month."],
        ]),
        articleLine("a2", published: "2025-05-02", source: "Weekly Two", events: [
            ["kind": "ruling", "subject": "Judge Tom Baird", "date": "2025", "status": "occurred", "evidence": "Baird ruled against the bureau."],
            ["kind": "investigation", "subject": "Inspector General", "status": "reported", "evidence": "An inquiry is said to be under way."],
        ]),
    ].joined(separator: "\n")

    func load(_ context: DatabaseContext, _ text: String = sample) async throws -> [SubmissionResult] {
        try await context.events.write(try EventsFileParser.parse(Data(text.utf8), name: "sample.jsonl"))
    }

    @Test("events are listed in date order, undated last, with participants")
    func listOrder() async throws {
        try await TestDatabase.withDatabase { context in
            _ = try await load(context)
            let page = try await context.events.list(EventFilter())
            #expect(page.events.map(\.kind) == [.ruling, .lawsuit, .resignation, .investigation])
            #expect(page.events.last?.date == nil)
            let resignation = try #require(page.events.first { $0.kind == .resignation })
            #expect(resignation.name(for: .subject) == "Alma Reyes")
            #expect(resignation.name(for: .organization) == "Bureau of Ports")
            #expect(resignation.name(for: .post) == "Director, Bureau of Ports")
            #expect(resignation.date?.dateString == "2025-04-08")
        }
    }

    @Test("filters: kind, status, entity by name or alias, date overlap with fuzzy dates")
    func filters() async throws {
        try await TestDatabase.withDatabase { context in
            _ = try await load(context)
            let store = context.events
            #expect(try await store.list(EventFilter(kinds: [.lawsuit])).events.count == 1)
            #expect(try await store.list(EventFilter(statuses: [.expected, .reported])).events.map(\.kind) == [.resignation, .investigation])
            #expect(try await store.list(EventFilter(entities: ["bureau of ports"])).events.map(\.kind) == [.lawsuit, .resignation])
            // A month-only and a year-only event overlap a single day inside them; the undated one never matches.
            let day = try #require(CalendarDate(iso: "2025-04-20"))
            #expect(try await store.list(EventFilter(from: day, to: day)).events.map(\.kind) == [.ruling, .lawsuit])
            let may = try #require(CalendarDate(iso: "2025-05-01"))
            #expect(try await store.list(EventFilter(from: may)).events.map(\.kind) == [.ruling])
            #expect(try await store.list(EventFilter(entities: ["Nobody Known"])).events.isEmpty)
        }
    }

    @Test("keyset pages cover every event once")
    func paging() async throws {
        try await TestDatabase.withDatabase { context in
            _ = try await load(context)
            var seen: [Int64] = []
            var cursor: String?
            repeat {
                let page = try await context.events.list(EventFilter(limit: 1, cursor: cursor))
                seen += page.events.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            let all = try await context.events.list(EventFilter()).events.map(\.id)
            #expect(seen == all)
            #expect(all.count == 4)
            await #expect(throws: StorageError.self) { try await context.events.list(EventFilter(cursor: "not-a-cursor")) }
        }
    }

    @Test("the same article twice is stored once")
    func duplicateArticles() async throws {
        try await TestDatabase.withDatabase { context in
            let first = try await load(context)
            let second = try await load(context)
            #expect(first.allSatisfy { !$0.duplicate })
            #expect(second.allSatisfy { $0.duplicate })
            #expect(second.map(\.articleID) == first.map(\.articleID))
            #expect(try await context.events.list(EventFilter()).events.count == 4)
        }
    }

    @Test("an announced fact and its occurrence, reported by three sources, are one event with its history")
    func mergeAcrossArticles() async throws {
        try await TestDatabase.withDatabase { context in
            let lines = [
                articleLine("m1", published: "2025-03-04", source: "One", events: [
                    ["kind": "resignation", "subject": "Alma Reyes", "organization": "Bureau of Ports", "date": "2025-03-03",
                     "status": "reported", "evidence": "Reyes plans to leave, people familiar said."]]),
                articleLine("m2", published: "2025-03-06", source: "Two", events: [
                    ["kind": "resignation", "subject": "alma reyes", "organization": "Bureau of Ports", "date": "2025-03",
                     "status": "expected", "evidence": "Reyes said she will resign this month."]]),
            ]
            _ = try await load(context, lines.joined(separator: "\n"))
            // A later transaction, as another ingest would be.
            _ = try await load(context, articleLine("m3", published: "2025-03-31", source: "Three", events: [
                ["kind": "resignation", "subject": "Alma Reyes", "organization": "Bureau of Ports", "date": "2025-03-31",
                 "status": "occurred", "evidence": "Reyes resigned on Monday."]]))
            let events = try await context.events.list(EventFilter(kinds: [.resignation])).events
            #expect(events.count == 1)
            let detail = try await context.events.detail(id: try #require(events.first?.id))
            #expect(detail.event.status == .occurred)
            #expect(detail.event.date?.dateString == "2025-03-31")
            #expect(detail.event.sourceCount == 3)
            #expect(detail.mentions.count == 3)
            #expect(detail.history.map(\.to) == [.reported, .expected, .occurred])
            // The feed tells the rules engine: new (first batch), then the status change and date refinement.
            let rows = try await context.client.query("SELECT change FROM change_log ORDER BY id")
            var changes: [String] = []
            for try await change in rows.decode(String.self) { changes.append(change) }
            #expect(changes == ["new", "status_change", "date_refined"])
            // The timeline index follows the refined date, for the participants of the first
            // batch (moved) and any the later batch added.
            let dates = try await context.client.query(
                "SELECT DISTINCT coalesce(sort_date::text, 'none') FROM event_participants WHERE event_id = \(try #require(events.first?.id))")
            var sortDates: [String] = []
            for try await date in dates.decode(String.self) { sortDates.append(date) }
            #expect(sortDates == ["2025-03-31"])
        }
    }

    @Test("a new source is a change; a wire copy of a sentence already stored is not a new source")
    func newSourcesAndWireCopies() async throws {
        try await TestDatabase.withDatabase { context in
            func report(_ name: String, source: String, evidence: String) -> String {
                articleLine(name, published: "2025-03-04", source: source, events: [
                    ["kind": "dismissal", "subject": "Ivo Marsh", "organization": "Office of Tides", "date": "2025-03-03",
                     "status": "occurred", "evidence": evidence]])
            }
            // Each its own transaction, as separate ingests are.
            _ = try await load(context, report("s1", source: "One", evidence: "Marsh was fired on Monday, the office said."))
            _ = try await load(context, report("s2", source: "Two", evidence: "The office dismissed Ivo Marsh on Monday."))
            _ = try await load(context, report("s3", source: "Three", evidence: "Marsh was fired on Monday, the office said."))
            let events = try await context.events.list(EventFilter(kinds: [.dismissal])).events
            #expect(events.count == 1)
            let detail = try await context.events.detail(id: try #require(events.first?.id))
            #expect(detail.mentions.count == 3)
            #expect(detail.event.sourceCount == 2)
            let rows = try await context.client.query("SELECT change FROM change_log ORDER BY id")
            var changes: [String] = []
            for try await change in rows.decode(String.self) { changes.append(change) }
            #expect(changes == ["new", "new_source"])
        }
    }

    @Test("two different facts of one person stay apart")
    func noWrongMerge() async throws {
        try await TestDatabase.withDatabase { context in
            _ = try await load(context, [
                articleLine("n1", published: "2019-06-01", source: "One", events: [
                    ["kind": "appointment", "subject": "Alma Reyes", "organization": "Bureau of Ports", "date": "2019-05-30", "status": "occurred"]]),
                articleLine("n2", published: "2024-01-10", source: "Two", events: [
                    ["kind": "appointment", "subject": "Alma Reyes", "organization": "Maritime Council", "date": "2024-01-09", "status": "occurred"]]),
            ].joined(separator: "\n"))
            #expect(try await context.events.list(EventFilter(kinds: [.appointment])).events.count == 2)
        }
    }

    @Test("stored facts are found for merging through each index branch: in the window, widely dated, undated")
    func mergeCandidatesAcrossTransactions() async throws {
        try await TestDatabase.withDatabase { context in
            func report(_ name: String, _ kind: EventKind, _ date: FuzzyDate?, _ status: EventStatus) async throws {
                let event = ExtractedEvent(
                    kind: kind, subject: "Nora Vance", organization: "Office of Tides", role: nil, date: date, status: status,
                    confidence: 0.9, evidence: "Report \(name) about Nora Vance.", evidenceStart: 0, evidenceEnd: 20)
                _ = try await context.events.write([ArticleSubmission(article: nil, events: [event])])
            }
            func day(_ text: String) throws -> FuzzyDate { .day(try #require(CalendarDate(iso: text))) }
            // Each report is its own transaction, so the merge must find the stored fact.
            // An announcement, and its occurrence 170 days later: one fact (within the window).
            try await report("w1", .resignation, try day("2025-01-10"), .expected)
            try await report("w2", .resignation, try day("2025-06-29"), .occurred)
            // An occurrence 200 days after another announcement: a new fact.
            try await report("w3", .dismissal, try day("2025-01-10"), .expected)
            try await report("w4", .dismissal, try day("2025-07-29"), .occurred)
            // A fact dated only by its decade, then a day inside it: one fact.
            try await report("w5", .lawsuit, try #require(FuzzyDate.decade(2024)), .occurred)
            try await report("w6", .lawsuit, try day("2024-03-02"), .occurred)
            // An undated fact, then a dated report, then an undated one: one fact.
            try await report("w7", .investigation, nil, .reported)
            try await report("w8", .investigation, try day("2025-02-03"), .reported)
            try await report("w9", .investigation, nil, .reported)
            func count(_ kind: EventKind) async throws -> Int {
                try await context.events.list(EventFilter(kinds: [kind])).events.count
            }
            #expect(try await count(.resignation) == 1)
            #expect(try await count(.dismissal) == 2)
            #expect(try await count(.lawsuit) == 1)
            #expect(try await count(.investigation) == 1)
            let lawsuit = try #require(try await context.events.list(EventFilter(kinds: [.lawsuit])).events.first)
            #expect(lawsuit.date?.dateString == "2024-03-02")
        }
    }

    @Test("an undated report joins the newest fact of its key that its counterparty allows, however many there are")
    func undatedReportsFindTheirFact() async throws {
        try await TestDatabase.withDatabase { context in
            var offset = 0
            func report(_ counterparty: String, _ date: FuzzyDate?) async throws {
                // Article-less reports: distinct offsets make distinct mentions.
                offset += 100
                let event = ExtractedEvent(
                    kind: .lawsuit, subject: "Office of Tides", organization: nil, role: nil, counterparty: counterparty, date: date,
                    status: .occurred, confidence: 0.9, evidence: "The office sued \(counterparty).", evidenceStart: offset, evidenceEnd: offset + 20)
                _ = try await context.events.write([ArticleSubmission(article: nil, events: [event])])
            }
            // Six lawsuits of one plaintiff against six parties, each its own transaction: six facts.
            let parties = ["Ada Port", "Bay Freight", "Cove Lines", "Dune Haulage", "Elm Docks", "Fjord Tugs"]
            for party in parties { try await report(party, nil) }
            // An undated report about the oldest one, then a dated one: both join it, not a new fact.
            try await report("Ada Port", nil)
            try await report("Ada Port", .day(try #require(CalendarDate(iso: "2025-05-06"))))
            let lawsuits = try await context.events.list(EventFilter(kinds: [.lawsuit])).events
            #expect(lawsuits.count == parties.count)
            let ada = try #require(lawsuits.first { $0.participants.contains { $0.name == "Ada Port" } })
            #expect(ada.mentionCount == 3)
            #expect(ada.date?.dateString == "2025-05-06")
        }
    }

    @Test("a batch the database rejects stores nothing at all")
    func atomicBatch() async throws {
        try await TestDatabase.withDatabase { context in
            var submissions = try EventsFileParser.parse(Data(Self.sample.utf8), name: "sample.jsonl")
            // PostgreSQL text cannot hold NUL: the second article fails inside the transaction.
            submissions[1].events[0].evidence = "bad \u{0} byte"
            await #expect(throws: StorageError.self) { try await context.events.write(submissions) }
            let rows = try await context.client.query("SELECT (SELECT count(*) FROM articles)::int + (SELECT count(*) FROM events)::int")
            for try await count in rows.decode(Int.self) { #expect(count == 0) }
        }
    }
}

@Suite("Reading events input (events add)")
struct EventsFileParserTests {
    @Test("a bad field names the line and field, and nothing is returned")
    func badFieldNamesLineAndField() {
        let text = EventStoreTests.sample + "\n" + #"{"article": "x", "events": [{"kind": "resignation", "date": "2025-13-01"}]}"#
        let error = #expect(throws: AppError.self) { try EventsFileParser.parse(Data(text.utf8), name: "in.jsonl") }
        #expect(error?.message.contains("in.jsonl:3: events[0].date") == true)
        #expect(error?.message.contains("nothing was stored") == true)
    }

    @Test("unknown kinds, statuses and fields are refused with their names")
    func unknowns() {
        func message(_ line: String) -> String? {
            (try? EventsFileParser.parse(Data(line.utf8), name: "f")).map { _ in nil } ?? {
                do { _ = try EventsFileParser.parse(Data(line.utf8), name: "f"); return nil } catch { return "\(error)" }
            }()
        }
        #expect(message(#"{"events": [{"kind": "elopement"}]}"#)?.contains("unknown kind 'elopement'") == true)
        #expect(message(#"{"events": [{"kind": "ruling", "status": "maybe"}]}"#)?.contains("events[0].status") == true)
        #expect(message(#"{"events": [{"kind": "ruling", "colour": "red"}]}"#)?.contains("colour") == true)
        #expect(message(#"{"events": [{"kind": "ruling", "confidence": 3}]}"#)?.contains("confidence") == true)
        #expect(message("{not json")?.contains("f:1: invalid JSON") == true)
        #expect(message("")?.contains("empty") == true)
    }

    @Test("a JSON array and a single pretty-printed object are read too")
    func otherShapes() throws {
        let array = #"[{"headline": "H", "events": [{"kind": "hearing", "date": "2025-02"}]}, {"kind": "charge", "subject": "Acme Corp"}]"#
        let parsed = try EventsFileParser.parse(Data(array.utf8), name: "a.json")
        #expect(parsed.count == 2)
        #expect(parsed[0].events[0].date?.precision == .month)
        #expect(parsed[1].article == nil)
        let pretty = "{\n  \"events\": [\n    {\"kind\": \"ruling\"}\n  ]\n}\n"
        #expect(try EventsFileParser.parse(Data(pretty.utf8), name: "p.json").count == 1)
    }
}
