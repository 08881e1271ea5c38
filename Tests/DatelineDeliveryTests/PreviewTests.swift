import DatelineApp
import DatelineCore
import DatelineNotify
import DatelineStorage
import DatelineTesting
import Foundation
import Testing

@Suite("Channel preview and listing")
struct PreviewTests {
    @Test("preview renders a stored event in the channel's format without sending; list masks URLs")
    func preview() async throws {
        try await withDelivery { context, receiver, harness in
            let store = context.deliveries, clock = harness.clock
            try await context.client.query(
                "INSERT INTO events (id, kind, status, title, confidence, identity_key) VALUES (77, 'resignation', 'expected', 'Port director to leave in June', 0.8, 'k77')")
            let slack = ChannelConfig(name: "newsroom", type: .webhook, format: .slack, url: receiver.url + "/secret-path", allowPrivateNetwork: true)
            try await store.saveChannels([slack], now: clock.date)
            let text = try await ChannelPreview.render(channel: "newsroom", eventID: 77, context: context, notifier: harness.notifier, now: clock.date)
            #expect(text.contains("Port director to leave in June"))
            #expect(text.contains("blocks"))
            #expect(await receiver.received().isEmpty)
            await #expect(throws: StorageError.self) {
                _ = try await ChannelPreview.render(channel: "nope", eventID: 77, context: context, notifier: harness.notifier, now: clock.date)
            }
            let listing = try DeliveryOutput.renderChannels(try await store.channels(), format: .text)
            #expect(listing.contains("newsroom"))
            #expect(listing.contains("1/1s"))
            #expect(!listing.contains("secret-path"))
            // JSON is the API's channel shape: masked URL, Slack's default limit as the effective one.
            let json = try DeliveryOutput.renderChannels(try await store.channels(), format: .json)
            let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
            #expect(objects.first?["name"] as? String == "newsroom")
            #expect(objects.first?["secret_count"] as? Int == 0)
            #expect(objects.first?["effective_rate_limit"] as? String == "1/1s")
            #expect(!json.contains("secret-path"))
        }
    }
}
