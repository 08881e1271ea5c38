import DatelineCore

/// Why one rule did or did not match one change (`dateline rules test NAME --event ID`).
public struct RuleCheck: Hashable, Sendable {
    /// The rule's name.
    public var rule: String
    /// Whether the rule's conditions hold (throttles, silences and thresholds aside).
    public var matched: Bool
    /// The conditions met, in words, up to the first that failed.
    public var met: [String]
    /// The first condition that failed, in words; `nil` when it matched.
    public var failed: String?
    /// Whether the engine's index selects the rule for this change at all.
    public var isCandidate: Bool
}

extension RuleEngine {
    /// Checks one rule against one change and says why it matches or which condition fails.
    ///
    /// For a deadline rule this checks `after` (what opens the deadline). State is not used:
    /// a match here may still be held back by a throttle or silence, or wait for a threshold.
    public func check(rule name: String, against change: EventChange, context: some MatchContext) throws(RulesError) -> RuleCheck {
        guard let position = positions[name] else {
            throw RulesError.unknownRule(name: name, suggestion: Suggestion.closest(to: name, in: rules.map(\.name)))
        }
        let rule = rules[position]
        let isCandidate = index.candidates(for: change, context: context).contains { $0.rule == position && $0.role == .primary }
        guard rule.on.contains(change.kind) else {
            let wanted = Explain.changes(rule.on)
            return RuleCheck(rule: name, matched: false, met: [], failed: "the change is \(change.kind.rawValue), the rule reacts to \(wanted) events",
                             isCandidate: isCandidate)
        }
        let filter = rule.primaryFilter
        switch filter.verdict(change, context: context, document: LazyDocument(change.evidence)) {
        case .met(let outcome):
            return RuleCheck(rule: name, matched: true, met: [Explain.changeReason(change)] + outcome.reasons, failed: nil, isCandidate: isCandidate)
        case .failed(let failure):
            // Re-run to collect what was met before the failing condition.
            let met = Self.conditionsMetBefore(failure, filter, change, context)
            return RuleCheck(rule: name, matched: false, met: met, failed: filter.describe(failure, change), isCandidate: isCandidate)
        }
    }

    /// The reasons of the conditions checked before `failure`, by checking a filter cut down to them.
    private static func conditionsMetBefore(_ failure: FailedCondition, _ filter: RuleFilter, _ change: EventChange, _ context: some MatchContext) -> [String] {
        var partial = RuleFilter()
        let order: [FailedCondition] = [
            .kind, .status, .previousStatus, .minSources, .minConfidence, .eventDate, .reportedWithin, .organization, .post,
            .entities, .watchlists, .text,
        ]
        let failedAt = failure == .noEventDate ? FailedCondition.eventDate : failure
        for condition in order {
            if condition == failedAt { break }
            switch condition {
            case .kind: partial.kinds = filter.kinds
            case .status: partial.statuses = filter.statuses
            case .previousStatus: partial.previousStatuses = filter.previousStatuses
            case .minSources: partial.minSources = filter.minSources
            case .minConfidence: partial.minConfidence = filter.minConfidence
            case .eventDate, .noEventDate: partial.eventDate = filter.eventDate
            case .reportedWithin: partial.reportedWithin = filter.reportedWithin
            case .organization: partial.organizations = filter.organizations
            case .post: partial.posts = filter.posts
            case .entities: partial.entities = filter.entities
            case .watchlists: partial.watchlists = filter.watchlists
            case .text:
                partial.text = filter.text
                partial.textQuery = filter.textQuery
            }
        }
        return partial.evaluate(change, context: context, document: LazyDocument(change.evidence))?.reasons ?? []
    }
}
