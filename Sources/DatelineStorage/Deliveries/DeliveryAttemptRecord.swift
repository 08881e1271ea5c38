import Foundation

/// One stored attempt of a delivery (`delivery_attempts`).
public struct DeliveryAttemptRecord: Hashable, Sendable {
    /// 1 for the first attempt.
    public var attempt: Int
    public var startedAt: Date
    public var statusCode: Int?
    /// Milliseconds the attempt took.
    public var latencyMilliseconds: Double?
    /// `delivered`, `retry`, `gone` or `rejected`.
    public var outcome: String
    public var error: String?

    /// A stored attempt.
    public init(attempt: Int, startedAt: Date, statusCode: Int?, latencyMilliseconds: Double?, outcome: String, error: String?) {
        self.attempt = attempt
        self.startedAt = startedAt
        self.statusCode = statusCode
        self.latencyMilliseconds = latencyMilliseconds
        self.outcome = outcome
        self.error = error
    }
}
