import ArgumentParser
import DatelineApp
import DatelineCore
import DatelineExtraction
import DatelineStorage
import Foundation
import Logging
import PostgresNIO

/// `dateline ingest` of a folder of generated articles: articles/s, the share of time in
/// extraction and in storage, events stored/s beside the COPY limit of the same rows, and
/// peak memory (goal: flat in the number of articles; 10,000 articles under 300 MB).
struct IngestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest", abstract: "Ingest a folder of generated articles.")
    @Option(help: "Generated articles.") var articles = 10_000
    @Option(help: "Random seed.") var seed: UInt64 = 11
    @Option(help: "Most articles per transaction (1: one transaction per article).") var batch = 64
    @Option(help: "PostgreSQL URL of a server to use (default: the private cluster).") var databaseURL: String?

    func run() async throws {
        let app = try BenchApp.make(databaseURL: databaseURL)
        let logger = app.logger
        let server = try await app.prepareDatabase()
        let psql = try app.privateCluster()?.tool("psql") ?? "psql"
        let loaded = server.with(database: "dateline_bench_ingest")
        let copied = server.with(database: "dateline_bench_ingest_copy")
        try await StoreBench.recreate([loaded.database, copied.database], on: server.with(database: "postgres"), logger: logger)

        // The folder: one .txt per article with a .json sidecar, as a newsroom archive would be.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-ingest-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SyntheticArticles(seed: seed)
        var bytes = 0
        for i in 0..<articles {
            let article = generator.article()
            let name = String(format: "a%06d", i)
            let text = (article.input.headline ?? "") + "\n" + article.input.body
            bytes += text.utf8.count
            try Data(text.utf8).write(to: folder.appendingPathComponent(name + ".txt"))
            let sidecar = "{\"published\": \"\(article.input.published?.iso ?? "2020-01-01")\", \"source\": \"Wire \(i % 40)\", \"url\": \"https://example.org/bench/\(name)\"}"
            try Data(sidecar.utf8).write(to: folder.appendingPathComponent(name + ".json"))
        }

        let extractor = try Extractor()
        let sources = try ArticleFiles.sources([folder.path], metadata: .init(), maxBytes: app.configuration.maxArticleBytes)
        let report = try await DatabaseClient.with(loaded, logger: logger) { client in
            try await Migrator.bundled().migrate(client: client, logger: logger)
            let ingestor = Ingestor(extractor: extractor, store: PostgresEventStore(client: client, logger: logger), batchLimit: batch, logger: logger)
            return await ingestor.run(sources)
        }
        let peak = Memory.peakMB
        let events = report.articles.reduce(0) { $0 + $1.eventIDs.count }

        // The COPY limit for the rows this ingest wrote.
        try await DatabaseClient.with(copied, logger: logger) { client in try await Migrator.bundled().migrate(client: client, logger: logger) }
        let (rows, copySeconds) = try StoreBench.copyLimit(psql: psql, from: loaded, to: copied)
        let busy = report.extractionSeconds + report.storageSeconds
        print("ingest: \(articles) generated articles (\(String(format: "%.1f", Double(bytes) / 1e6)) MB) with \(ProcessInfo.processInfo.activeProcessorCount) workers")
        print(String(format: "  %.2f s  %.0f articles/s  %.2f MB/s  failed: %d", report.seconds, Double(articles) / report.seconds,
                     Double(bytes) / 1e6 / report.seconds, report.summary.articlesFailed))
        print(String(format: "  time in extraction %.0f%%, in storage %.0f%% (summed over workers)",
                     100 * report.extractionSeconds / max(busy, 1e-9), 100 * report.storageSeconds / max(busy, 1e-9)))
        print(String(format: "  events: %d (%d new, %d merged) = %.0f events/s stored; %d rows written", events, report.summary.eventsNew,
                     report.summary.eventsMerged, Double(events) / report.seconds, rows))
        let rowRate = Double(rows) / report.seconds, copyRate = Double(rows) / copySeconds
        print(String(format: "  rows/s %.0f vs COPY of the same rows %.0f rows/s: %.3f× of the physical limit", rowRate, copyRate, rowRate / copyRate))
        print(String(format: "  peak resident memory: %.0f MB (goal < 300 MB at 10,000 articles)", peak))
        try await StoreBench.recreate([], drop: [loaded.database, copied.database], on: server.with(database: "postgres"), logger: logger)
    }
}
