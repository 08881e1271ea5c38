import DatelineCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import DatelineTimeline

/// Parses every output with a standard tool and checks what a consumer relies on.
@Suite struct OutputParsingTests {
    func render(_ format: TimelineFormat, _ options: RenderOptions = RenderOptions()) throws -> String {
        try TimelineRenderer.render(Fixtures.timeline, format: format, options: options)
    }

    func jsonObject(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any])
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let doc = try jsonObject(try render(.json))
        #expect(doc["title"] as? String == "Bureau of Coastal Permits")
        #expect(doc["generated_at"] as? String == Fixtures.generatedAt)
        #expect(doc["next_cursor"] is NSNull)
        let entries = try #require(doc["entries"] as? [[String: Any]])
        let undated = try #require(doc["undated"] as? [[String: Any]])
        #expect(entries.count == 7)
        #expect(undated.count == 1)
        #expect(entries.map { $0["id"] as? Int } == [5, 6, 2, 4, 1, 3, 7])
        let first = entries[4]
        #expect(Set(first.keys) == [
            "id", "kind", "status", "date", "headline", "participants", "evidence", "sources", "source_count",
            "mention_count", "confidence", "created_at", "updated_at", "history",
        ])
        let date = try #require(first["date"] as? [String: Any])
        #expect(date["value"] as? String == "2025-04-08")
        #expect(date["precision"] as? String == "day")
        #expect(date["display"] as? String == "8 April 2025")
        let sources = try #require(first["sources"] as? [[String: Any]])
        #expect(sources.map { $0["publication"] as? String } == ["Harbor Gazette", "Tidewater Wire"])
        #expect((first["history"] as? [Any])?.count == 2)
        #expect(undated[0]["date"] is NSNull)
        // The hostile sentence survives intact.
        let denied = try #require(entries.first { $0["id"] as? Int == 6 })
        #expect(denied["evidence"] as? String == HeadlineTemplates.oneLine(Fixtures.trickySentence))
    }

    @Test func jsonlHasOneEntryPerLine() throws {
        let lines = try render(.jsonl).split(separator: "\n")
        #expect(lines.count == 8)
        let ids = try lines.map { try jsonObject(String($0))["id"] as? Int }
        #expect(ids == [5, 6, 2, 4, 1, 3, 7, 8])
    }

    @Test func timelineJSStartDatesHoldOnlyKnownParts() throws {
        let doc = try jsonObject(try render(.timelinejs))
        let events = try #require(doc["events"] as? [[String: Any]])
        #expect(events.count == 7, "undated events are left out")
        let title = try #require(((doc["title"] as? [String: Any])?["text"] as? [String: Any])?["text"] as? String)
        #expect(title.contains("1 undated event is not shown"))
        var parts: [String: Set<String>] = [:]
        var display: [String: String] = [:]
        for e in events {
            let id = try #require(e["unique_id"] as? String)
            let start = try #require(e["start_date"] as? [String: Any])
            #expect(start.values.allSatisfy { $0 is Int }, "date parts are integers")
            parts[id] = Set(start.keys)
            display[id] = e["display_date"] as? String
            #expect(e["group"] is String)
        }
        #expect(parts["event-1"] == ["year", "month", "day"])
        #expect(parts["event-2"] == ["year", "month"])
        #expect(parts["event-3"] == ["year", "month"])
        #expect(parts["event-5"] == ["year"])
        #expect(display["event-3"] == "late April 2025")
        #expect(display["event-7"] == "week of 12 May 2025")
        #expect(display["event-2"] == nil)
    }

    static let python3 = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: python3 != nil, "python3 is not installed: the CSV is not checked with Python's csv module"))
    func csvRoundTripsThroughPython() throws {
        let csv = try render(.csv)
        #expect(csv.hasSuffix("\r\n"))
        let python = try #require(Self.python3)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-timeline-\(UUID().uuidString).csv")
        try Data(csv.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))))", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: output) as? [[String]])
        #expect(rows.count == 9, "header + 8 entries")
        let header = rows[0]
        #expect(rows.allSatisfy { $0.count == header.count })
        let evidence = try #require(header.firstIndex(of: "evidence"))
        let id = try #require(header.firstIndex(of: "id"))
        let date = try #require(header.firstIndex(of: "date"))
        let tricky = try #require(rows.first { $0[id] == "6" })
        #expect(tricky[evidence] == Fixtures.trickySentence, "comma, quotes, newline and markup round-trip")
        #expect(rows.last?[id] == "8")
        #expect(rows.last?[date] == "", "undated rows come last with an empty date")
    }

    func isWellFormedXML(_ text: String) -> Bool {
        let parser = XMLParser(data: Data(text.utf8))
        return parser.parse()
    }

    @Test(arguments: [TimelineFormat.atom, .svg, .html])
    func markupIsWellFormedAndEscaped(format: TimelineFormat) throws {
        let text = try render(format)
        #expect(isWellFormedXML(text), "\(format) does not parse as XML")
        #expect(!text.contains("<script>alert"), "article text must be escaped")
        #expect(!text.contains("href=\"javascript:"), "unsafe URLs are not linked")
        #expect(!text.contains("<b>Watch"))
    }

    @Test func svgAlsoParsesWithLanesPerKind() throws {
        let text = try render(.svg, RenderOptions(lanes: .kind))
        #expect(isWellFormedXML(text))
        #expect(text.contains(">ruling</text>"))
        #expect(text.contains("viewBox=\"0 0 960 "))
    }

    @Test func htmlIsSelfContainedAndFilterable() throws {
        let html = try render(.html)
        #expect(!html.contains("src=\""), "no external scripts or images")
        #expect(!html.contains("<link "), "no external stylesheets")
        #expect(html.contains("data-filter=\"kind\" value=\"resignation\""))
        #expect(html.contains("data-filter=\"status\" value=\"denied\""))
        #expect(html.contains("@media print"))
        #expect(html.contains("@media (max-width"))
    }

    @Test func icsLinesAreFoldedCRLFAndOnlyDaysAreEvents() throws {
        let ics = try render(.ics)
        #expect(ics.hasSuffix("\r\n"))
        let bytes = Array(ics.utf8)
        // Every LF is preceded by CR, and no physical line exceeds 75 octets.
        var lineLength = 0
        for (i, b) in bytes.enumerated() {
            if b == 0x0A {
                #expect(i > 0 && bytes[i - 1] == 0x0D, "bare LF at byte \(i)")
                #expect(lineLength - 1 <= 75, "line longer than 75 octets")
                lineLength = 0
            } else {
                lineLength += 1
            }
        }
        // Unfold, then look at the content lines.
        let unfolded = ics.replacing("\r\n ", with: "").split(separator: "\r\n").map(String.init)
        #expect(unfolded.filter { $0 == "BEGIN:VEVENT" }.count == 3, "events 1, 4 and 6 are day-precise")
        #expect(unfolded.contains("DTSTART;VALUE=DATE:20250408"))
        #expect(unfolded.contains("DTEND;VALUE=DATE:20250409"))
        #expect(unfolded.contains("UID:event-1@dateline.invalid"))
        #expect(unfolded.contains("DTSTAMP:20250520T093000Z"))
        let desc = try #require(unfolded.first { $0.hasPrefix("X-WR-CALDESC:") })
        #expect(desc.contains("late April 2025"))
        #expect(desc.contains("Undated"))
        #expect(unfolded.contains { $0.hasPrefix("DESCRIPTION:") && $0.contains("late April 2025") }, "RFC 7986 calendar description")
        let denied = try #require(unfolded.first { $0.hasPrefix("DESCRIPTION:") && $0.contains("<script>") })
        #expect(denied.contains("'rumor'\\, was false."), "comma escaped, the sentence on one line")
        #expect(denied.contains("denied\\n“"), "newlines escaped")
        // Folding never splits a UTF-8 sequence: the text decodes back losslessly.
        #expect(String(validating: bytes, as: UTF8.self) != nil)
    }

    @Test func atomEntriesHaveStableIdsAndEventUpdates() throws {
        let atom = try render(.atom)
        #expect(atom.contains("<id>tag:dateline.invalid,2025:event:1</id>"))
        #expect(atom.contains("<updated>2025-04-05T10:15:00Z</updated>"))
        // The feed's updated is the latest event update.
        let feedUpdated = try #require(atom.split(separator: "\n").first { $0.hasPrefix("<updated>") })
        #expect(feedUpdated == "<updated>2025-05-16T11:00:00Z</updated>")
        #expect(atom.components(separatedBy: "<entry>").count - 1 == 8)
    }

    @Test func textIsPlainUnlessColorIsAsked() throws {
        let plain = try render(.text)
        #expect(!plain.contains("\u{1B}["))
        #expect(plain.contains("EXPECTED"))
        #expect(plain.contains("DENIED"))
        let colored = try render(.text, RenderOptions(color: true))
        #expect(colored.contains("\u{1B}[31;1mDENIED"))
    }

    @Test func markdownGroupsByMonthWithinOneYearAndListsUndated() throws {
        let md = try render(.markdown)
        #expect(md.contains("## March 2025"))
        #expect(md.contains("## April 2025"))
        #expect(md.contains("## 2025\n"), "the year-precise event gets the year section")
        #expect(md.contains("## Undated"))
        #expect(md.contains("\\<script\\>"), "markup is escaped")
        #expect(!md.contains("](javascript:"))
    }

    @Test func badTimestampIsAClearError() throws {
        var t = Fixtures.timeline
        t.generatedAt = "yesterday"
        #expect(throws: TimelineError.self) { try TimelineRenderer.render(t, format: .ics) }
        do {
            _ = try TimelineRenderer.render(t, format: .ics)
        } catch let error as TimelineError {
            #expect(error.code == "bad_timestamp")
            #expect(error.message.contains("yesterday"))
        }
    }

    @Test func emptyTimelineRendersInEveryFormat() throws {
        let empty = TimelineAssembler.assemble([], title: "Nothing", generatedAt: Fixtures.generatedAt)
        for format in TimelineFormat.allCases {
            let out = try TimelineRenderer.render(empty, format: format)
            #expect(format == .jsonl ? out.isEmpty : !out.isEmpty, "\(format)")
            if [.atom, .svg, .html].contains(format) { #expect(isWellFormedXML(out), "\(format)") }
        }
    }
}
