import DatelineCore
import Foundation
import Testing
@testable import DatelineNotify

/// Each format's rendering of the sample alert, compared with `Golden/<format>.json` (or
/// `.txt`). Re-record with `DATELINE_RECORD_GOLDEN=1 swift test --filter GoldenTests`.
@Suite("Golden messages")
struct GoldenTests {
    static let directory = Fixtures.testsDirectory + "/Golden"
    static let record = ProcessInfo.processInfo.environment["DATELINE_RECORD_GOLDEN"] == "1"

    @Test("rendering matches the golden file", arguments: ChannelConfig.Format.allCases)
    func golden(format: ChannelConfig.Format) throws {
        let renderer = AlertRenderer(options: RenderOptions(baseURL: Fixtures.baseURL))
        let type: ChannelConfig.ChannelType = format == .text ? .stdout : .webhook
        let actual = try renderer.preview(alert: Fixtures.alert(), channel: Fixtures.channel(format, type: type))
        let path = "\(Self.directory)/\(format.rawValue).\(format == .text ? "txt" : "json")"
        if Self.record {
            try FileManager.default.createDirectory(atPath: Self.directory, withIntermediateDirectories: true)
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) else {
            Issue.record("missing golden file \(path); run with DATELINE_RECORD_GOLDEN=1")
            return
        }
        #expect(actual == expected)
        if format != .text {
            // The golden is itself valid JSON, and the compact body sent is the same document.
            let compact = try renderer.render(Fixtures.alert(), for: Fixtures.channel(format)).body
            let a = try JSONSerialization.data(withJSONObject: try Fixtures.parse(expected), options: [.sortedKeys])
            let b = try JSONSerialization.data(withJSONObject: try Fixtures.parse(compact), options: [.sortedKeys])
            #expect(a == b)
        }
    }
}
