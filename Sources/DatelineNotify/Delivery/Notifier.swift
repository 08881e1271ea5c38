import DatelineCore

/// Delivers an alert to a channel, once per call: the worker's one dependency.
///
/// The worker loop is: claim a delivery → `notifier.prepare(alert, for: channel)` (rendering,
/// outside the gate: in the claim task, and again, cheaply, before the gate) →
/// `await gate.acquire(channel)` →
/// `await notifier.send(alert, to: channel, attempt:)` → record the outcome and
/// `RetryPolicy.decide` → release the permit. `send` never throws: every failure is an outcome.
public protocol Notifier: Sendable {
    func send(_ alert: Alert, to channel: ChannelConfig, attempt: DeliveryAttempt) async -> DeliveryOutcome
    /// Work that can be done before the channel's gate opens (rendering), so the gated part of
    /// `send` is only the request. Optional: by default nothing.
    func prepare(_ alert: Alert, for channel: ChannelConfig)
}

extension Notifier {
    public func prepare(_ alert: Alert, for channel: ChannelConfig) {}
}
