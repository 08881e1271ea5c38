import DatelineApp
import DatelineCore
import DatelineNotify
import DatelineStorage
import DatelineTesting
import Foundation
import Logging

/// Alerts, channels and workers for delivery tests (sample text written for these tests).
enum Fixtures {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    static func alert(_ n: Int) -> Alert {
        let event = Event(
            id: Int64(9000 + n), kind: .resignation, status: .expected, date: nil,
            title: "Harbor board chair number \(n) to step down", confidence: 0.9,
            participants: [Participant(entityID: 1, kind: .person, name: "Dana Whitlock", role: .subject)],
            sourceCount: 1, mentionCount: 1, createdAt: "2025-04-07T16:00:00Z", updatedAt: "2025-04-07T16:00:00Z")
        return Alert(
            id: 0, rule: "harbor-watch", change: .new, event: event, reasons: ["kind is resignation"], mentions: [],
            createdAt: "2025-04-07T16:00:00Z")
    }

    static func webhook(_ name: String, url: String, schedule: [Double] = ChannelConfig.defaultRetrySchedule, maxInFlight: Int = 1) -> ChannelConfig {
        ChannelConfig(
            name: name, type: .webhook, format: .json, url: url, secrets: [secret], allowPrivateNetwork: true,
            retrySchedule: schedule, maxInFlight: maxInFlight, timeoutSeconds: 5)
    }

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-delivery-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Collects what a stdout channel prints.
final class Printed: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    func append(_ s: String) { lock.withLock { text += s } }
    var value: String { lock.withLock { text } }
}

/// A notifier (stdout collected, files under `directory`, webhooks) on the test clock.
struct Harness: Sendable {
    let clock: TestClock
    let notifier: ChannelNotifier
    let printed = Printed()
    let directory: String

    init(clock: TestClock, directory: String = FileManager.default.temporaryDirectory.path) {
        self.clock = clock
        self.directory = directory
        let renderer = AlertRenderer(options: RenderOptions(baseURL: "https://dateline.example"))
        let printed = self.printed
        notifier = ChannelNotifier(
            stdout: StdoutSink(renderer: renderer, write: { printed.append($0) }),
            file: FileSink(renderer: renderer, clock: clock, baseDirectory: directory),
            webhook: WebhookSender(configuration: .init(connectTimeout: 2), renderer: renderer, clock: clock))
    }

    /// A worker named `owner` with its own gate (as a separate process would have).
    func worker(_ context: DatabaseContext, owner: String, concurrency: Int = 4, lease: Double = 60, listen: Bool = false, poll: Double = 0.2) -> DeliveryWorker {
        let pipeline = DeliveryPipeline(notifier: notifier, gate: ChannelGate(clock: clock), clock: clock, random: { 0.5 })
        return DeliveryWorker(
            store: context.deliveries, pipeline: pipeline,
            configuration: DeliveryWorkerConfiguration(owner: owner, concurrency: concurrency, leaseSeconds: lease, pollInterval: poll, listen: listen),
            client: context.client, clock: clock, logger: context.logger)
    }

    func shutdown() async { try? await notifier.shutdown() }
}

/// Runs `body` with a fresh database, a receiver on 127.0.0.1 and a harness on a test clock.
func withDelivery<T: Sendable>(
    _ body: @escaping @Sendable (DatabaseContext, WebhookReceiver, Harness) async throws -> T
) async throws -> T {
    let clock = TestClock()
    return try await TestDatabase.withDatabase { context in
        let harness = Harness(clock: clock, directory: try Fixtures.temporaryDirectory())
        do {
            let result = try await withReceiver(secrets: [Fixtures.secret], now: { clock.now() }) { receiver in
                try await body(context, receiver, harness)
            }
            await harness.shutdown()
            return result
        } catch {
            await harness.shutdown()
            throw error
        }
    }
}

/// Fails instead of hanging when `body` takes more than `seconds` (a safety net, not a timing assertion).
func bounded<T: Sendable>(_ seconds: Double = 60, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw CancellationError()
        }
        return value
    }
}
