import DatelineCore
import DatelineNotify
import DatelineStorage
import Foundation

/// `dateline channels preview`: the message a channel would get for a stored event.
public enum ChannelPreview {
    /// The alert a preview renders: the event with its mentions, rule and reason "preview".
    public static func alert(for detail: EventDetail, now: Date) -> Alert {
        Alert(
            id: 0, rule: "preview", change: .new, event: detail.event, reasons: ["preview"], mentions: detail.mentions,
            createdAt: ISO8601DateFormatter().string(from: now))
    }

    /// Renders the event `eventID` for the channel `name` without sending anything.
    public static func render(channel name: String, eventID: Int64, context: DatabaseContext, notifier: ChannelNotifier, now: Date) async throws -> String {
        let channel = try await context.deliveries.channel(named: name)
        guard let config = channel.config else {
            throw AppError(code: "bad_channel", message: "channel '\(name)': its stored configuration cannot be read (\(channel.configError ?? "unknown"))", category: .internal)
        }
        let detail = try await context.events.detail(id: eventID)
        return try notifier.preview(alert: alert(for: detail, now: now), channel: config)
    }
}
