import Foundation

/// What an attempt decided for its delivery, recorded with the attempt in one transaction.
public enum DeliveryResolution: Hashable, Sendable {
    /// The channel accepted it.
    case delivered
    /// Try again at this time.
    case retry(at: Date)
    /// Give up: out of attempts or not retryable.
    case dead
    /// The endpoint is gone (410): the delivery is dead and the channel disabled with `reason`.
    case disableChannel(reason: String)
}
