import DatelineCore
import Foundation

/// How `dateline watch --print` writes alerts.
public enum AlertPrintFormat: String, Sendable, CaseIterable {
    /// A readable block per alert.
    case text
    /// One JSON object (the Core `Alert`) per line.
    case json
}

/// Renders committed alerts for standard output.
public enum AlertPrinter {
    /// The alert in a format; text ends with a blank line, JSON is one line.
    public static func render(_ alert: Alert, format: AlertPrintFormat) -> String {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(alert)) ?? Data("{}".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        case .text:
            var lines = ["[\(alert.createdAt)] \(alert.rule) #\(alert.id): \(alert.event.title)"]
            let date = alert.event.date.map { " on \($0.value)" } ?? ""
            lines.append("  event \(alert.event.id) (\(alert.event.kind.rawValue), \(alert.event.status.rawValue)\(date)), change: \(alert.change.rawValue)")
            for reason in alert.reasons { lines.append("  - \(reason)") }
            for mention in alert.mentions.prefix(5) {
                let source = [mention.source, mention.published?.iso].compactMap { $0 }.joined(separator: ", ")
                lines.append("  \"\(mention.sentence)\"" + (source.isEmpty ? "" : " (\(source))") + (mention.url.map { " \($0)" } ?? ""))
            }
            if alert.mentions.count > 5 { lines.append("  … and \(alert.mentions.count - 5) more reports") }
            return lines.joined(separator: "\n") + "\n\n"
        }
    }
}
