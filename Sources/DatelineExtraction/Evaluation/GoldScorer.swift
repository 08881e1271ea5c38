import DatelineCore
import Foundation

/// Scores any event source against gold annotations, by the rules of the corpus GUIDELINES.md
/// ("Scoring").
///
/// Matching, per article: a prediction matches a gold event when the kinds are equal and some
/// name among its subject, organization and counterparty equals one among the gold's
/// (`NameMatch`). One-to-one, greedy in gold order, named gold events first; then each gold
/// event with a null subject takes a remaining prediction of the same kind and the same date
/// (both may be null).
public struct GoldScorer: Sendable {
    let source: @Sendable (ArticleInput) throws -> [ExtractedEvent]

    /// Scores an extractor (the built-in one or an `ExternalExtractor`).
    public init(extractor: any EventExtracting) {
        self.source = { try extractor.events(in: $0) }
    }

    /// Scores any function from an article to events.
    public init(source: @escaping @Sendable (ArticleInput) throws -> [ExtractedEvent]) {
        self.source = source
    }

    /// Reads `gold` (JSON lines) and the article files of `articles` (first line the headline,
    /// then the body), runs the source on each and scores it.
    /// - Throws: `ExtractionError` `bad_gold` naming the line or file that is wrong.
    public func score(gold: URL, articles: URL) throws -> EventEvalReport {
        let golds = try GoldScorer.readGold(gold)
        var predictions: [[ExtractedEvent]] = []
        var texts: [String] = []
        for g in golds {
            let file = articles.appendingPathComponent(g.article)
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw ExtractionError.badGold("article \(g.article) named in \(gold.lastPathComponent) is not in \(articles.path)")
            }
            let text = try ArticleText.decode([UInt8](data))
            let input = GoldScorer.articleInput(text, published: g.published, source: g.source)
            predictions.append(try source(input))
            texts.append(text)
        }
        return GoldScorer.score(gold: golds, predictions: predictions)
    }

    /// An article file as input: first line the headline, then the body.
    public static func articleInput(_ text: String, published: String?, source: String?) -> ArticleInput {
        let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let headline = parts.first.map(String.init)?.trimmingWhitespace()
        let body = parts.count > 1 ? String(parts[1]) : ""
        return ArticleInput(body: body, published: published.flatMap { CalendarDate(iso: $0) }, source: source, headline: headline)
    }

    /// Parses `gold.jsonl`.
    public static func readGold(_ url: URL) throws -> [GoldArticle] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ExtractionError.badGold("gold file \(url.path) cannot be read")
        }
        var result: [GoldArticle] = []
        let decoder = JSONDecoder()
        for (i, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            if line.allSatisfy({ $0 == 32 || $0 == 13 || $0 == 9 }) { continue }
            do {
                result.append(try decoder.decode(GoldArticle.self, from: Data(line)))
            } catch {
                throw ExtractionError.badGold("\(url.lastPathComponent) line \(i + 1) is not a gold article: \(error)")
            }
        }
        return result
    }

    /// Scores predictions against gold, article by article (the arrays are parallel).
    public static func score(gold: [GoldArticle], predictions: [[ExtractedEvent]]) -> EventEvalReport {
        var report = EventEvalReport()
        var kindCounts: [String: (gold: Int, predicted: Int, matched: Int)] = [:]
        var dated = 0, dateRight = 0, statusRight = 0, subjectRight = 0, matchedTotal = 0
        for (a, article) in gold.enumerated() {
            let predicted = a < predictions.count ? predictions[a] : []
            let pairs = match(gold: article.events, predicted: predicted)
            var usedPredictions = Set<Int>()
            for e in article.events { kindCounts[e.kind, default: (0, 0, 0)].gold += 1 }
            for p in predicted { kindCounts[p.kind.rawValue, default: (0, 0, 0)].predicted += 1 }
            for (gi, g) in article.events.enumerated() {
                guard let pi = pairs[gi] else {
                    report.misses.append(ScoredEvent(article: article.article, kind: g.kind, subject: g.subject, date: g.date, status: g.status, sentence: g.evidence ?? ""))
                    continue
                }
                usedPredictions.insert(pi)
                let p = predicted[pi]
                matchedTotal += 1
                kindCounts[g.kind, default: (0, 0, 0)].matched += 1
                if let gd = g.date {
                    dated += 1
                    if dateEqual(p.date, gold: gd) { dateRight += 1 } else {
                        report.dateErrors.append(ScoredEvent(article: article.article, kind: g.kind, subject: g.subject, date: gd, status: g.status, sentence: p.evidence, predictedDate: p.date?.dateString ?? "null"))
                    }
                }
                if p.status.rawValue == g.status { statusRight += 1 } else {
                    report.statusErrors.append(ScoredEvent(article: article.article, kind: g.kind, subject: g.subject, date: g.date, status: g.status, sentence: p.evidence, predictedStatus: p.status.rawValue))
                }
                let subjectOK: Bool = switch (g.subject, p.subject) {
                case (nil, nil): true
                case let (gs?, ps?): NameMatch.equal(gs, ps)
                default: false
                }
                if subjectOK { subjectRight += 1 }
            }
            for (pi, p) in predicted.enumerated() where !usedPredictions.contains(pi) {
                report.falseAlarms.append(ScoredEvent(article: article.article, kind: p.kind.rawValue, subject: p.subject, date: p.date?.dateString, status: p.status.rawValue, sentence: p.evidence))
            }
        }
        var totalGold = 0, totalPredicted = 0
        for kind in kindCounts.keys.sorted() {
            let c = kindCounts[kind] ?? (0, 0, 0)
            report.perKind.append(KindScore(kind: kind, gold: c.gold, predicted: c.predicted, matched: c.matched))
            totalGold += c.gold
            totalPredicted += c.predicted
        }
        report.overall = KindScore(kind: "all", gold: totalGold, predicted: totalPredicted, matched: matchedTotal)
        report.datedMatches = dated
        report.dateAccuracy = dated == 0 ? 1 : Double(dateRight) / Double(dated)
        report.statusAccuracy = matchedTotal == 0 ? 1 : Double(statusRight) / Double(matchedTotal)
        report.subjectAccuracy = matchedTotal == 0 ? 1 : Double(subjectRight) / Double(matchedTotal)
        report.articles = gold.count
        return report
    }

    /// The one-to-one matching of one article: for each gold event, the index of its prediction.
    public static func match(gold: [GoldEvent], predicted: [ExtractedEvent]) -> [Int: Int] {
        var pairs: [Int: Int] = [:]
        var used = Set<Int>()
        let named = gold.indices.filter { gold[$0].subject != nil }
        let unnamed = gold.indices.filter { gold[$0].subject == nil }
        for gi in named {
            let g = gold[gi]
            let goldNames = [g.subject, g.organization, g.counterparty].compactMap { $0 }
            for (pi, p) in predicted.enumerated() where !used.contains(pi) && p.kind.rawValue == g.kind {
                let names = [p.subject, p.organization, p.counterparty].compactMap { $0 }
                if names.contains(where: { n in goldNames.contains { NameMatch.equal(n, $0) } }) {
                    pairs[gi] = pi
                    used.insert(pi)
                    break
                }
            }
        }
        for gi in unnamed {
            let g = gold[gi]
            let goldNames = [g.organization, g.counterparty].compactMap { $0 }
            var chosen: Int?
            // A participant overlap still counts first (the gold may name an organization).
            if !goldNames.isEmpty {
                chosen = predicted.indices.first { pi in
                    !used.contains(pi) && predicted[pi].kind.rawValue == g.kind
                        && [predicted[pi].subject, predicted[pi].organization, predicted[pi].counterparty].compactMap { $0 }.contains { n in goldNames.contains { NameMatch.equal(n, $0) } }
                }
            }
            if chosen == nil {
                chosen = predicted.indices.first { pi in
                    !used.contains(pi) && predicted[pi].kind.rawValue == g.kind && sameDate(predicted[pi].date, g.date)
                }
            }
            if let chosen {
                pairs[gi] = chosen
                used.insert(chosen)
            }
        }
        return pairs
    }

    static func sameDate(_ p: FuzzyDate?, _ g: String?) -> Bool {
        guard let g else { return p == nil }
        return dateEqual(p, gold: g)
    }

    /// Whether a predicted date equals the gold date at the gold's precision.
    static func dateEqual(_ p: FuzzyDate?, gold: String) -> Bool {
        guard let p, let s = p.dateString, s.count >= gold.count else { return false }
        return s.prefix(gold.count) == gold
    }
}
