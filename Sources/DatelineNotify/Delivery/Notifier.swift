import DatelineCore

/// Delivers an alert to a channel, once per call: the worker's one dependency.
///
/// The worker loop is: claim a delivery → `await gate.acquire(channel)` →
/// `await notifier.send(alert, to: channel, attempt:)` → record the outcome and
/// `RetryPolicy.decide` → release the permit. `send` never throws: every failure is an outcome.
public protocol Notifier: Sendable {
    func send(_ alert: Alert, to channel: ChannelConfig, attempt: DeliveryAttempt) async -> DeliveryOutcome
}
