import DatelineCore
import Foundation

/// Everything the engine remembers between changes: throttles, silences, threshold windows and
/// open deadlines.
///
/// A plain value: the watcher loads it, passes it `inout` to the engine, and stores it (it is
/// `Codable`; JSON in one row is enough) in the same transaction as the alerts and its feed
/// cursor, so a crash and replay see the state that went with the cursor. Entries that can no
/// longer matter are pruned as the engine's clock moves on, so it stays small.
public struct RuleState: Hashable, Sendable, Codable {
    /// When each rule last alerted, per group key (throttles).
    public internal(set) var lastAlerts: [String: [String: Date]] = [:] {
        didSet { revision &+= 1 }
    }
    /// Rules silenced until a time.
    public internal(set) var silences: [String: Date] = [:] {
        didSet { revision &+= 1 }
    }
    /// Threshold rules' recent matching events, per rule and group key.
    public internal(set) var thresholdHits: [String: [String: [ThresholdHit]]] = [:] {
        didSet { revision &+= 1 }
    }
    /// Deadlines waiting for their follow-up, per rule and principal entity id.
    public internal(set) var openDeadlines: [String: [Int64: OpenDeadline]] = [:] {
        didSet { revision &+= 1 }
    }
    /// Counts changes to everything but the clock: when an evaluation leaves it unchanged, the
    /// watcher need not write the state (the clock is only a pruning hint and may lag after a
    /// restart).
    public internal(set) var revision: Int = 0
    /// The latest time the engine has processed (a change's `recordedAt` or a `dueDeadlines` call).
    public internal(set) var clock: Date?
    /// When stale entries are next swept.
    var nextPruneAt: Date?
    /// No open deadline is due before this (a lower bound, so most calls skip the scan).
    var earliestDue: Date?

    /// An empty state.
    public init() {}

    /// Silences a rule until a time: its matches are suppressed, not alerted. A later call
    /// replaces the time. Prefer `RuleEngine.silence(rule:until:state:)`, which checks the name.
    public mutating func silence(rule: String, until: Date) { silences[rule] = until }

    /// Lifts a silence.
    public mutating func unsilence(rule: String) { silences[rule] = nil }

    /// Until when a rule is silenced at a time, if it is.
    public func silencedUntil(rule: String, at time: Date) -> Date? {
        guard let until = silences[rule], until > time else { return nil }
        return until
    }

    /// Every open deadline, soonest first.
    public var allOpenDeadlines: [OpenDeadline] {
        openDeadlines.values.flatMap(\.values).sorted { ($0.dueAt, $0.rule, $0.principalEntityID) < ($1.dueAt, $1.rule, $1.principalEntityID) }
    }
}

/// One event counted by a threshold rule.
public struct ThresholdHit: Hashable, Sendable, Codable {
    /// The event counted.
    public var eventID: Int64
    /// The `recordedAt` of the change that counted it.
    public var at: Date
    /// The change that counted it.
    public var sequence: Int64
}

/// A deadline rule waiting for its follow-up event: persisted by the watcher with the state.
public struct OpenDeadline: Hashable, Sendable, Codable {
    /// The deadline rule.
    public var rule: String
    /// The entity the follow-up must involve.
    public var principalEntityID: Int64
    /// The principal entity's name, for the alert's reasons.
    public var principalName: String
    /// The change that opened it (the alert, if it fires, is about this change's event).
    public var trigger: EventChange
    /// The `recordedAt` of the opening change.
    public var openedAt: Date
    /// When the alert fires if no follow-up arrives first.
    public var dueAt: Date
}
