import DatelineCore

/// One compiled rule of a rule file.
public struct AlertRule: Hashable, Sendable {
    /// What makes a rule fire.
    public enum Trigger: Hashable, Sendable {
        /// Every matching change fires (subject to throttle and silences).
        case each(RuleFilter)
        /// Fires when `count` distinct matching events arrive within `within` in one group.
        case threshold(RuleFilter, Threshold)
        /// After an event matching `after`, expects one matching `expect` with the same principal
        /// entity within `within`; fires at the deadline when none came.
        case deadline(Deadline)
    }

    /// `threshold: {count: 3, within: 30d, group_by: organization}`.
    public struct Threshold: Hashable, Sendable {
        /// How many distinct events fire the rule.
        public var count: Int
        /// The window the events must fall in (by the time their changes were recorded).
        public var within: RuleDuration
        /// `nil`: one group for the whole rule.
        public var groupBy: GroupBy?

        /// A threshold of `count` events within `within`, counted per `groupBy` group.
        public init(count: Int, within: RuleDuration, groupBy: GroupBy?) {
            self.count = count
            self.within = within
            self.groupBy = groupBy
        }
    }

    /// `deadline: {after: …, expect: …, within: 60d}`.
    public struct Deadline: Hashable, Sendable {
        /// The event that starts the wait; its principal entity is the one followed.
        public var after: RuleFilter
        /// The follow-up that must involve the same principal entity.
        public var expect: RuleFilter
        /// How long to wait from the change that opened the deadline.
        public var within: RuleDuration

        /// A deadline: after `after`, expect `expect` within `within`.
        public init(after: RuleFilter, expect: RuleFilter, within: RuleDuration) {
            self.after = after
            self.expect = expect
            self.within = within
        }
    }

    /// The unique name (`dateline rules silence NAME`); letters, digits, `-`, `_`, `.`.
    public var name: String
    public var description: String?
    /// What makes it fire, with its conditions.
    public var trigger: Trigger
    /// The changes the rule reacts to (`on:`; default `[new]`). For deadlines, the changes that
    /// can open one; any change can close one.
    public var on: [ChangeKind]
    /// Channel names, in the order written.
    public var notify: [String]
    /// At most one alert per this long, per rule and group key.
    public var throttle: RuleDuration?
    /// For `each` rules: the group key throttling uses (`nil`: the whole rule is one group).
    public var groupBy: GroupBy?
    /// Where the rule starts in its file.
    public var position: SourcePosition?

    /// A rule; `on` defaults to new events only.
    public init(
        name: String, description: String? = nil, trigger: Trigger, on: [ChangeKind] = [.new],
        notify: [String], throttle: RuleDuration? = nil, groupBy: GroupBy? = nil, position: SourcePosition? = nil
    ) {
        self.name = name
        self.description = description
        self.trigger = trigger
        self.on = on
        self.notify = notify
        self.throttle = throttle
        self.groupBy = groupBy
        self.position = position
    }

    /// The filter that decides whether a change counts for the rule (a deadline's `after`).
    public var primaryFilter: RuleFilter { trigger.primaryFilter }
}

extension AlertRule.Trigger {
    /// The filter that decides whether a change counts (a deadline's `after`).
    public var primaryFilter: RuleFilter {
        switch self {
        case .each(let filter), .threshold(let filter, _): filter
        case .deadline(let deadline): deadline.after
        }
    }
}

extension AlertRule {
    /// What a threshold rule counts in separate groups (`group_by:`), and what throttles group by.
    public enum GroupBy: String, Hashable, Sendable, CaseIterable {
        /// The event's organization participant.
        case organization
        /// The event's subject (who it is about).
        case subject
        /// The event kind.
        case kind
        /// Each watchlist the event matched through (or, with no watchlist filter, each watchlist a
        /// participant is on).
        case watchlist
        /// Each entity taking part.
        case entity
    }
}
