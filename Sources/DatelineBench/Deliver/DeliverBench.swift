import ArgumentParser
import Foundation

/// `dateline-bench deliver`.
struct DeliverBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Deliveries/s through the worker beside a raw HTTP POST loop to the same local sink; alert → sink and article → chat latency.",
        discussion: """
            Uses the private PostgreSQL under --data-dir (database dateline_bench, fsync on, as in \
            production) and an HTTP sink on 127.0.0.1 in this process. Goal: the worker reaches at \
            least 0.5× the raw POST rate.
            """)
    @Option(help: "Deliveries per throughput run.")
    var deliveries = 2000
    @Option(help: "Levels to measure, comma-separated: N is one channel with max_in_flight N, CxM is C channels each with max_in_flight M (worker concurrency = raw POST loops = C × M).")
    var concurrency = "1,8,8x1"
    @Option(help: "Delivered rows of history written into the outbox before the runs (claims must not slow down with it).")
    var history = 100_000
    @Option(help: "The worker's prefetch (claimed rows held beyond those sending); default: the worker's default.")
    var prefetch: Int?
    @Option(help: "Alerts sent one at a time for the latency run.")
    var latencySamples = 200
    @Option(help: "Articles written one at a time for the end-to-end run (article commit → chat request at the sink, through the watcher and the worker); 0 skips it.")
    var e2eSamples = 200
    @Option(help: "Dateline's data folder (the private database lives in <dir>/postgres).")
    var dataDir = ".dateline"

    func run() async throws {
        let parsed = concurrency.split(separator: ",").map { ($0, DeliveryBenchmark.Level($0)) }
        if let bad = parsed.first(where: { $0.1 == nil }) {
            throw ValidationError("--concurrency: '\(bad.0)' is neither N nor CxM (e.g. 1,8,8x1)")
        }
        let levels = parsed.compactMap(\.1)
        guard !levels.isEmpty else { throw ValidationError("--concurrency needs levels, e.g. 1,8,8x1") }
        let report = try await DeliveryBenchmark(
            deliveries: max(1, deliveries), levels: levels, history: max(0, history), prefetch: prefetch.map { max(0, $0) }, latencySamples: max(1, latencySamples), endToEndSamples: max(0, e2eSamples), dataDirectory: dataDir
        ).run()
        print(report, terminator: "")
    }
}
