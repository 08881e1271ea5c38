import Foundation
import DatelineCore
import DatelineTesting
import Synchronization
import Testing
@testable import DatelineNotify

@Suite("Retry policy and channel gate")
struct DeliveryPolicyTests {
    @Test("next attempt follows the schedule with jitter, Retry-After wins when larger, dead after the last")
    func retry() {
        let low = RetryPolicy(schedule: [5, 300, 1800], jitter: 0.2, random: { 0 })
        let high = RetryPolicy(schedule: [5, 300, 1800], jitter: 0.2, random: { 0.999_999 })
        let mid = RetryPolicy(schedule: [5, 300, 1800], jitter: 0.2, random: { 0.5 })
        let failed = DeliveryOutcome(classification: .retry, statusCode: 500)
        #expect(mid.decide(after: failed, attempt: 1, now: 1000) == .retry(at: 1005))
        #expect(mid.decide(after: failed, attempt: 2, now: 1000) == .retry(at: 1300))
        #expect(low.delay(afterAttempt: 2) == 240)
        #expect(abs((high.delay(afterAttempt: 2) ?? 0) - 360) < 0.01)
        #expect(mid.decide(after: failed, attempt: 3, now: 0) == .retry(at: 1800))
        #expect(mid.decide(after: failed, attempt: 4, now: 0) == .dead)
        #expect(mid.maxAttempts == 4)
        var throttled = DeliveryOutcome(classification: .retry, statusCode: 429, retryAfter: 60)
        #expect(mid.decide(after: throttled, attempt: 1, now: 0) == .retry(at: 60))
        throttled.retryAfter = 1
        #expect(mid.decide(after: throttled, attempt: 2, now: 0) == .retry(at: 300))
        #expect(mid.decide(after: .init(classification: .gone, statusCode: 410), attempt: 1, now: 0) == .disableChannel)
        #expect(mid.decide(after: .init(classification: .rejected, statusCode: 400), attempt: 1, now: 0) == .dead)
        #expect(mid.decide(after: .init(classification: .delivered, statusCode: 200), attempt: 1, now: 0) == .done)
        #expect(RetryPolicy(channel: ChannelConfig(name: "c", type: .webhook, format: .json)).maxAttempts == 8)
    }

    @Test("Retry-After parses seconds and HTTP dates")
    func retryAfter() {
        let now = 1_744_041_600.0  // Mon, 07 Apr 2025 16:00:00 GMT
        #expect(RetryPolicy.parseRetryAfter("120", now: now) == 120)
        #expect(RetryPolicy.parseRetryAfter("Mon, 07 Apr 2025 16:00:30 GMT", now: now) == 30)
        #expect(RetryPolicy.parseRetryAfter("Mon, 07 Apr 2025 15:00:00 GMT", now: now) == 0)
        #expect(RetryPolicy.parseRetryAfter("soon", now: now) == nil)
        #expect(RetryPolicy.parseRetryAfter("-5", now: now) == nil)
    }

    @Test("status classification table")
    func classify() {
        #expect(DeliveryOutcome.classify(status: 204) == .delivered)
        #expect(DeliveryOutcome.classify(status: 408) == .retry)
        #expect(DeliveryOutcome.classify(status: 429) == .retry)
        #expect(DeliveryOutcome.classify(status: 502) == .retry)
        #expect(DeliveryOutcome.classify(status: 410) == .gone)
        #expect(DeliveryOutcome.classify(status: 404) == .rejected)
        #expect(DeliveryOutcome.classify(status: 301) == .rejected)
    }

    @Test("rate limit: a bucket of count tokens refilled over perSeconds, on the test clock")
    func rateLimit() async throws {
        let clock = TestClock()
        let gate = ChannelGate(clock: clock)
        let channel = ChannelConfig(name: "slack", type: .webhook, format: .slack, rateLimit: .init(count: 2, perSeconds: 10), maxInFlight: 5)
        guard case .granted(let a) = gate.tryAcquire(channel), case .granted(let b) = gate.tryAcquire(channel) else {
            Issue.record("the first two should pass")
            return
        }
        #expect(gate.tryAcquire(channel) == .wait(seconds: 5))
        clock.advance(4)
        guard case .wait(let seconds) = gate.tryAcquire(channel) else {
            Issue.record("still waiting for the token")
            return
        }
        #expect(abs(seconds - 1) < 1e-9)
        clock.advance(1)
        guard case .granted = gate.tryAcquire(channel) else {
            Issue.record("a token should have been refilled")
            return
        }
        gate.release(a)
        gate.release(b)
        // acquire() waits on the clock for the next token instead of failing.
        let permit = try await gate.acquire(channel)
        #expect(permit.channel == "slack")
        #expect(clock.sleeps == [5])
    }

    @Test("one request in flight per channel by default; a release lets the next in")
    func inFlight() async throws {
        let gate = ChannelGate(clock: TestClock())
        let channel = ChannelConfig(name: "hook", type: .webhook, format: .json)
        let other = ChannelConfig(name: "other", type: .webhook, format: .json)
        let first = try await gate.acquire(channel)
        #expect(gate.tryAcquire(channel) == .busy)
        guard case .granted = gate.tryAcquire(other) else {
            Issue.record("another channel is not limited")
            return
        }
        let waiter = Task { try await gate.acquire(channel) }
        gate.release(first)
        let second = try await waiter.value
        #expect(second.channel == "hook")
        #expect(gate.inFlight("hook") == 1)
        let wide = ChannelConfig(name: "wide", type: .webhook, format: .json, maxInFlight: 3)
        for _ in 0..<3 { _ = try await gate.acquire(wide) }
        #expect(gate.tryAcquire(wide) == .busy)
    }
}

@Suite("Delivery pipeline")
struct DeliveryPipelineTests {
    /// A notifier answering from a script, recording what it was asked.
    final class ScriptedNotifier: Notifier, @unchecked Sendable {
        let lock = NSLock()
        var answers: [DeliveryOutcome]
        var attempts: [DeliveryAttempt] = []
        init(_ answers: [DeliveryOutcome]) { self.answers = answers }
        func send(_ alert: Alert, to channel: ChannelConfig, attempt: DeliveryAttempt) async -> DeliveryOutcome {
            lock.withLock {
                attempts.append(attempt)
                return answers.isEmpty ? DeliveryOutcome(classification: .delivered) : answers.removeFirst()
            }
        }
    }

    /// Records the order of `prepare` and `send` calls.
    final class RecordingNotifier: Notifier, @unchecked Sendable {
        let lock = NSLock()
        var calls: [String] = []
        func prepare(_ alert: Alert, for channel: ChannelConfig) { lock.withLock { calls.append("prepare") } }
        func send(_ alert: Alert, to channel: ChannelConfig, attempt: DeliveryAttempt) async -> DeliveryOutcome {
            lock.withLock { calls.append("send") }
            return DeliveryOutcome(classification: .delivered)
        }
        var recorded: [String] { lock.withLock { calls } }
    }

    @Test("a message is made ready while its channel's gate is still closed; only the request waits")
    func preparesBeforeTheGate() async throws {
        let gate = ChannelGate(clock: TestClock())
        let notifier = RecordingNotifier()
        let pipeline = DeliveryPipeline(notifier: notifier, gate: gate, clock: TestClock(), random: { 0.5 })
        let channel = ChannelConfig(name: "hook", type: .webhook, format: .json)
        let held = try await gate.acquire(channel)  // another request of the channel in flight
        let delivery = Task { try await pipeline.deliver(Fixtures.alert(), to: channel, attempt: .init(deliveryID: "d", number: 1)) }
        // Bounded: with the old order (render behind the gate) nothing comes, and the test fails instead of hanging.
        for _ in 0..<100_000 where notifier.recorded.isEmpty { await Task.yield() }
        #expect(notifier.recorded == ["prepare"])
        gate.release(held)
        _ = try await delivery.value
        #expect(notifier.recorded == ["prepare", "send"])
    }

    @Test("a worker loop: retry at the scheduled time, then done; 410 disables; last attempt dead")
    func loop() async throws {
        let clock = TestClock(now: 1_000)
        let notifier = ScriptedNotifier([
            DeliveryOutcome(classification: .retry, statusCode: 503, retryAfter: 60),
            DeliveryOutcome(classification: .delivered, statusCode: 200),
            DeliveryOutcome(classification: .gone, statusCode: 410),
            DeliveryOutcome(classification: .retry, statusCode: 500),
        ])
        let pipeline = DeliveryPipeline(notifier: notifier, gate: ChannelGate(clock: clock), clock: clock, random: { 0.5 })
        let channel = ChannelConfig(name: "c", type: .webhook, format: .json, retrySchedule: [5, 300])
        let first = try await pipeline.deliver(Fixtures.alert(), to: channel, attempt: .init(deliveryID: "d", number: 1))
        #expect(first.decision == .retry(at: 1_060))
        let second = try await pipeline.deliver(Fixtures.alert(), to: channel, attempt: .init(deliveryID: "d", number: 2))
        #expect(second.decision == .done)
        let gone = try await pipeline.deliver(Fixtures.alert(), to: channel, attempt: .init(deliveryID: "e", number: 1))
        #expect(gone.decision == .disableChannel)
        let last = try await pipeline.deliver(Fixtures.alert(), to: channel, attempt: .init(deliveryID: "f", number: 3))
        #expect(last.decision == .dead)
        #expect(notifier.attempts.map(\.deliveryID) == ["d", "d", "e", "f"])
        #expect(pipeline.gate.inFlight("c") == 0)
    }
}

@Suite("Service defaults and the assembled notifier")
struct NotifierAssemblyTests {
    @Test("a Slack webhook without a rateLimit gets Slack's one per second; stdout gets none")
    func defaults() async throws {
        let clock = TestClock()
        let gate = ChannelGate(clock: clock)
        let slack = ChannelConfig(name: "s", type: .webhook, format: .slack, maxInFlight: 10)
        guard case .granted = gate.tryAcquire(slack) else {
            Issue.record("first message passes")
            return
        }
        #expect(gate.tryAcquire(slack) == .wait(seconds: 1))
        #expect(ChannelGate.effectiveRateLimit(ChannelConfig(name: "d", type: .webhook, format: .discord)) == .init(count: 5, perSeconds: 2))
        #expect(ChannelGate.effectiveRateLimit(ChannelConfig(name: "o", type: .stdout, format: .text)) == nil)
        let own = ChannelConfig(name: "x", type: .webhook, format: .slack, rateLimit: .init(count: 10, perSeconds: 1))
        #expect(ChannelGate.effectiveRateLimit(own) == .init(count: 10, perSeconds: 1))
    }

    @Test("the notifier built from one configuration routes by channel type and previews")
    func assembled() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let notifier = ChannelNotifier(configuration: NotifyConfiguration(baseURL: Fixtures.baseURL, baseDirectory: dir), clock: TestClock())
        let file = ChannelConfig(name: "log", type: .file, format: .json, path: "alerts.jsonl")
        let outcome = await notifier.send(Fixtures.alert(), to: file, attempt: .init(deliveryID: "x", number: 1))
        #expect(outcome.classification == .delivered)
        let written = try String(contentsOfFile: dir + "/alerts.jsonl", encoding: .utf8)
        #expect(written.contains("\"url\":\"https://dateline.example/events/42\""))
        let test = await notifier.channelTest(file)
        #expect(test.classification == .delivered)
        #expect(try String(contentsOfFile: dir + "/alerts.jsonl", encoding: .utf8).contains("Test message from Dateline"))
        let preview = try notifier.preview(alert: Fixtures.alert(), channel: ChannelConfig(name: "s", type: .webhook, format: .slack, url: "https://hooks.example.com/x"))
        #expect(preview.contains("\"blocks\""))
        try await notifier.shutdown()
    }
}

@Suite("Channel gate under load")
struct ChannelGateLoadTests {
    /// The order callers were granted in.
    final class Recorder: Sendable {
        private let state = Mutex<[String]>([])
        func append(_ name: String) { state.withLock { $0.append(name) } }
        var names: [String] { state.withLock { $0 } }
    }

    actor Meter {
        var current = 0, highest = 0, done = 0
        func enter() { current += 1; highest = max(highest, current) }
        func leave() { current -= 1; done += 1 }
    }

    @Test("many workers on one channel never exceed maxInFlight, and all get through", arguments: [1, 3])
    func load(maxInFlight: Int) async throws {
        let gate = ChannelGate(clock: TestClock())
        let channel = ChannelConfig(name: "busy", type: .webhook, format: .json, maxInFlight: maxInFlight)
        let meter = Meter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<30 {
                group.addTask {
                    let permit = try await gate.acquire(channel)
                    await meter.enter()
                    await Task.yield()
                    await meter.leave()
                    gate.release(permit)
                }
            }
            try await group.waitForAll()
        }
        #expect(await meter.done == 30)
        #expect(await meter.highest <= maxInFlight)
        #expect(gate.inFlight("busy") == 0)
    }

    @Test("callers are let in in the order they came: a newcomer does not overtake a woken waiter")
    func firstComeFirstServed() async throws {
        let gate = ChannelGate(clock: TestClock())
        let channel = ChannelConfig(name: "one", type: .webhook, format: .json)
        let granted = Recorder()
        func waitUntil(waiting count: Int) async {
            for _ in 0..<10_000 where gate.waiting("one") < count { await Task.yield() }
        }
        let held = try await gate.acquire(channel)
        let first = Task {
            let permit = try await gate.acquire(channel)
            granted.append("first")
            return permit
        }
        await waitUntil(waiting: 1)
        let second = Task {
            let permit = try await gate.acquire(channel)
            granted.append("second")
            return permit
        }
        await waitUntil(waiting: 2)
        #expect(gate.waiting("one") == 2)
        gate.release(held)
        // The slot is free, but two callers are in line: a newcomer is told to wait.
        let newcomer = gate.tryAcquire(channel)
        #expect(newcomer == .busy)
        if case .granted(let permit) = newcomer { gate.release(permit) }
        let firstPermit = try await first.value
        #expect(granted.names == ["first"])
        #expect(gate.inFlight("one") == 1)
        gate.release(firstPermit)
        gate.release(try await second.value)
        #expect(granted.names == ["first", "second"])
        #expect(gate.waiting("one") == 0)
        guard case .granted = gate.tryAcquire(channel) else {
            Issue.record("the line is empty and the slot free")
            return
        }
    }

    @Test("a reserved place keeps its turn: a caller that reaches the gate first waits behind it")
    func reservedPlace() async throws {
        let gate = ChannelGate(clock: TestClock())
        let channel = ChannelConfig(name: "one", type: .webhook, format: .json)
        // Taken with the earlier row; its sender is still on the way to the gate.
        let reserved = gate.reserve(channel)
        let later = Task { try await gate.acquire(channel) }
        for _ in 0..<10_000 where gate.waiting("one") < 2 { await Task.yield() }
        #expect(gate.waiting("one") == 2)
        if gate.inFlight("one") > 0 {
            Issue.record("the later caller went ahead of the reserved place")
            gate.release(try await later.value)
        }
        let permit = try await gate.acquire(channel, ticket: reserved)
        #expect(gate.waiting("one") == 1)
        gate.release(permit)
        let next = try await later.value
        #expect(gate.inFlight("one") == 1)
        gate.release(next)
        // A place given up no longer holds the line.
        let unused = gate.reserve(channel)
        #expect(gate.tryAcquire(channel) == .busy)
        gate.giveUp(unused)
        guard case .granted = gate.tryAcquire(channel) else {
            Issue.record("the line should be empty after giving up the reservation")
            return
        }
    }

    @Test("a cancelled caller at the head of the line lets the next one in")
    func cancelledHead() async throws {
        let gate = ChannelGate(clock: TestClock())
        let channel = ChannelConfig(name: "one", type: .webhook, format: .json)
        let held = try await gate.acquire(channel)
        let head = Task { try await gate.acquire(channel) }
        for _ in 0..<10_000 where gate.waiting("one") < 1 { await Task.yield() }
        let next = Task { try await gate.acquire(channel) }
        for _ in 0..<10_000 where gate.waiting("one") < 2 { await Task.yield() }
        head.cancel()
        await #expect(throws: CancellationError.self) { try await head.value }
        #expect(gate.waiting("one") == 1)
        gate.release(held)
        let permit = try await next.value
        #expect(permit.channel == "one")
        #expect(gate.waiting("one") == 0)
        #expect(gate.inFlight("one") == 1)
    }

    @Test("a send cancelled while waiting for the gate stops waiting at once and takes no slot")
    func cancelledWaiter() async throws {
        let gate = ChannelGate(clock: TestClock())
        let channel = ChannelConfig(name: "one", type: .webhook, format: .json)
        let held = try await gate.acquire(channel)
        let waiter = Task { try await gate.acquire(channel) }
        // Let it reach the wait (bounded; either way the result below must be a cancellation).
        for _ in 0..<1_000 { await Task.yield() }
        waiter.cancel()
        // No release happens: only the cancellation can end the wait.
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(gate.inFlight("one") == 1)
        gate.release(held)
        #expect(gate.inFlight("one") == 0)
        guard case .granted = gate.tryAcquire(channel) else {
            Issue.record("the slot should be free after the release")
            return
        }
    }
}
