import Foundation

/// How the watcher runs: its consumer name, batch size, sweep and lock-retry intervals.
public struct WatcherOptions: Sendable {
    /// The consumer name: its cursor, state and advisory lock.
    public var consumer: String
    /// Changes read per transaction.
    public var batchSize: Int
    /// How often the feed is swept without a NOTIFY (LISTEN is only a wake-up).
    public var sweepInterval: Duration
    /// How often a waiting watcher retries the lock.
    public var lockRetryInterval: Duration
    /// Process what is there (waiting for transactions still in flight) and return.
    public var once: Bool
    /// With `once`: how long to wait for committed changes that an older, still-running
    /// transaction keeps from being final before returning without them.
    public var onceSettleTimeout: Duration
    /// Whether each batch's commit waits for its WAL to reach disk (the default). When false
    /// (`synchronous_commit = off` for the watcher's commits only), a batch is visible and
    /// printed before it is on disk: a crash of the database server (not of the watcher) can
    /// lose the last fraction of a second of batches — alerts, deliveries and cursor together
    /// — which the watcher then writes again under the same dedupe keys (new alert ids). A
    /// delivery that a worker claimed is never among them: the claim's own durable commit
    /// flushes the WAL before it. `--print` output of such a batch may appear twice.
    public var durableCommits: Bool

    /// Options; the defaults suit production (`watcher`, 500 per batch, 5 s sweep, 1 s lock retry,
    /// durable commits).
    public init(
        consumer: String = "watcher", batchSize: Int = 500, sweepInterval: Duration = .seconds(5),
        lockRetryInterval: Duration = .seconds(1), once: Bool = false, onceSettleTimeout: Duration = .seconds(30),
        durableCommits: Bool = true
    ) {
        self.consumer = consumer
        self.batchSize = batchSize
        self.sweepInterval = sweepInterval
        self.lockRetryInterval = lockRetryInterval
        self.once = once
        self.onceSettleTimeout = onceSettleTimeout
        self.durableCommits = durableCommits
    }
}

/// A wake-up flag: `signal` wakes one `wait`, or the next one when nobody waits yet.
actor Wakeup {
    private var pending = false
    private var waiter: CheckedContinuation<Void, Never>?

    /// Wakes the waiter (or marks the next wait as already woken).
    func signal() {
        if let waiter {
            self.waiter = nil
            waiter.resume()
        } else {
            pending = true
        }
    }

    /// Waits for a signal; returns early when the task is cancelled.
    func wait() async {
        if pending {
            pending = false
            return
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled || pending {
                    pending = false
                    continuation.resume()
                } else {
                    waiter = continuation
                }
            }
        } onCancel: {
            Task { await self.signal() }
        }
    }
}
