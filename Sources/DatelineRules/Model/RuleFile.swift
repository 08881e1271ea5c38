import DatelineCore

/// A parsed, validated rule file: its rules and channels.
public struct RuleFile: Hashable, Sendable {
    /// The file name given to the parser (used in positions).
    public var file: String
    /// The rules, in file order.
    public var rules: [AlertRule]
    /// The channels defined in this file, after `${VAR}` expansion.
    public var channels: [ChannelConfig]

    /// A rule file from its parts (normally made by `RuleFileParser`).
    public init(file: String, rules: [AlertRule], channels: [ChannelConfig]) {
        self.file = file
        self.rules = rules
        self.channels = channels
    }

    /// The rule with a name, if any.
    public func rule(named name: String) -> AlertRule? { rules.first { $0.name == name } }

    /// The channel with a name, if any.
    public func channel(named name: String) -> ChannelConfig? { channels.first { $0.name == name } }
}
