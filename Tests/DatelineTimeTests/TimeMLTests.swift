import DatelineCore
import DatelineTime
import Foundation
import Testing

/// A small TimeML document written for these tests.
private let sample = """
<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2025-04-09" temporalFunction="false" functionInDocument="CREATION_TIME">20250409</TIMEX3></DCT>
<TEXT>
Caf&amp;é owners <EVENT eid="e1" class="OCCURRENCE">protested</EVENT> <TIMEX3 tid="t1" type="DATE" value="2025-04-08">Tuesday</TIMEX3> after prices rose for <TIMEX3 tid="t2" type="DURATION" value="P3M">three months</TIMEX3>. A vote is due <TIMEX3 tid="t3" type="DATE" value="2025-W16">next week</TIMEX3>.
</TEXT>
</TimeML>
"""

@Suite("TimeML documents and scoring")
struct TimeMLTests {
    @Test("the parser strips tags, decodes entities and keeps scalar offsets")
    func parse() throws {
        let doc = try TimeMLDocument(xml: sample, name: "sample.tml")
        #expect(doc.creationDate == CalendarDate(year: 2025, month: 4, day: 9))
        #expect(doc.timexes.map(\.text) == ["Tuesday", "three months", "next week"])
        #expect(doc.timexes.map(\.value) == ["2025-04-08", "P3M", "2025-W16"])
        #expect(doc.text.contains("Caf&é owners protested Tuesday"))
        let scalars = Array(doc.text.unicodeScalars)
        for t in doc.timexes {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[t.start..<t.end])
            #expect(String(view) == t.text)
        }
    }

    @Test("malformed files throw an error naming the file")
    func malformed() {
        for xml in ["<TimeML>no text</TimeML>", "<TEXT>an <TIMEX3 type=\"DATE\">open timex</TEXT>",
                    "<TEXT>a stray </TIMEX3> tag</TEXT>", "<TEXT>an unclosed <tag</TEXT"] {
            #expect {
                try TimeMLDocument(xml: xml, name: "broken.tml")
            } throws: { error in
                (error as? TimeError)?.message.contains("broken.tml") == true
            }
        }
    }

    @Test("the scorer counts strict, relaxed and value matches")
    func scoring() throws {
        let doc = try TimeMLDocument(xml: sample, name: "sample.tml")
        let score = TimeMLScorer().score(document: doc)
        #expect(score.counts.gold == 3)
        #expect(score.counts.system == 3)
        #expect(score.counts.strict == 3)
        #expect(score.counts.value == 3)
        #expect(score.counts.valueScore.f1 == 1)
    }

    @Test("a partial overlap is relaxed, not strict, and a wrong value is counted")
    func partial() {
        let gold = [GoldTimex(start: 0, end: 9, text: "last week", type: "DATE", value: "2025-W14"),
                    GoldTimex(start: 20, end: 26, text: "Monday", type: "DATE", value: "2025-04-07")]
        let system = [TimeExpression(start: 5, end: 9, text: "week", type: .duration, value: "P1W"),
                      TimeExpression(start: 20, end: 26, text: "Monday", type: .date, value: "2025-04-07"),
                      TimeExpression(start: 30, end: 33, text: "now", type: .date, value: "PRESENT_REF")]
        let c = TimeMLScorer.compare(gold: gold, system: system, file: "x").counts
        #expect(c.strict == 1)
        #expect(c.relaxed == 2)
        #expect(c.value == 1)
        #expect(c.type == 1)
        #expect(abs(c.relaxedScore.precision - 2.0 / 3.0) < 1e-9)
        #expect(c.relaxedScore.recall == 1)
    }

    @Test("a directory is walked recursively for .tml files; a missing one is an error")
    func directory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("timeml-\(UUID().uuidString)")
        let nested = root.appendingPathComponent("wire/2025")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try sample.write(to: nested.appendingPathComponent("a.tml"), atomically: true, encoding: .utf8)
        try "not TimeML".write(to: nested.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let report = try TimeMLScorer().score(directory: root)
        #expect(report.files.map(\.file) == ["wire/2025/a.tml"])
        #expect(report.overall.gold == 3)
        #expect(throws: TimeError.self) { try TimeMLScorer().score(directory: root.appendingPathComponent("missing")) }
    }

    @Test("decade and week notations compare equal, other values do not")
    func notation() {
        #expect(TimeMLScorer.sameValue("199X", "199"))
        #expect(TimeMLScorer.sameValue("2000-W07", "2000-W7"))
        #expect(!TimeMLScorer.sameValue("2000-W07", "2000-W17"))
        #expect(!TimeMLScorer.sameValue("1990", "199"))
        #expect(!TimeMLScorer.sameValue("P1Y", "P1M"))
    }

    @Test("the report renders per-file lines and round-trips through JSON")
    func report() throws {
        let doc = try TimeMLDocument(xml: sample, name: "sample.tml")
        let report = TimeMLReport(files: [TimeMLScorer().score(document: doc)])
        #expect(report.text.contains("sample.tml: gold 3 system 3"))
        #expect(report.text.contains("value: P 1.000 R 1.000 F1 1.000"))
        let data = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(TimeMLReport.self, from: data) == report)
    }
}

/// Where the shared TimeML corpus is: `../shared/corpus/timeml` next to the repository, or
/// `DATELINE_TIMEML_CORPUS`.
private let corpusURL: URL? = {
    if let env = ProcessInfo.processInfo.environment["DATELINE_TIMEML_CORPUS"], !env.isEmpty {
        return URL(fileURLWithPath: env)
    }
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let url = repo.deletingLastPathComponent().appendingPathComponent("shared/corpus/timeml")
    return FileManager.default.fileExists(atPath: url.path) ? url : nil
}()

private let ratchetURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("ratchet/timeml.json")

@Suite("TimeML ratchet")
struct TimeMLRatchetTests {
    struct Ratchet: Decodable {
        var strict_f1: Double
        var relaxed_f1: Double
        var value_f1: Double
    }

    // Skipped when the shared corpus is not next to the repository (for example on a laptop clone).
    @Test("scores on the TimeML corpus do not fall below the recorded figures", .enabled(if: corpusURL != nil, "no TimeML corpus at ../shared/corpus/timeml"))
    func ratchet() throws {
        let corpus = try #require(corpusURL)
        let ratchet = try JSONDecoder().decode(Ratchet.self, from: Data(contentsOf: ratchetURL))
        let c = try TimeMLScorer().score(directory: corpus).overall
        print("TimeML: strict F1 \(c.strictScore.f1), relaxed F1 \(c.relaxedScore.f1), value F1 \(c.valueScore.f1)")
        #expect(c.strictScore.f1 >= ratchet.strict_f1)
        #expect(c.relaxedScore.f1 >= ratchet.relaxed_f1)
        #expect(c.valueScore.f1 >= ratchet.value_f1)
    }
}
