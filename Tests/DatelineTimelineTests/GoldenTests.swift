import DatelineCore
import Foundation
import Testing
@testable import DatelineTimeline

/// Renders the fixture timeline in every format and compares byte for byte with the files in
/// `Golden/`. Re-record with `DATELINE_RECORD_GOLDEN=1 swift test --filter GoldenTests`.
@Suite struct GoldenTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func goldenName(_ format: TimelineFormat) -> String {
        format == .timelinejs ? "timelinejs.json" : "timeline.\(format.fileExtension)"
    }

    @Test(arguments: TimelineFormat.allCases)
    func matchesGolden(format: TimelineFormat) throws {
        let rendered = Data(try TimelineRenderer.render(Fixtures.timeline, format: format).utf8)
        let url = Self.goldenDirectory.appendingPathComponent(Self.goldenName(format))
        if ProcessInfo.processInfo.environment["DATELINE_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldenDirectory, withIntermediateDirectories: true)
            try rendered.write(to: url)
            return
        }
        guard let golden = FileManager.default.contents(atPath: url.path) else {
            Issue.record("No golden file \(url.lastPathComponent): run with DATELINE_RECORD_GOLDEN=1 and review it")
            return
        }
        if golden != rendered {
            let a = String(decoding: golden, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            let b = String(decoding: rendered, as: UTF8.self).split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            let expected = line < a.count ? String(a[line]) : "<end>"
            let actual = line < b.count ? String(b[line]) : "<end>"
            Issue.record("\(format) differs from \(url.lastPathComponent) at line \(line + 1):\n  golden:   \(expected)\n  rendered: \(actual)")
        }
    }

    @Test func renderingIsDeterministic() throws {
        for format in TimelineFormat.allCases {
            let a = try TimelineRenderer.render(Fixtures.timeline, format: format)
            let b = try TimelineRenderer.render(Fixtures.timeline, format: format)
            #expect(a == b, "\(format) output changes between runs")
        }
    }
}
