import Foundation
import Testing
@testable import DatelineExtraction

/// Fails when extraction quality on the development corpus drops below the recorded figures in
/// `ratchet/events.json`. Skipped (with the reason printed) when the corpus is not next to the
/// repository.
@Suite struct RatchetTests {
    struct Ratchet: Decodable {
        var event_f1: Double
        var date_accuracy: Double
        var status_accuracy: Double
        var subject_accuracy: Double
    }

    /// The repository root: the folder above `Tests/`.
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// `../shared/corpus` next to the repository (or `DATELINE_CORPUS` when set).
    static var corpus: URL {
        if let override = ProcessInfo.processInfo.environment["DATELINE_CORPUS"] { return URL(fileURLWithPath: override) }
        return repoRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }
    static var corpusPresent: Bool { FileManager.default.fileExists(atPath: corpus.appendingPathComponent("gold.jsonl").path) }

    @Test func corpusScoresDoNotDrop() throws {
        guard Self.corpusPresent else {
            print("RatchetTests: skipped, no corpus at \(Self.corpus.path)")
            return
        }
        let ratchetFile = Self.repoRoot.appendingPathComponent("ratchet/events.json")
        let ratchet = try JSONDecoder().decode(Ratchet.self, from: try Data(contentsOf: ratchetFile))
        let report = try GoldScorer(extractor: try extractor()).score(
            gold: Self.corpus.appendingPathComponent("gold.jsonl"), articles: Self.corpus.appendingPathComponent("articles"))
        print(report.text(details: false))
        #expect(report.overall.f1 >= ratchet.event_f1, "event F1 \(report.overall.f1) < \(ratchet.event_f1)")
        #expect(report.dateAccuracy >= ratchet.date_accuracy, "date accuracy \(report.dateAccuracy) < \(ratchet.date_accuracy)")
        #expect(report.statusAccuracy >= ratchet.status_accuracy, "status accuracy \(report.statusAccuracy) < \(ratchet.status_accuracy)")
        #expect(report.subjectAccuracy >= ratchet.subject_accuracy, "subject accuracy \(report.subjectAccuracy) < \(ratchet.subject_accuracy)")
    }
}
