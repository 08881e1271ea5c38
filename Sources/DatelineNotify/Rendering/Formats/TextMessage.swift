/// The readable multi-line block printed for an alert on a terminal.
enum TextMessage {
    struct Style {
        let bold: String, dim: String, accent: String, reset: String
        static let plain = Style(bold: "", dim: "", accent: "", reset: "")
        static let ansi = Style(bold: "\u{1B}[1m", dim: "\u{1B}[2m", accent: "\u{1B}[36m", reset: "\u{1B}[0m")
    }

    static func build(_ p: AlertPresentation, colour: Bool) -> String {
        let s = colour ? Style.ansi : Style.plain
        let clean: (String) -> String = { TextMessage.stripControls($0) }
        var lines = ["\(s.bold)\(s.accent)● \(clean(p.title)) · \(p.changeDisplay)\(s.reset)  \(s.dim)rule \(clean(p.rule)) · alert \(p.alertID)\(s.reset)"]
        lines.append("  \(s.bold)\(clean(p.headline))\(s.reset)")
        lines.append("  Date: \(p.dateDisplay)")
        if let evidence = p.evidence { lines.append("  “\(clean(evidence.replacingNewlines(with: " ")))”") }
        for source in p.sources {
            lines.append("  Source: \(clean(source.name))" + (source.url.map { " <\(clean($0))>" } ?? ""))
        }
        for reason in p.reasons { lines.append("  Why: \(clean(reason))") }
        if let url = p.url { lines.append("  \(s.accent)\(url)\(s.reset)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Removes terminal control characters (escape sequences) from untrusted text.
    static func stripControls(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 && scalar != "\t" { out += " "; continue }
            if scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) { continue }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
