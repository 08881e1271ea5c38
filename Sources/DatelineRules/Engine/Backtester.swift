import DatelineCore
import Foundation

/// Replays a stored history of changes through a `RuleEngine` to show which alerts would have
/// fired, without side effects.
///
/// It makes exactly the calls the watcher makes (`process` per change, then `dueDeadlines` at
/// the end), on a simulated clock that follows the changes' `recordedAt`, so a backtest of a
/// history equals what live watching of the same history produced.
public struct Backtester: Sendable {
    /// The engine replayed (the same one the watcher would use).
    public let engine: RuleEngine

    /// A backtester for an engine.
    public init(engine: RuleEngine) { self.engine = engine }

    /// The outcome of a replay.
    public struct Result: Sendable {
        /// The alerts that would have fired, in firing order.
        public var alerts: [RuleMatch]
        /// Matches throttles or silences would have held back.
        public var suppressed: [SuppressedMatch]
        /// The state at the end (open deadlines still waiting, throttles).
        public var finalState: RuleState
        /// Rule conditions checked over the whole replay.
        public var evaluatedRules: Int
    }

    /// Replays `history` in order. `until` fires the deadlines due by then after the last
    /// change (defaults to the last change's time: deadlines still open stay in `finalState`).
    public func run(
        history: some Sequence<EventChange>, context: some MatchContext, initialState: RuleState = RuleState(), until: Date? = nil
    ) -> Result {
        var state = initialState
        var total = RuleEvaluation()
        for change in history {
            total.append(engine.process(change, context: context, state: &state))
        }
        if let until {
            total.append(engine.dueDeadlines(now: until, state: &state))
        }
        return Result(alerts: total.matches, suppressed: total.suppressed, finalState: state, evaluatedRules: total.evaluatedRules)
    }
}
