import DatelineCore
import Foundation
import Testing
@testable import DatelineRules

@Suite("AlertRule index")
struct IndexTests {
    /// `count` rules, each for a kind other than resignation or for someone not in the change.
    static func unrelatedRules(_ count: Int) -> [AlertRule] {
        let otherKinds = EventKind.builtIn.filter { $0 != .resignation }
        return (0..<count).map { index in
            let filter: RuleFilter = switch index % 3 {
            case 0: RuleFilter(kinds: [otherKinds[index % otherKinds.count]])
            case 1: RuleFilter(kinds: [.resignation], entities: ["Person \(index)"])
            default: RuleFilter(kinds: [.resignation], watchlists: ["list-\(index)"])
            }
            return AlertRule(name: "other-\(index)", trigger: .each(filter), notify: ["stdout"])
        }
    }

    static let relevant: [AlertRule] = [
        AlertRule(name: "any-resignation", trigger: .each(RuleFilter(kinds: [.resignation])), notify: ["stdout"]),
        AlertRule(name: "werfel", trigger: .each(RuleFilter(entities: ["danny werfel"])), notify: ["stdout"]),
        AlertRule(name: "irs-by-alias", trigger: .each(RuleFilter(kinds: [.resignation], organizations: ["IRS"])), notify: ["stdout"]),
        AlertRule(name: "watchlist", trigger: .each(RuleFilter(watchlists: ["irs-leadership"])), notify: ["stdout"]),
        AlertRule(name: "everything", trigger: .each(RuleFilter()), notify: ["stdout"]),
        AlertRule(name: "wrong-status", trigger: .each(RuleFilter(kinds: [.resignation], statuses: [.denied])), notify: ["stdout"]),
    ]

    @Test("with 10,000 rules mostly for other kinds or entities, only candidates are evaluated")
    func onlyCandidates() throws {
        let engine = try RuleEngine(rules: Self.unrelatedRules(10_000) + Self.relevant)
        var state = RuleState()
        let change = Fixtures.change(1, Fixtures.event(id: 1, kind: .resignation, subject: Fixtures.werfel), at: Fixtures.time())
        let result = engine.evaluate(change, context: Fixtures.context, state: &state)
        #expect(result.evaluatedRules == Self.relevant.count)
        #expect(result.matches.map(\.rule) == ["any-resignation", "werfel", "irs-by-alias", "watchlist", "everything"])
    }

    @Test("the index never hides a rule that matches (same matches as checking every rule)")
    func indexIsExact() throws {
        let rules = Self.unrelatedRules(300) + Self.relevant
        let engine = try RuleEngine(rules: rules)
        for (offset, kind) in EventKind.builtIn.enumerated() {
            for person in [Fixtures.werfel, Fixtures.doe, Fixtures.long] {
                let change = Fixtures.change(Int64(offset), Fixtures.event(id: Int64(offset), kind: kind, subject: person), at: Fixtures.time())
                var state = RuleState()
                let indexed = Set(engine.evaluate(change, context: Fixtures.context, state: &state).matches.map(\.rule))
                let document = LazyDocument(change.evidence)
                let brute = Set(rules.filter { $0.primaryFilter.evaluate(change, context: Fixtures.context, document: document) != nil }.map(\.name))
                #expect(indexed == brute, "\(kind) \(person.name)")
            }
        }
    }

    @Test("the benchmark reports the three sizes and the goal")
    func benchmarkReport() {
        let report = RulesBenchmark.run(changes: 200, parsedRules: 100)
        #expect(report.contains("10 rules") && report.contains("1000 rules") && report.contains("10000 rules"))
        #expect(report.contains("goal ≥ 0.5×"))
    }
}
