import DatelineStorage
import DatelineTesting
import Foundation
import Testing

/// Runs the real `dateline` executable built next to the tests.
func runDateline(_ arguments: [String], stdin: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let binary = TestDatabase.repositoryRoot.appendingPathComponent(".build/debug/dateline")
    let process = Process()
    process.executableURL = FileManager.default.isExecutableFile(atPath: binary.path)
        ? binary : Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("dateline")
    process.arguments = arguments
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

func databaseURL(_ endpoint: DatabaseEndpoint) -> String {
    guard case let .unixSocket(path) = endpoint.transport else { return "" }
    return "postgresql://postgres@/\(endpoint.database)?host=\((path as NSString).deletingLastPathComponent)"
}

@Suite("The dateline command")
struct CLITests {
    @Test("events add: a bad line exits 2 naming line and field and stores nothing; good input is listed as JSON")
    func eventsAddAndList() async throws {
        let endpoint = try await TestDatabase.create()
        let url = databaseURL(endpoint)
        let good = #"{"article": "c1", "url": "https://example.org/c1", "published": "2025-06-02", "events": [{"kind": "ruling", "subject": "Judge Ada Moss", "date": "2025-06", "status": "occurred"}]}"#
        let bad = good + "\n" + #"{"article": "c2", "events": [{"kind": "ruling", "status": "finished"}]}"#
        let failed = try runDateline(["events", "add", "-", "--database-url", url], stdin: bad)
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("stdin:2: events[0].status"))
        let empty = try runDateline(["events", "list", "--format", "json", "--database-url", url])
        #expect(empty.status == 0)
        #expect(empty.stdout.contains("\"events\" : [\n\n  ]") || empty.stdout.contains("\"events\" : []"))
        let added = try runDateline(["events", "add", "-", "--database-url", url], stdin: good)
        #expect(added.status == 0, "\(added.stderr)")
        let listed = try runDateline(["events", "list", "--format", "json", "--database-url", url])
        let object = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any]
        let events = object?["events"] as? [[String: Any]]
        #expect(events?.count == 1)
        #expect(events?.first?["date"] as? String == "2025-06")
        #expect(events?.first?["date_precision"] as? String == "month")
    }

    @Test("usage errors exit 2; extract prints the documented JSON")
    func usageAndExtract() throws {
        let usage = try runDateline(["events", "list", "--limit", "zero"])
        #expect(usage.status == 2)
        let article = "Port chief named\nThe Harbor Port Authority appointed Lena Varga as executive director on Friday.\n"
        let extracted = try runDateline(["extract", "-", "--published", "2026-03-09", "--format", "json"], stdin: article)
        #expect(extracted.status == 0, "\(extracted.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(extracted.stdout.utf8)) as? [String: Any]
        let event = (object?["events"] as? [[String: Any]])?.first
        #expect(event?["kind"] as? String == "appointment")
        #expect(event?["date"] as? String == "2026-03-06")
        for key in ["kind", "subject", "organization", "role", "counterparty", "date", "date_precision", "status", "confidence", "evidence", "evidence_start", "evidence_end"] {
            #expect(event?.keys.contains(key) == true, "missing \(key)")
        }
        let badDate = try runDateline(["extract", "-", "--published", "last week"], stdin: article)
        #expect(badDate.status == 2)
        #expect(badDate.stderr.contains("--published"))
    }
}
