import DatelineCore
import Synchronization

extension WebhookSender {
    /// What the sender keeps between requests so a delivery does not redo work another one
    /// did: parsed signing keys per list of secrets, and rendered bodies per stored alert and
    /// rendering (type, format, template), shared by every channel that renders alike.
    ///
    /// Both are bounded (emptied when full): a worker holds few channels and few alerts in
    /// flight at once, so the cache only needs to cover that.
    final class Caches: Sendable {
        struct RenderKey: Hashable {
            var alertID: Int64
            /// With the id: an id reused after the tables were emptied does not match.
            var rule: String
            var createdAt: String
            var eventID: Int64
            var type: ChannelConfig.ChannelType
            var format: ChannelConfig.Format
            var template: String?
        }

        struct State {
            var signers: [[String]: StandardWebhookSigner] = [:]
            var rendered: [RenderKey: RenderedMessage] = [:]
        }

        let state = Mutex(State())
        let maxSigners = 256
        let maxRendered = 1024

        /// The signer for `secrets`, parsed once (a malformed secret throws every time).
        func signer(for secrets: [String]) throws -> StandardWebhookSigner {
            if let known = state.withLock({ $0.signers[secrets] }) { return known }
            let signer = try StandardWebhookSigner(secrets: secrets)
            state.withLock { state in
                if state.signers.count >= maxSigners { state.signers = [:] }
                state.signers[secrets] = signer
            }
            return signer
        }

        /// `alert` rendered for `channel`, rendered once per stored alert and rendering.
        /// Alerts without a stored id (previews, tests) are rendered every time.
        func rendered(_ alert: Alert, for channel: ChannelConfig, by renderer: AlertRenderer) throws -> RenderedMessage {
            guard alert.id > 0 else { return try renderer.render(alert, for: channel) }
            let key = RenderKey(
                alertID: alert.id, rule: alert.rule, createdAt: alert.createdAt, eventID: alert.event.id, type: channel.type, format: channel.format, template: channel.template)
            if let known = state.withLock({ $0.rendered[key] }) { return known }
            let message = try renderer.render(alert, for: channel)
            state.withLock { state in
                if state.rendered.count >= maxRendered { state.rendered = [:] }
                state.rendered[key] = message
            }
            return message
        }
    }
}
