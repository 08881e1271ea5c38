import AsyncHTTPClient
import DatelineCore
import Foundation
import Logging
import NIOCore

/// Sends alerts to webhook channels with AsyncHTTPClient: renders, signs (Standard Webhooks),
/// checks the destination, posts once, and classifies the answer. Retries are the worker's,
/// driven by `RetryPolicy`.
///
/// Redirects are never followed; each request has a connect timeout and a whole-request
/// deadline (the channel's `timeoutSeconds`). Call `shutdown()` before dropping it.
public final class WebhookSender: Notifier {
    /// Client-wide settings.
    public struct Configuration: Sendable {
        /// Seconds to wait for a TCP/TLS connection (AsyncHTTPClient would otherwise retry a
        /// refused connect for 10 s).
        public var connectTimeout: Double
        /// The `User-Agent` header of every request.
        public var userAgent: String
        /// Response bytes kept for `responseSnippet`; reading stops there.
        public var maxResponseBytes: Int

        /// Settings with defaults: 5 s connect timeout, 1,000 response bytes kept.
        public init(connectTimeout: Double = 5, userAgent: String = "Dateline-Webhooks/1.0", maxResponseBytes: Int = 1_000) {
            self.connectTimeout = connectTimeout
            self.userAgent = userAgent
            self.maxResponseBytes = maxResponseBytes
        }
    }

    /// The client-wide settings this sender was made with.
    public let configuration: Configuration
    let renderer: AlertRenderer
    let clock: any NotifyClock
    let destinationGuard: DestinationGuard
    let logger: Logger
    /// For channels without `allowPrivateNetwork`: re-checks every connection's peer address.
    let guardedClient: HTTPClient
    /// For channels with `allowPrivateNetwork`.
    let openClient: HTTPClient
    /// Parsed signing keys and rendered bodies, reused across deliveries.
    let caches = Caches()
    /// What AsyncHTTPClient logs to: `logger` when it logs at debug or below, else nothing
    /// (the client sets request metadata on its logger for every request, which costs a
    /// metadata copy per request even when nothing is printed).
    let clientLogger: Logger

    /// Creates the sender and its two HTTP clients (guarded and open); call `shutdown()` when done.
    public init(
        configuration: Configuration = Configuration(),
        renderer: AlertRenderer = AlertRenderer(),
        clock: any NotifyClock = SystemNotifyClock(),
        destinationGuard: DestinationGuard = DestinationGuard(),
        logger: Logger = Logger(label: "dateline.notify.webhook")
    ) {
        self.configuration = configuration
        self.renderer = renderer
        self.clock = clock
        self.destinationGuard = destinationGuard
        self.logger = logger
        clientLogger = logger.logLevel <= .debug ? logger : Logger(label: logger.label, factory: { _ in SwiftLogNoOpLogHandler() })
        let connect = TimeAmount.milliseconds(Int64(max(0.05, configuration.connectTimeout) * 1000))
        var open = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: connect, read: nil))
        open.decompression = .disabled
        var guarded = open
        guarded.http1_1ConnectionDebugInitializer = { DestinationGuard.verifyConnected($0) }
        guarded.http2ConnectionDebugInitializer = { DestinationGuard.verifyConnected($0) }
        openClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: open)
        guardedClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: guarded)
    }

    /// Closes the HTTP clients' connections.
    public func shutdown() async throws {
        try await guardedClient.shutdown()
        try await openClient.shutdown()
    }

    /// Renders into the cache `send` reads (a failure is left for `send` to report). Alerts
    /// without a stored id are not cached, so there is nothing to prepare for them.
    public func prepare(_ alert: Alert, for channel: ChannelConfig) {
        guard alert.id > 0 else { return }
        _ = try? caches.rendered(alert, for: channel, by: renderer)
    }

    /// Renders `alert` for `channel` and posts it, signed, under the delivery's id.
    public func send(_ alert: Alert, to channel: ChannelConfig, attempt: DeliveryAttempt) async -> DeliveryOutcome {
        let message: RenderedMessage
        do {
            message = try caches.rendered(alert, for: channel, by: renderer)
        } catch {
            return failure(error, latency: 0)
        }
        return await post(message, to: channel, deliveryID: attempt.deliveryID)
    }

    /// Posts an already rendered message (signed when the channel has secrets).
    public func post(_ message: RenderedMessage, to channel: ChannelConfig, deliveryID: String) async -> DeliveryOutcome {
        let started = ContinuousClock.now
        func elapsed() -> Double {
            let d = ContinuousClock.now - started
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        guard channel.type == .webhook, let url = channel.url else {
            return failure(NotifyError.badChannel(channel.name, "is not a webhook with a url"), latency: 0)
        }
        let body = Array(message.body.utf8)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: message.contentType)
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        do {
            _ = try await destinationGuard.check(url: url, channel: channel.name, allowPrivateNetwork: channel.allowPrivateNetwork)
            let signer = try caches.signer(for: channel.secrets)
            let timestamp = Int64(clock.now().rounded(.down))
            for header in signer.headers(id: deliveryID, timestamp: timestamp, body: body) {
                request.headers.add(name: header.name, value: header.value)
            }
        } catch {
            return failure(error, latency: elapsed())
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let client = channel.allowPrivateNetwork ? openClient : guardedClient
        let timeout = TimeAmount.milliseconds(Int64(max(0.05, channel.timeoutSeconds) * 1000))
        do {
            let response = try await client.execute(request, timeout: timeout, logger: clientLogger)
            // The status decides the outcome; the body is only a snippet, read within what is left
            // of the deadline (AsyncHTTPClient's deadline does not cover the body stream). A body
            // that stalls or breaks after the status arrived does not undo a 2xx.
            let left = max(0.05, channel.timeoutSeconds - elapsed())
            let kept = await WebhookSender.snippet(of: response.body, max: configuration.maxResponseBytes, within: left, timers: client.eventLoopGroup)
            let status = Int(response.status.code)
            var outcome = DeliveryOutcome(
                classification: DeliveryOutcome.classify(status: status), statusCode: status, latency: elapsed(),
                responseSnippet: kept.isEmpty ? nil : String(decoding: kept, as: UTF8.self)
            )
            if outcome.classification != .delivered {
                outcome.errorCode = "http_\(status)"
                outcome.error = "the endpoint answered \(status) \(response.status.reasonPhrase)"
                if (300..<400).contains(status) {
                    outcome.errorCode = "redirect"
                    outcome.error = "the endpoint answered \(status) (a redirect); redirects are not followed"
                }
            }
            if status == 429 || status == 503, let value = response.headers.first(name: "Retry-After") {
                outcome.retryAfter = RetryPolicy.parseRetryAfter(value, now: clock.now())
            }
            logger.debug("Webhook answered", metadata: ["channel": "\(channel.name)", "status": "\(status)", "delivery": "\(deliveryID)"])
            return outcome
        } catch {
            let outcome = failure(error, latency: elapsed(), channel: channel)
            logger.debug("Webhook failed", metadata: ["channel": "\(channel.name)", "code": "\(outcome.errorCode ?? "")", "delivery": "\(deliveryID)"])
            return outcome
        }
    }

    /// Up to `max` bytes of `body`, giving up (and cancelling the read) after `seconds`.
    ///
    /// The read runs in a task of its own that a timer on an event loop of `timers` cancels:
    /// cheaper than a task group racing a `Task.sleep` (two child tasks and a dispatch timer
    /// per request), and the caller's task is never cancelled by it.
    static func snippet(of body: HTTPClientResponse.Body, max: Int, within seconds: Double, timers: any EventLoopGroup) async -> [UInt8] {
        let reader = Task<[UInt8], Never> {
            var kept: [UInt8] = []
            do {
                for try await chunk in body {
                    kept += chunk.readableBytesView.prefix(max - kept.count)
                    if kept.count >= max { break }
                }
            } catch {
                // Cancelled by the timer, or the connection broke: keep what arrived.
            }
            return kept
        }
        let timer = timers.any().scheduleTask(in: .nanoseconds(Int64(Swift.max(0, seconds) * 1_000_000_000))) { reader.cancel() }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await reader.value
        } onCancel: {
            reader.cancel()
        }
    }

    /// Sends a test message (a synthetic alert, or a `channel.test` payload for `json`) and
    /// reports what the endpoint answered. Used by `dateline channels test NAME`.
    public func channelTest(_ channel: ChannelConfig) async -> DeliveryOutcome {
        let id = "test_" + UUID().uuidString.lowercased()
        let message: RenderedMessage
        do {
            message = try ChannelTestMessage.render(for: channel, renderer: renderer, now: clock.now())
        } catch {
            return failure(error, latency: 0)
        }
        return await post(message, to: channel, deliveryID: id)
    }

    /// An outcome for an error thrown before or during the request, with a safe message.
    func failure(_ error: any Error, latency: Double, channel: ChannelConfig? = nil) -> DeliveryOutcome {
        if let error = error as? NotifyError {
            return DeliveryOutcome(classification: error.retryable ? .retry : .rejected, latency: latency, errorCode: error.code, error: error.message)
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return DeliveryOutcome(classification: .retry, latency: latency, errorCode: "timeout", error: "no answer within \(channel.map { "\($0.timeoutSeconds)" } ?? "the timeout") s")
            case .connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
                return DeliveryOutcome(classification: .retry, latency: latency, errorCode: "connect_timeout", error: "could not connect within \(configuration.connectTimeout) s")
            case .remoteConnectionClosed:
                return DeliveryOutcome(classification: .retry, latency: latency, errorCode: "connection_closed", error: "the endpoint closed the connection")
            case .cancelled:
                return DeliveryOutcome(classification: .retry, latency: latency, errorCode: "cancelled", error: "the request was cancelled")
            default:
                return DeliveryOutcome(classification: .retry, latency: latency, errorCode: "http_client", error: safe("\(error)", channel))
            }
        }
        return DeliveryOutcome(classification: .retry, latency: latency, errorCode: "connect_failed", error: safe(String(describing: error), channel))
    }

    /// Hides the webhook URL (its path is often the secret) in an error text.
    func safe(_ text: String, _ channel: ChannelConfig?) -> String {
        guard let url = channel?.url, !url.isEmpty else { return text }
        return text.replacingOccurrences(of: url, with: channel?.maskedURL ?? "…")
    }
}
