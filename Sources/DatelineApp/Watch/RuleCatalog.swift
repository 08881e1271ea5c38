import DatelineCore
import DatelineRules
import DatelineStorage
import Foundation
import Logging
import PostgresNIO

/// The rule commands' work: check, apply, list, show, silence and backtest.
public enum RuleCatalog {
    /// What is known in the store that a rule file may refer to.
    public struct Known: Sendable {
        /// Watchlist names; `nil`: not checked.
        public var watchlists: Set<String>?
        /// Stored channel names (usable in `notify:` without defining them again).
        public var channels: Set<String>

        /// Known names.
        public init(watchlists: Set<String>?, channels: Set<String>) {
            self.watchlists = watchlists
            self.channels = channels
        }

        /// Nothing known: no watchlist check, built-in channels only.
        public static let offline = Known(watchlists: nil, channels: [])
    }

    /// What the store knows, for checking files.
    public static func known(in context: DatabaseContext) async throws -> Known {
        let store = PostgresRuleStore(client: context.client, logger: context.logger)
        return Known(watchlists: try await store.watchlistNames(), channels: Set(try await store.channels().map(\.name)))
    }

    /// Parses and validates a rule file with every diagnostic.
    public static func check(yaml: String, file: String, environment: [String: String], known: Known) -> RuleFileValidation {
        RuleFileParser.validate(
            yaml: yaml, file: file, environment: environment, knownWatchlists: known.watchlists,
            knownChannels: RuleFileParser.builtInChannels.union(known.channels))
    }

    /// Checks and stores a rule file (rules versioned, channels upserted) in one transaction.
    /// An invalid file throws `RulesError.invalidRuleFile` and stores nothing.
    public static func apply(yaml: String, file: String, environment: [String: String], prune: Bool, in context: DatabaseContext) async throws -> RuleApplySummary {
        let validation = check(yaml: yaml, file: file, environment: environment, known: try await known(in: context))
        guard let ruleFile = validation.ruleFile else { throw RulesError.invalidRuleFile(file: file, diagnostics: validation.diagnostics) }
        let definitions = try RuleDefinitions.definitions(yaml: yaml)
        var channels = ruleFile.channels
        // Built-in channels used by the rules get a stored config, so every delivery has one.
        let used = Set(ruleFile.rules.flatMap(\.notify))
        if used.contains("stdout") && !channels.contains(where: { $0.name == "stdout" }) {
            channels.append(ChannelConfig(name: "stdout", type: .stdout, format: .text))
        }
        let store = PostgresRuleStore(client: context.client, logger: context.logger)
        return try await store.apply(rules: definitions, source: yaml, channels: channels, prune: prune)
    }

    /// Each rule's one-line explanation, then each channel's (prefixed `channel `): what
    /// `rules check` prints and `POST /v1/rules/validate` returns.
    public static func explanation(of ruleFile: RuleFile) -> (rules: [String], channels: [String]) {
        (ruleFile.explain(), ruleFile.explainChannels().map { "channel " + $0 })
    }

    /// A backtest bound: a day (`YYYY-MM-DD`, UTC; its end with `endOfDay`, so a `to` day is
    /// inclusive) or an ISO 8601 time. `name` names the flag or field in the error.
    public static func backtestBound(_ text: String, name: String, endOfDay: Bool) throws -> Date {
        if let day = CalendarDate(iso: text) {
            return Date(timeIntervalSince1970: Double((day.dayNumber + (endOfDay ? 1 : 0)) * 86_400))
        }
        if let time = EventChange.date(iso: text) { return time }
        throw AppError.invalid("\(name) '\(text)' is not a date (YYYY-MM-DD) or an ISO 8601 time")
    }

    /// The backtest window from its two bounds (see `backtestBound`); `to` must be after `from`.
    public static func backtestWindow(from: String, to: String, fromName: String, toName: String) throws -> (from: Date, to: Date) {
        let start = try backtestBound(from, name: fromName, endOfDay: false)
        let end = try backtestBound(to, name: toName, endOfDay: true)
        guard start < end else { throw AppError.invalid("\(toName) \(to) is before \(fromName) \(from)") }
        return (start, end)
    }

    /// Silences the stored rule `name` for `duration` (`30m`, `2h`, `1d`) from `now`; returns
    /// the parsed length and the end of the silence. An unknown rule is `notFound`.
    public static func silence(rule name: String, for duration: String, now: Date, in context: DatabaseContext) async throws -> (length: RuleDuration, until: Date) {
        let length = try RuleDuration(parsing: duration)
        let until = now.addingTimeInterval(length.timeInterval)
        try await context.rules.silence(rule: name, until: until)
        return (length, until)
    }

    /// Replays the stored change history recorded in `[from, to)` through the live stored
    /// rules (as the watcher compiles them) and returns the alerts that would have fired.
    /// Writes nothing.
    public static func backtestStored(from: Date, to: Date, until: Date? = nil, in context: DatabaseContext) async throws -> Backtester.Result {
        let store = context.rules
        let (file, _) = RuleDefinitions.ruleFile(stored: try await store.liveRules(), channels: try await store.channels())
        return try await backtest(ruleFile: file, from: from, to: to, until: until, in: context)
    }

    /// Replays the stored change history recorded in `[from, to)` through `yaml`'s rules and
    /// returns the alerts that would have fired, in order. Writes nothing.
    ///
    /// Deadlines still open at the end fire when due by `until` (default: `to`, or now if sooner).
    /// The stored silences are applied from the time each was set, as the watcher applied them
    /// live: what they held back is in the result's `suppressed` (unless `ignoreSilences`).
    public static func backtest(
        yaml: String, file: String, environment: [String: String], from: Date, to: Date, until: Date? = nil,
        ignoreSilences: Bool = false, in context: DatabaseContext
    ) async throws -> Backtester.Result {
        let ruleFile = try RuleFileParser.parse(
            yaml: yaml, file: file, environment: environment, knownWatchlists: nil,
            knownChannels: RuleFileParser.builtInChannels.union(try await known(in: context).channels))
        return try await backtest(ruleFile: ruleFile, from: from, to: to, until: until, ignoreSilences: ignoreSilences, in: context)
    }

    /// Replays the stored change history recorded in `[from, to)` through `ruleFile`'s rules.
    /// Stored silences apply from the time each was set, unless `ignoreSilences`.
    public static func backtest(
        ruleFile: RuleFile, from: Date, to: Date, until: Date? = nil, ignoreSilences: Bool = false, in context: DatabaseContext
    ) async throws -> Backtester.Result {
        // The watcher compiles the stored rules in name order; so does the replay, so the
        // alerts of one change come out in the same order.
        let engine = try RuleEngine(rules: ruleFile.rules.sorted { $0.name < $1.name })
        let logger = context.logger
        return try await context.client.withConnection { connection in
            // One snapshot for the whole replay: the pages, the events as they were and the
            // directory agree, and a transaction elsewhere (even one left open) delays nothing.
            try await ChangeSnapshotLoader.withReplaySnapshot(on: connection, logger: logger) {
                try await replay(engine: engine, from: from, to: to, until: until, ignoreSilences: ignoreSilences, on: connection, logger: logger)
            }
        }
    }

    private static func replay(
        engine: RuleEngine, from: Date, to: Date, until: Date?, ignoreSilences: Bool, on connection: PostgresConnection, logger: Logger
    ) async throws -> Backtester.Result {
        let directory = try await EntityDirectory.load(on: connection, logger: logger)
        let silences = ignoreSilences ? [] : try await PostgresRuleStore.silenceWindows(on: connection, logger: logger)
            .map { RuleSilence(rule: $0.rule, from: $0.from, until: $0.until) }
        var history: [EventChange] = []
        var position = FeedPosition.start
        while true {
            let records = try await ChangeSnapshotLoader.history(from: from, to: to, after: position, limit: 1000, on: connection, logger: logger)
            guard let last = records.last else { break }
            history += try await ChangeSnapshotLoader.load(records, on: connection, logger: logger).map(\.eventChange)
            position = FeedPosition(xid: last.xid, id: last.id)
        }
        return Backtester(engine: engine).run(
            history: history, context: DirectoryMatchContext(directory), until: until ?? min(to, Date()), silences: silences)
    }
}
