import DatelineCore
import Foundation
import Testing
@testable import DatelineExtraction

@Suite struct ScorerTests {
    func event(_ kind: EventKind, _ subject: String?, org: String? = nil, counterparty: String? = nil, date: String? = nil, status: EventStatus = .occurred) -> ExtractedEvent {
        ExtractedEvent(kind: kind, subject: subject, organization: org, counterparty: counterparty, date: date.flatMap { FuzzyDate(parsing: $0) }, status: status, evidence: "s")
    }

    @Test func nameEqualityRule() {
        #expect(NameMatch.equal("Krause", "Melanie Krause"))
        #expect(NameMatch.equal("Acting Commissioner Melanie Krause", "melanie krause"))
        #expect(NameMatch.equal("IRS", "Internal Revenue Service"))
        #expect(NameMatch.equal("SEC", "Securities and Exchange Commission"))
        #expect(NameMatch.equal("U.S.", "US"))
        #expect(!NameMatch.equal("Apple Corps", "Apple Computer"))
        #expect(!NameMatch.equal("Bessent", "Noem"))
    }

    @Test func matchesByAnyParticipantAndKind() {
        let gold = [GoldArticle(article: "a", published: "2025-04-09", events: [
            GoldEvent(kind: "agreement", subject: "Scott Bessent", organization: "Treasury Department", counterparty: "Kristi Noem", date: nil, status: "occurred"),
            GoldEvent(kind: "lawsuit", subject: "advocacy groups", counterparty: "Trump administration", status: "occurred"),
        ])]
        let predicted = [[
            event(.agreement, "Treasury", date: "2025-04-08"),  // org overlap counts
            event(.ruling, "Trump administration"),              // wrong kind
            event(.lawsuit, "groups", counterparty: "the Trump administration"),
        ]]
        let report = GoldScorer.score(gold: gold, predictions: predicted)
        #expect(report.overall.matched == 2)
        #expect(report.overall.predicted == 3)
        #expect(report.falseAlarms.map(\.kind) == ["ruling"])
        #expect(report.subjectAccuracy == 0.5)  // "Treasury" is not "Scott Bessent"; "groups" ⊂ "advocacy groups"
    }

    @Test func oneToOneGreedyInGoldOrderNamedFirst() {
        let gold = [GoldArticle(article: "a", published: nil, events: [
            GoldEvent(kind: "court_filing", subject: nil, date: "2025-04-07", status: "occurred"),
            GoldEvent(kind: "court_filing", subject: "Yukos", status: "occurred"),
            GoldEvent(kind: "court_filing", subject: "Yukos", status: "occurred"),
        ])]
        // One named prediction: it goes to the first named gold event, not to the null-subject one.
        let report = GoldScorer.score(gold: gold, predictions: [[event(.courtFiling, "Yukos", date: "2025-04-07")]])
        #expect(report.overall.matched == 1)
        #expect(report.misses.count == 2)
        #expect(report.misses.contains { $0.subject == nil })
    }

    @Test func nullSubjectGoldNeedsSameKindAndDate() {
        let gold = [GoldArticle(article: "a", published: "2025-04-09", events: [
            GoldEvent(kind: "court_filing", subject: nil, date: "2025-04-07", status: "occurred"),
        ])]
        #expect(GoldScorer.score(gold: gold, predictions: [[event(.courtFiling, "ICE officials", date: "2025-04-07")]]).overall.matched == 1)
        #expect(GoldScorer.score(gold: gold, predictions: [[event(.courtFiling, nil, date: "2025-04-08")]]).overall.matched == 0)
        #expect(GoldScorer.score(gold: gold, predictions: [[event(.courtFiling, nil)]]).overall.matched == 0)
        let undated = [GoldArticle(article: "a", published: nil, events: [GoldEvent(kind: "investigation", subject: nil, status: "occurred")])]
        #expect(GoldScorer.score(gold: undated, predictions: [[event(.investigation, nil)]]).overall.matched == 1)
    }

    @Test func dateAccuracyAtGoldPrecision() {
        let gold = [GoldArticle(article: "a", published: nil, events: [
            GoldEvent(kind: "ruling", subject: "Judge Ann Lee", date: "2008-02", status: "occurred"),
            GoldEvent(kind: "charge", subject: "Bo Park", date: "2008-02-11", status: "occurred"),
            GoldEvent(kind: "hearing", subject: "Bo Park", date: nil, status: "expected"),
        ])]
        let predicted = [[
            event(.ruling, "Ann Lee", date: "2008-02-15"),    // right at month precision
            event(.charge, "Park", date: "2008-02"),          // too coarse for a day
            event(.hearing, "Park", date: "2008-03-01", status: .occurred),  // undated gold: not counted
        ]]
        let report = GoldScorer.score(gold: gold, predictions: predicted)
        #expect(report.datedMatches == 2)
        #expect(report.dateAccuracy == 0.5)
        #expect(abs(report.statusAccuracy - 2.0 / 3.0) < 1e-9)
        #expect(report.perKind.first { $0.kind == "ruling" }?.f1 == 1)
    }

    @Test func readsGoldAndArticleFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-gold-\(UUID().uuidString)")
        let articles = dir.appendingPathComponent("articles")
        try FileManager.default.createDirectory(at: articles, withIntermediateDirectories: true)
        try "Ward quits\n\nRex Ward resigned from Halden Bank on Monday.\n".write(to: articles.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let line = #"{"article": "a.txt", "published": "2024-03-14", "source": "test", "events": [{"kind": "resignation", "subject": "Rex Ward", "organization": "Halden Bank", "date": "2024-03-11", "status": "occurred"}]}"#
        try (line + "\n").write(to: dir.appendingPathComponent("gold.jsonl"), atomically: true, encoding: .utf8)
        let report = try GoldScorer(extractor: try extractor()).score(gold: dir.appendingPathComponent("gold.jsonl"), articles: articles)
        #expect(report.overall.matched == 1)
        #expect(report.overall.precision == 1)
        let json = try JSONEncoder().encode(report)
        #expect(String(decoding: json, as: UTF8.self).contains("\"f1\""))
        #expect(report.text().contains("event F1 1.000"))
        try "{bad\n".write(to: dir.appendingPathComponent("bad.jsonl"), atomically: true, encoding: .utf8)
        let error = try #require(throws: ExtractionError.self) { try GoldScorer(extractor: try extractor()).score(gold: dir.appendingPathComponent("bad.jsonl"), articles: articles) }
        #expect(error.message.contains("line 1"))
    }
}
