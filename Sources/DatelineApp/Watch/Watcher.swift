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
/// - Exactly once: each batch is ONE transaction that inserts alerts under the unique
///   (rule, dedupe key), one delivery per alert and channel, the engine's state and the feed
///   cursor. A crash rolls all of it back; the replay computes the same alerts from the same
///   state and the unique keys turn any leftover into nothing.
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

    /// A watcher on a running client. `onAlerts` is called with each committed batch's new
    /// alerts (after commit), in order; `now` is the wall clock for deadlines.
    public init(
        client: PostgresClient, logger: Logger, options: WatcherOptions = WatcherOptions(),
        now: @escaping @Sendable () -> Date = { Date() }, onAlerts: @escaping @Sendable ([Alert]) async -> Void = { _ in }
    ) {
        self.client = client
        self.logger = logger
        self.options = options
        self.now = now
        self.onAlerts = onAlerts
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
                while true {
                    let batch = try await session.process(on: connection)
                    if batch.caughtUp {
                        guard try await ChangeSnapshotLoader.hasRows(after: batch.position, on: connection, logger: logger) else { return }
                        // Rows exist that are not final yet (an older transaction is running).
                        guard clock.now < settleBy else {
                            logger.notice("Changes wait for an older transaction; leaving them for the next run")
                            return
                        }
                        try await Task.sleep(for: .milliseconds(20))
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
                while !Task.isCancelled {
                    try await Task.sleep(for: self.options.sweepInterval)
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
                            // running) are looked for again soon, not only at the next sweep.
                            if try await ChangeSnapshotLoader.hasRows(after: batch.position, on: connection, logger: logger) {
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
}

/// The watcher's compiled rules and entity snapshot, refreshed when their tables change.
struct WatchSession {
    let watcher: Watcher
    var rules: LiveRules?
    var directory = EntityDirectory()

    init(watcher: Watcher) { self.watcher = watcher }

    /// One batch in one transaction: read, match, write alerts + deliveries + state + cursor.
    mutating func process(on connection: PostgresConnection) async throws -> BatchOutcome {
        let logger = watcher.logger
        let options = watcher.options
        let fingerprint = try await PostgresRuleStore.fingerprint(on: connection, logger: logger)
        if rules?.fingerprint != fingerprint {
            rules = try await LiveRules.load(on: connection, logger: logger)
        }
        try await directory.refresh(on: connection, logger: logger)
        guard let rules else { throw AppError(code: "internal", message: "the live rules could not be loaded", category: .internal) }
        let context = DirectoryMatchContext(directory)
        let wallClock = watcher.now()
        let started = ContinuousClock.now
        let outcome = try await connection.withTransaction(logger: logger) { tx in
            let position = try await ChangeFeed.position(of: options.consumer, on: tx, logger: logger)
            var state = RuleState()
            if let data = try await RuleStateStore.load(consumer: options.consumer, on: tx, logger: logger) {
                state = try JSONDecoder().decode(RuleState.self, from: data)
            }
            let loadedState = state
            for (rule, until) in try await PostgresRuleStore.silences(on: tx, logger: logger) where rules.engine.rule(named: rule) != nil {
                if state.silences[rule] != until { state.silence(rule: rule, until: until) }
            }
            let records = try await ChangeFeed.read(after: position, limit: options.batchSize, on: tx, logger: logger)
            let snapshots = try await ChangeSnapshotLoader.load(records, on: tx, logger: logger)
            var drafts: [AlertDraft] = []
            var deadlineMatches: [RuleMatch] = []
            for snapshot in snapshots {
                let evaluation = rules.engine.process(snapshot.eventChange, context: context, state: &state)
                for match in evaluation.matches {
                    if match.trigger == .deadline {
                        deadlineMatches.append(match)
                    } else {
                        drafts.append(match.draft(version: rules.versions[match.rule] ?? 0, mentions: snapshot.mentions))
                    }
                }
            }
            let caughtUp = records.count < options.batchSize
            if caughtUp {
                deadlineMatches += rules.engine.dueDeadlines(now: wallClock, state: &state).matches
            }
            if !deadlineMatches.isEmpty {
                let mentions = try await ChangeSnapshotLoader.mentions(of: deadlineMatches.map(\.change.event.id), on: tx, logger: logger)
                drafts += deadlineMatches.map { $0.draft(version: rules.versions[$0.rule] ?? 0, mentions: mentions[$0.change.event.id] ?? []) }
            }
            let alerts = try await AlertStore.write(drafts, on: tx, logger: logger)
            if !records.isEmpty || state.revision != loadedState.revision {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                try await RuleStateStore.save(
                    try encoder.encode(state), dueAt: state.allOpenDeadlines.first?.dueAt, consumer: options.consumer, on: tx, logger: logger)
            }
            var after = position
            if let last = records.last {
                after = FeedPosition(xid: last.xid, id: last.id)
                try await ChangeFeed.save(after, of: options.consumer, on: tx, logger: logger)
            }
            return BatchOutcome(changes: records.count, position: after, alerts: alerts, caughtUp: caughtUp)
        }
        for alert in outcome.alerts {
            logger.info("Alert fired", metadata: ["rule": "\(alert.rule)", "alert": "\(alert.id)", "event": "\(alert.event.id)"])
        }
        let lag = outcome.caughtUp ? FeedLag(changes: 0, oldestSeconds: 0) : try await ChangeFeed.lag(after: outcome.position, on: connection, logger: logger)
        DatelineMetrics.watchBatch(changes: outcome.changes, seconds: (ContinuousClock.now - started).inSeconds, lagChanges: lag.changes, lagSeconds: lag.oldestSeconds)
        DatelineMetrics.alertsFired(outcome.alerts)
        if !outcome.alerts.isEmpty { await watcher.onAlerts(outcome.alerts) }
        return outcome
    }
}
