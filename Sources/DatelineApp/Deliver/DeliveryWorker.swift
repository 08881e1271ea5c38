import DatelineCore
import DatelineNotify
import DatelineStorage
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// The delivery worker: claims due deliveries (`FOR UPDATE SKIP LOCKED`, under a lease), sends
/// each through the `DeliveryPipeline` (per-channel gate, notifier, retry policy), and records
/// every attempt with its decision. A `Service`: `dateline deliver` runs it alone and
/// `dateline serve` beside the others.
///
/// It wakes on `DeliveryQueue.channel` notifications and sweeps every `pollInterval` (retries
/// come due without a notification). At most `concurrency` sends run at once; claims are topped
/// up as sends finish. On graceful shutdown it stops claiming, lets the sends in flight finish
/// and record, and releases any lease it still holds. Time comes from the injected clock.
public final class DeliveryWorker: Service, Sendable {
    /// Where deliveries are claimed and recorded.
    public let store: PostgresDeliveryStore
    /// Gate, notifier and retry policy.
    public let pipeline: DeliveryPipeline
    public let configuration: DeliveryWorkerConfiguration
    let client: PostgresClient?
    let clock: any NotifyClock
    let logger: Logger

    enum Signal: Sendable {
        /// A send finished and the send queue ran low (see `SendQueue.finished`).
        case finished
        case wake
        case stop
        /// A claim came back: the rows and how many were asked for.
        case claimed([ClaimedDelivery], requested: Int)
        case claimFailed(any Error)
    }

    /// A worker on `store`; `client` is used to LISTEN (nil: poll only).
    public init(
        store: PostgresDeliveryStore, pipeline: DeliveryPipeline, configuration: DeliveryWorkerConfiguration = DeliveryWorkerConfiguration(),
        client: PostgresClient? = nil, clock: any NotifyClock = SystemNotifyClock(), logger: Logger
    ) {
        self.store = store
        self.pipeline = pipeline
        self.configuration = configuration
        self.client = client
        self.clock = clock
        self.logger = logger
    }

    /// Runs until graceful shutdown (or cancellation).
    public func run() async throws {
        let (signals, sink) = AsyncStream.makeStream(of: Signal.self)
        logger.info("Delivery worker started", metadata: ["owner": "\(configuration.owner)", "concurrency": "\(configuration.concurrency)"])
        try await withThrowingTaskGroup(of: Void.self) { background in
            if configuration.listen, let client {
                background.addTask { await self.listen(client: client, sink: sink) }
            }
            background.addTask { await self.sweep(sink: sink) }
            defer { background.cancelAll() }
            // On shutdown the sends in flight get `shutdownGraceSeconds` to finish; then they are
            // abandoned (not recorded) and their leases released below, so another worker can
            // claim them at once instead of after the lease runs out.
            let (stops, stopped) = AsyncStream.makeStream(of: Void.self)
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    tasks.addTask { _ = try await self.work(signals: signals, sink: sink, once: false) }
                    tasks.addTask {
                        var iterator = stops.makeAsyncIterator()
                        guard await iterator.next() != nil else { return }
                        try await Task.sleep(nanoseconds: UInt64(self.configuration.shutdownGraceSeconds * 1_000_000_000))
                        self.logger.warning("Sends still in flight after the shutdown grace period; abandoning them",
                            metadata: ["grace": "\(self.configuration.shutdownGraceSeconds)"])
                    }
                    try await tasks.next()
                    tasks.cancelAll()
                }
            } onGracefulShutdown: {
                sink.yield(.stop)
                stopped.yield()
            }
        }
        let released = (try? await store.releaseAll(owner: configuration.owner)) ?? 0
        logger.info("Delivery worker stopped", metadata: ["owner": "\(configuration.owner)", "released": "\(released)"])
    }

    /// Delivers everything due now, then returns how many attempts were made (retries it
    /// schedules are left for a later run). `dateline deliver --once`.
    @discardableResult
    public func drain() async throws -> Int {
        let (signals, sink) = AsyncStream.makeStream(of: Signal.self)
        return try await work(signals: signals, sink: sink, once: true)
    }

    /// The claim/send loop. `once`: return when nothing is due and nothing is in flight.
    ///
    /// Claims in batches into a `SendQueue` (up to `concurrency + prefetch` rows held), from
    /// which `concurrency` long-lived sender tasks take the next row as soon as their previous
    /// send finished, and hands results to a recorder that writes whatever has finished in one
    /// transaction (group commit). The loop itself only claims, and wakes when the queue runs
    /// low. On stop, queued rows that were never started are released.
    func work(signals: AsyncStream<Signal>, sink: AsyncStream<Signal>.Continuation, once: Bool) async throws -> Int {
        let concurrency = configuration.concurrency
        let capacity = concurrency + configuration.prefetch
        let buffer = ResultBuffer()
        let queue = SendQueue(capacity: capacity, gate: pipeline.gate)
        var iterator = signals.makeAsyncIterator()
        var attempts = 0
        let heartbeat = Task { await self.renewLeases(of: queue) }
        defer { heartbeat.cancel() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.recordResults(from: buffer) }
            for _ in 0..<concurrency {
                group.addTask {
                    while let turn = await queue.next() {
                        if let result = await self.send(turn.delivery, ticket: turn.ticket) { buffer.append(result) }
                        if queue.finished(turn.delivery) { sink.yield(.finished) }
                    }
                }
            }
            var stopping = false
            // One claim at a time runs beside the sends, so the queue refills while they run.
            // `moreDue`: the last claim was full, or a wake-up came since; else wait for one.
            var claiming = false
            var moreDue = true
            var failure: (any Error)?
            while true {
                let held = queue.held
                let room = capacity - held
                if !stopping && !claiming && moreDue && room > 0 && (room * 2 >= capacity || held == 0) {
                    claiming = true
                    let owner = configuration.owner, lease = configuration.leaseSeconds, now = date()
                    group.addTask {
                        do {
                            let claimed = try await self.store.claim(owner: owner, limit: room, now: now, leaseSeconds: lease)
                            // Rendered here, beside the sends in flight, so a sender finds the
                            // message ready (with one request in flight, rendering in the sender
                            // would add to every request's time).
                            for delivery in claimed { self.pipeline.notifier.prepare(delivery.alert, for: delivery.channel) }
                            sink.yield(.claimed(claimed, requested: room))
                        } catch {
                            sink.yield(.claimFailed(error))
                        }
                    }
                }
                if held == 0 && !claiming && (stopping || (once && !moreDue) || failure != nil) { break }
                guard let signal = await iterator.next() else { break }
                // Claimed after the stop began: released below, never handed to a sender.
                var unstarted: [ClaimedDelivery] = []
                switch signal {
                case .finished:
                    queue.acknowledge()
                case .wake:
                    moreDue = true
                case .stop:
                    stopping = true
                case .claimed(let claimed, let requested):
                    claiming = false
                    attempts += claimed.count
                    if stopping { unstarted = claimed } else { queue.push(claimed) }
                    moreDue = claimed.count == requested
                case .claimFailed(let error):
                    claiming = false
                    moreDue = false
                    if once { failure = error }
                    logger.error("Delivery claim failed", metadata: ["error": "\(String(reflecting: error))"])
                }
                if stopping {
                    unstarted += queue.takeQueued()
                    if !unstarted.isEmpty {
                        do {
                            try await store.release(unstarted, owner: configuration.owner)
                        } catch {
                            logger.warning("Releasing queued deliveries failed", metadata: ["count": "\(unstarted.count)", "error": "\(String(reflecting: error))"])
                        }
                        attempts -= unstarted.count
                    }
                }
            }
            queue.close()
            buffer.close()
            try await group.waitForAll()
            if let failure, attempts == 0 { throw failure }
        }
        return attempts
    }

    /// Every `leaseSeconds / 3` (real time), extends the lease of every row `queue` holds, so
    /// rows waiting behind a slow or rate-limited channel are not taken over while this worker
    /// lives. Runs until cancelled.
    func renewLeases(of queue: SendQueue) async {
        let interval = UInt64(configuration.leaseSeconds / 3 * 1_000_000_000)
        while !Task.isCancelled {
            do {
                try await Task.sleep(nanoseconds: interval)
            } catch {
                return
            }
            let held = queue.heldIDs
            guard !held.isEmpty else { continue }
            do {
                let renewed = try await store.renew(held, owner: configuration.owner, until: date().addingTimeInterval(configuration.leaseSeconds))
                logger.debug("Delivery leases renewed", metadata: ["held": "\(held.count)", "renewed": "\(renewed)"])
            } catch {
                logger.warning("Renewing delivery leases failed", metadata: ["held": "\(held.count)", "error": "\(String(reflecting: error))"])
            }
        }
    }

    /// One attempt of one claimed delivery through the pipeline, at the place `ticket` reserved
    /// at the gate; `nil` when it was cancelled while waiting for the channel's gate (then
    /// nothing was sent and the lease is released).
    func send(_ delivery: ClaimedDelivery, ticket: GateTicket?) async -> DeliveryResult? {
        let started = date()
        let attempt = DeliveryAttempt(deliveryID: delivery.messageID, number: delivery.attempt)
        let result: (outcome: DeliveryOutcome, decision: RetryPolicy.Decision)
        do {
            result = try await pipeline.deliver(delivery.alert, to: delivery.channel, attempt: attempt, ticket: ticket)
            // Abandoned at shutdown: not recorded; `run` releases the lease.
            if Task.isCancelled { return nil }
        } catch {
            do {
                try await store.release([delivery], owner: configuration.owner)
            } catch {
                logger.warning("Releasing a delivery failed", metadata: ["delivery": "\(delivery.id)", "error": "\(String(reflecting: error))"])
            }
            return nil
        }
        let outcome = result.outcome
        let error = Self.describe(outcome)
        let resolution: DeliveryResolution
        var lastError = error
        switch result.decision {
        case .done:
            resolution = .delivered
        case .retry(let at):
            resolution = .retry(at: Date(timeIntervalSince1970: at))
        case .dead:
            resolution = .dead
            if outcome.classification == .retry {
                lastError = "gave up after \(delivery.attempt) attempts; last: \(error ?? "failed")"
            }
        case .disableChannel:
            let reason = "the endpoint answered \(outcome.statusCode.map(String.init) ?? "410") Gone to delivery \(delivery.id) at \(Self.iso(date()))"
            resolution = .disableChannel(reason: reason)
        }
        let report = AttemptReport(
            startedAt: started, statusCode: outcome.statusCode, latency: outcome.latency,
            outcome: outcome.classification.rawValue, error: lastError)
        return DeliveryResult(delivery: delivery, report: report, resolution: resolution)
    }

    /// Records finished attempts: everything finished since the last write, in one transaction.
    func recordResults(from buffer: ResultBuffer) async {
        let delay = configuration.recordDelay
        while var batch = await buffer.take() {
            // Real time: it only gathers what finishes meanwhile.
            if delay > 0 && batch.count < configuration.concurrency + configuration.prefetch {
                try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
                batch += buffer.takeNow()
            }
            do {
                let recorded = try await store.record(batch, owner: configuration.owner, now: date())
                for (result, state) in zip(batch, recorded) { log(result, state) }
            } catch {
                // The leases run out and the deliveries are attempted again (at least once;
                // receivers de-duplicate by webhook-id).
                logger.error("Recording deliveries failed", metadata: ["count": "\(batch.count)", "error": "\(String(reflecting: error))"])
            }
        }
    }

    func log(_ result: DeliveryResult, _ recorded: RecordResult) {
        let metadata: Logger.Metadata = [
            "delivery": "\(result.delivery.id)", "channel": "\(result.delivery.channel.name)", "attempt": "\(result.delivery.attempt)",
            "outcome": "\(result.report.outcome)", "status": "\(result.report.statusCode.map(String.init) ?? "-")",
        ]
        guard recorded == .recorded else {
            logger.warning("Delivery lease was lost before recording", metadata: metadata)
            return
        }
        DatelineMetrics.delivered(channel: result.delivery.channel.name, outcome: Self.metricOutcome(result.resolution), seconds: result.report.latency)
        switch result.resolution {
        case .delivered: logger.debug("Delivered", metadata: metadata)
        case .retry: logger.info("Delivery will be retried", metadata: metadata)
        case .dead: logger.warning("Delivery is dead", metadata: metadata)
        case .disableChannel: logger.error("Channel disabled: the endpoint is gone", metadata: metadata)
        }
    }

    /// The `outcome` label of `dateline_deliveries_total`.
    static func metricOutcome(_ resolution: DeliveryResolution) -> String {
        switch resolution {
        case .delivered: "delivered"
        case .retry: "retry"
        case .dead: "dead"
        case .disableChannel: "disabled"
        }
    }

    /// The stored error text of an outcome: its code and message.
    static func describe(_ outcome: DeliveryOutcome) -> String? {
        switch (outcome.errorCode, outcome.error) {
        case (nil, nil): nil
        case (let code?, nil): code
        case (nil, let message?): message
        case (let code?, let message?): "\(code): \(message)"
        }
    }

    func date() -> Date { Date(timeIntervalSince1970: clock.now()) }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    /// LISTEN with reconnects; each (re)connect wakes the loop once to sweep what was missed.
    func listen(client: PostgresClient, sink: AsyncStream<Signal>.Continuation) async {
        while !Task.isCancelled {
            do {
                try await DeliveryQueue.listen(
                    client: client, logger: logger,
                    onListening: { sink.yield(.wake) },
                    onNotification: { sink.yield(.wake) })
            } catch {
                if Task.isCancelled { return }
                logger.warning("Delivery LISTEN failed; reconnecting", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await Task.sleep(nanoseconds: 1_000_000_000)
        }
    }

    /// Wakes the loop every `pollInterval` (real time).
    func sweep(sink: AsyncStream<Signal>.Continuation) async {
        let nanoseconds = UInt64(configuration.pollInterval * 1_000_000_000)
        while !Task.isCancelled {
            do {
                try await Task.sleep(nanoseconds: nanoseconds)
            } catch {
                return
            }
            sink.yield(.wake)
        }
    }
}
