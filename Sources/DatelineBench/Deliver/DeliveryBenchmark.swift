import AsyncHTTPClient
import DatelineApp
import DatelineCore
import DatelineNotify
import DatelineStorage
import Foundation
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle

/// The delivery benchmark: the worker's deliveries/s to a local sink beside a raw
/// AsyncHTTPClient POST loop to the same sink (the physical limit of this machine's HTTP path),
/// and the latency from committing an alert + delivery row to the sink receiving it.
struct DeliveryBenchmark {
    /// How much is in flight: `channels` channels, each with `max_in_flight: maxInFlight`
    /// (the worker's concurrency and the raw loop's are the product).
    struct Level: Hashable, Sendable {
        var channels: Int
        var maxInFlight: Int
        var inFlight: Int { channels * maxInFlight }
        var label: String {
            "\(inFlight) in flight: \(channels) channel\(channels == 1 ? "" : "s") × max_in_flight \(maxInFlight)"
        }

        /// `N` (one channel, `max_in_flight: N`) or `CxM` (C channels, `max_in_flight: M`).
        init?(_ text: some StringProtocol) {
            let parts = text.lowercased().split(separator: "x").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            switch parts.count {
            case 1: guard let n = parts[0], n > 0 else { return nil }; channels = 1; maxInFlight = n
            case 2: guard let c = parts[0], let m = parts[1], c > 0, m > 0 else { return nil }; channels = c; maxInFlight = m
            default: return nil
            }
        }
    }

    let deliveries: Int
    let levels: [Level]
    /// Delivered rows written before the runs (spread over 20 other channels), so claims run
    /// against an outbox with history, as in production.
    let history: Int
    /// The worker's `prefetch` (nil: its default).
    let prefetch: Int?
    let latencySamples: Int
    let endToEndSamples: Int
    let dataDirectory: String
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    func run() async throws -> String {
        var configured = Logger(label: "dateline-bench") { StreamLogHandler.standardError(label: $0) }
        configured.logLevel = .error
        let logger = configured
        let sink = DeliverySink()
        try await sink.start()
        let cluster = try PrivatePostgres(directory: dataDirectory + "/postgres", database: "dateline_bench")
        try cluster.start(logger: logger)
        let admin = DatabaseEndpoint.privateCluster(cluster, database: "postgres")
        // A fresh database each run: one left by an older build may hold migrations since
        // changed, and its history would skew the figures.
        try await StoreBench.recreate(["dateline_bench"], on: admin, logger: logger)
        let endpoint = DatabaseEndpoint.privateCluster(cluster)
        let result = try await DatabaseClient.with(endpoint, maxConnections: 24, logger: logger) { client in
            try await Migrator.bundled().migrate(client: client, logger: logger)
            if history > 0 { try await Self.writeHistory(history, client: client, logger: logger) }
            var fsync = "?"
            for try await value in try await client.query("SELECT current_setting('fsync')", logger: logger).decode(String.self) { fsync = value }
            let store = PostgresDeliveryStore(client: client, logger: logger)
            let notifier = ChannelNotifier(configuration: NotifyConfiguration(), logger: logger)
            do {
                let text = try await measure(endpoint: endpoint, client: client, store: store, notifier: notifier, sink: sink, logger: logger, fsync: fsync)
                try await notifier.shutdown()
                return text
            } catch {
                try? await notifier.shutdown()
                throw error
            }
        }
        await sink.stop()
        return result
    }

    func measure(endpoint: DatabaseEndpoint, client: PostgresClient, store: PostgresDeliveryStore, notifier: ChannelNotifier, sink: DeliverySink, logger: Logger, fsync: String) async throws -> String {
        func f(_ d: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", d) }
        let historyText = history > 0 ? ", \(history) delivered rows of history in the outbox" : ""
        var out = "deliver benchmark: \(deliveries) deliveries per run to a sink on 127.0.0.1 (PostgreSQL fsync=\(fsync)\(historyText); worker prefetch \(prefetch.map(String.init) ?? "default"))\n"
        let sample = Self.alert(0)
        let postgresDirectory = dataDirectory + "/postgres"
        for level in levels {
            let channels = (0..<level.channels).map { index in
                ChannelConfig(
                    name: "bench-\(level.channels)x\(level.maxInFlight)-\(index)", type: .webhook, format: .json, url: sink.url, secrets: [Self.secret],
                    allowPrivateNetwork: true, maxInFlight: level.maxInFlight, timeoutSeconds: 10)
            }
            let body = try AlertRenderer().render(sample, for: channels[0]).body
            // The same request the worker makes: body, headers (a real signature), client settings.
            let signature = try StandardWebhookSigner(secrets: [Self.secret]).signature(id: "msg_0_000000000000", timestamp: 1_700_000_000, body: Array(body.utf8))
            let rawCPU = CPUTime.process()
            Self.progress("\(level.label): raw POST loop")
            let raw = try await Self.rawPosts(count: deliveries, concurrency: level.inFlight, url: sink.url, body: body, signature: signature)
            let rawCPUPerRequest = (CPUTime.process() - rawCPU) / Double(deliveries)
            try await store.saveChannels(channels, now: Date())
            Self.progress("\(level.label): enqueueing \(deliveries) alerts")
            try await Self.enqueue(count: deliveries, channels: channels.map(\.name), store: store)
            let pipeline = DeliveryPipeline(notifier: notifier, gate: ChannelGate())
            let worker = DeliveryWorker(
                store: store, pipeline: pipeline,
                configuration: DeliveryWorkerConfiguration(owner: "bench-\(level.channels)x\(level.maxInFlight)", concurrency: level.inFlight, prefetch: prefetch, listen: false),
                client: client, logger: logger)
            let before = sink.received
            let deliveredBefore = try await store.counts()[.delivered] ?? 0
            let (benchCPU, databaseCPU) = (CPUTime.process(), CPUTime.postgres(dataDirectory: postgresDirectory))
            let started = DispatchTime.now().uptimeNanoseconds
            Self.progress("\(level.label): worker")
            let attempts = try await worker.drain()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            let workerCPU = (CPUTime.process() - benchCPU) / Double(max(attempts, 1))
            let serverCPU = (CPUTime.postgres(dataDirectory: postgresDirectory) - databaseCPU) / Double(max(attempts, 1))
            let delivered = (try await store.counts()[.delivered] ?? 0) - deliveredBefore
            let rate = Double(attempts) / max(seconds, 1e-9)
            let ratio = rate / max(raw, 1e-9)
            func us(_ seconds: Double) -> String { f(seconds * 1e6, 0) }
            out += "  \(level.label)\n"
            out += "    raw POST loop    \(f(raw)) requests/s (AsyncHTTPClient, \(level.inFlight) in flight, same body, headers and client settings)\n"
            out += "    worker           \(f(rate)) deliveries/s (claim, sign, send, record; \(delivered) delivered, sink got \(sink.received - before))\n"
            out += "    ratio            \(f(ratio, 2))× the raw loop (goal ≥ 0.5×: \(ratio >= 0.5 ? "met" : "NOT met"))\n"
            out += "    CPU per request  raw loop \(us(rawCPUPerRequest)) µs; worker \(us(workerCPU)) µs in this process (sink included) + \(us(serverCPU)) µs in PostgreSQL\n"
        }
        out += try await latency(client: client, store: store, notifier: notifier, sink: sink, logger: logger)
        if endToEndSamples > 0 {
            let context = DatabaseContext(endpoint: endpoint, client: client, logger: logger)
            out += try await EndToEndBenchmark(samples: endToEndSamples).run(context: context, sink: sink)
        }
        return out
    }

    /// Alert + delivery committed → sink received, one at a time, worker woken by NOTIFY.
    /// Timed from the commit's return (the enqueue's own fsync is not the worker's).
    func latency(client: PostgresClient, store: PostgresDeliveryStore, notifier: ChannelNotifier, sink: DeliverySink, logger: Logger) async throws -> String {
        let channel = ChannelConfig(name: "latency", type: .webhook, format: .slack, url: sink.url, allowPrivateNetwork: true, rateLimit: .init(count: 1000, perSeconds: 1))
        try await store.saveChannels([channel], now: Date())
        let worker = DeliveryWorker(
            store: store, pipeline: DeliveryPipeline(notifier: notifier, gate: ChannelGate()),
            configuration: DeliveryWorkerConfiguration(owner: "bench-latency", concurrency: 4, pollInterval: 5, listen: true),
            client: client, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [worker], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Let the LISTEN start before timing.
            try await Task.sleep(nanoseconds: 300_000_000)
            var samples: [Double] = []
            for n in 0..<latencySamples {
                let written = try await store.enqueue(alert: Self.alert(n), channels: ["latency"], now: Date())
                let started = DispatchTime.now().uptimeNanoseconds
                guard let id = written.deliveries.first?.messageID else { continue }
                let arrived = await sink.arrival(of: id)
                samples.append(Double(Int64(arrived) - Int64(started)) / 1e6)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            samples.sort()
            func pct(_ p: Double) -> Double { samples.isEmpty ? 0 : samples[min(samples.count - 1, Int(Double(samples.count - 1) * p))] }
            func f(_ d: Double) -> String { String(format: "%.2f", d) }
            return "  latency (alert row committed → sink received, slack format, \(samples.count) one at a time)\n"
                + "    p50 \(f(pct(0.5))) ms   p99 \(f(pct(0.99))) ms   max \(f(samples.last ?? 0)) ms\n"
        }
    }

    /// What the benchmark is doing now, on stderr (to profile one phase: attach when it starts).
    static func progress(_ text: String) {
        FileHandle.standardError.write(Data("[\(ISO8601DateFormatter().string(from: Date()))] \(text)\n".utf8))
    }

    static func alert(_ n: Int) -> Alert {
        let event = Event(
            id: Int64(n), kind: .resignation, status: .expected, date: nil, title: "Benchmark board member \(n) to step down",
            confidence: 0.9, participants: [Participant(entityID: 1, kind: .person, name: "Sam Example", role: .subject)],
            sourceCount: 1, mentionCount: 1, createdAt: "2025-04-07T16:00:00Z", updatedAt: "2025-04-07T16:00:00Z")
        return Alert(id: 0, rule: "bench", change: .new, event: event, reasons: ["kind is resignation"], mentions: [], createdAt: "2025-04-07T16:00:00Z")
    }

    /// Writes `count` alerts with one delivery each, to the channels in turn (8 writers at once).
    static func enqueue(count: Int, channels: [String], store: PostgresDeliveryStore) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    for n in stride(from: writer, to: count, by: 8) {
                        _ = try await store.enqueue(alert: alert(n), channels: [channels[n % channels.count]], now: Date())
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Fills the outbox with `count` delivered deliveries (1 in 50 dead) of 20 channels the runs
    /// do not use, a month old, each with its alert and attempt, then vacuums and analyzes as
    /// autovacuum would have long since: the state a claim meets in production.
    static func writeHistory(_ count: Int, client: PostgresClient, logger: Logger) async throws {
        let payload = String(decoding: try JSONEncoder().encode(alert(0)), as: UTF8.self)
        try await client.query(
            """
            WITH a AS (
                INSERT INTO alerts (id, rule_name, rule_version, dedupe_key, event_id, change, reasons, payload, created_at)
                SELECT nextval('alerts_id_seq'::regclass), 'bench-history', 1, 'history:' || g, NULL, 'new', '[]'::jsonb, \(payload)::jsonb,
                       now() - interval '30 days' + g * interval '1 second'
                FROM generate_series(1, \(count)) AS g
                RETURNING id, created_at
            ), d AS (
                INSERT INTO deliveries (alert_id, channel_name, message_id, state, attempts, next_attempt_at, delivered_at, created_at)
                SELECT a.id, 'history-' || (a.id % 20), 'history_' || a.id, CASE WHEN a.id % 50 = 0 THEN 'dead' ELSE 'delivered' END,
                       1, a.created_at, a.created_at, a.created_at
                FROM a
                RETURNING id, created_at
            )
            INSERT INTO delivery_attempts (delivery_id, attempt, started_at, status_code, latency_ms, outcome)
            SELECT d.id, 1, d.created_at, 200, 1.0, 'delivered' FROM d
            """,
            logger: logger)
        try await client.query("VACUUM ANALYZE alerts, deliveries, delivery_attempts", logger: logger)
    }

    /// The settings of `WebhookSender`'s client for private-network channels: no redirects, a
    /// 5 s connect timeout, no decompression (pooled keep-alive connections, as there).
    static func rawClientConfiguration() -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: nil))
        configuration.decompression = .disabled
        return configuration
    }

    /// POSTs `body` `count` times with `concurrency` loops, with the headers a signed delivery
    /// carries (`signature` computed once); returns requests per second.
    static func rawPosts(count: Int, concurrency: Int, url: String, body: String, signature: String) async throws -> Double {
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: rawClientConfiguration())
        do {
            let started = DispatchTime.now().uptimeNanoseconds
            try await withThrowingTaskGroup(of: Void.self) { group in
                for loop in 0..<concurrency {
                    group.addTask {
                        for n in stride(from: loop, to: count, by: concurrency) {
                            var request = HTTPClientRequest(url: url)
                            request.method = .POST
                            request.headers.add(name: "Content-Type", value: "application/json")
                            request.headers.add(name: "User-Agent", value: "Dateline-Webhooks/1.0")
                            request.headers.add(name: "webhook-id", value: "raw_\(n)")
                            request.headers.add(name: "webhook-timestamp", value: "1700000000")
                            request.headers.add(name: "webhook-signature", value: signature)
                            request.body = .bytes(ByteBuffer(string: body))
                            let response = try await client.execute(request, timeout: .seconds(10))
                            _ = try await response.body.collect(upTo: 1_000)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            try await client.shutdown()
            return Double(count) / max(seconds, 1e-9)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
