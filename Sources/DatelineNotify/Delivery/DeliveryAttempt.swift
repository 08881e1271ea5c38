/// Which delivery this is: the id receivers de-duplicate by and the attempt number.
public struct DeliveryAttempt: Hashable, Sendable, Codable {
    /// The delivery's id, sent as `webhook-id`: the same on every retry of the delivery.
    public var deliveryID: String
    /// 1 for the first try, 2 for the first retry, …
    public var number: Int

    /// An attempt of delivery `deliveryID`, numbered from 1.
    public init(deliveryID: String, number: Int) {
        self.deliveryID = deliveryID
        self.number = number
    }
}
