/// Where a delivery row is in its life: `pending` until sent or given up on.
public enum DeliveryState: String, Hashable, Sendable, Codable, CaseIterable {
    /// Waiting for its next attempt (possibly leased to a worker right now).
    case pending
    /// The channel accepted it.
    case delivered
    /// Out of attempts or not retryable; kept, visible, and retryable by hand.
    case dead
    /// Not attempted because its channel is disabled or not configured.
    case cancelled
}
