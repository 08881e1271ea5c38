/// What happened to an event that a rule may react to.
public enum ChangeKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// The store saw the fact for the first time.
    case new
    /// Its status moved (reported → expected → occurred, or → denied).
    case statusChange = "status_change"
    /// A later report gave a more precise date.
    case dateRefined = "date_refined"
    /// Another source reported it (no other change).
    case newSource = "new_source"
    /// A person corrected it.
    case corrected
}

/// An alert: a rule matched a change of an event. Exactly one per rule, event and change.
public struct Alert: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var rule: String
    public var change: ChangeKind
    public var event: Event
    /// Why it matched: one line per condition met ("kind is resignation", "on watchlist irs-leadership").
    public var reasons: [String]
    /// The reports behind the event, with their evidence sentences.
    public var mentions: [Mention]
    /// When the alert was written, ISO 8601 (UTC).
    public var createdAt: String

    public init(id: Int64, rule: String, change: ChangeKind, event: Event, reasons: [String], mentions: [Mention], createdAt: String) {
        self.id = id
        self.rule = rule
        self.change = change
        self.event = event
        self.reasons = reasons
        self.mentions = mentions
        self.createdAt = createdAt
    }
}
