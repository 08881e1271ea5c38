import DatelineNotify
import Foundation
import Hummingbird
import Logging
import NIOCore

/// A real HTTP receiver on 127.0.0.1 (random port) for sender and delivery tests: verifies
/// Standard Webhooks signatures, records every request, and answers as scripted (status codes,
/// `Retry-After`, redirects, slow answers, or hanging past the sender's timeout).
///
/// Scripted replies are used in order; when the script is empty the `fallback` reply answers
/// (200 unless set: `setFallback(.status(500))` models an endpoint that is down). It also counts
/// how many requests with the same `webhook-id`, and to the same path, were in flight at once.
public final class WebhookReceiver: Sendable {
    /// How the receiver answers one request.
    public enum Reply: Sendable {
        case status(Int)
        case retryAfter(status: Int, value: String)
        case redirect(to: String)
        /// Answers only after this many seconds (beyond the sender's timeout).
        case hang(seconds: Double)
        /// Sends the status and a first body chunk at once, the rest after this many seconds.
        case slowBody(status: Int, seconds: Double)
        /// Answers `status` after `seconds` (real time).
        case delayed(status: Int, seconds: Double)
        /// Sends the status and a first body chunk at once, the rest only after
        /// `releaseStalledBodies()` (or when the receiver stops): a body that stalls for as
        /// long as the test needs, without a timer.
        case stalledBody(status: Int)
    }

    /// One request as received.
    public struct Received: Sendable {
        public var path: String
        /// Header names in lower case.
        public var headers: [String: String]
        public var body: String
        /// `nil` when the signature verified, else why not.
        public var signatureError: String?
        /// The status of the reply chosen for it (0 for a hang).
        public var status: Int

        /// The Standard Webhooks `webhook-id` header.
        public var webhookID: String? { headers["webhook-id"] }
    }

    actor State {
        var script: [Reply] = []
        var fallback: Reply = .status(200)
        var requests: [Received] = []
        var inFlight: [String: Int] = [:]
        var maxConcurrentSameID = 0
        var inFlightByPath: [String: Int] = [:]
        var maxConcurrentByPath: [String: Int] = [:]
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var stalled: [CheckedContinuation<Void, Never>] = []
        var stallsReleased = false

        func stall() async {
            if stallsReleased { return }
            await withCheckedContinuation { stalled.append($0) }
        }

        func releaseStalls() {
            stallsReleased = true
            let waiting = stalled
            stalled = []
            for continuation in waiting { continuation.resume() }
        }

        /// Replies for requests to one path, used before the shared script.
        var pathScripts: [String: [Reply]] = [:]
        func next(path: String) -> Reply {
            if var own = pathScripts[path], !own.isEmpty {
                let reply = own.removeFirst()
                pathScripts[path] = own
                return reply
            }
            return script.isEmpty ? fallback : script.removeFirst()
        }
        func set(_ replies: [Reply], path: String) { pathScripts[path] = replies }
        func set(_ replies: [Reply]) { script = replies }
        func setFallback(_ reply: Reply) { fallback = reply }

        func begin(_ id: String, path: String) {
            inFlight[id, default: 0] += 1
            maxConcurrentSameID = max(maxConcurrentSameID, inFlight[id] ?? 0)
            inFlightByPath[path, default: 0] += 1
            maxConcurrentByPath[path] = max(maxConcurrentByPath[path] ?? 0, inFlightByPath[path] ?? 0)
        }

        func end(_ id: String, path: String) {
            inFlight[id, default: 1] -= 1
            inFlightByPath[path, default: 1] -= 1
        }

        func record(_ r: Received) {
            requests.append(r)
            let ready = waiters.filter { $0.count <= requests.count }
            waiters.removeAll { $0.count <= requests.count }
            for waiter in ready { waiter.continuation.resume() }
        }

        func wait(forCount count: Int) async {
            if requests.count >= count { return }
            await withCheckedContinuation { waiters.append((count, $0)) }
        }
    }

    let state: State
    /// The port the receiver listens on (127.0.0.1).
    public let port: Int
    private let task: Task<Void, any Error>

    /// The URL to post to.
    public var url: String { "http://127.0.0.1:\(port)/hook" }

    /// A URL of its own for `name` (`/hook/<name>`), answered like `url`; requests to it are
    /// counted apart in `maxConcurrentByPath`.
    public func url(path name: String) -> String { "http://127.0.0.1:\(port)/hook/\(name)" }

    private init(port: Int, task: Task<Void, any Error>, state: State) {
        self.port = port
        self.task = task
        self.state = state
    }

    /// Starts a receiver verifying with `secrets` at the time `now()` gives.
    public static func start(secrets: [String], now: @escaping @Sendable () -> Double) async throws -> WebhookReceiver {
        let state = State()
        let verifier = try StandardWebhookVerifier(secrets: secrets)
        let router = Router()
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let buffer = try await request.body.collect(upTo: 10_000_000)
            let body = String(buffer: buffer)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            var signatureError: String?
            do {
                try verifier.verify(
                    id: headers["webhook-id"], timestamp: headers["webhook-timestamp"], signature: headers["webhook-signature"],
                    body: Array(body.utf8), now: now()
                )
            } catch {
                signatureError = "\(error)"
            }
            let id = headers["webhook-id"] ?? ""
            let path = request.uri.path
            await state.begin(id, path: path)
            let reply = await state.next(path: path)
            let answered: Int
            switch reply {
            case .status(let code), .delayed(let code, _), .retryAfter(let code, _), .slowBody(let code, _), .stalledBody(let code): answered = code
            case .redirect: answered = 307
            case .hang: answered = 0
            }
            await state.record(Received(path: request.uri.path, headers: headers, body: body, signatureError: signatureError, status: answered))
            let response: Response
            switch reply {
            case .status(let code):
                response = Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: "answer \(code)")))
            case .delayed(let code, let seconds):
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                response = Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: "answer \(code)")))
            case .retryAfter(let code, let value):
                response = Response(status: .init(code: code), headers: [.retryAfter: value])
            case .redirect(let location):
                response = Response(status: .temporaryRedirect, headers: [.location: location])
            case .slowBody(let code, let seconds):
                response = Response(status: .init(code: code), body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "first part"))
                    try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                    try await writer.write(ByteBuffer(string: " and the rest"))
                    try await writer.finish(nil)
                })
            case .stalledBody(let code):
                response = Response(status: .init(code: code), body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "first part"))
                    await state.stall()
                    try await writer.write(ByteBuffer(string: " and the rest"))
                    try await writer.finish(nil)
                })
            case .hang(let seconds):
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                response = Response(status: .ok)
            }
            await state.end(id, path: path)
            return response
        }
        router.post("/hook", use: handler)
        router.post("/elsewhere", use: handler)
        router.post("/hook/:channel", use: handler)
        var quiet = Logger(label: "test-receiver")
        quiet.logLevel = .critical
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: quiet
        )
        let task = Task { try await app.run() }
        var port = 0
        for await p in stream { port = p }
        return WebhookReceiver(port: port, task: task, state: state)
    }

    /// Replies for the next requests, in order.
    public func script(_ replies: [Reply]) async { await state.set(replies) }

    /// The reply once the script is used up (200 by default).
    public func setFallback(_ reply: Reply) async { await state.setFallback(reply) }

    /// Scripts the replies to requests for `url(path: name)`, used before the shared script
    /// (whose order follows arrival, which concurrent senders make unpredictable).
    public func script(_ replies: [Reply], path name: String) async { await state.set(replies, path: "/hook/\(name)") }

    /// Every request so far, in the order they arrived.
    public func received() async -> [Received] { await state.requests }

    /// The most requests with the same `webhook-id` that were in flight at once.
    public func maxConcurrentSameID() async -> Int { await state.maxConcurrentSameID }

    /// The most requests to each path that were in flight at once (`url(path:)` gives one
    /// path per channel, so this is the per-channel concurrency the receiver saw).
    public func maxConcurrentByPath() async -> [String: Int] { await state.maxConcurrentByPath }

    /// Waits until at least `count` requests arrived (no timeout: use with a bounded test).
    public func waitForRequests(_ count: Int) async { await state.wait(forCount: count) }

    /// Lets every `stalledBody` reply finish its body (and later ones answer at once).
    public func releaseStalledBodies() async { await state.releaseStalls() }

    /// Stops the server (stalled bodies are released first).
    public func stop() async {
        await state.releaseStalls()
        task.cancel()
        _ = await task.result
    }
}

/// Runs `body` with a fresh receiver and stops it afterwards.
public func withReceiver<T>(
    secrets: [String] = [], now: @escaping @Sendable () -> Double,
    _ body: (WebhookReceiver) async throws -> T
) async throws -> T {
    let receiver = try await WebhookReceiver.start(secrets: secrets, now: now)
    do {
        let result = try await body(receiver)
        await receiver.stop()
        return result
    } catch {
        await receiver.stop()
        throw error
    }
}
