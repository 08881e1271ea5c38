import Foundation
import Hummingbird
import Logging
import NIOCore

/// A minimal HTTP sink on 127.0.0.1: answers 200 to every POST and notes when each
/// `webhook-id` first arrived, so the benchmark can wait for one and time it.
final class DeliverySink: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var arrivals: [String: UInt64] = [:]
    private var waiters: [String: CheckedContinuation<UInt64, Never>] = [:]
    /// Arrival times in order, and who waits for the n-th arrival.
    private var times: [UInt64] = []
    private var countWaiters: [(number: Int, continuation: CheckedContinuation<UInt64, Never>)] = []
    private(set) var port = 0
    private var task: Task<Void, any Error>?

    var url: String { "http://127.0.0.1:\(port)/hook" }

    var received: Int { lock.withLock { count } }

    func start() async throws {
        let router = Router()
        router.post("/hook") { [self] request, _ -> Response in
            _ = try await request.body.collect(upTo: 1_000_000)
            let id = request.headers.first { $0.name.canonicalName == "webhook-id" }?.value
            arrived(id)
            return Response(status: .ok)
        }
        var quiet = Logger(label: "bench-sink")
        quiet.logLevel = .critical
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: quiet)
        task = Task { try await app.run() }
        for await p in stream { port = p }
    }

    func stop() async {
        task?.cancel()
        _ = await task?.result
    }

    private func arrived(_ id: String?) {
        let now = DispatchTime.now().uptimeNanoseconds
        let (waiter, counted): (CheckedContinuation<UInt64, Never>?, [(Int, CheckedContinuation<UInt64, Never>)]) = lock.withLock {
            count += 1
            times.append(now)
            let ready = countWaiters.filter { $0.number <= count }
            countWaiters.removeAll { $0.number <= count }
            guard let id, arrivals[id] == nil else { return (nil, ready) }
            arrivals[id] = now
            return (waiters.removeValue(forKey: id), ready)
        }
        waiter?.resume(returning: now)
        for (number, continuation) in counted { continuation.resume(returning: times(number)) }
    }

    private func times(_ number: Int) -> UInt64 { lock.withLock { times[number - 1] } }

    /// When the `number`-th request (from 1, any id) arrived, waiting for it if needed.
    func arrival(number: Int) async -> UInt64 {
        await withCheckedContinuation { continuation in
            let known: UInt64? = lock.withLock {
                if times.count >= number { return times[number - 1] }
                countWaiters.append((number, continuation))
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
    }

    /// When `id` first arrived (uptime nanoseconds), waiting for it if needed.
    func arrival(of id: String) async -> UInt64 {
        await withCheckedContinuation { continuation in
            let known: UInt64? = lock.withLock {
                if let at = arrivals[id] { return at }
                waiters[id] = continuation
                return nil
            }
            if let known { continuation.resume(returning: known) }
        }
    }
}
