import DatelineCore

/// A delivery with every attempt and its alert (`dateline deliveries show`).
public struct DeliveryDetail: Hashable, Sendable {
    public var summary: DeliverySummary
    /// Oldest first.
    public var attempts: [DeliveryAttemptRecord]
    /// The alert, when its stored payload can be read.
    public var alert: Alert?

    /// A delivery's detail.
    public init(summary: DeliverySummary, attempts: [DeliveryAttemptRecord], alert: Alert?) {
        self.summary = summary
        self.attempts = attempts
        self.alert = alert
    }
}
