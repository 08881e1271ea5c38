import DatelineCore

/// One stored version of a rule: its definition as JSON and the file text it came from.
public struct StoredRule: Hashable, Sendable {
    /// The rule's unique name.
    public var name: String
    /// 1 for the first definition, +1 for every changed one.
    public var version: Int
    /// The rule's definition as JSON text (the rule's YAML mapping, scalars as strings).
    public var definition: String
    /// The whole rule file the version was applied from.
    public var source: String
    /// Whether this version is live (only the newest version of a name can be).
    public var enabled: Bool
    /// When the version was stored, ISO 8601 (UTC).
    public var createdAt: String

    /// A stored rule version.
    public init(name: String, version: Int, definition: String, source: String, enabled: Bool, createdAt: String) {
        self.name = name
        self.version = version
        self.definition = definition
        self.source = source
        self.enabled = enabled
        self.createdAt = createdAt
    }
}

/// A rule to store: its name and its definition as JSON text.
public struct RuleDefinition: Hashable, Sendable {
    /// The rule's unique name.
    public var name: String
    /// The definition as JSON text; compared as `jsonb`, so key order and spacing do not matter.
    public var definition: String

    /// A rule definition.
    public init(name: String, definition: String) {
        self.name = name
        self.definition = definition
    }
}

/// What `PostgresRuleStore.apply` did, rule by rule.
public struct RuleApplySummary: Hashable, Sendable, Codable {
    /// Rules stored for the first time (version 1).
    public var added: [String] = []
    /// Rules whose definition changed: a new version was stored.
    public var updated: [String] = []
    /// Rules stored before with the same definition (re-enabled if they were disabled).
    public var unchanged: [String] = []
    /// Rules not in the file that `--prune` disabled.
    public var disabled: [String] = []
    /// Live rules not in the file that were kept (no `--prune`).
    public var kept: [String] = []
    /// Channels inserted or whose configuration changed.
    public var channels: [String] = []

    /// An empty summary.
    public init() {}
}

/// A rule as `dateline rules list` shows it: its newest version and whether it is live.
public struct RuleListing: Hashable, Sendable, Codable {
    /// The rule's name.
    public var name: String
    /// The newest version.
    public var version: Int
    /// Whether the newest version is enabled.
    public var enabled: Bool
    /// When the newest version was stored, ISO 8601 (UTC).
    public var updatedAt: String
    /// Until when the rule is silenced, ISO 8601 (UTC), if it is.
    public var silencedUntil: String?

    /// A listing row.
    public init(name: String, version: Int, enabled: Bool, updatedAt: String, silencedUntil: String?) {
        self.name = name
        self.version = version
        self.enabled = enabled
        self.updatedAt = updatedAt
        self.silencedUntil = silencedUntil
    }
}
