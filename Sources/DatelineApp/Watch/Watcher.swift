import DatelineCore
import DatelineRules
import DatelineStorage
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// The watcher: reads the change feed in commit order, matches each change against the live
/// rules and writes alerts with their deliveries, exactly once.
///
/// - One writer: it holds a session advisory lock (on the connection its transactions run on)
///   for its consumer; a second watcher waits and takes over when the first one's session ends.
/// - Exactly once: each batch commits in ONE statement (so one transaction) that moves the
///   feed cursor from where the batch started, saves the engine's state and inserts alerts
///   under the unique (rule, dedupe key) with one delivery per alert and channel. A crash
///   loses all of it or none; the replay computes the same alerts from the same state and the
///   unique keys turn any leftover into nothing.
/// - Two round trips per batch on the hot path: one read, one commit (`WatchSession`).
/// - Wake-ups: LISTEN on `ChangeFeed.channel` (reconnecting after failures) plus a sweep every
///   `sweepInterval`, since a NOTIFY can be missed.
/// - Deadlines fire on the newest change's time while catching up and on the wall clock
///   (`now`, injectable for tests) once the feed is caught up.
public struct Watcher: Service {
    let client: PostgresClient
    let logger: Logger
    let options: WatcherOptions
    let now: @Sendable () -> Date
    let onAlerts: @Sendable ([Alert]) async -> Void
    let onBatch: (@Sendable (WatchBatchTimings) -> Void)?

    /// A watcher on a running client. `onAlerts` is called with each committed batch's new
    /// alerts (after commit), in order; `now` is the wall clock for deadlines; `onBatch`, if
    /// given, hears how long each batch's phases took.
    public init(
        client: PostgresClient, logger: Logger, options: WatcherOptions = WatcherOptions(),
        now: @escaping @Sendable () -> Date = { Date() }, onAlerts: @escaping @Sendable ([Alert]) async -> Void = { _ in },
        onBatch: (@Sendable (WatchBatchTimings) -> Void)? = nil
    ) {
        self.client = client
        self.logger = logger
        self.options = options
        self.now = now
        self.onAlerts = onAlerts
        self.onBatch = onBatch
    }

    /// Runs until cancelled or graceful shutdown (or, with `once`, until the feed is drained).
    public func run() async throws {
        if options.once {
            try await runOnce()
            return
        }
        try await cancelWhenGracefulShutdown {
            try await self.runForever()
        }
    }

    /// Takes the lock (waiting for it), processes every change there is — waiting for older
    /// transactions still in flight — fires due deadlines, and returns.
    public func runOnce() async throws {
        try await client.withConnection { connection in
            try await self.holdingLock(on: connection) {
                var session = WatchSession(watcher: self)
                let clock = ContinuousClock()
                let settleBy = clock.now + options.onceSettleTimeout
                var backoff = Duration.milliseconds(1)
                while true {
                    let batch = try await session.process(on: connection)
                    if batch.caughtUp {
                        guard batch.waiting else { return }
                        // Rows exist that are not final yet (an older transaction is running).
                        guard clock.now < settleBy else {
                            logger.notice("Changes wait for an older transaction; leaving them for the next run")
                            return
                        }
                        try await Task.sleep(for: backoff)
                        backoff = min(backoff * 2, .milliseconds(20))
                    } else {
                        backoff = .milliseconds(1)
                    }
                }
            }
        }
    }

    private func runForever() async throws {
        let wakeup = Wakeup()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.listen(wakeup) }
            group.addTask {
                // Cancellation is how the watcher stops, not a failure: end quietly, so the
                // first child to finish is never a CancellationError that fails `serve`.
                while !Task.isCancelled {
                    guard (try? await Task.sleep(for: self.options.sweepInterval)) != nil else { return }
                    await wakeup.signal()
                }
            }
            group.addTask { try await self.work(wakeup) }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// LISTENs for change notifications and turns each into a wake-up; reconnects on failure.
    private func listen(_ wakeup: Wakeup) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: ChangeFeed.channel) { notifications in
                        // Anything committed before LISTEN took effect is found by this sweep.
                        await wakeup.signal()
                        for try await _ in notifications { await wakeup.signal() }
                    }
                }
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                logger.warning("LISTEN connection lost, reconnecting", metadata: ["error": "\(String(reflecting: error))"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Holds the lock and drains the feed on every wake-up; starts over after a failure.
    private func work(_ wakeup: Wakeup) async throws {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await self.holdingLock(on: connection) {
                        var session = WatchSession(watcher: self)
                        var backoff = Duration.milliseconds(1)
                        while !Task.isCancelled {
                            var batch = try await session.process(on: connection)
                            while !batch.caughtUp { batch = try await session.process(on: connection) }
                            // Committed changes that are not final yet (an older transaction is still
                            // running) are looked for again soon, not only at the next sweep. Otherwise
                            // the next read happens as soon as a NOTIFY (or the sweep) wakes us.
                            if batch.waiting {
                                try await Task.sleep(for: backoff)
                                backoff = min(backoff * 2, .milliseconds(100))
                                continue
                            }
                            backoff = .milliseconds(1)
                            await wakeup.wait()
                        }
                    }
                }
            } catch {
                if Task.isCancelled || error is CancellationError { return }
                logger.error("Watcher batch failed, retrying", metadata: ["error": "\(String(reflecting: error))"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Runs `body` while holding the consumer's advisory lock on `connection`, waiting for it.
    private func holdingLock(on connection: PostgresConnection, _ body: () async throws -> Void) async throws {
        var waited = false
        while try await !ConsumerLock.tryAcquire(options.consumer, on: connection, logger: logger) {
            if !waited {
                logger.notice("Another watcher holds the lock; waiting", metadata: ["consumer": "\(options.consumer)"])
                waited = true
            }
            try await Task.sleep(for: options.lockRetryInterval)
        }
        logger.info("Watcher started", metadata: ["consumer": "\(options.consumer)"])
        do {
            try await body()
        } catch {
            try? await ConsumerLock.release(options.consumer, on: connection, logger: logger)
            throw error
        }
        try await ConsumerLock.release(options.consumer, on: connection, logger: logger)
    }
}

/// What one batch did.
struct BatchOutcome {
    var changes: Int
    /// The cursor after the batch.
    var position: FeedPosition
    var alerts: [Alert]
    /// The feed had fewer changes than a batch: nothing more to read for now.
    var caughtUp: Bool
    /// Committed changes wait behind an older transaction still running (not final yet).
    var waiting: Bool
}

/// How long one batch's phases took (for benchmarks and metrics).
public struct WatchBatchTimings: Sendable {
    /// Changes read.
    public var changes: Int
    /// Alerts written.
    public var alerts: Int
    /// Database statements the batch ran (reads, reloads and the commit).
    public var statements: Int
    /// Reading the changes with their events (and reloading rules or the directory, if due).
    public var read: Duration
    /// Matching in memory and encoding the writes.
    public var match: Duration
    /// The one-statement commit of alerts, deliveries, state and cursor (zero when nothing
    /// needed writing).
    public var commit: Duration
}

/// The watcher's compiled rules, entity directory, cursor and engine state, kept between
/// batches while it holds the consumer's lock.
///
/// A batch is two statements on the hot path: one read (changes, events, version marks) and
/// one write (alerts, deliveries, state, cursor — atomic as one statement). Rules and silences
/// are reloaded only when the read's fingerprint changes; the directory takes new aliases from
/// the read itself. The cursor and state are read once per session: while the lock is held
/// nobody else writes them, and the commit checks the cursor it started from.
struct WatchSession {
    let watcher: Watcher
    var rules: LiveRules?
    var silences: [String: Date] = [:]
    var directory = EntityDirectory()
    /// The committed cursor and state; nil until read (and after a failed commit).
    var standing: (position: FeedPosition, state: RuleState)?

    init(watcher: Watcher) { self.watcher = watcher }

    /// One batch: read, match, and commit alerts + deliveries + state + cursor in one statement.
    mutating func process(on connection: PostgresConnection) async throws -> BatchOutcome {
        let logger = watcher.logger
        let options = watcher.options
        let clock = ContinuousClock()
        let started = clock.now
        var statements = 0
        if standing == nil {
            let stored = try await AlertStore.standing(of: options.consumer, on: connection, logger: logger)
            statements += 1
            var state = RuleState()
            if let data = stored.state { state = try JSONDecoder().decode(RuleState.self, from: data) }
            standing = (stored.position, state)
        }
        guard let (position, loadedState) = standing else { throw AppError(code: "internal", message: "the watcher's cursor could not be read", category: .internal) }
        let batch = try await ChangeFeed.readBatch(
            after: position, limit: options.batchSize, aliasesAfter: directory.aliasesAfter, on: connection, logger: logger)
        statements += 1
        if rules?.fingerprint != batch.rulesFingerprint {
            rules = try await LiveRules.load(on: connection, logger: logger)
            silences = try await PostgresRuleStore.silences(on: connection, logger: logger)
            statements += 4
        }
        try await directory.update(with: batch.directory, on: connection, logger: logger)
        guard let rules else { throw AppError(code: "internal", message: "the live rules could not be loaded", category: .internal) }
        let read = clock.now
        let context = DirectoryMatchContext(directory)
        var state = loadedState
        for (rule, until) in silences where rules.engine.rule(named: rule) != nil {
            if state.silences[rule] != until { state.silence(rule: rule, until: until) }
        }
        var drafts: [AlertDraft] = []
        var deadlineMatches: [RuleMatch] = []
        for snapshot in batch.snapshots {
            let evaluation = rules.engine.process(snapshot.eventChange, context: context, state: &state)
            for match in evaluation.matches {
                if match.trigger == .deadline {
                    deadlineMatches.append(match)
                } else {
                    drafts.append(match.draft(version: rules.versions[match.rule] ?? 0, mentions: snapshot.mentions))
                }
            }
        }
        let caughtUp = batch.records.count < options.batchSize
        if caughtUp {
            deadlineMatches += rules.engine.dueDeadlines(now: watcher.now(), state: &state).matches
        }
        if !deadlineMatches.isEmpty {
            let mentions = try await ChangeSnapshotLoader.mentions(of: deadlineMatches.map(\.change.event.id), on: connection, logger: logger)
            statements += 1
            drafts += deadlineMatches.map { $0.draft(version: rules.versions[$0.rule] ?? 0, mentions: mentions[$0.change.event.id] ?? []) }
        }
        var after = position
        if let last = batch.records.last { after = FeedPosition(xid: last.xid, id: last.id) }
        var alerts: [Alert] = []
        let matched = clock.now
        if after != position || state.revision != loadedState.revision || !drafts.isEmpty {
            var stateData: Data?
            if state.revision != loadedState.revision {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                stateData = try encoder.encode(state)
            }
            // Until the commit is known to have happened, the next batch reads the standing again.
            standing = nil
            alerts = try await AlertStore.commitBatch(
                drafts, consumer: options.consumer, from: position, to: after, state: stateData,
                dueAt: state.allOpenDeadlines.first?.dueAt, durable: options.durableCommits, on: connection, logger: logger)
            statements += 1
        }
        standing = (after, state)
        let committed = clock.now
        for alert in alerts {
            logger.info("Alert fired", metadata: ["rule": "\(alert.rule)", "alert": "\(alert.id)", "event": "\(alert.event.id)"])
        }
        let lag = caughtUp ? FeedLag(changes: 0, oldestSeconds: 0) : try await ChangeFeed.lag(after: after, on: connection, logger: logger)
        DatelineMetrics.watchBatch(changes: batch.records.count, seconds: (clock.now - started).inSeconds, lagChanges: lag.changes, lagSeconds: lag.oldestSeconds)
        DatelineMetrics.alertsFired(alerts)
        if !alerts.isEmpty { await watcher.onAlerts(alerts) }
        if let onBatch = watcher.onBatch {
            onBatch(WatchBatchTimings(
                changes: batch.records.count, alerts: alerts.count, statements: statements, read: read - started,
                match: matched - read, commit: committed - matched))
        }
        return BatchOutcome(changes: batch.records.count, position: after, alerts: alerts, caughtUp: caughtUp, waiting: batch.waiting)
    }
}
