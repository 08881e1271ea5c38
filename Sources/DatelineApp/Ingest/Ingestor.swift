import DatelineCore
import DatelineExtraction
import DatelineStorage
import Foundation
import Logging

/// Articles in, events stored: extraction in parallel (up to the core count), each article
/// written in its own transaction (stored entirely or not at all). A failing article is
/// reported with its name and reason and does not stop the others.
public struct Ingestor: Sendable {
    public let extractor: any EventExtracting
    public let store: any EventStore
    public let concurrency: Int
    public let logger: Logger

    public init(extractor: any EventExtracting, store: any EventStore, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount, logger: Logger) {
        self.extractor = extractor
        self.store = store
        self.concurrency = max(1, concurrency)
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

    public func run(_ sources: [ArticleSource], progress: Progress? = nil) async -> Report {
        var report = Report()
        let start = ContinuousClock.now
        await withTaskGroup(of: (Int, Outcome, Double, Double).self) { group in
            var next = 0
            func addNext() {
                guard next < sources.count else { return }
                let index = next
                let source = sources[index]
                next += 1
                group.addTask { await self.ingest(source, index: index) }
            }
            for _ in 0..<min(concurrency, sources.count) { addNext() }
            var outcomes: [(Int, Outcome)] = []
            var failed = 0
            for await (index, outcome, extraction, storage) in group {
                outcomes.append((index, outcome))
                report.extractionSeconds += extraction
                report.storageSeconds += storage
                if outcome.error != nil { failed += 1 }
                progress?(outcomes.count, sources.count, failed)
                addNext()
            }
            report.articles = outcomes.sorted { $0.0 < $1.0 }.map(\.1)
        }
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

    func ingest(_ source: ArticleSource, index: Int) async -> (Int, Outcome, Double, Double) {
        var outcome = Outcome(source: source.name, articleID: nil, duplicate: false, eventIDs: [], eventsNew: 0, eventsMerged: 0)
        var stored: SubmissionResult?
        let t0 = ContinuousClock.now
        var t1 = t0
        do {
            let input = try source.load()
            let submission = try Self.submission(for: input, extractor: extractor)
            t1 = ContinuousClock.now
            let results = try await store.write([submission])
            stored = results.first
            if let result = results.first {
                outcome.articleID = result.articleID
                outcome.duplicate = result.duplicate
                outcome.eventIDs = result.eventIDs
                outcome.eventsNew = result.eventsNew
                outcome.eventsMerged = result.eventsMerged
            }
        } catch let error as any DatelineError {
            outcome.error = error.message
            outcome.errorCode = error.code
            logger.info("Article failed", metadata: ["source": "\(source.name)", "code": "\(error.code)"])
        } catch {
            outcome.error = "\(error)"
            outcome.errorCode = "failed"
        }
        let t2 = ContinuousClock.now
        if t1 == t0 { t1 = t2 }
        DatelineMetrics.ingested(stored, via: "cli", seconds: (t2 - t0).inSeconds)
        return (index, outcome, (t1 - t0).inSeconds, (t2 - t1).inSeconds)
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
