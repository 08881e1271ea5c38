import DatelineCore
import DatelineStorage
import DatelineTesting
import Foundation
import PostgresNIO
import Testing

@Suite("The change feed never skips")
struct ChangeFeedTests {
    @Test("two transactions that commit out of order are both seen, each once")
    func outOfOrderCommits() async throws {
        try await TestDatabase.withDatabase { context in
            let client = context.client, logger = context.logger
            try await client.query("INSERT INTO events (id, kind, status, title, confidence, identity_key) VALUES (1, 'ruling', 'occurred', 't', 1, 'k')")
            // T1 takes the lower id first and stays open; T2 writes a higher id and commits.
            let (t1Started, t1Continue) = AsyncStream.makeStream(of: Void.self)
            let (t1Release, t1ReleaseContinuation) = AsyncStream.makeStream(of: Void.self)
            async let t1: Void = client.withTransaction(logger: logger) { tx in
                try await tx.query("INSERT INTO change_log (event_id, change) VALUES (1, 'new')", logger: logger)
                t1Continue.yield()
                for await _ in t1Release { break }
            }
            for await _ in t1Started { break }
            try await client.withTransaction(logger: logger) { tx in
                try await tx.query("INSERT INTO change_log (event_id, change) VALUES (1, 'status_change')", logger: logger)
            }
            // While T1 runs, the committed row of T2 must wait: reading it now and advancing the
            // cursor past it would make T1's row (lower id) invisible forever.
            let early = try await client.withConnection { c in
                try await ChangeFeed.read(after: .start, limit: 100, on: c, logger: logger)
            }
            #expect(early.isEmpty)
            t1ReleaseContinuation.yield()
            try await t1
            // xmin is cluster-wide: other suites' short transactions may hold it back for a moment,
            // which delays rows but never drops them. Poll (bounded) until both are final.
            var all: [ChangeRecord] = []
            for _ in 0..<200 {
                all = try await client.withConnection { c in
                    try await ChangeFeed.read(after: .start, limit: 100, on: c, logger: logger)
                }
                if all.count >= 2 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(all.map(\.change).sorted { $0.rawValue < $1.rawValue } == [.new, .statusChange])
            // After the last one, nothing more; the cursor survives in the database.
            let last = try #require(all.last)
            let position = FeedPosition(xid: last.xid, id: last.id)
            try await client.withConnection { c in
                try await ChangeFeed.save(position, of: "test", on: c, logger: logger)
                #expect(try await ChangeFeed.position(of: "test", on: c, logger: logger) == position)
                let rest = try await ChangeFeed.read(after: position, limit: 100, on: c, logger: logger)
                #expect(rest.isEmpty, "after \(all) came \(rest)")
            }
        }
    }
}

@Suite("The change feed's order is numeric")
struct ChangeFeedOrderTests {
    /// Transaction ids 98…101 cross a power of ten; read a page of two at a time, the feed and
    /// the backtest history must return all four in that order (as text, "100" < "98").
    @Test("pages across a power of ten in transaction ids return every row, in numeric order")
    func acrossPowerOfTen() async throws {
        try await TestDatabase.withDatabase { context in
            let client = context.client, logger = context.logger
            try await client.query("INSERT INTO events (id, kind, status, title, confidence, identity_key) VALUES (1, 'ruling', 'occurred', 't', 1, 'k')")
            // Explicit ids, all long finished in any cluster (initdb alone uses hundreds).
            try await client.query("INSERT INTO change_log (xid, event_id, change) SELECT x::text::xid8, 1, 'new' FROM unnest(ARRAY[101, 99, 100, 98]) x")
            let expected: [UInt64] = [98, 99, 100, 101]

            // Pages of two, each after the last row of the one before, as a consumer reads.
            func paged(_ read: @Sendable (FeedPosition, PostgresConnection) async throws -> [ChangeRecord]) async throws -> [UInt64] {
                var xids: [UInt64] = [], position = FeedPosition.start
                for _ in 0..<4 {
                    let page = try await client.withConnection { try await read(position, $0) }
                    guard let last = page.last else { break }
                    xids += page.map(\.xid)
                    position = FeedPosition(xid: last.xid, id: last.id)
                }
                return xids
            }
            let fed = try await paged { try await ChangeFeed.read(after: $0, limit: 2, on: $1, logger: logger) }
            #expect(fed == expected)
            let (from, to) = (Date(timeIntervalSinceNow: -3600), Date(timeIntervalSinceNow: 3600))
            let replayed = try await paged {
                try await ChangeSnapshotLoader.history(from: from, to: to, after: $0, limit: 2, on: $1, logger: logger)
            }
            #expect(replayed == expected)
        }
    }
}
