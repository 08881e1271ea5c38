import Foundation

/// A silence as it stood in history: a rule held back from `from` (when it was set) until
/// `until`. The backtester applies it when its replay clock reaches `from`, as the watcher
/// picked it up live.
public struct RuleSilence: Hashable, Sendable {
    /// The silenced rule.
    public var rule: String
    /// When the silence was set.
    public var from: Date
    /// When it ends.
    public var until: Date

    /// A silence of `rule` set at `from`, ending at `until`.
    public init(rule: String, from: Date, until: Date) {
        self.rule = rule
        self.from = from
        self.until = until
    }
}
