import DatelineCore
import Testing
@testable import DatelineRules

@Suite("Durations, rates and sizes")
struct DurationTests {
    @Test("durations in every unit and in combination", arguments: [
        ("30s", 30), ("5m", 300), ("1h", 3600), ("2h30m", 9000), ("30d", 2_592_000), ("1w", 604_800), ("1d12h", 129_600),
    ] as [(String, Int64)])
    func parsesDurations(text: String, seconds: Int64) throws {
        #expect(try RuleDuration(parsing: text).seconds == seconds)
    }

    @Test("a duration prints in normalized form")
    func normalizes() throws {
        #expect(try RuleDuration(parsing: "90m").description == "1h30m")
        #expect(try RuleDuration(parsing: "14d").description == "2w")
    }

    @Test("bad durations are errors that say what is wrong", arguments: [
        ("", "empty"), ("1x", "unknown unit 'x'"), ("h", "expected a number"), ("10", "has no unit"),
        ("30m1h", "largest to smallest"), ("0s", "longer than zero"), ("1.5h", "unknown unit '.'"),
    ])
    func rejectsBadDurations(text: String, fragment: String) {
        #expect {
            try RuleDuration(parsing: text)
        } throws: { error in
            guard let error = error as? RulesError else { return false }
            return error.code == "bad_duration" && error.message.contains(fragment)
        }
    }

    @Test("rate limits per unit and per duration")
    func parsesRates() throws {
        #expect(try ValueParsers.rateLimit("1/s").get() == ChannelConfig.RateLimit(count: 1, perSeconds: 1))
        #expect(try ValueParsers.rateLimit("30/m").get() == ChannelConfig.RateLimit(count: 30, perSeconds: 60))
        #expect(try ValueParsers.rateLimit("100/h").get() == ChannelConfig.RateLimit(count: 100, perSeconds: 3600))
        #expect(try ValueParsers.rateLimit("5/10s").get() == ChannelConfig.RateLimit(count: 5, perSeconds: 10))
        for bad in ["1", "0/s", "x/s", "1/y", "/s"] {
            #expect(throws: (any Error).self) { try ValueParsers.rateLimit(bad).get() }
        }
    }

    @Test("sizes use binary units")
    func parsesSizes() throws {
        #expect(try ValueParsers.size("10MB").get() == 10 * 1_048_576)
        #expect(try ValueParsers.size("512KB").get() == 524_288)
        #expect(try ValueParsers.size("4096").get() == 4096)
        #expect(throws: (any Error).self) { try ValueParsers.size("10 parsecs").get() }
    }
}
