import DatelineCore
import Testing
@testable import DatelineExtraction

/// Robustness: odd input must not crash, hang or produce offsets outside the text.
@Suite struct FuzzTests {
    /// A small deterministic generator (SplitMix64).
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    func checkSane(_ result: ExtractionResult) {
        let count = result.text.unicodeScalars.count
        for e in result.events {
            #expect(e.evidenceStart >= 0 && e.evidenceStart <= e.evidenceEnd && e.evidenceEnd <= count)
            #expect((0...1).contains(e.confidence))
        }
        for t in result.timeExpressions { #expect(t.start >= 0 && t.end <= count) }
    }

    @Test func randomBytesNeverCrash() throws {
        var rng = Rng(state: 42)
        for _ in 0..<200 {
            let length = Int(rng.next() % 400)
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if let text = try? ArticleText.decode(bytes) {
                checkSane(try extractor().extract(.init(body: text, isHTML: rng.next() % 2 == 0, published: CalendarDate(iso: "2024-01-01"))))
            }
            let lossy = String(decoding: bytes, as: UTF8.self)
            checkSane(try extractor().extract(.init(body: lossy, isHTML: rng.next() % 2 == 0)))
        }
    }

    @Test func randomNewsWordSoupNeverCrashes() throws {
        let words = ["The", "court", "ruled", "Mr.", "U.S.", "(", ")", "IRS", "resigned", "said", ",", ".", "“", "”", "'s", "on", "Monday", "and",
                     "Acting", "Commissioner", "Jane", "Doe", "sued", "Acme", "Inc.", "deal", "with", "?", "not", "will", "\n", "\n\n", "<p>", "&amp;", "—"]
        var rng = Rng(state: 7)
        for _ in 0..<200 {
            let text = (0..<Int(rng.next() % 80)).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " ")
            checkSane(try extractor().extract(.init(body: text, isHTML: rng.next() % 3 == 0, published: CalendarDate(iso: "2024-05-05"))))
        }
    }

    @Test func deeplyNestedAndMalformedHTML() throws {
        let nested = String(repeating: "<div>", count: 100_000) + "Mayor Ann Lee resigned on Monday." + String(repeating: "</div>", count: 100_000)
        let result = try extractor().extract(.init(body: nested, isHTML: true))
        checkSane(result)
        #expect(result.text.contains("Mayor Ann Lee resigned on Monday."))
        for html in ["<p>Unclosed <b>tags <i>everywhere", "<div", "<!-- never closed", "<script>alert(1)", "a < b > c", "<<<<>>>>", "&#xFFFFFFFF; &#0; &;", "<p\u{0}>x</p>"] {
            checkSane(try extractor().extract(.init(body: html, isHTML: true)))
        }
    }

    @Test func nulBytesAndControlCharacters() throws {
        let text = "Ann\u{0}Lee re\u{0}signed.\u{7}\u{1B}[31m The board\u{0C}fired Bo Park."
        checkSane(try extractor().extract(.init(body: text)))
        #expect(throws: ExtractionError.self) { try ArticleText.decode(Array(text.utf8)) }
    }

    @Test func hugeInputNearTheLimit() throws {
        let limit = 512 * 1024
        let sentence = "Board member Ann Lee of Vela Corp. resigned on Monday, the company said. "
        let body = String(repeating: sentence, count: (limit - 100) / sentence.utf8.count)
        let ex = try Extractor(configuration: .init(maxInputBytes: limit))
        let result = try ex.extract(.init(body: body, published: CalendarDate(iso: "2024-03-14")))
        checkSane(result)
        #expect(result.events.count == 1)  // one fact, repeated
        #expect(throws: ExtractionError.self) { try ex.extract(.init(body: body + String(repeating: "x", count: 200))) }
    }

    @Test func longRunsWithoutSpacesOrPunctuation() throws {
        checkSane(try extractor().extract(.init(body: String(repeating: "A", count: 100_000))))
        checkSane(try extractor().extract(.init(body: String(repeating: "Ab ", count: 30_000))))
        checkSane(try extractor().extract(.init(body: String(repeating: "<a ", count: 30_000), isHTML: true)))
        checkSane(try extractor().extract(.init(body: String(repeating: "&amp", count: 30_000), isHTML: true)))
    }
}
