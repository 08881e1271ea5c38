import DatelineCore
import DatelineExtraction
import DatelineStorage
import Foundation
import Logging

/// Articles in, events stored: extraction in parallel (up to the core count) and one writer
/// that commits whatever has been extracted meanwhile as one transaction (group commit, at most
/// `batchLimit` articles), so a folder of thousands of articles does not pay a transaction,
/// a lock and a commit flush per article. Facts reported by several articles of one batch merge
/// exactly as across batches. A batch the database refuses is written again one article at a
/// time, so a failing article is reported with its name and reason, stored not at all, and
/// does not stop the others.
public struct Ingestor: Sendable {
    public let extractor: any EventExtracting
    public let store: any EventStore
    public let concurrency: Int
    /// Most articles per transaction.
    public let batchLimit: Int
    public let logger: Logger

    public init(
        extractor: any EventExtracting, store: any EventStore, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
        batchLimit: Int = 64, logger: Logger
    ) {
        self.extractor = extractor
        self.store = store
        self.concurrency = max(1, concurrency)
        self.batchLimit = max(1, batchLimit)
        self.logger = logger
    }

    /// What happened to one article.
    public struct Outcome: Sendable, Encodable {
        public var source: String
        public var articleID: Int64?
        public var duplicate: Bool
        public var eventIDs: [Int64]
        public var eventsNew: Int
        public var eventsMerged: Int
        public var error: String?
        public var errorCode: String?

        enum CodingKeys: String, CodingKey {
            case source, duplicate, error
            case articleID = "article_id", eventIDs = "event_ids", eventsNew = "events_new", eventsMerged = "events_merged", errorCode = "error_code"
        }
    }

    /// The whole run.
    public struct Report: Sendable, Encodable {
        public var summary = WriteSummary()
        public var articles: [Outcome] = []
        public var seconds: Double = 0
        /// Time spent extracting and storing, summed over articles (they overlap in parallel).
        public var extractionSeconds: Double = 0
        public var storageSeconds: Double = 0

        public var failed: [Outcome] { articles.filter { $0.error != nil } }

        enum CodingKeys: String, CodingKey {
            case summary, articles, seconds
            case extractionSeconds = "extraction_seconds", storageSeconds = "storage_seconds"
        }
    }

    /// Progress after each article: done, total, failed so far.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int, _ failed: Int) -> Void

    /// An article after extraction: ready to store, or failed with its outcome.
    struct Extracted: Sendable {
        var index: Int
        var source: String
        var submission: ArticleSubmission?
        var failure: Outcome?
        var started: ContinuousClock.Instant
        var extractionSeconds: Double
    }

    public func run(_ sources: [ArticleSource], progress: Progress? = nil) async -> Report {
        var report = Report()
        let start = ContinuousClock.now
        // Room for a full batch being filled while one is written, and for the extractors.
        let queue = BatchQueue<Extracted>(capacity: batchLimit + concurrency)
        var outcomes: [(Int, Outcome)] = []
        outcomes.reserveCapacity(sources.count)
        var failed = 0
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskGroup(of: Void.self) { extractors in
                    var next = 0
                    func addNext() {
                        guard next < sources.count else { return }
                        let index = next
                        let source = sources[index]
                        next += 1
                        extractors.addTask { await queue.put(self.extract(source, index: index)) }
                    }
                    for _ in 0..<min(concurrency, sources.count) { addNext() }
                    for await _ in extractors { addNext() }
                }
                await queue.finish()
            }
            // The one writer.
            while let batch = await queue.take(limit: batchLimit) {
                for (index, outcome, extraction, storage) in await write(batch) {
                    outcomes.append((index, outcome))
                    report.extractionSeconds += extraction
                    report.storageSeconds += storage
                    if outcome.error != nil { failed += 1 }
                    progress?(outcomes.count, sources.count, failed)
                }
            }
        }
        report.articles = outcomes.sorted { $0.0 < $1.0 }.map(\.1)
        for outcome in report.articles {
            if outcome.error != nil {
                report.summary.articlesFailed += 1
            } else {
                report.summary.add(SubmissionResult(articleID: outcome.articleID, duplicate: outcome.duplicate, eventIDs: outcome.eventIDs,
                                                    eventsNew: outcome.eventsNew, eventsMerged: outcome.eventsMerged, eventsUpdated: 0))
            }
        }
        report.seconds = (ContinuousClock.now - start).inSeconds
        return report
    }

    /// Loads and extracts one article (CPU work, run on the extractors' tasks).
    func extract(_ source: ArticleSource, index: Int) -> Extracted {
        let started = ContinuousClock.now
        var extracted = Extracted(index: index, source: source.name, started: started, extractionSeconds: 0)
        do {
            let input = try source.load()
            extracted.submission = try Self.submission(for: input, extractor: extractor)
        } catch {
            extracted.failure = failure(source.name, error)
        }
        extracted.extractionSeconds = (ContinuousClock.now - started).inSeconds
        return extracted
    }

    /// Stores one batch in one transaction; when the database refuses it, each article alone.
    /// Returns each article's outcome with its extraction and (shared) storage seconds.
    func write(_ batch: [Extracted]) async -> [(Int, Outcome, Double, Double)] {
        var done: [(Int, Outcome, Double, Double)] = []
        var ready: [Extracted] = []
        for item in batch.sorted(by: { $0.index < $1.index }) {
            if let failure = item.failure {
                DatelineMetrics.ingested(nil, via: "cli", seconds: item.extractionSeconds)
                done.append((item.index, failure, item.extractionSeconds, 0))
            } else {
                ready.append(item)
            }
        }
        guard !ready.isEmpty else { return done }
        let t0 = ContinuousClock.now
        do {
            let results = try await store.write(ready.compactMap(\.submission))
            let share = (ContinuousClock.now - t0).inSeconds / Double(ready.count)
            for (item, result) in zip(ready, results) {
                DatelineMetrics.ingested(result, via: "cli", seconds: (ContinuousClock.now - item.started).inSeconds)
                done.append((item.index, outcome(item.source, result), item.extractionSeconds, share))
            }
        } catch where ready.count > 1 {
            // Somebody in the batch is refused: find out who, one transaction each.
            logger.info("Batch refused; writing its articles one by one", metadata: ["articles": "\(ready.count)"])
            for item in ready {
                done += await write([item])
            }
        } catch {
            let item = ready[0]
            DatelineMetrics.ingested(nil, via: "cli", seconds: (ContinuousClock.now - item.started).inSeconds)
            done.append((item.index, failure(item.source, error), item.extractionSeconds, (ContinuousClock.now - t0).inSeconds))
        }
        return done
    }

    func outcome(_ source: String, _ result: SubmissionResult) -> Outcome {
        Outcome(source: source, articleID: result.articleID, duplicate: result.duplicate, eventIDs: result.eventIDs,
                eventsNew: result.eventsNew, eventsMerged: result.eventsMerged)
    }

    func failure(_ source: String, _ error: any Error) -> Outcome {
        var outcome = Outcome(source: source, articleID: nil, duplicate: false, eventIDs: [], eventsNew: 0, eventsMerged: 0)
        if let error = error as? any DatelineError {
            outcome.error = error.message
            outcome.errorCode = error.code
            logger.info("Article failed", metadata: ["source": "\(source)", "code": "\(error.code)"])
        } else {
            outcome.error = "\(error)"
            outcome.errorCode = "failed"
            logger.info("Article failed", metadata: ["source": "\(source)", "code": "failed"])
        }
        return outcome
    }

    /// Extracts one article into what the store takes: the cleaned text and its hash, the
    /// events, the acronyms it defines (they become aliases) and the kinds of the names it uses.
    public static func submission(for input: ArticleInput, extractor: any EventExtracting) throws -> ArticleSubmission {
        var body: String
        var events: [ExtractedEvent]
        var acronyms: [DatelineCore.AcronymDefinition] = []
        var nameKinds: [String: EntityKind] = [:]
        if let builtIn = extractor as? Extractor {
            let result = try builtIn.extract(input)
            body = result.text
            events = result.events
            acronyms = result.acronyms.map { DatelineCore.AcronymDefinition(short: $0.acronym, long: $0.expansion) }
            for name in result.names {
                let kind: EntityKind? = switch name.kind {
                case .person: .person
                case .organization: .organization
                case .other: nil
                }
                guard let kind else { continue }
                nameKinds[name.name] = kind
                for short in name.shortForms { nameKinds[short] = kind }
            }
        } else {
            events = try extractor.events(in: input)
            body = [input.headline, input.body].compactMap { $0 }.joined(separator: "\n")
        }
        if body.isEmpty { body = input.body }
        let record = ArticleRecord(url: input.url, source: input.source, headline: input.headline, published: input.published,
                                   body: body, contentHash: ContentHash.of(body))
        return ArticleSubmission(article: record, events: events, acronyms: acronyms, nameKinds: nameKinds)
    }
}

extension Duration {
    /// The duration in seconds.
    public var inSeconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
