import DatelineCore
import Foundation
import Testing
@testable import DatelineExtraction

@Suite struct OutputTests {
    @Test func eventsJSONHasEveryFieldInOrder() throws {
        let e = ExtractedEvent(kind: .resignation, subject: "Rex \"Tex\" Ward", date: FuzzyDate.month(year: 2024, month: 3), status: .expected,
                               confidence: 0.85, evidence: "Line\nbreak", evidenceStart: 4, evidenceEnd: 14)
        let json = EventsJSON.render([e])
        #expect(json == #"{"events":[{"kind":"resignation","subject":"Rex \"Tex\" Ward","organization":null,"role":null,"counterparty":null,"date":"2024-03","date_precision":"month","status":"expected","confidence":0.85,"evidence":"Line\nbreak","evidence_start":4,"evidence_end":14}]}"#)
        let back = try EventsJSON.parse(Data(json.utf8))
        #expect(back.first?.subject == "Rex \"Tex\" Ward")
        #expect(back.first?.date == e.date)
        #expect(EventsJSON.render([]) == #"{"events":[]}"#)
    }

    @Test func textRenderingIsReadable() {
        let e = ExtractedEvent(kind: .ruling, subject: "Judge Ann Lee", counterparty: "Vela Corp.", date: .day(CalendarDate(year: 2024, month: 3, day: 1) ?? CalendarDate(dayNumber: 0)), evidence: "Judge Ann Lee ruled.")
        let text = EventsJSON.text([e])
        #expect(text.contains("2024-03-01  ruling"))
        #expect(text.contains("counterparty: Vela Corp."))
    }

    @Test func decodeRejectsBinaryAndBadUTF8() throws {
        #expect(try ArticleText.decode(Array("Plain news.".utf8)) == "Plain news.")
        #expect(try ArticleText.decode([0xEF, 0xBB, 0xBF] + Array("BOM".utf8)) == "BOM")
        let binary = try #require(throws: ExtractionError.self) { try ArticleText.decode([0x89, 0x50, 0x4E, 0x47, 0, 0, 1, 2]) }
        #expect(binary.code == "not_text")
        // Latin-1 text ("café") falls back; random high bytes with C1 controls do not.
        #expect(try ArticleText.decode([0x63, 0x61, 0x66, 0xE9]) == "café")
        let bad = try #require(throws: ExtractionError.self) { try ArticleText.decode([0x41, 0x80, 0x81, 0x82, 0x83]) }
        #expect(bad.code == "invalid_utf8")
        #expect(bad.message.contains("offset 1"))
        let big = try #require(throws: ExtractionError.self) { try ArticleText.decode([UInt8](repeating: 65, count: 11), limit: 10) }
        #expect(big.code == "input_too_large")
        #expect(big.message.contains("10 bytes"))
    }

    @Test func extractorRejectsInputOverItsLimit() throws {
        let small = try Extractor(configuration: .init(maxInputBytes: 100))
        let error = try #require(throws: ExtractionError.self) { try small.extract(.init(body: String(repeating: "a", count: 101))) }
        #expect(error.category == .tooLarge)
        #expect(error.message.contains("100"))
    }

    @Test func userLexiconExtendsTriggers() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-lex-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "resignation | handed in _ notice | \n".write(to: dir.appendingPathComponent("triggers.txt"), atomically: true, encoding: .utf8)
        let custom = try Extractor(configuration: .init(userLexiconDirectory: dir))
        let found = try custom.extract(.init(body: "Coach Lena Moss handed in her notice on Friday.")).events
        #expect(found.first?.kind == .resignation)
        #expect(found.first?.subject == "Lena Moss")
        try "resignation | handed in _ notice | shiny\n".write(to: dir.appendingPathComponent("triggers.txt"), atomically: true, encoding: .utf8)
        let error = try #require(throws: ExtractionError.self) { try Extractor(configuration: .init(userLexiconDirectory: dir)) }
        #expect(error.message.contains("line 1"))
        #expect(error.message.contains("shiny"))
    }
}
