import Foundation
import Testing
@testable import DatelineRules

@Suite("Robustness: damaged rule files give diagnostics, never a crash")
struct RobustnessTests {
    let environment = [
        "SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T/B/X", "ALERTS_WEBHOOK_URL": "https://example.org/hook",
        "DATELINE_WEBHOOK_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    ]

    func sample() throws -> String {
        try String(contentsOf: Fixtures.samplesDirectory.appendingPathComponent("newsroom.yaml"), encoding: .utf8)
    }

    /// Every diagnostic has a real position inside the text.
    func checkPositions(_ yaml: String) {
        let lineCount = yaml.split(separator: "\n", omittingEmptySubsequences: false).count
        let result = RuleFileParser.validate(yaml: yaml, file: "f", environment: environment)
        #expect(result.isValid || !result.diagnostics.isEmpty)
        for diagnostic in result.diagnostics {
            #expect(diagnostic.position.line >= 1 && diagnostic.position.line <= lineCount + 1 && diagnostic.position.column >= 1)
        }
    }

    @Test("the sample with each line deleted")
    func deletedLines() throws {
        let lines = try sample().split(separator: "\n", omittingEmptySubsequences: false)
        for index in lines.indices {
            var damaged = lines
            damaged.remove(at: index)
            checkPositions(damaged.joined(separator: "\n"))
        }
    }

    @Test("the sample cut short at many points")
    func truncated() throws {
        let text = try sample()
        var cut = text.startIndex
        while cut < text.endIndex {
            checkPositions(String(text[..<cut]))
            cut = text.index(cut, offsetBy: 37, limitedBy: text.endIndex) ?? text.endIndex
        }
    }

    @Test("the sample with characters swapped for YAML punctuation")
    func punctuation() throws {
        let text = Array(try sample())
        let swaps: [Character] = ["[", "{", ":", "-", "\"", "'", "&", "*", "\t", "#"]
        var position = 0
        var swap = 0
        while position < text.count {
            var damaged = text
            damaged[position] = swaps[swap % swaps.count]
            checkPositions(String(damaged))
            position += 53
            swap += 1
        }
    }
}
