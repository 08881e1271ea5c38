import DatelineStorage

extension DatabaseContext {
    /// The delivery outbox and channels on this context's client.
    public var deliveries: PostgresDeliveryStore { PostgresDeliveryStore(client: client, logger: logger) }
}
