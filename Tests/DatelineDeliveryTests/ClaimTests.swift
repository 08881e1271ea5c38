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
}
