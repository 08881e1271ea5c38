import AsyncHTTPClient
import DatelineApp
import DatelineCore
import DatelineStorage
import Foundation
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle

/// Article → chat latency: an article's events written through the store's write path (one
/// transaction), the watcher (rules → alert + delivery row) and a delivery worker (LISTEN →
/// claim → render → send) running as services, to a chat-format webhook on a local sink.
/// Measured from the article's commit to the sink receiving the request, one article at a
/// time, beside a raw POST's latency to the same sink in the same run.
struct EndToEndBenchmark {
    let samples: Int
    let warmup = 10

    func run(context: DatabaseContext, sink: DeliverySink) async throws -> String {
        let yaml = """
            rules:
              - name: bench-e2e
                match: {kinds: [resignation], min_confidence: 0.1}
                notify: [newsroom]
            channels:
              - name: newsroom
                type: webhook
                format: slack
                url: \(sink.url)
                allow_private_network: true
                rate_limit: 1000/s
            """
        _ = try await RuleCatalog.apply(yaml: yaml, file: "bench-e2e.yaml", environment: [:], prune: true, in: context)
        let raw = try await Self.rawLatencies(url: sink.url, count: samples + warmup).dropFirst(warmup)
        let logger = context.logger
        let watcher = Watcher(client: context.client, logger: logger, options: WatcherOptions(consumer: "bench-e2e"))
        let app = Dateline(configuration: try AppConfiguration.fromEnvironment(), logger: logger)
        let measured: [Double] = try await app.withNotifier { notifier in
            let worker = app.deliveryWorker(
                context: context, notifier: notifier,
                configuration: DeliveryWorkerConfiguration(owner: "bench-e2e", concurrency: 4, pollInterval: 5, listen: true))
            let group = ServiceGroup(configuration: .init(services: [watcher, worker], logger: logger))
            return try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                var latencies: [Double] = []
                let store = context.events
                let before = sink.received
                // Names new to this database, so each article makes a new event (an alert).
                let tag = String((0..<8).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement() ?? "x" }).capitalized
                for index in 0..<(samples + warmup) {
                    let line = """
                        {"article": "e2e-\(index)-\(getpid())", "url": "https://bench.example/e2e/\(index)", "source": "Bench Wire", \
                        "published": "2025-04-09", "events": [{"kind": "resignation", "subject": "Officer \(tag) Number \(index)", \
                        "organization": "Bench Port Authority", "date": "2025-04-08", "status": "expected", \
                        "evidence": "Officer \(tag) Number \(index) will leave the Bench Port Authority next week."}]}
                        """
                    let submissions = try EventsFileParser.parse(Data(line.utf8), name: "bench-e2e")
                    _ = try await store.write(submissions)
                    let committed = DispatchTime.now().uptimeNanoseconds
                    let arrived = await sink.arrival(number: before + index + 1)
                    if index >= warmup { latencies.append(Double(Int64(arrived) - Int64(committed)) / 1e6) }
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return latencies
            }
        }
        func f(_ d: Double) -> String { String(format: "%.2f", d) }
        let rawP50 = Self.percentile(Array(raw), 0.5), rawP99 = Self.percentile(Array(raw), 0.99)
        let p50 = Self.percentile(measured, 0.5), p99 = Self.percentile(measured, 0.99)
        return "  end to end (article events committed → slack-format request at the sink; watcher + worker on LISTEN; \(measured.count) articles one at a time)\n"
            + "    raw POST         p50 \(f(rawP50)) ms   p99 \(f(rawP99)) ms (one request at a time, same sink)\n"
            + "    article → chat   p50 \(f(p50)) ms   p99 \(f(p99)) ms   max \(f(measured.max() ?? 0)) ms\n"
    }

    /// One POST at a time to `url`: milliseconds from sending to the answer.
    static func rawLatencies(url: String, count: Int) async throws -> [Double] {
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: DeliveryBenchmark.rawClientConfiguration())
        do {
            var latencies: [Double] = []
            for n in 0..<count {
                let started = DispatchTime.now().uptimeNanoseconds
                var request = HTTPClientRequest(url: url)
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "webhook-id", value: "raw_latency_\(n)")
                request.body = .bytes(ByteBuffer(string: #"{"text": "raw latency probe"}"#))
                let response = try await client.execute(request, timeout: .seconds(10))
                _ = try await response.body.collect(upTo: 1_000_000)
                latencies.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
            }
            try await client.shutdown()
            return latencies
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }
}
