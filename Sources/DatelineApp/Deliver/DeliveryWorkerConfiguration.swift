import Foundation

/// How a delivery worker runs: its name on leases, how much it does at once, how long it holds
/// a claim, and how often it looks for due work without being woken.
public struct DeliveryWorkerConfiguration: Hashable, Sendable {
    /// The name on the worker's leases: unique per process run.
    public var owner: String
    /// Sends in flight at once across all channels (each channel is further limited by its
    /// `maxInFlight` and rate limit).
    public var concurrency: Int
    /// Seconds a claim is held. It must exceed the longest channel timeout plus a rate-limit
    /// wait, or a slow send may be taken over and sent twice (receivers de-duplicate by
    /// `webhook-id`, but it is wasted work). Claims are capped at `concurrency`, so at most that
    /// many rows of one channel wait for its rate limit.
    public var leaseSeconds: Double
    /// Seconds between sweeps for due work (retries come due without a notification; LISTEN
    /// may miss notifications while reconnecting).
    public var pollInterval: Double
    /// Claimed rows held beyond those sending, so claims come in batches. They wait under the
    /// lease too: keep `(concurrency + prefetch) × the slowest send` below `leaseSeconds`.
    public var prefetch: Int
    /// Whether to LISTEN for `DeliveryQueue.channel` notifications.
    public var listen: Bool
    /// Seconds sends in flight may take to finish after a graceful shutdown begins; then they
    /// are abandoned unrecorded and their leases released (the receiver may see the message
    /// again from another worker and de-duplicates by `webhook-id`).
    public var shutdownGraceSeconds: Double

    /// The default worker: 16 concurrent sends, 16 prefetched rows, 5-minute leases, a
    /// 2-second sweep, LISTEN on.
    public init(
        owner: String = DeliveryWorkerConfiguration.defaultOwner(), concurrency: Int = 16, prefetch: Int? = nil, leaseSeconds: Double = 300,
        pollInterval: Double = 2, listen: Bool = true, shutdownGraceSeconds: Double = 20
    ) {
        self.shutdownGraceSeconds = max(0, shutdownGraceSeconds)
        self.owner = owner
        self.concurrency = max(1, concurrency)
        self.prefetch = max(0, prefetch ?? max(16, concurrency))
        self.leaseSeconds = max(1, leaseSeconds)
        self.pollInterval = max(0.01, pollInterval)
        self.listen = listen
    }

    /// `host:pid:random`, unique per process run.
    public static func defaultOwner() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        return "\(host):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8).lowercased())"
    }
}
