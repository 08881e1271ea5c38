import DatelineApp
import DatelineCore
import DatelineRules
import DatelineStorage
import DatelineTesting
import Foundation
import Testing

@Suite("Storing rules: versions, prune, validation against the store")
struct RuleStoreTests {
    @Test("applying the same file twice stores nothing new; a changed rule gets a new version; --prune disables the missing")
    func versions() async throws {
        try await TestDatabase.withDatabase(cluster: .feed) { context in
            let first = """
                # comment
                rules:
                  - name: a
                    match: {kinds: [resignation]}
                    notify: [stdout]
                  - name: b
                    match:
                      kinds: [ruling]
                    notify: [stdout]
                """
            let added = try await context.apply(first)
            #expect(added.added == ["a", "b"])
            // Same rules, another layout: unchanged.
            let relaid = """
                rules:
                  - {name: a, notify: [stdout], match: {kinds: [resignation]}}
                  - name: b
                    notify: [stdout]
                    match: {kinds: [ruling]}
                """
            let again = try await context.apply(relaid)
            #expect(again.unchanged == ["a", "b"])
            #expect(again.added.isEmpty && again.updated.isEmpty)
            let changed = try await context.apply("""
                rules:
                  - name: a
                    match: {kinds: [resignation, dismissal]}
                    notify: [stdout]
                """)
            #expect(changed.updated == ["a"])
            #expect(changed.kept == ["b"])
            let pruned = try await context.apply("""
                rules:
                  - name: a
                    match: {kinds: [resignation, dismissal]}
                    notify: [stdout]
                """, prune: true)
            #expect(pruned.disabled == ["b"])
            let listing = try await context.rules.list()
            #expect(listing.map { "\($0.name) v\($0.version) \($0.enabled)" } == ["a v2 true", "b v1 false"])
            let versions = try await context.rules.versions(of: "a")
            #expect(versions.map(\.version) == [1, 2])
            // The live set compiles back into the same rules.
            let live = try await context.client.withConnection { connection in
                try await LiveRules.load(on: connection, logger: context.logger)
            }
            #expect(live.engine.rules.map(\.name) == ["a"])
            #expect(live.engine.rules.first?.primaryFilter.kinds == [.resignation, .dismissal])
            #expect(live.versions["a"] == 2)
            await #expect(throws: StorageError.self) { try await context.rules.versions(of: "nope") }
            // Applying the first file again re-enables b as it was (no new version) and updates a.
            let back = try await context.apply(first, prune: true)
            #expect(back.unchanged == ["b"] && back.updated == ["a"])
            #expect(try await context.rules.list().map { "\($0.name) v\($0.version) \($0.enabled)" } == ["a v3 true", "b v1 true"])
        }
    }

    @Test("an invalid file stores nothing, and unknown watchlists are checked against the database")
    func invalidStoresNothing() async throws {
        try await TestDatabase.withDatabase(cluster: .feed) { context in
            try await context.store(article("v1", source: "One", events: [resignation("Alma Reyes")]))
            try await context.watch("ports", "Alma Reyes")
            let yaml = """
                rules:
                  - name: good
                    match: {kinds: [resignation], watchlist: ports}
                    notify: [stdout]
                  - name: bad
                    match: {kinds: [resignation], watchlist: port}
                    throttle: 5 parsecs
                    notify: [nowhere]
                """
            let error = await #expect(throws: RulesError.self) { try await context.apply(yaml) }
            let lines = error?.diagnostics.map(\.description) ?? []
            #expect(lines.contains { $0.hasPrefix("rules.yaml:6:46:") && $0.contains("port") })
            #expect(lines.contains { $0.hasPrefix("rules.yaml:7:15:") })
            #expect(lines.contains { $0.hasPrefix("rules.yaml:8:14:") && $0.contains("nowhere") })
            #expect(try await context.rules.list().isEmpty)
        }
    }
}
