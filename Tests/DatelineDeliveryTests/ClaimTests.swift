import DatelineApp
import DatelineCore
import DatelineNotify
import DatelineStorage
import DatelineTesting
import Foundation
import Testing

@Suite("Claims: oldest first, per channel, one owner per channel")
struct ClaimTests {
    @Test("a claim skips the channel another owner holds and takes the other channels' oldest due rows, at most the limit; the holder keeps its channel")
    func skipsHeldChannels() async throws {
        try await withDelivery { context, receiver, harness in
            let store = context.deliveries, clock = harness.clock
            let names = ["hookA", "hookB", "hookC"]
            try await store.saveChannels(names.map { Fixtures.webhook($0, url: receiver.url) }, now: clock.date)
            var byChannel: [String: [Int64]] = [:]
            for n in 1...5 {
                for delivery in try await store.enqueue(alert: Fixtures.alert(n), channels: names, now: clock.date).deliveries {
                    byChannel[delivery.channel, default: []].append(delivery.id)
                }
                clock.advance(1)
            }
            // One row scheduled later is not due yet.
            let later = try #require(try await store.enqueue(alert: Fixtures.alert(6), channels: ["hookB"], now: clock.date.addingTimeInterval(3_600)).deliveries.first?.id)

            let first = try await store.claim(owner: "X", limit: 1, now: clock.date, leaseSeconds: 60)
            #expect(first.map(\.id) == [try #require(byChannel["hookA"]?.first)])
            // Y may not touch hookA while X holds a lease there; it gets B's and C's rows, oldest first.
            let second = try await store.claim(owner: "Y", limit: 7, now: clock.date, leaseSeconds: 60)
            let others = zip(byChannel["hookB"] ?? [], byChannel["hookC"] ?? []).flatMap { [$0, $1] }
            #expect(second.map(\.id) == Array(others.prefix(7)))
            #expect(!second.map(\.id).contains(later))
            // X takes the rest of its channel; Y's own lease does not keep Y from its channels.
            let third = try await store.claim(owner: "X", limit: 10, now: clock.date, leaseSeconds: 60)
            #expect(third.map(\.id) == Array((byChannel["hookA"] ?? []).dropFirst()))
            let fourth = try await store.claim(owner: "Y", limit: 10, now: clock.date, leaseSeconds: 60)
            #expect(fourth.map(\.id) == Array(others.dropFirst(7)))
            #expect(try await store.claim(owner: "Z", limit: 10, now: clock.date, leaseSeconds: 60).isEmpty)
            // Once the leases run out, anyone may take the channels over; the later row comes due in its time.
            clock.advance(61)
            #expect(try await store.claim(owner: "Z", limit: 20, now: clock.date, leaseSeconds: 60).count == 15)
            clock.advance(3_600)
            #expect(try await store.claim(owner: "Z", limit: 20, now: clock.date, leaseSeconds: 60).map(\.id).contains(later))
        }
    }

    @Test("two owners claiming at the same moment never both get rows of one channel")
    func simultaneousClaims() async throws {
        try await withDelivery { context, receiver, harness in
            let store = context.deliveries, clock = harness.clock
            try await store.saveChannels([Fixtures.webhook("solo", url: receiver.url)], now: clock.date)
            var rounds = 0
            for round in 0..<25 {
                for n in 0..<3 { _ = try await store.enqueue(alert: Fixtures.alert(round * 3 + n), channels: ["solo"], now: clock.date) }
                async let a = store.claim(owner: "A", limit: 3, now: clock.date, leaseSeconds: 60)
                async let b = store.claim(owner: "B", limit: 3, now: clock.date, leaseSeconds: 60)
                let (fromA, fromB) = try await (a, b)
                #expect(fromA.isEmpty || fromB.isEmpty, "round \(round): A got \(fromA.map(\.id)), B got \(fromB.map(\.id))")
                #expect(fromA.count + fromB.count == 3 || (fromA.isEmpty && fromB.isEmpty))
                rounds += 1
                // Finish the round: whoever holds them gives them back as delivered.
                for (owner, claimed) in [("A", fromA), ("B", fromB)] where !claimed.isEmpty {
                    let report = AttemptReport(startedAt: clock.date, statusCode: 200, latency: 0.001, outcome: "delivered", error: nil)
                    let results = claimed.map { DeliveryResult(delivery: $0, report: report, resolution: .delivered) }
                    #expect(try await store.record(results, owner: owner, now: clock.date).allSatisfy { $0 == .recorded })
                }
                // Both may have skipped a channel the other was locking; the next claim gets it.
                if let left = try await store.list(state: .pending, limit: 10).first {
                    let retry = try await store.claim(owner: "A", limit: 3, now: clock.date, leaseSeconds: 60)
                    #expect(retry.contains { $0.id == left.id })
                    let report = AttemptReport(startedAt: clock.date, statusCode: 200, latency: 0.001, outcome: "delivered", error: nil)
                    _ = try await store.record(retry.map { DeliveryResult(delivery: $0, report: report, resolution: .delivered) }, owner: "A", now: clock.date)
                }
            }
            #expect(rounds == 25)
            #expect(try await store.list(state: .delivered, limit: 1000).count == 75)
            #expect(try await store.list(state: .pending, limit: 10).isEmpty)
        }
    }

    @Test("a claim's work does not grow with the backlog: the picked rows are looked up by id, not by walking the pending index")
    func boundedByTheBatch() async throws {
        try await withDelivery { context, receiver, harness in
            let store = context.deliveries, clock = harness.clock
            let names = ["backlogA", "backlogB", "backlogC"]
            try await store.saveChannels(names.map { Fixtures.webhook($0, url: receiver.url) }, now: clock.date)
            // 1,500 due rows: a receiver back from an outage.
            let payload = String(decoding: try JSONEncoder().encode(Fixtures.alert(1)), as: UTF8.self)
            try await context.client.query(
                """
                WITH a AS (
                    INSERT INTO alerts (rule_name, rule_version, dedupe_key, change, payload, created_at)
                    SELECT 'backlog', 1, 'b' || g, 'new', \(payload)::jsonb, \(clock.date) FROM generate_series(1, 1500) AS g
                    RETURNING id
                )
                INSERT INTO deliveries (alert_id, channel_name, message_id, next_attempt_at, created_at)
                SELECT a.id, (ARRAY['backlogA', 'backlogB', 'backlogC'])[1 + a.id % 3], 'msg_backlog_' || a.id, \(clock.date), \(clock.date) FROM a
                """,
                logger: context.logger)
            // Index entries read by one claim of 10, counted by PostgreSQL's statistics (flushed
            // and re-read on one connection).
            let read = try await context.client.withConnection { connection in
                func pendingIndexReads() async throws -> Int64 {
                    _ = try await connection.query("SELECT pg_stat_clear_snapshot()", logger: context.logger)
                    var total: Int64 = 0
                    for try await value in try await connection.query(
                        "SELECT idx_tup_read FROM pg_stat_user_indexes WHERE indexrelname = 'deliveries_pending_channel'", logger: context.logger
                    ).decode(Int64.self) { total = value }
                    return total
                }
                _ = try await connection.query("SELECT pg_stat_force_next_flush()", logger: context.logger)
                let before = try await pendingIndexReads()
                let claimed = try await connection.query(
                    "SELECT id FROM dateline_claim_deliveries('T', 10, \(clock.date), \(clock.date.addingTimeInterval(60)), 7)", logger: context.logger
                ).collect().count
                #expect(claimed == 10)
                _ = try await connection.query("SELECT pg_stat_force_next_flush()", logger: context.logger)
                return try await pendingIndexReads() - before
            }
            // The pick reads a few entries per channel plus at most the batch from each; walking
            // the due rows would read all 1,500.
            #expect(read > 0)
            #expect(read < 150, "one claim of 10 read \(read) entries of the pending index")
        }
    }
}
