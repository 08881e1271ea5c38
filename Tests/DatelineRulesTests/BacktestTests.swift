import DatelineCore
import Foundation
import Testing
@testable import DatelineRules

@Suite("Backtest and incremental evaluation")
struct BacktestTests {
    static let rules = """
        rules:
          - name: exits
            match: {kinds: [resignation, dismissal], watchlist: irs-leadership}
            on: [new, status_change]
            throttle: 5d
            notify: [stdout]
          - name: exodus
            match: {kinds: [resignation, dismissal]}
            threshold: {count: 2, within: 30d, group_by: organization}
            notify: [stdout]
          - name: confirmation-watch
            deadline: {after: {kinds: [nomination]}, expect: {kinds: [hearing]}, within: 20d}
            notify: [stdout]
          - name: immigration
            match: {kinds: [lawsuit, ruling], text: "immigration OR ICE"}
            notify: [stdout]
        """

    /// A history of 60 changes over about 120 days touching every rule.
    static func history() -> [EventChange] {
        let people = [Fixtures.werfel, Fixtures.long, Fixtures.roe, Fixtures.doe]
        let kinds: [EventKind] = [.resignation, .nomination, .hearing, .lawsuit, .dismissal, .ruling]
        var changes: [EventChange] = []
        var sequence: Int64 = 0
        for step in 0..<60 {
            sequence += 1
            let kind = kinds[(step * 7) % kinds.count]
            let person = people[(step * 3) % people.count]
            let organization = step % 3 == 0 ? Fixtures.justice : Fixtures.irs
            let event = Fixtures.event(id: Int64(step / 2 + 1), kind: kind, status: step % 4 == 0 ? .expected : .occurred,
                                       subject: person, organization: organization)
            let evidence = step % 5 == 0 ? ["Officials discussed immigration enforcement."] : ["Officials met."]
            let kindOfChange: ChangeKind = step % 4 == 1 ? .statusChange : .new
            changes.append(Fixtures.change(sequence, event, kind: kindOfChange, previous: kindOfChange == .statusChange ? .expected : nil,
                                           evidence: evidence, at: Fixtures.time(days: Double(step) * 2, hours: Double(step % 7))))
        }
        return changes
    }

    @Test("live watching (with timer ticks and state persisted between changes) equals the backtest")
    func backtestEqualsIncremental() throws {
        let engine = try Fixtures.engine(Self.rules)
        let history = Self.history()
        let end = Fixtures.time(days: 200)
        let backtest = Backtester(engine: engine).run(history: history, context: Fixtures.context, until: end)

        var live: [RuleMatch] = []
        var stored = try JSONEncoder().encode(RuleState())
        var previousTime: Date?
        for change in history {
            var state = try JSONDecoder().decode(RuleState.self, from: stored)
            if let previousTime {
                // A timer tick between two changes, at the feed's high-water mark or later.
                let tick = previousTime.addingTimeInterval(change.recordedAt.timeIntervalSince(previousTime) / 2)
                live += engine.dueDeadlines(now: tick, state: &state).matches
            }
            live += engine.process(change, context: Fixtures.context, state: &state).matches
            stored = try JSONEncoder().encode(state)
            previousTime = change.recordedAt
        }
        var state = try JSONDecoder().decode(RuleState.self, from: stored)
        live += engine.dueDeadlines(now: end, state: &state).matches

        #expect(!backtest.alerts.isEmpty)
        #expect(Set(backtest.alerts.map(\.rule)) == ["exits", "exodus", "confirmation-watch", "immigration"])
        #expect(!backtest.suppressed.isEmpty, "the throttle held some back")
        #expect(live == backtest.alerts)
        #expect(Set(live.map(\.dedupeKey)).count == live.count, "dedupe keys are unique")
    }

    @Test("replaying a history twice gives the same alerts (no hidden state)")
    func replayIsDeterministic() throws {
        let tester = Backtester(engine: try Fixtures.engine(Self.rules))
        let first = tester.run(history: Self.history(), context: Fixtures.context)
        let second = tester.run(history: Self.history(), context: Fixtures.context)
        #expect(first.alerts == second.alerts && first.finalState == second.finalState)
    }

    @Test("alerts come out in firing order")
    func ordered() throws {
        let result = Backtester(engine: try Fixtures.engine(Self.rules)).run(
            history: Self.history(), context: Fixtures.context, until: Fixtures.time(days: 200))
        let times = result.alerts.map(\.firedAt)
        #expect(times == times.sorted())
    }
}
