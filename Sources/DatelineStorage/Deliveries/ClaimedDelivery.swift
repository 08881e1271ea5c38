import DatelineCore
import Foundation

/// A delivery a worker holds a lease on: what to send, where, and which attempt this is.
public struct ClaimedDelivery: Hashable, Sendable {
    /// The `deliveries` row id.
    public var id: Int64
    public var alertID: Int64
    /// The Standard Webhooks `webhook-id`: the same on every attempt.
    public var messageID: String
    /// This attempt's number, from 1 (the row's `attempts` after the claim).
    public var attempt: Int
    /// The alert as written by the watcher.
    public var alert: Alert
    /// The channel's stored configuration.
    public var channel: ChannelConfig
    /// When the lease runs out; after that another worker may claim the row.
    public var leaseExpiresAt: Date

    /// A claimed delivery (built by `PostgresDeliveryStore.claim`).
    public init(id: Int64, alertID: Int64, messageID: String, attempt: Int, alert: Alert, channel: ChannelConfig, leaseExpiresAt: Date) {
        self.id = id
        self.alertID = alertID
        self.messageID = messageID
        self.attempt = attempt
        self.alert = alert
        self.channel = channel
        self.leaseExpiresAt = leaseExpiresAt
    }
}
