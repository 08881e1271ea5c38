import DatelineCore
import Foundation

/// A micro-benchmark of matching throughput with 10, 1,000 and 10,000 rules.
///
/// The larger rule sets add rules for entities and watchlists that the changes do not involve
/// (the common case: a newsroom watches many people, each change is about a few), so with the
/// index their throughput should stay within 0.5× of the 10-rule set. Run it from a release
/// build (`dateline-bench rules`); debug figures mean little.
public enum RulesBenchmark {
    /// Runs the benchmark over `changes` synthetic changes per rule set and returns a report.
    /// It also times parsing and compiling a generated file of `parsedRules` rules.
    public static func run(changes: Int = 20_000, parsedRules: Int = 10_000) -> String {
        let setup = Setup(changeCount: max(changes, 1))
        var lines = ["rules matching throughput (\(setup.changes.count) changes per run, best of 5 after a warm-up)"]
        var baseline: Double?
        for size in [10, 1_000, 10_000] {
            guard let engine = try? RuleEngine(rules: setup.rules(count: size)) else { return "benchmark setup failed" }
            var best = Double.infinity
            var alerts = 0
            var evaluated = 0
            for round in 0..<6 {
                var state = RuleState()
                alerts = 0
                evaluated = 0
                let clock = ContinuousClock()
                let start = clock.now
                for change in setup.changes {
                    let result = engine.process(change, context: setup.context, state: &state)
                    alerts += result.matches.count
                    evaluated += result.evaluatedRules
                }
                let elapsed = clock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                if round > 0 { best = min(best, seconds) }
            }
            let rate = Double(setup.changes.count) / max(best, 1e-9)
            let base = baseline ?? rate
            baseline = base
            let ratio = rate / base
            lines.append(
                "\(size) rules: \(Int(rate)) changes/s, \(alerts) alerts, \(Explain.number(Double(evaluated) / Double(setup.changes.count))) rules checked per change, "
                    + "\(Explain.number(ratio))× of 10 rules (goal ≥ 0.5×: \(ratio >= 0.5 ? "met" : "NOT met"))")
        }
        lines.append(parseFigure(rules: parsedRules))
        return lines.joined(separator: "\n")
    }

    /// Parses and compiles a generated file of `rules` rules, reporting the time.
    static func parseFigure(rules count: Int) -> String {
        var yaml = "rules:\n"
        let kinds = EventKind.builtIn
        for index in 0..<count {
            yaml += """
                  - name: rule-\(index)
                    match: {kinds: [\(kinds[index % kinds.count].rawValue)], entities: ["Person \(index)"], min_confidence: 0.5}
                    on: [new, status_change]
                    throttle: 1h
                    notify: [stdout]

                """
        }
        let clock = ContinuousClock()
        let start = clock.now
        guard let file = try? RuleFileParser.parse(yaml: yaml, file: "generated.yaml", environment: [:]),
              (try? RuleEngine(file: file)) != nil else { return "parse: generated file refused" }
        let elapsed = clock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return "parse + compile \(count) rules (\(yaml.utf8.count / 1024) KB of YAML): \(Int(milliseconds)) ms"
    }

    /// Synthetic entities, rules and changes.
    struct Setup {
        let context: StaticMatchContext
        let changes: [EventChange]
        let people: [Entity]
        let organizations: [Entity]

        init(changeCount: Int) {
            let people = (0..<40).map { Entity(id: Int64(100 + $0), kind: .person, name: "Reporter Test Person \($0)") }
            let organizations = (0..<8).map {
                Entity(id: Int64(10 + $0), kind: .organization, name: "Agency \($0)", aliases: [EntityAlias(name: "AG\($0)", kind: .acronym)])
            }
            self.people = people
            self.organizations = organizations
            context = StaticMatchContext(
                entities: people + organizations,
                watchlists: ["watched": Set(people.prefix(10).map(\.id)), "agencies": Set(organizations.prefix(2).map(\.id))])
            let sentences = [
                "The agency confirmed the departure in a statement on Monday.",
                "Immigration officials said the ruling would be appealed.",
                "The hearing was moved to next week after a request from the committee.",
            ]
            let start = Date(timeIntervalSince1970: 1_735_689_600)
            changes = (0..<changeCount).map { index in
                let kind = EventKind.builtIn[index % EventKind.builtIn.count]
                let subject = people[(index * 7) % people.count]
                let organization = organizations[(index * 3) % organizations.count]
                let event = Event(
                    id: Int64(index / 2 + 1), kind: kind, status: index % 5 == 0 ? .expected : .occurred, date: nil,
                    title: "\(subject.name) \(kind.rawValue)", confidence: 0.5 + Double(index % 5) / 10,
                    participants: [
                        Participant(entityID: subject.id, kind: .person, name: subject.name, role: .subject),
                        Participant(entityID: organization.id, kind: .organization, name: organization.name, role: .organization),
                    ],
                    sourceCount: 1 + index % 3, mentionCount: 1 + index % 3, createdAt: "", updatedAt: "")
                return EventChange(
                    sequence: Int64(index + 1), kind: index % 4 == 1 ? .statusChange : .new, event: event,
                    previousStatus: index % 4 == 1 ? .expected : nil, evidence: [sentences[index % sentences.count]],
                    recordedAt: start.addingTimeInterval(Double(index) * 600))
            }
        }

        /// Ten working rules, then rules about entities and watchlists absent from the changes.
        func rules(count: Int) -> [AlertRule] {
            let kinds = EventKind.builtIn
            var rules: [AlertRule] = [
                AlertRule(name: "departures", trigger: .each(RuleFilter(kinds: [.resignation, .dismissal], watchlists: ["watched"])),
                     on: [.new, .statusChange], notify: ["stdout"], throttle: RuleDuration(seconds: 3600)),
                AlertRule(name: "agency-0", trigger: .each(RuleFilter(organizations: ["AG0"])), notify: ["stdout"]),
                AlertRule(name: "person-3", trigger: .each(RuleFilter(entities: [people[3].name], minConfidence: 0.6)), notify: ["stdout"]),
                AlertRule(name: "rulings-text", trigger: .each(RuleFilter(kinds: [.ruling, .lawsuit],
                                                                    text: "immigration OR ICE",
                                                                    textQuery: .or([.word("immigration"), .word("ice")]))),
                     notify: ["stdout"]),
                AlertRule(name: "exodus", trigger: .threshold(RuleFilter(kinds: [.resignation]),
                                                         AlertRule.Threshold(count: 3, within: RuleDuration(seconds: 30 * 86_400), groupBy: .organization)),
                     notify: ["stdout"]),
                AlertRule(name: "confirmation", trigger: .deadline(AlertRule.Deadline(
                    after: RuleFilter(kinds: [.nomination]), expect: RuleFilter(kinds: [.hearing]), within: RuleDuration(seconds: 20 * 86_400))),
                     notify: ["stdout"]),
                AlertRule(name: "confirmed", trigger: .each(RuleFilter(statuses: [.occurred], previousStatuses: [.expected])),
                     on: [.statusChange], notify: ["stdout"]),
                AlertRule(name: "charges", trigger: .each(RuleFilter(kinds: [.charge], minSources: 2)), notify: ["stdout"]),
                AlertRule(name: "agencies", trigger: .each(RuleFilter(kinds: [.investigation], watchlists: ["agencies"])), notify: ["stdout"]),
                AlertRule(name: "hearings", trigger: .each(RuleFilter(kinds: [.hearing], statuses: [.expected])), notify: ["stdout"]),
            ]
            var index = 0
            while rules.count < count {
                let filter = index % 2 == 0
                    ? RuleFilter(kinds: [kinds[index % kinds.count]], entities: ["Somebody Else \(index)"])
                    : RuleFilter(kinds: [kinds[index % kinds.count]], watchlists: ["watchlist-\(index)"])
                rules.append(AlertRule(name: "other-\(index)", trigger: .each(filter), notify: ["stdout"]))
                index += 1
            }
            return Array(rules.prefix(count))
        }
    }
}
