/// What `PostgresDeliveryStore.enqueue` wrote: the alert's id and one delivery per channel.
public struct EnqueuedAlert: Hashable, Sendable {
    public var alertID: Int64
    /// (delivery id, channel, message id) per channel, in the order given.
    public var deliveries: [Delivery]

    /// One `deliveries` row as written.
    public struct Delivery: Hashable, Sendable {
        public var id: Int64
        public var channel: String
        public var messageID: String

        /// A written delivery row.
        public init(id: Int64, channel: String, messageID: String) {
            self.id = id
            self.channel = channel
            self.messageID = messageID
        }
    }

    /// What was written.
    public init(alertID: Int64, deliveries: [Delivery]) {
        self.alertID = alertID
        self.deliveries = deliveries
    }
}
