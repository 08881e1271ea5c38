import Foundation

/// How a delivery worker runs: its name on leases, how much it does at once, how long it holds
/// a claim, and how often it looks for due work without being woken.
public struct DeliveryWorkerConfiguration: Hashable, Sendable {
    /// The name on the worker's leases: unique per process run.
    public var owner: String
    /// Sends in flight at once across all channels (each channel is further limited by its
    /// `maxInFlight` and rate limit).
    public var concurrency: Int
    /// Seconds a claim is held without renewal. The worker renews the leases of every row it
    /// holds (queued or sending) each `leaseSeconds / 3`, so they run out only when the worker
    /// stops renewing: when it died or hangs. Then another worker takes the rows over (a send
    /// that was in flight may be repeated; receivers de-duplicate by `webhook-id`).
    public var leaseSeconds: Double
    /// Seconds between sweeps for due work (retries come due without a notification; LISTEN
    /// may miss notifications while reconnecting).
    public var pollInterval: Double
    /// Claimed rows held beyond those sending, so claims come in batches (a claim costs the
    /// database far less per row in a batch). They wait under the renewed lease. Rows queued
    /// behind a rate-limited channel wait their turn, so a large prefetch lets one busy
    /// channel delay the others' rows held by the same worker.
    public var prefetch: Int
    /// Seconds the recorder waits after the first finished attempt of a round for more to
    /// finish, so it writes them in one transaction (0: write at once). A few milliseconds
    /// halve the database's work per delivery when one request is in flight.
    public var recordDelay: Double
    /// Whether to LISTEN for `DeliveryQueue.channel` notifications.
    public var listen: Bool
    /// Seconds sends in flight may take to finish after a graceful shutdown begins; then they
    /// are abandoned unrecorded and their leases released (the receiver may see the message
    /// again from another worker and de-duplicates by `webhook-id`).
    public var shutdownGraceSeconds: Double

    /// The default worker: 16 concurrent sends, 32 prefetched rows (twice the concurrency, at
    /// least 32), 5-minute leases renewed while held, a 2-second sweep, LISTEN on, 3 ms
    /// record delay.
    public init(
        owner: String = DeliveryWorkerConfiguration.defaultOwner(), concurrency: Int = 16, prefetch: Int? = nil, leaseSeconds: Double = 300,
        pollInterval: Double = 2, listen: Bool = true, shutdownGraceSeconds: Double = 20, recordDelay: Double = 0.003
    ) {
        self.recordDelay = min(1, max(0, recordDelay))
        self.shutdownGraceSeconds = max(0, shutdownGraceSeconds)
        self.owner = owner
        self.concurrency = max(1, concurrency)
        self.prefetch = max(0, prefetch ?? max(32, 2 * max(1, concurrency)))
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
