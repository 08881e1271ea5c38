import DatelineCore
import DatelineTime
import Testing

/// Checks the invariants every result must keep: spans in range and `text` equal to the slice.
private func checkSpans(_ text: String, reference: CalendarDate?) {
    let scalars = Array(text.unicodeScalars)
    let found = TimexTagger().tag(text, reference: reference)
    var last = 0
    for e in found {
        #expect(e.start >= last && e.start < e.end && e.end <= scalars.count)
        guard e.start >= 0, e.start < e.end, e.end <= scalars.count else { continue }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[e.start..<e.end])
        #expect(String(view) == e.text)
        last = e.end
    }
}

/// A small deterministic generator (SplitMix64), so failures reproduce.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("The tagger survives any input")
struct TimexRobustnessTests {
    @Test("empty and blank input")
    func empty() {
        #expect(TimexTagger().tag("", reference: nil).isEmpty)
        #expect(TimexTagger().tag("   \n\n\t ", reference: CalendarDate(year: 2025, month: 1, day: 1)).isEmpty)
    }

    @Test("random bytes decoded as UTF-8")
    func randomBytes() {
        var rng = SplitMix(state: 42)
        for _ in 0..<200 {
            let count = Int.random(in: 0..<400, using: &rng)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            checkSpans(String(decoding: bytes, as: UTF8.self), reference: CalendarDate(year: 2025, month: 4, day: 9))
        }
    }

    @Test("random soups of time words, digits and punctuation")
    func randomWords() {
        let pieces = ["March", "May", "5", "2025", "1990", "s", "'", "-", ".", ",", ":", "p.m.", "the", "last", "next",
                      "week", "weeks", "ago", "early", "late", "mid", "quarter", "third", "every", "Friday", "Fri.",
                      "year", "earlier", "end", "of", "a", "few", "twenty", "four", "hours", "tonight", "noon", "\n\n",
                      "🙂", "é", "fiscal", "31", "99", "00", "12", "Sept.", "the past", "more than", "about"]
        var rng = SplitMix(state: 7)
        for _ in 0..<300 {
            let count = Int.random(in: 0..<40, using: &rng)
            var text = ""
            for _ in 0..<count {
                text += pieces[Int.random(in: 0..<pieces.count, using: &rng)]
                if Bool.random(using: &rng) { text += " " }
            }
            checkSpans(text, reference: Bool.random(using: &rng) ? CalendarDate(year: 2024, month: 2, day: 29) : nil)
        }
    }

    @Test("adversarial inputs: long digit runs, 100k repeated month names, deep punctuation")
    func adversarial() {
        checkSpans(String(repeating: "9", count: 200_000), reference: nil)
        checkSpans(String(repeating: "March ", count: 100_000), reference: CalendarDate(year: 2025, month: 4, day: 9))
        checkSpans(String(repeating: "(((", count: 50_000) + "Monday" + String(repeating: ")))", count: 50_000), reference: nil)
        checkSpans(String(repeating: "the end of the end of ", count: 20_000), reference: nil)
        checkSpans(String(repeating: "1/2/3:4.5-6 ", count: 20_000), reference: nil)
        checkSpans(String(repeating: "early late mid- ", count: 30_000) + "2025", reference: nil)
    }

    @Test("extreme years and dates do not trap")
    func extremes() {
        checkSpans("In 2999 and 1000, on Feb. 30, 2025, and Feb. 29, 2023, 9999 years ago.", reference: CalendarDate(year: 9999, month: 12, day: 31))
        checkSpans("Last year, next year, 3 quarters ago, next decade.", reference: CalendarDate(year: -9999, month: 1, day: 1))
    }
}
