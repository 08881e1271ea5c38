import DatelineApp
import DatelineCore
import DatelineNotify
import DatelineStorage
import DatelineTesting
import Foundation
import Testing

@Suite("What each answer does to a delivery")
struct OutcomeTests {
    @Test("410 kills the delivery and disables the channel; its other deliveries are cancelled, not sent")
    func gone() async throws {
        try await withDelivery { context, receiver, harness in
            let store = context.deliveries, clock = harness.clock
            try await store.saveChannels([Fixtures.webhook("hook", url: receiver.url)], now: clock.date)
            await receiver.script([.status(410)])
            let first = try #require(try await store.enqueue(alert: Fixtures.alert(1), channels: ["hook"], now: clock.date).deliveries.first?.id)
            let worker = harness.worker(context, owner: "w1", concurrency: 1)
            try await worker.drain()
            let dead = try await store.detail(id: first)
            #expect(dead.summary.state == .dead)
            #expect(dead.summary.lastStatusCode == 410)
            let channel = try await store.channel(named: "hook")
            #expect(channel.disabledAt != nil)
            #expect(channel.disabledReason?.contains("410 Gone") == true)

            let second = try #require(try await store.enqueue(alert: Fixtures.alert(2), channels: ["hook"], now: clock.date).deliveries.first?.id)
            #expect(try await worker.drain() == 0)
            let cancelled = try await store.detail(id: second)
            #expect(cancelled.summary.state == .cancelled)
            #expect(cancelled.summary.attempts == 0)
            #expect(cancelled.summary.lastError?.contains("channel 'hook' was disabled") == true)
            #expect(await receiver.received().count == 1)

            // Fixed: enable the channel, re-queue dead and cancelled ones, both arrive.
            try await store.setChannelDisabled("hook", reason: nil, now: clock.date)
            #expect(try await store.retryDead(channel: "hook", includeCancelled: true, now: clock.date) == 2)
            #expect(try await worker.drain() == 2)
            #expect(try await store.list(state: .delivered).count == 2)
        }
    }

    @Test("400 is dead at once, never retried; retry-dead sends it again and it is delivered")
    func rejectedThenRetried() async throws {
        try await withDelivery { context, receiver, harness in
            let store = context.deliveries, clock = harness.clock
            try await store.saveChannels([Fixtures.webhook("hook", url: receiver.url)], now: clock.date)
            await receiver.script([.status(400)])
            let id = try #require(try await store.enqueue(alert: Fixtures.alert(1), channels: ["hook"], now: clock.date).deliveries.first?.id)
            let worker = harness.worker(context, owner: "w1")
            #expect(try await worker.drain() == 1)
            var detail = try await store.detail(id: id)
            #expect(detail.summary.state == .dead)
            #expect(detail.summary.attempts == 1)
            #expect(detail.summary.lastStatusCode == 400)
            #expect(detail.summary.lastError?.contains("http_400") == true)
            clock.advance(7 * 86_400)
            #expect(try await worker.drain() == 0)
            #expect(await receiver.received().count == 1)

            #expect(try await store.retryDead(now: clock.date) == 1)
            #expect(try await worker.drain() == 1)
            detail = try await store.detail(id: id)
            #expect(detail.summary.state == .delivered)
            #expect(detail.summary.deliveredAt == clock.date)
            #expect(detail.attempts.map(\.statusCode) == [400, 200])
            #expect(detail.attempts.map(\.outcome) == ["rejected", "delivered"])
            let got = await receiver.received()
            #expect(got.map(\.webhookID) == [detail.summary.messageID, detail.summary.messageID])

            // What `deliveries show` prints: every attempt with status, latency, outcome and error.
            let text = try DeliveryOutput.renderDetail(detail, format: .text)
            #expect(text.contains("delivered"))
            #expect(text.contains("400"))
            #expect(text.contains(" ms"))
            #expect(text.contains("http_400"))
            // A delivered one cannot be retried.
            await #expect(throws: StorageError.self) { try await store.retry(id: id, now: clock.date) }
        }
    }

    @Test("one delivery retried by id; an unknown channel's delivery is cancelled with the reason")
    func retryOneAndUnknownChannel() async throws {
        try await withDelivery { context, receiver, harness in
            let store = context.deliveries, clock = harness.clock
            try await store.saveChannels([Fixtures.webhook("hook", url: receiver.url)], now: clock.date)
            let written = try await store.enqueue(alert: Fixtures.alert(1), channels: ["hook", "nowhere"], now: clock.date)
            await receiver.setFallback(.status(500))
            let worker = harness.worker(context, owner: "w1")
            #expect(try await worker.drain() == 1)
            let orphan = try #require(written.deliveries.first { $0.channel == "nowhere" })
            #expect(try await store.detail(id: orphan.id).summary.lastError == "channel 'nowhere' is not configured")
            #expect(try await store.detail(id: orphan.id).summary.state == .cancelled)
            // The failed one waits 5 s; `retry ID` makes it due now.
            let hook = try #require(written.deliveries.first { $0.channel == "hook" })
            #expect(try await worker.drain() == 0)
            await receiver.setFallback(.status(200))
            _ = try await store.retry(id: hook.id, now: clock.date)
            #expect(try await worker.drain() == 1)
            #expect(try await store.detail(id: hook.id).summary.state == .delivered)
        }
    }

    @Test("a hanging endpoint times out; the attempt is recorded without a status and retried on schedule")
    func hanging() async throws {
        try await withDelivery { context, receiver, harness in
            let store = context.deliveries, clock = harness.clock
            var channel = Fixtures.webhook("hook", url: receiver.url)
            channel.timeoutSeconds = 0.3
            try await store.saveChannels([channel], now: clock.date)
            await receiver.script([.hang(seconds: 2)])
            let id = try #require(try await store.enqueue(alert: Fixtures.alert(1), channels: ["hook"], now: clock.date).deliveries.first?.id)
            let worker = harness.worker(context, owner: "w1")
            #expect(try await worker.drain() == 1)
            var detail = try await store.detail(id: id)
            #expect(detail.summary.state == .pending)
            #expect(detail.summary.nextAttemptAt == clock.date.addingTimeInterval(5))
            #expect(detail.attempts.first?.statusCode == nil)
            #expect(detail.attempts.first?.error?.hasPrefix("timeout") == true)
            // The retry is what is tested here, not a second race against 0.3 s on a busy machine.
            channel.timeoutSeconds = 30
            try await store.saveChannels([channel], now: clock.date)
            clock.advance(5)
            #expect(try await worker.drain() == 1)
            detail = try await store.detail(id: id)
            #expect(detail.summary.state == .delivered)
        }
    }

    @Test("file and stdout channels deliver too")
    func fileAndStdout() async throws {
        try await withDelivery { context, _, harness in
            let store = context.deliveries, clock = harness.clock
            try await store.saveChannels([
                ChannelConfig(name: "log", type: .file, format: .json, path: "alerts.jsonl"),
                ChannelConfig(name: "console", type: .stdout, format: .text),
            ], now: clock.date)
            for n in 1...3 { _ = try await store.enqueue(alert: Fixtures.alert(n), channels: ["log", "console"], now: clock.date) }
            #expect(try await harness.worker(context, owner: "w1").drain() == 6)
            #expect(try await store.list(state: .delivered).count == 6)
            let lines = try String(contentsOfFile: harness.directory + "/alerts.jsonl", encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 3)
            for n in 1...3 {
                #expect(lines.contains { $0.contains("Harbor board chair number \(n) to step down") })
                #expect(harness.printed.value.contains("https://dateline.example/events/\(9000 + n)"))
            }
        }
    }
}
