import DatelineApp
import DatelineCore
import DatelineNotify
import DatelineStorage
import DatelineTesting
import Foundation
import Testing

@Suite("Leases: takeover and no double sends")
struct LeaseTests {
    @Test("a killed worker's lease is taken over after it expires, and its late record is refused")
    func takeover() async throws {
        try await withDelivery { context, receiver, harness in
            let store = context.deliveries, clock = harness.clock
            try await store.saveChannels([Fixtures.webhook("hook", url: receiver.url)], now: clock.date)
            let id = try #require(try await store.enqueue(alert: Fixtures.alert(1), channels: ["hook"], now: clock.date).deliveries.first?.id)
            // Worker A claims and "dies" before sending.
            let claimedByA = try await store.claim(owner: "A", limit: 10, now: clock.date, leaseSeconds: 60)
            #expect(claimedByA.map(\.id) == [id])
            let b = harness.worker(context, owner: "B")
            // While A's lease runs, B finds nothing to do.
            clock.advance(59)
            #expect(try await b.drain() == 0)
            #expect(await receiver.received().isEmpty)
            // Past the lease, B takes it over and sends it (attempt 2: A's claim counted).
            clock.advance(2)
            #expect(try await b.drain() == 1)
            var detail = try await store.detail(id: id)
            #expect(detail.summary.state == .delivered)
            #expect(detail.summary.attempts == 2)
            #expect(await receiver.received().count == 1)
            // A wakes up and tries to record a result: refused, B's result stands.
            let late = AttemptReport(startedAt: clock.date, statusCode: 500, latency: 0.01, outcome: "retry", error: "http_500")
            let claimed = try #require(claimedByA.first)
            let result = try await store.record(claimed, owner: "A", report: late, resolution: .retry(at: clock.date.addingTimeInterval(5)), now: clock.date)
            #expect(result == .leaseLost)
            detail = try await store.detail(id: id)
            #expect(detail.summary.state == .delivered)
            #expect(detail.summary.lastStatusCode == 200)
            // A's attempt stays visible in the history, marked as late.
            #expect(detail.attempts.map(\.attempt) == [1, 2])
            #expect(detail.attempts.first?.error?.contains("lease was lost") == true)
        }
    }

    @Test("a live worker renews the leases of the rows it holds, so rows queued behind a slow send are not taken over")
    func heartbeat() async throws {
        try await withDelivery { context, receiver, harness in
            let store = context.deliveries, clock = harness.clock
            try await store.saveChannels([Fixtures.webhook("slow", url: receiver.url)], now: clock.date)
            // The first request takes 4 s (real time); the others are answered at once.
            await receiver.script([.delayed(status: 200, seconds: 4)])
            for n in 1...3 { _ = try await store.enqueue(alert: Fixtures.alert(n), channels: ["slow"], now: clock.date) }
            let start = clock.date
            // A 1.5 s lease on the test clock, renewed every 0.5 s of real time.
            let worker = harness.worker(context, owner: "A", lease: 1.5)
            let drained = Task { try await worker.drain() }
            await receiver.waitForRequests(1)
            // The channel sends one at a time: two rows wait in A's queue behind the slow one.
            clock.advance(1)
            func earliestLease() async throws -> Date? {
                var earliest: Date?
                for try await value in try await context.client.query(
                    "SELECT min(lease_expires_at) FROM deliveries WHERE channel_name = 'slow' AND state = 'pending'", logger: context.logger
                ).decode(Date?.self) { earliest = value }
                return earliest
            }
            var renewed = false
            for _ in 0..<150 where !renewed {
                if let earliest = try await earliestLease(), earliest >= start.addingTimeInterval(2.5) { renewed = true } else {
                    try await Task.sleep(nanoseconds: 20_000_000)
                }
            }
            #expect(renewed, "the held rows' leases were not renewed")
            // Past the first lease: without renewal another worker would take all three now.
            clock.advance(1)
            #expect(try await store.claim(owner: "Z", limit: 10, now: clock.date, leaseSeconds: 60).isEmpty)
            #expect(try await drained.value == 3)
            let got = await receiver.received()
            #expect(got.count == 3)
            #expect(Set(got.compactMap(\.webhookID)).count == 3)
            #expect(try await store.list(limit: 10).allSatisfy { $0.state == .delivered && $0.attempts == 1 })
        }
    }

    @Test("a slow channel at the head of the queue holds one waiting sender, not all: other channels' rows go out meanwhile")
    func slowChannelDoesNotBlockOthers() async throws {
        try await withDelivery { context, receiver, harness in
            let store = context.deliveries, clock = harness.clock
            let slow = Fixtures.webhook("slow", url: receiver.url(path: "slow"))
            let quick = Fixtures.webhook("quick", url: receiver.url(path: "quick"))
            try await store.saveChannels([slow, quick], now: clock.date)
            // The slow channel's first request takes 3 s (real time); everything else is answered at once.
            await receiver.script([.delayed(status: 200, seconds: 3)], path: "slow")
            for n in 1...6 { _ = try await store.enqueue(alert: Fixtures.alert(n), channels: ["slow"], now: clock.date) }
            clock.advance(1)
            for n in 7...9 { _ = try await store.enqueue(alert: Fixtures.alert(n), channels: ["quick"], now: clock.date) }
            // Four senders; claim order puts the six slow rows first.
            let worker = harness.worker(context, owner: "A", concurrency: 4)
            let drained = Task { try await worker.drain() }
            await receiver.waitForRequests(4)
            // While the slow channel's first request is still out: one sender waits at its gate,
            // the others have sent the quick channel's three rows.
            let first = await receiver.received().prefix(4).map(\.path)
            #expect(first.filter { $0.hasSuffix("/quick") }.count == 3, "first four requests: \(first)")
            #expect(first.filter { $0.hasSuffix("/slow") }.count == 1)
            #expect(try await drained.value == 9)
            let got = await receiver.received()
            #expect(got.count == 9)
            // Each channel's rows still go out in order, one at a time.
            #expect(await receiver.maxConcurrentByPath().values.allSatisfy { $0 == 1 })
            let slowOrder = got.filter { $0.path.hasSuffix("/slow") }.compactMap(\.webhookID)
            let stored = try await store.list(limit: 20).filter { $0.channel == "slow" }.sorted { $0.id < $1.id }.map(\.messageID)
            #expect(slowOrder == stored)
        }
    }

    @Test("two workers draining at once never send the same delivery concurrently, and send each once")
    func twoWorkers() async throws {
        try await withDelivery { context, receiver, harness in
            let store = context.deliveries, clock = harness.clock
            let channels = (1...4).map { Fixtures.webhook("hook\($0)", url: receiver.url, maxInFlight: 2) }
            try await store.saveChannels(channels, now: clock.date)
            await receiver.setFallback(.delayed(status: 200, seconds: 0.01))
            var ids: Set<String> = []
            for n in 1...30 {
                ids.formUnion(try await store.enqueue(alert: Fixtures.alert(n), channels: channels.map(\.name), now: clock.date).deliveries.map(\.messageID))
            }
            let a = harness.worker(context, owner: "A", concurrency: 6)
            let other = Harness(clock: clock)
            let b = other.worker(context, owner: "B", concurrency: 6)
            async let fromA = a.drain()
            async let fromB = b.drain()
            let (countA, countB) = try await (fromA, fromB)
            await other.shutdown()
            #expect(countA + countB == 120)
            #expect(await receiver.maxConcurrentSameID() == 1)
            let got = await receiver.received()
            #expect(got.count == 120)
            #expect(Set(got.compactMap(\.webhookID)) == ids)
            #expect(try await store.list(state: .delivered, limit: 1000).count == 120)
            #expect(try await store.list(limit: 1000).allSatisfy { $0.attempts == 1 && $0.leaseOwner == nil })
        }
    }

    @Test("two workers (each with its own gate, as two processes) never have two requests in flight to one channel")
    func oneInFlightPerChannelAcrossWorkers() async throws {
        try await withDelivery { context, receiver, harness in
            let store = context.deliveries, clock = harness.clock
            // One path per channel, so the receiver counts each channel's concurrency apart.
            let channels = (1...3).map { Fixtures.webhook("solo\($0)", url: receiver.url(path: "solo\($0)")) }
            try await store.saveChannels(channels, now: clock.date)
            await receiver.setFallback(.delayed(status: 200, seconds: 0.005))
            var ids: Set<String> = []
            for n in 1...20 {
                ids.formUnion(try await store.enqueue(alert: Fixtures.alert(n), channels: channels.map(\.name), now: clock.date).deliveries.map(\.messageID))
            }
            let a = harness.worker(context, owner: "A", concurrency: 8)
            let other = Harness(clock: clock)
            let b = other.worker(context, owner: "B", concurrency: 8)
            // Each drains until nothing is left it may claim; loop so both keep competing
            // until every delivery is done.
            let (countA, countB) = try await bounded(120) {
                async let fromA = Self.drainAll(a, store: store)
                async let fromB = Self.drainAll(b, store: store)
                return try await (fromA, fromB)
            }
            await other.shutdown()
            #expect(countA + countB == 60)
            let perPath = await receiver.maxConcurrentByPath()
            #expect(perPath.count == 3)
            #expect(perPath.values.allSatisfy { $0 == 1 }, "per-channel concurrency seen by the receiver: \(perPath)")
            let got = await receiver.received()
            #expect(got.count == 60)
            #expect(Set(got.compactMap(\.webhookID)) == ids)
            #expect(try await store.list(limit: 1000).allSatisfy { $0.state == .delivered && $0.attempts == 1 && $0.leaseOwner == nil })
        }
    }

    /// Drains `worker` again until no delivery is pending (the other worker may hold a channel).
    static func drainAll(_ worker: DeliveryWorker, store: PostgresDeliveryStore) async throws -> Int {
        var total = 0
        while true {
            total += try await worker.drain()
            if try await store.list(state: .pending, limit: 1).isEmpty { return total }
            await Task.yield()
        }
    }
}
