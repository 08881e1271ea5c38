import DatelineCore
import Testing
@testable import DatelineExtraction

@Suite struct SyntheticTests {
    @Test func generatorIsDeterministic() {
        var a = SyntheticArticles(seed: 9)
        var b = SyntheticArticles(seed: 9)
        #expect(a.article() == b.article())
    }

    @Test func extractorFindsMostPlantedFacts() throws {
        var generator = SyntheticArticles(seed: 1)
        var planted = 0, found = 0
        for _ in 0..<20 {
            let article = generator.article()
            let events = try extractor().extract(article.input).events
            for p in article.planted {
                planted += 1
                if events.contains(where: { $0.kind == p.kind && $0.subject == p.subject && $0.status == p.status }) { found += 1 }
            }
        }
        #expect(planted > 50)
        #expect(Double(found) / Double(planted) >= 0.95, "found \(found) of \(planted)")
    }

    @Test func sampleArticlesOfTheRepository() throws {
        let root = RatchetTests.repoRoot.appendingPathComponent("samples/articles")
        let expected: [(String, EventKind, String, EventStatus, String?)] = [
            ("harbor-authority-director-expected-to-resign", .resignation, "Marian Cole", .expected, "2025-03-03"),
            ("harbor-authority-director-resigns", .resignation, "Marian Cole", .occurred, "2025-03-07"),
            ("harbor-authority-director-resigns", .appointment, "Luis Ferreira", .occurred, nil),
            ("ridgeway-foods-sues-calloway", .lawsuit, "Ridgeway Foods Inc.", .occurred, "2025-06-10"),
            ("judge-blocks-river-permit", .ruling, "Hannah Lowe", .occurred, "2025-09-18"),
            ("northwind-bluestone-merger", .agreement, "Northwind Energy", .occurred, "2025-11-03"),
            ("northwind-bluestone-merger", .resignation, "Ines Varga", .expected, nil),
        ]
        for (name, kind, subject, status, date) in expected {
            let text = try String(contentsOf: root.appendingPathComponent(name + ".txt"), encoding: .utf8)
            let meta = try String(contentsOf: root.appendingPathComponent(name + ".json"), encoding: .utf8)
            let published = meta.components(separatedBy: "\"published\":\"").dropFirst().first.map { String($0.prefix(10)) }
            let input = GoldScorer.articleInput(text, published: published, source: nil)
            let events = try extractor().extract(input).events
            let e = try #require(events.first { $0.kind == kind && $0.subject == subject }, "\(name): no \(kind) of \(subject) in \(events)")
            #expect(e.status == status, "\(name)")
            if let date { #expect(e.date?.dateString == date, "\(name)") }
        }
    }
}
