import DatelineCore
import Foundation

/// The message `dateline channels test` sends: clearly a test, in the channel's format.
enum ChannelTestMessage {
    static func render(for channel: ChannelConfig, renderer: AlertRenderer, now: Double) throws -> RenderedMessage {
        let stamp = timestamp(now)
        if channel.format == .json && channel.template == nil {
            let doc: JSONValue = .object([
                ("type", .string(AlertPayload.testEventType)),
                ("timestamp", .string(stamp)),
                ("data", .object([("channel", .string(channel.name)), ("message", .string("Test message from Dateline: this channel works."))])),
            ])
            return RenderedMessage(body: doc.serialized(), contentType: "application/json", json: doc)
        }
        return try renderer.render(alert(now: stamp), for: channel)
    }

    static func timestamp(_ now: Double) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: now))
    }

    static func alert(now: String) -> Alert {
        let event = Event(
            id: 0, kind: EventKind(rawValue: "test"), status: .occurred, date: nil,
            title: "Test message from Dateline", confidence: 1, participants: [],
            sourceCount: 0, mentionCount: 0, createdAt: now, updatedAt: now
        )
        return Alert(
            id: 0, rule: "channels-test", change: .new, event: event,
            reasons: ["sent by `dateline channels test`: this channel works"], mentions: [], createdAt: now
        )
    }
}
