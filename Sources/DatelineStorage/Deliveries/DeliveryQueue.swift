/// The delivery outbox's wake-up: writers NOTIFY it once per transaction that wrote delivery
/// rows; delivery workers LISTEN on it (and sweep, since NOTIFY is only a hint).
///
/// The same declaration as the watcher's (Alerts/AlertStore.swift); when both branches meet,
/// keep one.
public enum DeliveryQueue {
    /// The NOTIFY channel of new deliveries (no payload).
    public static let channel = "dateline_deliveries"

    /// The delivery's Standard Webhooks message id: stable for an alert and channel, so a
    /// replay writes the same id and receivers de-duplicate by it.
    public static func messageID(alertID: Int64, channel: String) -> String {
        "msg_\(alertID)_\(ContentHash.of(channel).prefix(12))"
    }
}
