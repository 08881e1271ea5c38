import Foundation

/// One delivery as `dateline deliveries list` shows it.
public struct DeliverySummary: Hashable, Sendable {
    public var id: Int64
    public var alertID: Int64
    /// The rule that fired the alert.
    public var rule: String
    /// The alert's event, when it still exists.
    public var eventID: Int64?
    /// The event's title as it was when the alert fired.
    public var title: String
    public var channel: String
    /// The `webhook-id` receivers de-duplicate by.
    public var messageID: String
    public var state: DeliveryState
    /// Attempts made (claims), including one in flight.
    public var attempts: Int
    /// When the next attempt is due (pending deliveries).
    public var nextAttemptAt: Date
    /// The worker holding it now, if any.
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    public var lastStatusCode: Int?
    public var lastError: String?
    public var deliveredAt: Date?
    public var createdAt: Date

    /// A summary row (built by the store).
    public init(
        id: Int64, alertID: Int64, rule: String, eventID: Int64?, title: String, channel: String, messageID: String,
        state: DeliveryState, attempts: Int, nextAttemptAt: Date, leaseOwner: String?, leaseExpiresAt: Date?,
        lastStatusCode: Int?, lastError: String?, deliveredAt: Date?, createdAt: Date
    ) {
        self.id = id
        self.alertID = alertID
        self.rule = rule
        self.eventID = eventID
        self.title = title
        self.channel = channel
        self.messageID = messageID
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
        self.lastStatusCode = lastStatusCode
        self.lastError = lastError
        self.deliveredAt = deliveredAt
        self.createdAt = createdAt
    }
}
