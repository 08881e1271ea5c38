import DatelineApp
import DatelineCore
import DatelineStorage
import DatelineTesting
import Foundation
import Testing

@Suite("Corrections pin fields; alias, merge and watchlist writes on a real PostgreSQL")
struct CorrectionStoreTests {
    func write(_ context: DatabaseContext, _ lines: String...) async throws {
        _ = try await context.events.write(try EventsFileParser.parse(Data(lines.joined(separator: "\n").utf8), name: "test.jsonl"))
    }

    static let announced = articleLine("k1", published: "2025-04-09", source: "Daily One", events: [
        ["kind": "resignation", "subject": "Alma Reyes", "organization": "Bureau of Ports", "role": "Director",
         "date": "2025-04-08", "status": "expected", "evidence": "Director Alma Reyes intends to step down."],
    ])
    static let happened = articleLine("k2", published: "2025-04-20", source: "Weekly Two", events: [
        ["kind": "resignation", "subject": "Alma Reyes", "organization": "Bureau of Ports", "role": "Director",
         "date": "2025-04-18", "status": "occurred", "evidence": "Alma Reyes resigned as director on Friday."],
    ])

    @Test("a corrected status and date survive a later report that would have advanced them")
    func pinnedFields() async throws {
        try await TestDatabase.withDatabase { context in
            try await write(context, Self.announced)
            let event = try #require(try await context.events.list(EventFilter()).events.first)
            let month = try #require(FuzzyDate(parsing: "2025-04"))
            _ = try await context.events.correct(id: event.id, EventCorrection(date: .date(month), status: .reported, note: "unconfirmed"), actor: "test")
            try await write(context, Self.happened)
            let events = try await context.events.list(EventFilter()).events
            #expect(events.count == 1)
            let after = try #require(events.first)
            #expect(after.id == event.id)
            #expect(after.status == .reported)
            #expect(after.date == month)
            #expect(after.mentionCount == 2)
            // The same report without a correction advances the event.
            try await TestDatabase.withDatabase { fresh in
                try await write(fresh, Self.announced, Self.happened)
                let unpinned = try #require(try await fresh.events.list(EventFilter()).events.first)
                #expect(unpinned.status == .occurred)
                #expect(unpinned.date?.dateString == "2025-04-18")
            }
        }
    }

    @Test("a date corrected far from what articles say still absorbs re-reports carrying the old date")
    func movedDate() async throws {
        try await TestDatabase.withDatabase { context in
            try await write(context, Self.announced)
            let event = try #require(try await context.events.list(EventFilter()).events.first)
            let lastYear = try #require(FuzzyDate(parsing: "2024-04-08"))
            _ = try await context.events.correct(id: event.id, EventCorrection(date: .date(lastYear)), actor: "test")
            let again = articleLine("k3", published: "2025-04-10", source: "Weekly Two", events: [
                ["kind": "resignation", "subject": "Alma Reyes", "organization": "Bureau of Ports", "role": "Director",
                 "date": "2025-04-08", "status": "expected", "evidence": "Reyes plans to leave the bureau."],
            ])
            try await write(context, again)
            let events = try await context.events.list(EventFilter()).events
            #expect(events.count == 1)
            #expect(events.first?.date == lastYear)
            #expect(events.first?.mentionCount == 2)
        }
    }

    @Test("a corrected kind keeps absorbing reports of the kind it was extracted as, with a title of the new kind")
    func pinnedKind() async throws {
        try await TestDatabase.withDatabase { context in
            try await write(context, Self.announced)
            let event = try #require(try await context.events.list(EventFilter()).events.first)
            let corrected = try await context.events.correct(id: event.id, EventCorrection(kind: .dismissal), actor: "test")
            #expect(corrected.event.kind == .dismissal)
            #expect(corrected.event.title != event.title)
            try await write(context, Self.happened)
            let events = try await context.events.list(EventFilter()).events
            #expect(events.map(\.kind) == [.dismissal])
            #expect(events.first?.mentionCount == 2)
            #expect(events.first?.status == .occurred)
            #expect(events.first?.title.lowercased().contains("resign") == false)
        }
    }

    @Test("a stale version is refused; an unknown event is not found; an unknown kind is invalid; nothing is written")
    func refusals() async throws {
        try await TestDatabase.withDatabase { context in
            try await write(context, Self.announced)
            let id = try #require(try await context.events.list(EventFilter()).events.first?.id)
            let before = try await context.events.detail(id: id)
            _ = try await context.events.correct(id: id, EventCorrection(status: .occurred), actor: "a", ifVersion: before.version)
            await #expect(throws: StorageError.self) {
                _ = try await context.events.correct(id: id, EventCorrection(status: .denied), actor: "b", ifVersion: before.version)
            }
            do {
                _ = try await context.events.correct(id: id, EventCorrection(status: .denied), actor: "b", ifVersion: before.version)
            } catch let error as StorageError {
                #expect(error.code == "stale_version")
                #expect(error.category == .conflict)
            }
            do {
                _ = try await context.events.correct(id: 987_654, EventCorrection(status: .denied), actor: "b")
                Issue.record("expected not found")
            } catch let error as StorageError {
                #expect(error.category == .notFound)
            }
            do {
                _ = try await context.events.correct(id: id, EventCorrection(kind: EventKind(rawValue: "resignaton")), actor: "b")
                Issue.record("expected invalid")
            } catch let error as StorageError {
                #expect(error.category == .invalidInput)
                #expect(error.message.contains("kind"))
            }
            let after = try await context.events.detail(id: id)
            #expect(after.corrections.map(\.field) == ["status"])
            #expect(after.corrections.first?.actor == "a")
            #expect(after.event.status == .occurred)
        }
    }

    @Test("aliases: a name of another entity is a conflict; removing one; merging into itself or across kinds is a conflict")
    func aliasesAndMerges() async throws {
        try await TestDatabase.withDatabase { context in
            let store = context.entities
            let irs = try await store.findOrCreate("Internal Revenue Service", kind: .organization)
            let other = try await store.findOrCreate("Inland Revenue", kind: .organization)
            let post = try await store.findOrCreate("Commissioner, Internal Revenue Service", kind: .post)
            let withAlias = try await store.addAlias(String(irs.id), alias: "IRS", kind: .acronym)
            #expect(withAlias.aliases == [EntityAlias(name: "IRS", kind: .acronym)])
            do {
                _ = try await store.addAlias(String(other.id), alias: "irs", kind: .alias)
                Issue.record("expected a conflict")
            } catch let error as StorageError {
                #expect(error.code == "alias_taken")
                #expect(error.category == .conflict)
            }
            #expect(try await store.removeAlias("IRS", alias: "irs").aliases.isEmpty)
            do {
                _ = try await store.merge(String(irs.id), into: "Internal Revenue Service")
                Issue.record("expected a conflict")
            } catch let error as StorageError {
                #expect(error.code == "same_entity")
            }
            do {
                _ = try await store.merge(String(post.id), into: String(irs.id))
                Issue.record("expected a conflict")
            } catch let error as StorageError {
                #expect(error.code == "kind_mismatch")
            }
        }
    }

    @Test("watchlist replace is one transaction: an ambiguous member writes nothing; a replace sets members exactly")
    func watchlistReplace() async throws {
        try await TestDatabase.withDatabase { context in
            _ = try await context.entities.findOrCreate("Mercury", kind: .person)
            _ = try await context.entities.findOrCreate("Mercury", kind: .organization)
            await #expect(throws: StorageError.self) {
                _ = try await context.watchlists.replace("planets", description: "x", members: [("Brand New Person", .person), ("Mercury", nil)])
            }
            #expect(try await context.watchlists.list().isEmpty)
            #expect(try await context.entities.list(matching: "brand new").isEmpty)
            let (created, first) = try await context.watchlists.replace("planets", description: "x", members: [("Mercury", .person), ("Venus", .organization)])
            #expect(created)
            #expect(first.members.map(\.name) == ["Venus", "Mercury"])
            let (again, second) = try await context.watchlists.replace("planets", description: nil, members: [("Mercury", .organization), ("Venus", nil)])
            #expect(!again)
            #expect(second.description == nil)
            #expect(second.members.map(\.kind) == [.organization, .organization])
        }
    }
}
