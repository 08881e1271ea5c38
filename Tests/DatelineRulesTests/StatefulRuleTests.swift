import DatelineCore
import Foundation
import Testing
@testable import DatelineRules

@Suite("Thresholds, deadlines, throttles and silences")
struct StatefulRuleTests {
    let context = Fixtures.context

    @Test("3 within 30 days fires once, on the third")
    func thresholdFiresOnce() throws {
        let engine = try Fixtures.engine("""
            rules:
              - name: exodus
                match: {kinds: [resignation, dismissal], watchlist: irs-leadership}
                threshold: {count: 3, within: 30d, group_by: organization}
                notify: [stdout]
            """)
        var state = RuleState()
        let people = [Fixtures.werfel, Fixtures.long, Fixtures.roe, Fixtures.werfel]
        var fired: [RuleMatch] = []
        for (offset, person) in people.enumerated() {
            let event = Fixtures.event(id: Int64(offset + 1), kind: .resignation, subject: person)
            let change = Fixtures.change(Int64(offset + 1), event, at: Fixtures.time(days: Double(offset) * 10))
            fired += engine.process(change, context: context, state: &state).matches
        }
        #expect(fired.count == 1)
        let match = try #require(fired.first)
        #expect(match.change.sequence == 3 && match.groupKey == "organization:1" && match.relatedEventIDs == [1, 2, 3])
        #expect(match.dedupeKey == "exodus/3/3/organization:1")
        #expect(match.reasons.last == "3 resignation/dismissal events within 30d for organization Internal Revenue Service (at least 3): events 1, 2, 3")
    }

    @Test("events older than the window do not count")
    func thresholdWindowSlides() throws {
        let engine = try Fixtures.engine("""
            rules:
              - name: exodus
                match: {kinds: [resignation]}
                threshold: {count: 3, within: 30d}
                notify: [stdout]
            """)
        var state = RuleState()
        var fired = 0
        for (sequence, day) in [(1, 0.0), (2, 20.0), (3, 35.0), (4, 45.0)] {
            let change = Fixtures.change(Int64(sequence), Fixtures.event(id: Int64(sequence), kind: .resignation), at: Fixtures.time(days: day))
            fired += engine.process(change, context: context, state: &state).matches.count
        }
        // Days 0, 20, 35: day 0 has left the window at day 35; 20, 35, 45 are within 30 days.
        #expect(fired == 1)
    }

    @Test("the same event twice counts once, and group_by keeps groups apart")
    func thresholdGroups() throws {
        let engine = try Fixtures.engine("""
            rules:
              - name: pairs
                match: {kinds: [lawsuit]}
                threshold: {count: 2, within: 7d, group_by: organization}
                on: [new, status_change]
                notify: [stdout]
            """)
        var state = RuleState()
        let irsSuit = Fixtures.event(id: 1, kind: .lawsuit, subject: Fixtures.doe, organization: Fixtures.irs)
        let changes = [
            Fixtures.change(1, irsSuit, at: Fixtures.time(days: 0)),
            Fixtures.change(2, irsSuit, kind: .statusChange, previous: .expected, at: Fixtures.time(days: 1)),
            Fixtures.change(3, Fixtures.event(id: 2, kind: .lawsuit, subject: Fixtures.roe, organization: Fixtures.justice), at: Fixtures.time(days: 2)),
            Fixtures.change(4, Fixtures.event(id: 3, kind: .lawsuit, subject: Fixtures.roe, organization: Fixtures.irs), at: Fixtures.time(days: 3)),
        ]
        let fired = changes.flatMap { engine.process($0, context: context, state: &state).matches }
        #expect(fired.map(\.change.sequence) == [4])
        #expect(fired.first?.groupKey == "organization:1")
        #expect(state.thresholdHits["pairs"]?["organization:4"]?.map(\.eventID) == [2])
    }

    static let deadlineRules = """
        rules:
          - name: confirmation-watch
            deadline:
              after: {kinds: [nomination], entities: ["Billy Long"]}
              expect: {kinds: [hearing, appointment]}
              within: 60d
            notify: [stdout]
        """

    @Test("a deadline fires at its due time when no follow-up arrives")
    func deadlineFires() throws {
        let engine = try Fixtures.engine(Self.deadlineRules)
        var state = RuleState()
        let nomination = Fixtures.change(1, Fixtures.event(id: 1, kind: .nomination, status: .occurred, subject: Fixtures.long), at: Fixtures.time())
        let opened = engine.process(nomination, context: context, state: &state)
        #expect(opened.matches.isEmpty && opened.openedDeadlines.count == 1)
        #expect(engine.dueDeadlines(now: Fixtures.time(days: 59), state: &state).matches.isEmpty)
        // An unrelated hearing does not meet it.
        let other = Fixtures.change(2, Fixtures.event(id: 2, kind: .hearing, subject: Fixtures.werfel), at: Fixtures.time(days: 30))
        #expect(engine.process(other, context: context, state: &state).closedDeadlines.isEmpty)
        let due = engine.dueDeadlines(now: Fixtures.time(days: 61), state: &state).matches
        let match = try #require(due.first)
        #expect(due.count == 1)
        #expect(match.trigger == .deadline && match.firedAt == Fixtures.time(days: 60))
        #expect(match.change.event.id == 1 && match.dedupeKey == "confirmation-watch/1/1/deadline")
        #expect(match.reasons[1] == "no hearing/appointment event involving Billy Long within 60d")
        #expect(state.allOpenDeadlines.isEmpty)
        #expect(engine.dueDeadlines(now: Fixtures.time(days: 90), state: &state).matches.isEmpty, "fires once")
    }

    @Test("a deadline does not fire when the follow-up arrives in time")
    func deadlineMet() throws {
        let engine = try Fixtures.engine(Self.deadlineRules)
        var state = RuleState()
        let nomination = Fixtures.change(1, Fixtures.event(id: 1, kind: .nomination, subject: Fixtures.long), at: Fixtures.time())
        _ = engine.process(nomination, context: context, state: &state)
        let hearing = Fixtures.change(2, Fixtures.event(id: 2, kind: .hearing, status: .expected, subject: Fixtures.long, organization: nil),
                                      at: Fixtures.time(days: 45))
        let result = engine.process(hearing, context: context, state: &state)
        #expect(result.closedDeadlines.map(\.principalEntityID) == [2])
        #expect(engine.dueDeadlines(now: Fixtures.time(days: 120), state: &state).matches.isEmpty)
    }

    @Test("the event that opened a deadline does not meet it, even when it matches expect")
    func deadlineNotMetBySameEvent() throws {
        let engine = try Fixtures.engine("""
            rules:
              - name: follow-up
                deadline: {after: {kinds: [nomination], status: [expected]}, expect: {kinds: [nomination, hearing]}, within: 30d}
                notify: [stdout]
            """)
        var state = RuleState()
        let announced = Fixtures.event(id: 1, kind: .nomination, status: .expected, subject: Fixtures.long)
        var confirmed = announced
        confirmed.status = .occurred
        _ = engine.process(Fixtures.change(1, announced, at: Fixtures.time()), context: context, state: &state)
        let update = engine.process(Fixtures.change(2, confirmed, kind: .statusChange, previous: .expected, at: Fixtures.time(days: 5)),
                                    context: context, state: &state)
        #expect(update.closedDeadlines.isEmpty)
        #expect(engine.dueDeadlines(now: Fixtures.time(days: 31), state: &state).matches.map(\.rule) == ["follow-up"])
    }

    @Test("throttle: at most one alert per window and group key")
    func throttle() throws {
        let engine = try Fixtures.engine("""
            rules:
              - name: charges
                match: {kinds: [charge]}
                throttle: 1h
                group_by: subject
                notify: [stdout]
            """)
        var state = RuleState()
        func run(_ sequence: Int64, _ person: Entity, minutes: Double) -> RuleEvaluation {
            let change = Fixtures.change(sequence, Fixtures.event(id: sequence, kind: .charge, subject: person), at: Fixtures.time(minutes: minutes))
            return engine.process(change, context: context, state: &state)
        }
        #expect(run(1, Fixtures.doe, minutes: 0).matches.count == 1)
        let second = run(2, Fixtures.doe, minutes: 30)
        #expect(second.matches.isEmpty)
        #expect(second.suppressed.first?.reason == .throttled(until: Fixtures.time(minutes: 60)))
        #expect(second.suppressed.first?.description
            == "2025-04-01 00:30 UTC charges → stdout: new charge event 2; kind is charge [throttled until 2025-04-01 01:00 UTC]")
        #expect(run(3, Fixtures.roe, minutes: 31).matches.count == 1, "another group key")
        #expect(run(4, Fixtures.doe, minutes: 61).matches.count == 1, "the window has passed")
    }

    @Test("group keys for each group_by value")
    func groupKeys() throws {
        let event = Fixtures.event(id: 9, kind: .dismissal, subject: Fixtures.werfel, organization: Fixtures.irs, post: Fixtures.commissioner)
        let change = Fixtures.change(1, event, at: Fixtures.time())
        let expected: [(String, String)] = [
            ("organization", "organization:1"), ("subject", "subject:3"), ("kind", "kind:dismissal"),
            ("watchlist", "watchlist:irs-leadership"), ("entity", "entity:3,entity:1,entity:5"),
        ]
        for (groupBy, key) in expected {
            let engine = try Fixtures.engine("""
                rules:
                  - name: r
                    match: {kinds: [dismissal]}
                    throttle: 1h
                    group_by: \(groupBy)
                    notify: [stdout]
                """)
            var state = RuleState()
            #expect(engine.process(change, context: context, state: &state).matches.first?.groupKey == key, "\(groupBy)")
        }
    }

    @Test("silences suppress a rule until their end")
    func silence() throws {
        let engine = try Fixtures.engine("""
            rules:
              - name: rulings
                match: {kinds: [ruling]}
                notify: [stdout]
            """)
        var state = RuleState()
        try engine.silence(rule: "rulings", until: Fixtures.time(hours: 2), state: &state)
        #expect(throws: RulesError.unknownRule(name: "ruling", suggestion: "rulings")) {
            try engine.silence(rule: "ruling", until: Fixtures.time(hours: 2), state: &state)
        }
        let during = engine.process(Fixtures.change(1, Fixtures.event(id: 1, kind: .ruling), at: Fixtures.time(hours: 1)), context: context, state: &state)
        #expect(during.matches.isEmpty && during.suppressed.first?.reason == .silenced(until: Fixtures.time(hours: 2)))
        let after = engine.process(Fixtures.change(2, Fixtures.event(id: 2, kind: .ruling), at: Fixtures.time(hours: 3)), context: context, state: &state)
        #expect(after.matches.count == 1)
        #expect(state.silences.isEmpty, "an expired silence is forgotten")
    }

    @Test("a deadline fired late still respects a silence that covered its due time")
    func lateDeadlineSeesSilence() throws {
        let engine = try Fixtures.engine(Self.deadlineRules)
        var state = RuleState()
        _ = engine.process(Fixtures.change(1, Fixtures.event(id: 1, kind: .nomination, subject: Fixtures.long), at: Fixtures.time()),
                           context: context, state: &state)
        try engine.silence(rule: "confirmation-watch", until: Fixtures.time(days: 61), state: &state)
        // The watcher was down: the next tick is long after both the due time and the silence.
        let result = engine.dueDeadlines(now: Fixtures.time(days: 90), state: &state)
        #expect(result.matches.isEmpty)
        #expect(result.suppressed.first?.reason == .silenced(until: Fixtures.time(days: 61)))
    }

    @Test("the revision moves only when there is something new to persist")
    func revision() throws {
        let engine = try Fixtures.engine(Self.deadlineRules)
        var state = RuleState()
        _ = engine.process(Fixtures.change(1, Fixtures.event(id: 1, kind: .ruling), at: Fixtures.time()), context: context, state: &state)
        #expect(state.revision == 0, "a change no rule cares about")
        _ = engine.process(Fixtures.change(2, Fixtures.event(id: 2, kind: .nomination, subject: Fixtures.long), at: Fixtures.time(days: 1)),
                           context: context, state: &state)
        #expect(state.revision > 0, "a deadline was opened")
    }

    @Test("the state survives a JSON round trip (the watcher persists it)")
    func stateIsCodable() throws {
        let engine = try Fixtures.engine(Self.deadlineRules)
        var state = RuleState()
        _ = engine.process(Fixtures.change(1, Fixtures.event(id: 1, kind: .nomination, subject: Fixtures.long), at: Fixtures.time()),
                           context: context, state: &state)
        let data = try JSONEncoder().encode(state)
        var restored = try JSONDecoder().decode(RuleState.self, from: data)
        #expect(restored == state)
        #expect(engine.dueDeadlines(now: Fixtures.time(days: 61), state: &restored).matches.count == 1)
    }
}
