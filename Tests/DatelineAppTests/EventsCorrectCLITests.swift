import DatelineStorage
import DatelineTesting
import Foundation
import Testing

@Suite("dateline events correct")
struct EventsCorrectCLITests {
    @Test("a correction is applied and shown with who made it; a bad value exits 2 naming the flag and changes nothing")
    func correct() async throws {
        let endpoint = try await TestDatabase.create()
        let url = databaseURL(endpoint)
        let line = #"{"article": "r1", "url": "https://example.org/r1", "published": "2025-06-02", "events": [{"kind": "ruling", "subject": "Judge Ada Moss", "date": "2025-06-01", "status": "occurred"}]}"#
        #expect(try runDateline(["events", "add", "-", "--database-url", url], stdin: line).status == 0)
        let bad = try runDateline(["events", "correct", "1", "--status", "finished", "--database-url", url])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--status"))
        let mismatch = try runDateline(["events", "correct", "1", "--date", "2025-06", "--precision", "day", "--database-url", url])
        #expect(mismatch.status == 2)
        #expect(mismatch.stderr.contains("--precision"))
        let missing = try runDateline(["events", "correct", "99", "--status", "expected", "--database-url", url])
        #expect(missing.status == 2)
        let done = try runDateline(["events", "correct", "1", "--date", "2025-06", "--status", "expected", "--note", "scheduled", "--format", "json", "--database-url", url])
        #expect(done.status == 0, "\(done.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(done.stdout.utf8)) as? [String: Any]
        let event = object?["event"] as? [String: Any]
        #expect(event?["status"] as? String == "expected")
        #expect(event?["date"] as? String == "2025-06")
        let corrections = object?["corrections"] as? [[String: Any]] ?? []
        #expect(corrections.map { $0["field"] as? String } == ["date", "status"])
        #expect((corrections.first?["actor"] as? String)?.hasPrefix("cli:") == true)
        let wrong = try runDateline(["events", "correct", "1", "--wrong", "--database-url", url])
        #expect(wrong.status == 0)
        #expect(wrong.stdout.contains("marked wrong"))
        let listed = try runDateline(["events", "list", "--format", "json", "--database-url", url])
        #expect(!listed.stdout.contains("Ada Moss"))
    }
}
