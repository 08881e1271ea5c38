import DatelineCore
import Foundation
import Testing
@testable import DatelineTimeline

@Suite struct EscapingTests {
    @Test func icsFoldingKeepsUTF8SequencesWhole() throws {
        let line = "SUMMARY:" + String(repeating: "é€😀", count: 40)
        let folded = ICSRenderer.fold(line)
        let physical = folded.components(separatedBy: "\r\n")
        #expect(physical.count > 1)
        #expect(physical.allSatisfy { $0.utf8.count <= 75 })
        #expect(physical.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(folded.replacing("\r\n ", with: "") == line)
    }

    @Test func icsTextEscapesBackslashSemicolonCommaNewline() {
        #expect(ICSRenderer.text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf")
        #expect(ICSRenderer.text("bell\u{07}") == "bell")
    }

    @Test func jsonCanSitInsideAScriptElement() throws {
        let text = JSONValue.string("</script><!-- \u{2028}").serialized(pretty: false)
        #expect(!text.contains("</"))
        #expect(!text.contains("<!"))
        let back = try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed) as? String
        #expect(back == "</script><!-- \u{2028}")
    }

    @Test func onlyWebURLsAreLinked() {
        #expect(Escape.safeURL("https://example.com/a?b=1&c=2") == "https://example.com/a?b=1&c=2")
        #expect(Escape.safeURL(" HTTP://example.com ") == "HTTP://example.com")
        #expect(Escape.safeURL("javascript:alert(1)") == nil)
        #expect(Escape.safeURL("data:text/html,hi") == nil)
        #expect(Escape.safeURL("https://exa mple.com") == nil)
        #expect(Escape.safeURL(nil) == nil)
    }

    @Test func xmlDropsCharactersXMLForbids() {
        #expect(Escape.xml("a\u{0}b\u{1B}c\u{FFFE}<&>\"'") == "abc&lt;&amp;&gt;&quot;&#39;")
    }

    @Test func terminalTextLosesEscapeSequences() {
        #expect(TextRenderer.clean("red\u{1B}[31m alert\u{9B}2J") == "red[31m alert2J")
    }

    @Test func csvQuotesOnlyWhenNeeded() {
        #expect(CSVRenderer.field("plain") == "plain")
        #expect(CSVRenderer.field("a,b") == "\"a,b\"")
        #expect(CSVRenderer.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVRenderer.field("two\nlines") == "\"two\nlines\"")
    }

    @Test func htmlDatetimeIsExactlyAsPrecise() throws {
        #expect(HTMLRenderer.datetime(.day(Fixtures.day(2025, 4, 8))) == "2025-04-08")
        #expect(HTMLRenderer.datetime(.week(containing: Fixtures.day(2025, 4, 8))) == "2025-W15")
        #expect(HTMLRenderer.datetime(try #require(FuzzyDate.partOfMonth(year: 2025, month: 4, part: .late))) == "2025-04")
        #expect(HTMLRenderer.datetime(try #require(FuzzyDate.year(2025))) == "2025")
        #expect(HTMLRenderer.datetime(try #require(FuzzyDate.decade(2020))) == nil)
    }
}
