import ArgumentParser
import DatelineApp
import DatelineCore
import Foundation

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read articles (files, folders, or - for stdin), extract their dated facts and store them.",
        discussion: """
            Text (.txt, .md; first line the headline; optional --- front matter), HTML (.html), or JSON
            articles ({"text"|"html", "published", "url", "source", "headline"}). Metadata may also come
            from a sidecar NAME.json/NAME.yaml. Each article is one transaction; a failing article is
            reported and the others go on. Exit status 1 when any article failed.
            """)
    @OptionGroup var options: GlobalOptions
    @Argument(help: "Files, folders (recursive) or - for standard input.")
    var paths: [String]
    @Option(help: "Publication date (YYYY-MM-DD) for the articles given.")
    var published: String?
    @Option(help: "URL of the single article given.")
    var url: String?
    @Option(help: "Publication name for the articles given.")
    var source: String?
    @Option(help: "Headline of the single article given.")
    var headline: String?
    @Option(help: "Summary format: text or json.")
    var format: TextOrJSON = .text
    @Option(help: "Articles processed at once (default: the number of cores).")
    var jobs: Int?
    @OptionGroup var extractorOptions: ExtractorOptions

    func run() async throws {
        let app = try options.app()
        let maxBytes = app.configuration.maxArticleBytes
        let metadata = ArticleReader.Metadata(published: try ArticleReader.date(published), url: url, source: source, headline: headline)
        let sources = try ArticleFiles.sources(paths, metadata: metadata, maxBytes: maxBytes)
        guard !sources.isEmpty else { throw AppError.invalid("no articles found in \(paths.joined(separator: ", "))") }
        if let jobs, jobs < 1 { throw AppError.invalid("--jobs must be at least 1") }
        let extractor = try extractorOptions.make(maxBytes: maxBytes)
        let showProgress = isatty(2) == 1 && format == .text
        let started = ContinuousClock.now
        let report = try await app.withDatabase { context in
            let ingestor = Ingestor(extractor: extractor, store: context.events, concurrency: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                                    logger: context.logger)
            return await ingestor.run(sources) { done, total, failed in
                guard showProgress else { return }
                let line = IngestOutput.progressLine(done: done, total: total, failed: failed, elapsed: (ContinuousClock.now - started).inSeconds)
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
        if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        emit(try IngestOutput.render(report, json: format == .json))
        if !report.failed.isEmpty { throw ExitCode(1) }
    }
}
