import Foundation

/// What one attempt came to, as stored in `delivery_attempts`.
public struct AttemptReport: Hashable, Sendable {
    public var startedAt: Date
    /// The HTTP status, when a response arrived.
    public var statusCode: Int?
    /// Seconds the attempt took.
    public var latency: Double
    /// The classification (`delivered`, `retry`, `gone`, `rejected`).
    public var outcome: String
    /// What went wrong, safe to show.
    public var error: String?

    /// A report of one attempt.
    public init(startedAt: Date, statusCode: Int?, latency: Double, outcome: String, error: String?) {
        self.startedAt = startedAt
        self.statusCode = statusCode
        self.latency = latency
        self.outcome = outcome
        self.error = error
    }
}
