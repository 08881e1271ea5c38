import DatelineCore
import Foundation

/// A rule fired: what the watcher turns into an alert and one delivery per channel.
public struct RuleMatch: Hashable, Sendable, Codable {
    /// Which kind of rule fired.
    public enum Trigger: String, Hashable, Sendable, Codable {
        /// A match-each rule matched the change.
        case match
        /// A threshold was reached with this change.
        case threshold
        /// A deadline passed with no follow-up; `change` is the one that opened it.
        case deadline
    }

    /// The rule's name.
    public var rule: String
    /// Which kind of rule fired.
    public var trigger: Trigger
    /// The change the alert is about.
    public var change: EventChange
    /// The throttle group: `all`, or values like `organization:42`, `kind:resignation`.
    public var groupKey: String
    /// Channel names to deliver to, as the rule lists them.
    public var channels: [String]
    /// Why it fired: one line per condition met, in words.
    public var reasons: [String]
    /// The alert's unique key: rule + event id + change sequence (+ group for thresholds, +
    /// `deadline` for deadlines). Writing alerts under it makes a replay idempotent.
    public var dedupeKey: String
    /// The engine time it fired at: the change's `recordedAt`, or a deadline's due time.
    public var firedAt: Date
    /// Other events behind it (the events a threshold counted), oldest first.
    public var relatedEventIDs: [Int64]

    /// The change's kind as stored on alerts.
    public var changeKind: ChangeKind { change.kind }
}

/// A match that did not become an alert, and why.
public struct SuppressedMatch: Hashable, Sendable, Codable {
    /// Why a match was held back.
    public enum Reason: Hashable, Sendable, Codable {
        /// The rule alerted for the same group key too recently.
        case throttled(until: Date)
        /// The rule is silenced.
        case silenced(until: Date)
    }

    /// What would have been alerted.
    public var match: RuleMatch
    /// Why it was not.
    public var reason: Reason
}

/// What evaluating one change (or one clock tick) produced.
public struct RuleEvaluation: Hashable, Sendable {
    /// Alerts to write, in order (deadlines that fell due first, then rules in file order).
    public var matches: [RuleMatch] = []
    /// Matches held back by throttles or silences.
    public var suppressed: [SuppressedMatch] = []
    /// Deadlines this change opened.
    public var openedDeadlines: [OpenDeadline] = []
    /// Deadlines this change met (their follow-up arrived in time).
    public var closedDeadlines: [OpenDeadline] = []
    /// How many rule conditions were checked: the index's candidates, not every rule.
    public var evaluatedRules: Int = 0

    /// An empty evaluation.
    public init() {}

    mutating func append(_ other: RuleEvaluation) {
        matches += other.matches
        suppressed += other.suppressed
        openedDeadlines += other.openedDeadlines
        closedDeadlines += other.closedDeadlines
        evaluatedRules += other.evaluatedRules
    }
}

extension RuleMatch {
    /// The Core alert for this match, once the store has given it an id and loaded the mentions.
    public func alert(id: Int64, mentions: [Mention], createdAt: String) -> Alert {
        Alert(id: id, rule: rule, change: change.kind, event: change.event, reasons: reasons, mentions: mentions, createdAt: createdAt)
    }
}

extension RuleMatch: CustomStringConvertible {
    /// One line for CLI output and logs: `2025-04-01 00:00 UTC exodus → stdout: new resignation event 3; …`.
    public var description: String {
        "\(Explain.timestamp(firedAt)) \(rule) → \(channels.joined(separator: ", ")): \(reasons.joined(separator: "; "))"
    }
}

extension SuppressedMatch: CustomStringConvertible {
    /// The match's line and why it was held back.
    public var description: String {
        switch reason {
        case .throttled(let until): "\(match) [throttled until \(Explain.timestamp(until))]"
        case .silenced(let until): "\(match) [silenced until \(Explain.timestamp(until))]"
        }
    }
}
