import DatelineCore
import Foundation

/// Compiled, indexed rules: evaluates changes and returns the alerts to write.
///
/// The watcher is a thin loop: for each change of the feed, `process(_:context:state:)`, write
/// the returned matches as alerts (under `dedupeKey`) with the new state and the cursor in one
/// transaction; on a timer, `dueDeadlines(now:state:)` with the feed's high-water mark (the
/// newest change's `recordedAt`, or the wall clock once the feed is caught up). `Backtester`
/// runs the same two calls over a stored history, so live and replayed alerts agree.
///
/// Time windows use each change's `recordedAt`, never a wall clock; `RuleState` carries all
/// memory. The engine itself is immutable and `Sendable`.
public struct RuleEngine: Sendable {
    /// The rules, in file order (matches come out in this order).
    public let rules: [AlertRule]
    let index: RuleIndex
    let positions: [String: Int]

    /// Compiles rules; names must be unique (the parser ensures it for one file).
    public init(rules: [AlertRule]) throws(RulesError) {
        var positions: [String: Int] = [:]
        for (offset, rule) in rules.enumerated() {
            if positions[rule.name] != nil {
                throw RulesError.invalidValue(code: "duplicate_name", message: "two rules are named '\(rule.name)'")
            }
            positions[rule.name] = offset
        }
        self.rules = rules
        self.positions = positions
        self.index = RuleIndex(rules: rules)
    }

    /// Compiles the rules of a parsed file.
    public init(file: RuleFile) throws(RulesError) { try self.init(rules: file.rules) }

    /// The rule with a name, if any.
    public func rule(named name: String) -> AlertRule? { positions[name].map { rules[$0] } }

    /// Silences a rule until a time (`dateline rules silence NAME --for 2h`).
    public func silence(rule name: String, until: Date, state: inout RuleState) throws(RulesError) {
        guard positions[name] != nil else {
            throw RulesError.unknownRule(name: name, suggestion: Suggestion.closest(to: name, in: rules.map(\.name)))
        }
        state.silence(rule: name, until: until)
    }

    /// Fires the deadlines due by the change's time, then evaluates the change: the one call
    /// per change both the watcher and the backtester make.
    public func process(_ change: EventChange, context: some MatchContext, state: inout RuleState) -> RuleEvaluation {
        var result = dueDeadlines(now: change.recordedAt, state: &state)
        result.append(evaluate(change, context: context, state: &state))
        return result
    }

    /// Evaluates one change against the rules the index selects. Does not fire due deadlines
    /// (use `process` for that).
    public func evaluate(_ change: EventChange, context: some MatchContext, state: inout RuleState) -> RuleEvaluation {
        var result = RuleEvaluation()
        let now = change.recordedAt
        advanceClock(to: now, state: &state)
        let document = LazyDocument(change.evidence)
        for entry in index.candidates(for: change, context: context) {
            let rule = rules[entry.rule]
            result.evaluatedRules += 1
            switch (entry.role, rule.trigger) {
            case (.expect, .deadline(let deadline)):
                closeDeadlines(rule, deadline, change, context, document, &state, &result)
            case (.primary, _):
                guard rule.on.contains(change.kind),
                      let outcome = rule.primaryFilter.evaluate(change, context: context, document: document) else { continue }
                let onReason = Explain.changeReason(change)
                switch rule.trigger {
                case .each:
                    let keys = groupKeys(rule.groupBy, change, outcome, context)
                    let groupKey = keys.isEmpty ? "\(rule.groupBy?.rawValue ?? "all"):none" : keys.map(\.key).joined(separator: ",")
                    let match = RuleMatch(
                        rule: rule.name, trigger: .match, change: change, groupKey: groupKey, channels: rule.notify,
                        reasons: [onReason] + outcome.reasons,
                        dedupeKey: "\(rule.name)/\(change.event.id)/\(change.sequence)", firedAt: now, relatedEventIDs: [])
                    emit(match, rule, &state, &result)
                case .threshold(_, let threshold):
                    countTowardsThreshold(rule, threshold, change, outcome, onReason, context, &state, &result)
                case .deadline(let deadline):
                    openDeadline(rule, deadline, change, &state, &result)
                }
            case (.expect, _):
                continue
            }
        }
        return result
    }

    /// Fires every open deadline due at or before `now` (soonest first) and forgets it.
    ///
    /// Call it with the feed's high-water mark (the newest processed change's `recordedAt`);
    /// once the feed is caught up, the wall clock. A deadline fired from a wall-clock tick
    /// cannot be met by a change recorded before the tick but committed after it, which is
    /// the one way live alerts can differ from a replay.
    public func dueDeadlines(now: Date, state: inout RuleState) -> RuleEvaluation {
        var result = RuleEvaluation()
        // The clock (and its pruning) moves only after firing: a deadline fires at its due
        // time, which may be before `now`, and must see the silences and throttles of then.
        defer { advanceClock(to: now, state: &state) }
        guard !state.openDeadlines.isEmpty else { return result }
        if let earliest = state.earliestDue, earliest > now { return result }
        let open = state.allOpenDeadlines
        let due = open.prefix { $0.dueAt <= now }
        state.earliestDue = open.dropFirst(due.count).first?.dueAt
        for deadline in due {
            state.openDeadlines[deadline.rule]?[deadline.principalEntityID] = nil
            if state.openDeadlines[deadline.rule]?.isEmpty == true { state.openDeadlines[deadline.rule] = nil }
            guard let rule = rule(named: deadline.rule), case .deadline(let spec) = rule.trigger else { continue }
            let trigger = deadline.trigger
            let match = RuleMatch(
                rule: rule.name, trigger: .deadline, change: trigger, groupKey: "entity:\(deadline.principalEntityID)",
                channels: rule.notify,
                reasons: [
                    "\(trigger.event.kind.rawValue) of \(deadline.principalName) recorded \(Explain.timestamp(deadline.openedAt))",
                    "no \(Explain.kinds(spec.expect.kinds, fallback: "follow-up")) event involving \(deadline.principalName) within \(spec.within)",
                    "deadline passed \(Explain.timestamp(deadline.dueAt))",
                ],
                dedupeKey: "\(rule.name)/\(trigger.event.id)/\(trigger.sequence)/deadline", firedAt: deadline.dueAt,
                relatedEventIDs: [])
            emit(match, rule, &state, &result)
        }
        return result
    }

    // MARK: Steps

    private func emit(_ match: RuleMatch, _ rule: AlertRule, _ state: inout RuleState, _ result: inout RuleEvaluation) {
        if let until = state.silencedUntil(rule: rule.name, at: match.firedAt) {
            result.suppressed.append(SuppressedMatch(match: match, reason: .silenced(until: until)))
            return
        }
        if let throttle = rule.throttle, let last = state.lastAlerts[rule.name]?[match.groupKey] {
            let until = last.addingTimeInterval(throttle.timeInterval)
            if match.firedAt < until {
                result.suppressed.append(SuppressedMatch(match: match, reason: .throttled(until: until)))
                return
            }
        }
        if rule.throttle != nil { state.lastAlerts[rule.name, default: [:]][match.groupKey] = match.firedAt }
        result.matches.append(match)
    }

    private func countTowardsThreshold(
        _ rule: AlertRule, _ threshold: AlertRule.Threshold, _ change: EventChange, _ outcome: FilterOutcome, _ onReason: String,
        _ context: some MatchContext, _ state: inout RuleState, _ result: inout RuleEvaluation
    ) {
        let now = change.recordedAt
        let keys = threshold.groupBy == nil ? [(key: "all", label: "")] : groupKeys(threshold.groupBy, change, outcome, context)
        for (key, label) in keys {
            var hits = (state.thresholdHits[rule.name]?[key] ?? []).filter {
                now.timeIntervalSince($0.at) <= threshold.within.timeInterval
            }
            if !hits.contains(where: { $0.eventID == change.event.id }) {
                hits.append(ThresholdHit(eventID: change.event.id, at: now, sequence: change.sequence))
            }
            if hits.count >= threshold.count {
                let ids = hits.map(\.eventID)
                let scope = label.isEmpty ? "" : " for \(label)"
                let what = Explain.kinds(rule.primaryFilter.kinds, fallback: "matching")
                let match = RuleMatch(
                    rule: rule.name, trigger: .threshold, change: change, groupKey: key, channels: rule.notify,
                    reasons: [onReason] + outcome.reasons
                        + ["\(hits.count) \(what) events within \(threshold.within)\(scope) (at least \(threshold.count)): events \(ids.map(String.init).joined(separator: ", "))"],
                    dedupeKey: "\(rule.name)/\(change.event.id)/\(change.sequence)" + (key == "all" ? "" : "/\(key)"),
                    firedAt: now, relatedEventIDs: ids)
                let before = result.matches.count
                emit(match, rule, &state, &result)
                if result.matches.count > before { hits = [] }
            }
            state.thresholdHits[rule.name, default: [:]][key] = hits.isEmpty ? nil : hits
        }
    }

    private func openDeadline(_ rule: AlertRule, _ deadline: AlertRule.Deadline, _ change: EventChange, _ state: inout RuleState, _ result: inout RuleEvaluation) {
        guard let principal = change.principal, state.openDeadlines[rule.name]?[principal.entityID] == nil else { return }
        let open = OpenDeadline(
            rule: rule.name, principalEntityID: principal.entityID, principalName: principal.name, trigger: change,
            openedAt: change.recordedAt, dueAt: change.recordedAt.addingTimeInterval(deadline.within.timeInterval))
        state.openDeadlines[rule.name, default: [:]][principal.entityID] = open
        state.earliestDue = min(state.earliestDue ?? open.dueAt, open.dueAt)
        result.openedDeadlines.append(open)
    }

    private func closeDeadlines(
        _ rule: AlertRule, _ deadline: AlertRule.Deadline, _ change: EventChange, _ context: some MatchContext, _ document: LazyDocument,
        _ state: inout RuleState, _ result: inout RuleEvaluation
    ) {
        guard let open = state.openDeadlines[rule.name], !open.isEmpty else { return }
        let waiting = Set(change.entityIDs).filter { open[$0] != nil }.sorted()
        guard !waiting.isEmpty, deadline.expect.evaluate(change, context: context, document: document) != nil else { return }
        for id in waiting {
            // The event that opened a deadline cannot also meet it.
            guard let waitingFor = open[id], waitingFor.trigger.event.id != change.event.id,
                  change.recordedAt <= waitingFor.dueAt else { continue }
            state.openDeadlines[rule.name]?[id] = nil
            result.closedDeadlines.append(waitingFor)
        }
        if state.openDeadlines[rule.name]?.isEmpty == true { state.openDeadlines[rule.name] = nil }
    }

    /// The group keys of a change (`organization:42`) with a label for reasons.
    private func groupKeys(_ groupBy: AlertRule.GroupBy?, _ change: EventChange, _ outcome: FilterOutcome, _ context: some MatchContext) -> [(key: String, label: String)] {
        guard let groupBy else { return [(key: "all", label: "")] }
        let participants = change.event.participants
        func entities(_ list: [Participant], _ prefix: String) -> [(key: String, label: String)] {
            var seen = Set<Int64>()
            return list.filter { seen.insert($0.entityID).inserted }.map { ("\(prefix):\($0.entityID)", "\(prefix) \($0.name)") }
        }
        switch groupBy {
        case .organization: return entities(participants.filter { $0.role == .organization }, "organization")
        case .subject: return entities(participants.filter { $0.role == .subject }, "subject")
        case .entity: return entities(participants, "entity")
        case .kind: return [("kind:\(change.event.kind.rawValue)", "kind \(change.event.kind.rawValue)")]
        case .watchlist:
            let lists = outcome.watchlists.isEmpty
                ? Set(change.entityIDs.flatMap { context.watchlists(containing: $0) }).sorted()
                : outcome.watchlists
            return lists.map { ("watchlist:\($0)", "watchlist \($0)") }
        }
    }

    /// Moves the state's clock forward and, about hourly, drops entries that can no longer matter.
    private func advanceClock(to now: Date, state: inout RuleState) {
        if let clock = state.clock, clock >= now { return }
        state.clock = now
        if let next = state.nextPruneAt, now < next { return }
        state.nextPruneAt = now.addingTimeInterval(3600)
        // Assign only what changes, so `revision` moves only when there is something to save.
        for (name, groups) in state.lastAlerts {
            guard let throttle = rule(named: name)?.throttle else { state.lastAlerts[name] = nil; continue }
            let kept = groups.filter { now.timeIntervalSince($0.value) < throttle.timeInterval }
            if kept.count != groups.count { state.lastAlerts[name] = kept.isEmpty ? nil : kept }
        }
        for (name, groups) in state.thresholdHits {
            guard case .threshold(_, let threshold)? = rule(named: name)?.trigger else { state.thresholdHits[name] = nil; continue }
            var kept: [String: [ThresholdHit]] = [:]
            for (key, hits) in groups {
                let recent = hits.filter { now.timeIntervalSince($0.at) <= threshold.within.timeInterval }
                if !recent.isEmpty { kept[key] = recent }
            }
            if kept != groups { state.thresholdHits[name] = kept.isEmpty ? nil : kept }
        }
        if state.silences.values.contains(where: { $0 <= now }) { state.silences = state.silences.filter { $0.value > now } }
        for name in state.openDeadlines.keys where rule(named: name) == nil { state.openDeadlines[name] = nil }
    }
}
