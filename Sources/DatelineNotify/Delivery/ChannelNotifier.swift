import DatelineCore

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

    /// Sends with the sender of the channel's type.
    public func send(_ alert: Alert, to channel: ChannelConfig, attempt: DeliveryAttempt) async -> DeliveryOutcome {
        switch channel.type {
        case .stdout: await stdout.send(alert, to: channel, attempt: attempt)
        case .file: await file.send(alert, to: channel, attempt: attempt)
        case .webhook: await webhook.send(alert, to: channel, attempt: attempt)
        }
    }
}
