import DatelineCore
import Testing
@testable import DatelineRules

@Suite("Checking why a rule did or did not match")
struct RuleCheckTests {
    let engine: RuleEngine

    init() throws {
        engine = try Fixtures.engine("""
            rules:
              - name: exits
                match:
                  kinds: [resignation, dismissal]
                  status: [occurred]
                  min_confidence: 0.8
                  watchlist: irs-leadership
                notify: [stdout]
            """)
    }

    @Test("a match lists every condition met")
    func matched() throws {
        let change = Fixtures.change(1, Fixtures.event(id: 1, kind: .resignation, subject: Fixtures.werfel), at: Fixtures.time())
        let check = try engine.check(rule: "exits", against: change, context: Fixtures.context)
        #expect(check.matched && check.failed == nil && check.isCandidate)
        #expect(check.met == [
            "new resignation event 1", "kind is resignation", "status is occurred", "confidence 0.9 (at least 0.8)",
            "Danny Werfel on watchlist irs-leadership",
        ])
    }

    @Test("a miss names the first failing condition and what was met before it")
    func failed() throws {
        let lowConfidence = Fixtures.change(1, Fixtures.event(id: 1, kind: .dismissal, confidence: 0.55), at: Fixtures.time())
        let check = try engine.check(rule: "exits", against: lowConfidence, context: Fixtures.context)
        #expect(!check.matched)
        #expect(check.met == ["kind is dismissal", "status is occurred"])
        #expect(check.failed == "confidence 0.55 is below 0.8")
        let charge = Fixtures.change(2, Fixtures.event(id: 2, kind: .charge), at: Fixtures.time())
        let other = try engine.check(rule: "exits", against: charge, context: Fixtures.context)
        #expect(other.failed == "kind is charge, not resignation or dismissal" && !other.isCandidate)
        let offList = Fixtures.change(3, Fixtures.event(id: 3, kind: .resignation, subject: Fixtures.doe), at: Fixtures.time())
        #expect(try engine.check(rule: "exits", against: offList, context: Fixtures.context).failed
            == "no one involved is on watchlist irs-leadership")
        let refined = Fixtures.change(4, Fixtures.event(id: 1, kind: .resignation), kind: .dateRefined, at: Fixtures.time())
        #expect(try engine.check(rule: "exits", against: refined, context: Fixtures.context).failed
            == "the change is date_refined, the rule reacts to new events")
        #expect(throws: RulesError.self) { try engine.check(rule: "exit", against: refined, context: Fixtures.context) }
    }
}
