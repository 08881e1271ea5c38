import DatelineNotify
import Foundation
import Hummingbird
import Logging
import NIOCore

/// A real HTTP receiver on 127.0.0.1 (random port) for sender tests: verifies Standard Webhooks
/// signatures, records every request, and answers as scripted (status codes, `Retry-After`,
/// redirects, or hanging past the sender's timeout).
final class WebhookReceiver: Sendable {
    enum Reply: Sendable {
        case status(Int)
        case retryAfter(status: Int, value: String)
        case redirect(to: String)
        /// Answers only after this many seconds (beyond the sender's timeout).
        case hang(seconds: Double)
        /// Sends the status and a first body chunk at once, the rest after this many seconds.
        case slowBody(status: Int, seconds: Double)
    }

    struct Received: Sendable {
        var path: String
        var headers: [String: String]
        var body: String
        /// `nil` when the signature verified, else why not.
        var signatureError: String?
    }

    actor State {
        var script: [Reply] = []
        var requests: [Received] = []
        func next() -> Reply { script.isEmpty ? .status(200) : script.removeFirst() }
        func record(_ r: Received) { requests.append(r) }
        func set(_ replies: [Reply]) { script = replies }
    }

    let state: State
    let port: Int
    private let task: Task<Void, any Error>

    var url: String { "http://127.0.0.1:\(port)/hook" }

    private init(port: Int, task: Task<Void, any Error>, state: State) {
        self.port = port
        self.task = task
        self.state = state
    }

    /// Starts a receiver verifying with `secrets` at the time `now()` gives.
    static func start(secrets: [String], now: @escaping @Sendable () -> Double) async throws -> WebhookReceiver {
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
            await state.record(Received(path: request.uri.path, headers: headers, body: body, signatureError: signatureError))
            switch await state.next() {
            case .status(let code):
                return Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: "answer \(code)")))
            case .retryAfter(let code, let value):
                return Response(status: .init(code: code), headers: [.retryAfter: value])
            case .redirect(let location):
                return Response(status: .temporaryRedirect, headers: [.location: location])
            case .slowBody(let code, let seconds):
                return Response(status: .init(code: code), body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "first part"))
                    try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                    try await writer.write(ByteBuffer(string: " and the rest"))
                    try await writer.finish(nil)
                })
            case .hang(let seconds):
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                return Response(status: .ok)
            }
        }
        router.post("/hook", use: handler)
        router.post("/elsewhere", use: handler)
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

    func script(_ replies: [Reply]) async { await state.set(replies) }

    func received() async -> [Received] { await state.requests }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// Runs `body` with a fresh receiver and stops it afterwards.
func withReceiver<T>(
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
