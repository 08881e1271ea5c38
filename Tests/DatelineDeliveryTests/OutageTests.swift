import DatelineApp
import DatelineCore
import DatelineNotify
import DatelineStorage
import DatelineTesting
import Foundation
import Testing

@Suite("Deliveries survive outages")
struct OutageTests {
    @Test("a receiver down for 72 hours gets every alert exactly once after it recovers")
    func seventyTwoHourOutage() async throws {
        try await withDelivery { context, receiver, harness in
            let store = context.deliveries, clock = harness.clock
            let start = clock.now()
            // "long" retries for days (the default schedule plus three daily retries, ~99.6 h);
            // "short" keeps the default (~27.6 h), so its deliveries die and are retried by hand.
            let long = Fixtures.webhook("long", url: receiver.url, schedule: ChannelConfig.defaultRetrySchedule + [86_400, 86_400, 86_400])
            let short = Fixtures.webhook("short", url: receiver.url)
            try await store.saveChannels([long, short], now: clock.date)
            await receiver.setFallback(.status(500))
            var messageIDs: Set<String> = []
            for n in 1...5 {
                let written = try await store.enqueue(alert: Fixtures.alert(n), channels: ["long", "short"], now: clock.date)
                messageIDs.formUnion(written.deliveries.map(\.messageID))
            }
            let worker = harness.worker(context, owner: "w1")
            var recovered = false
            // Jump from one due time to the next; the endpoint comes back at +72 h.
            for _ in 0..<100 {
                if !recovered && clock.now() >= start + 72 * 3600 {
                    await receiver.setFallback(.status(200))
                    recovered = true
                }
                try await worker.drain()
                let pending = try await store.list(state: .pending)
                guard let next = pending.map(\.nextAttemptAt).min() else { break }
                let recovery = Date(timeIntervalSince1970: start + 72 * 3600)
                clock.set(recovered ? max(next, clock.date) : min(max(next, clock.date), max(recovery, clock.date)))
            }
            #expect(recovered)
            // The long channel's deliveries arrived on their own; the short channel's are dead.
            #expect(try await store.list(state: .delivered, channel: "long").count == 5)
            let dead = try await store.list(state: .dead, channel: "short")
            #expect(dead.count == 5)
            #expect(dead.allSatisfy { $0.lastError?.contains("gave up after 8 attempts") == true })
            #expect(try await store.retryDead(channel: "short", now: clock.date) == 5)
            try await worker.drain()
            #expect(try await store.list(state: .delivered).count == 10)
            #expect(try await store.list(state: .pending).isEmpty)

            // At the receiver: every id arrived, each accepted exactly once and never sent again.
            let got = await receiver.received()
            #expect(got.allSatisfy { $0.signatureError == nil })
            #expect(Set(got.compactMap(\.webhookID)) == messageIDs)
            for id in messageIDs {
                let requests = got.filter { $0.webhookID == id }
                #expect(requests.filter { $0.status == 200 }.count == 1, "\(id) accepted once")
                #expect(requests.last?.status == 200, "\(id): nothing after the accepted one")
            }
            // The store's history says the same: one delivered attempt per delivery.
            for summary in try await store.list() {
                let detail = try await store.detail(id: summary.id)
                #expect(detail.attempts.filter { $0.outcome == "delivered" }.count == 1)
                #expect(detail.attempts.count == summary.attempts)
                #expect(detail.attempts.dropLast().allSatisfy { $0.statusCode == 500 && $0.error?.contains("http_500") == true })
            }
        }
    }

    @Test("Retry-After on a 429 decides the next attempt; nothing is sent before it")
    func retryAfter() async throws {
        try await withDelivery { context, receiver, harness in
            let store = context.deliveries, clock = harness.clock
            try await store.saveChannels([Fixtures.webhook("hook", url: receiver.url)], now: clock.date)
            await receiver.script([.retryAfter(status: 429, value: "3600"), .retryAfter(status: 503, value: "1")])
            let id = try #require(try await store.enqueue(alert: Fixtures.alert(1), channels: ["hook"], now: clock.date).deliveries.first?.id)
            let worker = harness.worker(context, owner: "w1")
            let started = clock.date
            #expect(try await worker.drain() == 1)
            var detail = try await store.detail(id: id)
            #expect(detail.summary.state == .pending)
            #expect(detail.summary.lastStatusCode == 429)
            // The receiver asked for an hour, more than the schedule's 5 s: the hour wins.
            #expect(detail.summary.nextAttemptAt == started.addingTimeInterval(3600))
            clock.advance(3599)
            #expect(try await worker.drain() == 0)
            #expect(await receiver.received().count == 1)
            clock.advance(1)
            #expect(try await worker.drain() == 1)
            // A 503 asking for 1 s is shorter than the schedule's next delay (5 min): the schedule wins.
            detail = try await store.detail(id: id)
            #expect(detail.summary.lastStatusCode == 503)
            #expect(detail.summary.nextAttemptAt == clock.date.addingTimeInterval(300))
            clock.advance(300)
            #expect(try await worker.drain() == 1)
            detail = try await store.detail(id: id)
            #expect(detail.summary.state == .delivered)
            #expect(detail.attempts.map(\.statusCode) == [429, 503, 200])
        }
    }
}
