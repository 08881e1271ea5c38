import DatelineCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints alerts: the readable block for `format: text` (colour per the renderer's options),
/// one JSON line per alert for `format: json`.
public struct StdoutSink: Notifier {
    let renderer: AlertRenderer
    let write: @Sendable (String) -> Void

    /// `write` defaults to standard output; tests pass a collector.
    public init(renderer: AlertRenderer = AlertRenderer(), write: (@Sendable (String) -> Void)? = nil) {
        self.renderer = renderer
        self.write = write ?? { FileHandle.standardOutput.write(Data($0.utf8)) }
    }

    /// Whether standard output is a terminal (to decide `RenderOptions.colour`).
    public static var isTerminal: Bool { isatty(1) != 0 }

    /// Renders and prints `alert`; a template error is a `rejected` outcome.
    public func send(_ alert: Alert, to channel: ChannelConfig, attempt: DeliveryAttempt) async -> DeliveryOutcome {
        do {
            let message = try renderer.render(alert, for: channel)
            write(message.json == nil ? message.body : message.body + "\n")
            return DeliveryOutcome(classification: .delivered)
        } catch let error as NotifyError {
            return DeliveryOutcome(classification: .rejected, errorCode: error.code, error: error.message)
        } catch {
            return DeliveryOutcome(classification: .rejected, errorCode: "render_failed", error: "\(error)")
        }
    }
}
