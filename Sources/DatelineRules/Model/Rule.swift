import DatelineCore

/// One compiled rule of a rule file.
public struct Rule: Hashable, Sendable {
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
        public var count: Int
        public var within: RuleDuration
        /// `nil`: one group for the whole rule.
        public var groupBy: GroupBy?

        public init(count: Int, within: RuleDuration, groupBy: GroupBy?) {
            self.count = count
            self.within = within
            self.groupBy = groupBy
        }
    }

    /// `deadline: {after: …, expect: …, within: 60d}`.
    public struct Deadline: Hashable, Sendable {
        public var after: RuleFilter
        public var expect: RuleFilter
        public var within: RuleDuration

        public init(after: RuleFilter, expect: RuleFilter, within: RuleDuration) {
            self.after = after
            self.expect = expect
            self.within = within
        }
    }

    public var name: String
    public var description: String?
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

extension Rule.Trigger {
    /// The filter that decides whether a change counts (a deadline's `after`).
    public var primaryFilter: RuleFilter {
        switch self {
        case .each(let filter), .threshold(let filter, _): filter
        case .deadline(let deadline): deadline.after
        }
    }
}

/// A parsed, validated rule file: its rules and channels.
public struct RuleFile: Hashable, Sendable {
    /// The file name given to the parser (used in positions).
    public var file: String
    public var rules: [Rule]
    /// The channels defined in this file, after `${VAR}` expansion.
    public var channels: [ChannelConfig]

    public init(file: String, rules: [Rule], channels: [ChannelConfig]) {
        self.file = file
        self.rules = rules
        self.channels = channels
    }

    /// The rule with a name, if any.
    public func rule(named name: String) -> Rule? { rules.first { $0.name == name } }

    /// The channel with a name, if any.
    public func channel(named name: String) -> ChannelConfig? { channels.first { $0.name == name } }
}
