import DatelineCore
import Foundation

/// What a write did, summed over its submissions: for `events add` and `ingest`.
public struct WriteSummary: Sendable, Encodable {
    public var articlesNew = 0
    public var articlesDuplicate = 0
    public var articlesFailed = 0
    public var eventsNew = 0
    public var eventsMerged = 0
    public var eventsUpdated = 0

    public init(_ results: [SubmissionResult] = []) {
        for result in results { add(result) }
    }

    public mutating func add(_ result: SubmissionResult) {
        if result.duplicate {
            articlesDuplicate += 1
        } else if result.articleID != nil {
            articlesNew += 1
        }
        eventsNew += result.eventsNew
        eventsMerged += result.eventsMerged
        eventsUpdated += result.eventsUpdated
    }

    enum CodingKeys: String, CodingKey {
        case articlesNew = "articles_new", articlesDuplicate = "articles_duplicate", articlesFailed = "articles_failed"
        case eventsNew = "events_new", eventsMerged = "events_merged", eventsUpdated = "events_updated"
    }

    public func render(format: ListFormat) throws -> String {
        switch format {
        case .json, .jsonl:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
        case .text:
            return "articles: \(articlesNew) new, \(articlesDuplicate) duplicate, \(articlesFailed) failed; events: \(eventsNew) new, \(eventsMerged) merged (\(eventsUpdated) updated)\n"
        }
    }
}
