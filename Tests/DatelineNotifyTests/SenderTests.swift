import DatelineCore
import Foundation
import DatelineTesting
import Testing
@testable import DatelineNotify

/// Sender tests against a real local receiver (127.0.0.1 only).
@Suite("Webhook sender")
struct SenderTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    func channel(_ url: String, format: ChannelConfig.Format = .json, secrets: [String] = [secret], allowPrivate: Bool = true, timeout: Double = 10) -> ChannelConfig {
        ChannelConfig(name: "hook", type: .webhook, format: format, url: url, secrets: secrets, allowPrivateNetwork: allowPrivate, timeoutSeconds: timeout)
    }

    func withSender<T>(clock: TestClock, connectTimeout: Double = 2, _ body: (WebhookSender) async throws -> T) async throws -> T {
        let sender = WebhookSender(configuration: .init(connectTimeout: connectTimeout), renderer: AlertRenderer(options: RenderOptions(baseURL: Fixtures.baseURL)), clock: clock)
        do {
            let result = try await body(sender)
            try await sender.shutdown()
            return result
        } catch {
            try? await sender.shutdown()
            throw error
        }
    }

    @Test("a 200 is delivered, signed, with the delivery id and the clock's timestamp")
    func delivered() async throws {
        let clock = TestClock()
        try await withReceiver(secrets: [Self.secret], now: { clock.now() }) { receiver in
            try await withSender(clock: clock) { sender in
                let attempt = DeliveryAttempt(deliveryID: "dlv_42_1", number: 1)
                let outcome = await sender.send(Fixtures.alert(), to: channel(receiver.url), attempt: attempt)
                #expect(outcome.classification == .delivered)
                #expect(outcome.statusCode == 200)
                #expect(outcome.latency >= 0)
                #expect(outcome.responseSnippet == "answer 200")
                let got = try #require(await receiver.received().first)
                #expect(got.signatureError == nil)
                #expect(got.headers["webhook-id"] == "dlv_42_1")
                #expect(got.headers["webhook-timestamp"] == String(Int64(clock.now())))
                #expect(got.headers["content-type"] == "application/json")
                let expected = try AlertRenderer(options: RenderOptions(baseURL: Fixtures.baseURL)).render(Fixtures.alert(), for: channel(receiver.url)).body
                #expect(got.body == expected)
            }
        }
    }

    @Test("a retry keeps the webhook-id so the receiver can de-duplicate")
    func stableID() async throws {
        let clock = TestClock()
        try await withReceiver(secrets: [Self.secret], now: { clock.now() }) { receiver in
            try await withSender(clock: clock) { sender in
                await receiver.script([.status(500), .status(200)])
                let first = await sender.send(Fixtures.alert(), to: channel(receiver.url), attempt: .init(deliveryID: "dlv_7", number: 1))
                clock.advance(5)
                let second = await sender.send(Fixtures.alert(), to: channel(receiver.url), attempt: .init(deliveryID: "dlv_7", number: 2))
                #expect(first.classification == .retry)
                #expect(first.errorCode == "http_500")
                #expect(second.classification == .delivered)
                let got = await receiver.received()
                #expect(got.map { $0.headers["webhook-id"] } == ["dlv_7", "dlv_7"])
                #expect(got.allSatisfy { $0.signatureError == nil })
                #expect(got[0].body == got[1].body)
            }
        }
    }

    @Test("status classification: 500 retry, 429 with Retry-After, 503 with a date, 410 gone, 400 rejected")
    func classification() async throws {
        let clock = TestClock()
        try await withReceiver(secrets: [Self.secret], now: { clock.now() }) { receiver in
            try await withSender(clock: clock) { sender in
                let date = "Mon, 07 Apr 2025 16:02:00 GMT"  // 120 s after the test clock's now
                await receiver.script([.status(500), .retryAfter(status: 429, value: "30"), .retryAfter(status: 503, value: date), .status(410), .status(400), .status(408)])
                var outcomes: [DeliveryOutcome] = []
                for n in 1...6 {
                    outcomes.append(await sender.send(Fixtures.alert(), to: channel(receiver.url), attempt: .init(deliveryID: "d\(n)", number: 1)))
                }
                #expect(outcomes.map(\.classification) == [.retry, .retry, .retry, .gone, .rejected, .retry])
                #expect(outcomes.map(\.statusCode) == [500, 429, 503, 410, 400, 408])
                #expect(outcomes[1].retryAfter == 30)
                #expect(outcomes[2].retryAfter == 120)
                #expect(outcomes[3].disablesChannel)
                #expect(outcomes[4].error?.contains("400") == true)
            }
        }
    }

    @Test("a hanging endpoint times out and is retried later")
    func hang() async throws {
        let clock = TestClock()
        try await withReceiver(now: { clock.now() }) { receiver in
            try await withSender(clock: clock) { sender in
                await receiver.script([.hang(seconds: 3)])
                let outcome = await sender.send(Fixtures.alert(), to: channel(receiver.url, secrets: [], timeout: 0.3), attempt: .init(deliveryID: "h", number: 1))
                #expect(outcome.classification == .retry)
                #expect(outcome.errorCode == "timeout")
                #expect(outcome.statusCode == nil)
            }
        }
    }

    @Test("a body that stalls past the deadline is cut off, and a 2xx still counts as delivered")
    func stalledBody() async throws {
        let clock = TestClock()
        try await withReceiver(now: { clock.now() }) { receiver in
            try await withSender(clock: clock) { sender in
                // The bodies stall until the test releases them (no timer on the receiver's
                // side), and the deadline leaves a busy machine seconds to deliver the head.
                await receiver.script([.stalledBody(status: 200), .stalledBody(status: 500)])
                let ok = await sender.send(Fixtures.alert(), to: channel(receiver.url, secrets: [], timeout: 2), attempt: .init(deliveryID: "sb", number: 1))
                #expect(ok.classification == .delivered)
                #expect(ok.statusCode == 200)
                // Reading stopped at the deadline: only the first chunk had arrived.
                #expect(ok.responseSnippet == "first part")
                let failed = await sender.send(Fixtures.alert(), to: channel(receiver.url, secrets: [], timeout: 2), attempt: .init(deliveryID: "sb2", number: 1))
                #expect(failed.classification == .retry)
                #expect(failed.statusCode == 500)
            }
        }
    }

    @Test("redirects are not followed")
    func redirect() async throws {
        let clock = TestClock()
        try await withReceiver(now: { clock.now() }) { receiver in
            try await withSender(clock: clock) { sender in
                await receiver.script([.redirect(to: "http://127.0.0.1:\(receiver.port)/elsewhere")])
                let outcome = await sender.send(Fixtures.alert(), to: channel(receiver.url, secrets: []), attempt: .init(deliveryID: "r", number: 1))
                #expect(outcome.classification == .rejected)
                #expect(outcome.statusCode == 307)
                #expect(outcome.errorCode == "redirect")
                #expect(await receiver.received().map(\.path) == ["/hook"])
            }
        }
    }

    @Test("a refused connection is a retry, reported without the URL path")
    func refused() async throws {
        let clock = TestClock()
        // Port 9 (discard) on loopback: nothing listens there in the test environment.
        try await withSender(clock: clock, connectTimeout: 1) { sender in
            let outcome = await sender.send(Fixtures.alert(), to: channel("http://127.0.0.1:9/secret-token-path", secrets: []), attempt: .init(deliveryID: "c", number: 1))
            #expect(outcome.classification == .retry)
            #expect(outcome.error?.contains("secret-token-path") == false, "\(outcome)")
        }
    }

    @Test("loopback is refused unless the channel allows private networks")
    func guardRefusesLoopback() async throws {
        let clock = TestClock()
        try await withReceiver(now: { clock.now() }) { receiver in
            try await withSender(clock: clock) { sender in
                let refused = await sender.send(Fixtures.alert(), to: channel(receiver.url, secrets: [], allowPrivate: false), attempt: .init(deliveryID: "g", number: 1))
                #expect(refused.classification == .rejected)
                #expect(refused.errorCode == "destination_refused")
                #expect(refused.error?.contains("loopback") == true)
                let named = await sender.send(Fixtures.alert(), to: channel("http://localhost:\(receiver.port)/hook", secrets: [], allowPrivate: false), attempt: .init(deliveryID: "g", number: 1))
                #expect(named.errorCode == "destination_refused")
                #expect(await receiver.received().isEmpty)
            }
        }
    }

    @Test("the connected peer is checked again after DNS (rebinding): a name that resolved public but connects to loopback is refused")
    func rebinding() async throws {
        let clock = TestClock()
        try await withReceiver(now: { clock.now() }) { receiver in
            // The first check sees a public address; the client's own lookup of localhost gives 127.0.0.1.
            let lying = DestinationGuard(resolver: { _ in [IPAddress("93.184.216.34")].compactMap { $0 } })
            let sender = WebhookSender(configuration: .init(connectTimeout: 1), clock: clock, destinationGuard: lying)
            let outcome = await sender.send(Fixtures.alert(), to: channel("http://localhost:\(receiver.port)/hook", secrets: [], allowPrivate: false), attempt: .init(deliveryID: "rb", number: 1))
            try await sender.shutdown()
            #expect(outcome.classification != .delivered)
            #expect(outcome.errorCode == "destination_refused", "\(outcome)")
            #expect(await receiver.received().isEmpty)
        }
    }

    @Test("channels test sends a signed test message and reports the answer")
    func channelTest() async throws {
        let clock = TestClock()
        try await withReceiver(secrets: [Self.secret], now: { clock.now() }) { receiver in
            try await withSender(clock: clock) { sender in
                let outcome = await sender.channelTest(channel(receiver.url))
                #expect(outcome.classification == .delivered)
                let got = try #require(await receiver.received().first)
                #expect(got.signatureError == nil)
                #expect(got.body.contains("\"type\":\"channel.test\""))
                let slack = await sender.channelTest(channel(receiver.url, format: .slack))
                #expect(slack.classification == .delivered)
            }
        }
    }

    @Test("only http and https URLs are sent")
    func schemes() async throws {
        let clock = TestClock()
        try await withSender(clock: clock) { sender in
            for url in ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/", "not a url"] {
                let outcome = await sender.send(Fixtures.alert(), to: channel(url, secrets: []), attempt: .init(deliveryID: "s", number: 1))
                #expect(outcome.classification == .rejected, "\(url)")
                #expect(outcome.errorCode == "bad_url", "\(url)")
            }
        }
    }
}
