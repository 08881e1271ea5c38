import DatelineCore
import Foundation
import Testing
@testable import DatelineExtraction

@Suite struct ExternalExtractorTests {
    /// Writes an executable script into a fresh temporary folder.
    func script(_ body: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-ext-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("extract.sh")
        try ("#!/bin/sh\n" + body + "\n").write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        // Run through sh rather than exec'ing the file: a script just written may still be open
        // for writing in a process another test is starting ("Text file busy").
        return "/bin/sh '\(file.path)'"
    }

    let article = ArticleInput(body: "Rex Ward quit the firm on Monday.", published: CalendarDate(iso: "2024-03-14"), url: "https://example.org/a", source: "Example", headline: "Ward quits")

    @Test func readsEventsFromStdout() throws {
        let path = try script("""
        cat > /dev/null
        echo '{"events":[{"kind":"resignation","subject":"Rex Ward","organization":null,"role":null,"counterparty":null,"date":"2024-03-11","date_precision":"day","status":"occurred","confidence":0.9,"evidence":"Rex Ward quit the firm on Monday.","evidence_start":0,"evidence_end":33}]}'
        """)
        let events = try ExternalExtractor(command: path, timeout: .seconds(10)).events(in: article)
        #expect(events.count == 1)
        #expect(events.first?.subject == "Rex Ward")
        #expect(events.first?.date == FuzzyDate(parsing: "2024-03-11"))
        #expect(events.first?.confidence == 0.9)
    }

    @Test func receivesTheArticleAsJSON() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-in-\(UUID().uuidString).json")
        let path = try script("cat > '\(dir.path)'; echo '{\"events\":[]}'")
        _ = try ExternalExtractor(command: path, timeout: .seconds(10)).events(in: article)
        let data = try Data(contentsOf: dir)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["text"] as? String == "Rex Ward quit the firm on Monday.")
        #expect(object["published"] as? String == "2024-03-14")
        #expect(object["headline"] as? String == "Ward quits")
        #expect(object["url"] as? String == "https://example.org/a")
        #expect(object["source"] as? String == "Example")
    }

    @Test func nonZeroExitReportsStderrTail() throws {
        let path = try script("echo 'model file missing: weights.bin' >&2; exit 3")
        let error = try #require(throws: ExtractionError.self) { try ExternalExtractor(command: path, timeout: .seconds(10)).events(in: article) }
        #expect(error.code == "external_failed")
        #expect(error.message.contains("status 3"))
        #expect(error.message.contains("model file missing"))
    }

    @Test func invalidJSONSaysWhat() throws {
        let path = try script("cat >/dev/null; echo 'not json at all'")
        let error = try #require(throws: ExtractionError.self) { try ExternalExtractor(command: path, timeout: .seconds(10)).events(in: article) }
        #expect(error.code == "bad_events_json")
        #expect(error.message.contains("not json at all"))
        let wrongField = try script(#"cat >/dev/null; echo '{"events":[{"kind":"ruling","date":"March 3"}]}'"#)
        let e2 = try #require(throws: ExtractionError.self) { try ExternalExtractor(command: wrongField, timeout: .seconds(10)).events(in: article) }
        #expect(e2.message.contains("events[0].date"))
    }

    @Test func unknownKindIsAnError() throws {
        let path = try script(#"cat >/dev/null; echo '{"events":[{"kind":"wedding","subject":"A"}]}'"#)
        let error = try #require(throws: ExtractionError.self) { try ExternalExtractor(command: path, timeout: .seconds(10)).events(in: article) }
        #expect(error.code == "unknown_kind")
        #expect(error.message.contains("wedding"))
    }

    @Test func timeoutKillsTheProgram() throws {
        let path = try script("sleep 30; echo '{\"events\":[]}'")
        let error = try #require(throws: ExtractionError.self) { try ExternalExtractor(command: path, timeout: .milliseconds(300)).events(in: article) }
        #expect(error.code == "external_timeout")
    }

    @Test func largeInputNotReadIsFine() throws {
        let path = try script(#"echo '{"events":[]}'"#)
        let big = ArticleInput(body: String(repeating: "Word after word. ", count: 40000))
        #expect(try ExternalExtractor(command: path, timeout: .seconds(10)).events(in: big).isEmpty)
    }

    @Test func scorerAcceptsAnExternalExtractor() throws {
        let path = try script(#"cat >/dev/null; echo '{"events":[{"kind":"resignation","subject":"Ward","status":"occurred","date":null}]}'"#)
        let gold = [GoldArticle(article: "a.txt", published: "2024-03-14", events: [GoldEvent(kind: "resignation", subject: "Rex Ward", date: nil, status: "occurred")])]
        let external = ExternalExtractor(command: path, timeout: .seconds(10))
        let report = GoldScorer.score(gold: gold, predictions: [try external.events(in: article)])
        #expect(report.overall.f1 == 1)
    }
}
