/// One attempt of a claimed delivery with its decision, for `PostgresDeliveryStore.record`.
public struct DeliveryResult: Hashable, Sendable {
    public var delivery: ClaimedDelivery
    public var report: AttemptReport
    public var resolution: DeliveryResolution

    /// An attempt and its decision.
    public init(delivery: ClaimedDelivery, report: AttemptReport, resolution: DeliveryResolution) {
        self.delivery = delivery
        self.report = report
        self.resolution = resolution
    }
}
