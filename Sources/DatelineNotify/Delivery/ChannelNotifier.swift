import DatelineCore
import Logging

/// The notifier the worker uses: routes each channel to stdout, its file or its webhook.
public struct ChannelNotifier: Notifier {
    /// Handles `type: stdout` channels.
    public let stdout: StdoutSink
    /// Handles `type: file` channels.
    public let file: FileSink
    /// Handles `type: webhook` channels.
    public let webhook: WebhookSender

    /// Routes to the three given senders.
    public init(stdout: StdoutSink, file: FileSink, webhook: WebhookSender) {
        self.stdout = stdout
        self.file = file
        self.webhook = webhook
    }

    /// The whole notifier from one configuration: stdout, files under `baseDirectory`, and
    /// webhooks, sharing one renderer and clock. Call `shutdown()` when done.
    public init(configuration: NotifyConfiguration, clock: any NotifyClock = SystemNotifyClock(), logger: Logger = Logger(label: "dateline.notify")) {
        let renderer = AlertRenderer(options: configuration.renderOptions)
        stdout = StdoutSink(renderer: renderer)
        file = FileSink(renderer: renderer, clock: clock, baseDirectory: configuration.baseDirectory)
        webhook = WebhookSender(
            configuration: .init(connectTimeout: configuration.connectTimeout, userAgent: configuration.userAgent),
            renderer: renderer, clock: clock, logger: logger
        )
    }

    /// Closes the webhook sender's HTTP connections.
    public func shutdown() async throws {
        try await webhook.shutdown()
    }

    /// Renders what `channel` would send, without sending (`dateline channels preview`).
    public func preview(alert: Alert, channel: ChannelConfig) throws -> String {
        try webhook.renderer.preview(alert: alert, channel: channel)
    }

    /// Sends a test message to `channel` (`dateline channels test`): webhooks get a signed
    /// request and the answer is reported; stdout and files get the test alert written.
    public func channelTest(_ channel: ChannelConfig) async -> DeliveryOutcome {
        switch channel.type {
        case .webhook:
            return await webhook.channelTest(channel)
        case .stdout, .file:
            let alert = ChannelTestMessage.alert(now: ChannelTestMessage.timestamp(webhook.clock.now()))
            return await send(alert, to: channel, attempt: DeliveryAttempt(deliveryID: "test", number: 1))
        }
    }

    /// Renders a webhook's message ahead into the sender's cache, outside the channel's gate:
    /// while one request of a channel is in flight, the next one is made ready.
    public func prepare(_ alert: Alert, for channel: ChannelConfig) {
        guard channel.type == .webhook else { return }
        webhook.prepare(alert, for: channel)
    }

    /// Sends with the sender of the channel's type.
    public func send(_ alert: Alert, to channel: ChannelConfig, attempt: DeliveryAttempt) async -> DeliveryOutcome {
        switch channel.type {
        case .stdout: await stdout.send(alert, to: channel, attempt: attempt)
        case .file: await file.send(alert, to: channel, attempt: attempt)
        case .webhook: await webhook.send(alert, to: channel, attempt: attempt)
        }
    }
}
