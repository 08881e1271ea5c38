import DatelineCore

/// One delivery attempt as the worker runs it: wait for the channel's gate, send, release,
/// and decide what comes next. The storage-side worker only claims, calls `deliver`, and
/// records the outcome and decision.
public struct DeliveryPipeline: Sendable {
    /// Sends one alert to one channel.
    public let notifier: any Notifier
    /// Rate limits and in-flight caps per channel, shared by all workers of the process.
    public let gate: ChannelGate
    /// The time retry decisions are computed from.
    public let clock: any NotifyClock
    let random: @Sendable () -> Double

    /// `random` (values in [0, 1)) drives the retry jitter; inject a fixed one in tests.
    public init(
        notifier: any Notifier, gate: ChannelGate, clock: any NotifyClock = SystemNotifyClock(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.notifier = notifier
        self.gate = gate
        self.clock = clock
        self.random = random
    }

    /// Waits for the gate (at the place `ticket` reserved, if any), sends `alert` to `channel`,
    /// and returns the outcome with the decision (`done`, `retry(at:)`, `dead`,
    /// `disableChannel`). Throws only `CancellationError` while waiting for the gate (nothing
    /// was sent then).
    public func deliver(
        _ alert: Alert, to channel: ChannelConfig, attempt: DeliveryAttempt, ticket: GateTicket? = nil
    ) async throws -> (outcome: DeliveryOutcome, decision: RetryPolicy.Decision) {
        notifier.prepare(alert, for: channel)
        let permit = try await gate.acquire(channel, ticket: ticket)
        let outcome = await notifier.send(alert, to: channel, attempt: attempt)
        gate.release(permit)
        let decision = RetryPolicy(channel: channel, random: random).decide(after: outcome, attempt: attempt.number, now: clock.now())
        return (outcome, decision)
    }
}
