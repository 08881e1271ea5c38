import DatelineCore

/// The notifier the worker uses: routes each channel to stdout, its file or its webhook.
public struct ChannelNotifier: Notifier {
    public let stdout: StdoutSink
    public let file: FileSink
    public let webhook: WebhookSender

    public init(stdout: StdoutSink, file: FileSink, webhook: WebhookSender) {
        self.stdout = stdout
        self.file = file
        self.webhook = webhook
    }

    public func send(_ alert: Alert, to channel: ChannelConfig, attempt: DeliveryAttempt) async -> DeliveryOutcome {
        switch channel.type {
        case .stdout: await stdout.send(alert, to: channel, attempt: attempt)
        case .file: await file.send(alert, to: channel, attempt: attempt)
        case .webhook: await webhook.send(alert, to: channel, attempt: attempt)
        }
    }
}
