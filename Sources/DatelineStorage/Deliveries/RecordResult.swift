/// Whether `PostgresDeliveryStore.record` changed the delivery.
public enum RecordResult: Hashable, Sendable {
    /// The lease was still ours: the attempt and the decision are stored.
    case recorded
    /// Another worker took the delivery over (our lease expired): the attempt is kept in the
    /// history, but the delivery's state is left to its new owner.
    case leaseLost
}
