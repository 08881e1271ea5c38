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
    ///
    /// `silences` are applied when the replay's clock reaches the time each was set (after
    /// firing the deadlines due before it, which the watcher fired before the silence
    /// existed), so matches a silence held back live come out as `suppressed` here too. A
    /// silence of a rule the engine does not have is ignored, as the watcher ignores it.
    public func run(
        history: some Sequence<EventChange>, context: some MatchContext, initialState: RuleState = RuleState(), until: Date? = nil,
        silences: [RuleSilence] = []
    ) -> Result {
        var state = initialState
        var total = RuleEvaluation()
        var pending = silences.sorted { ($0.from, $0.rule) < ($1.from, $1.rule) }[...]
        func applySilences(upTo time: Date) {
            while let next = pending.first, next.from <= time {
                pending.removeFirst()
                total.append(engine.dueDeadlines(now: next.from, state: &state))
                if engine.rule(named: next.rule) != nil { state.silence(rule: next.rule, until: next.until) }
            }
        }
        for change in history {
            applySilences(upTo: change.recordedAt)
            total.append(engine.process(change, context: context, state: &state))
        }
        if let until {
            applySilences(upTo: until)
            total.append(engine.dueDeadlines(now: until, state: &state))
        }
        return Result(alerts: total.matches, suppressed: total.suppressed, finalState: state, evaluatedRules: total.evaluatedRules)
    }
}
