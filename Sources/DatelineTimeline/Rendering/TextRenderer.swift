import DatelineCore

/// Aligned columns for a terminal: `date | kind | status | headline`, then the evidence and
/// the sources indented below. Non-occurred statuses are upper-case ("EXPECTED", "DENIED") so
/// they stand out without colour; with `color` they are also coloured (ANSI).
enum TextRenderer {
    static func render(_ c: RenderContext) -> String {
        let color = c.options.color
        var out = ""
        out += style(clean(c.timeline.title), "1", color) + "\n"
        if !c.timeline.selection.isEmpty { out += clean(c.timeline.selection) + "\n" }
        out += "\(c.dated.count + c.undated.count) events · generated \(clean(c.timeline.generatedAt))\n"
        let all = c.all
        let dateWidth = max(all.map { $0.dateText.count }.max() ?? 0, 4)
        let kindWidth = max(all.map { $0.kindLabel.count }.max() ?? 0, 4)
        let statusWidth = max(all.map { $0.status.rawValue.count }.max() ?? 0, 6)
        func line(_ v: EntryView) -> String {
            let status = v.status == .occurred ? v.status.rawValue : v.status.rawValue.uppercased()
            var s = style(padded(v.dateText, dateWidth), "1", color) + "  " + padded(v.kindLabel, kindWidth) + "  "
            s += style(padded(status, statusWidth), statusColor(v.status), color && v.status != .occurred) + "  "
            s += clean(v.headline) + "\n"
            if let evidence = v.evidence { s += "    “" + clean(evidence) + "”\n" }
            for m in v.sources {
                var parts: [String] = [clean(m.source ?? "Unknown source")]
                if let p = m.published { parts.append(p.iso) }
                if let u = m.url { parts.append(clean(u)) }
                s += style("    — " + parts.joined(separator: " · "), "2", color) + "\n"
            }
            for h in v.entry.history {
                let from = h.from.map { $0.rawValue + " → " } ?? ""
                let note = h.note.map { " (\(clean($0)))" } ?? ""
                s += style("    ↳ \(clean(h.at)): \(from)\(h.to.rawValue)\(note)", "2", color) + "\n"
            }
            return s
        }
        if !c.dated.isEmpty { out += "\n" }
        for v in c.dated { out += line(v) }
        if !c.undated.isEmpty {
            out += "\n" + style("Undated", "1", color) + "\n"
            for v in c.undated { out += line(v) }
        }
        if let next = c.timeline.nextCursor { out += "\nMore: --after \(next)\n" }
        return out
    }

    /// Pads with spaces to `width` characters (grapheme clusters).
    static func padded(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    static func statusColor(_ s: EventStatus) -> String {
        switch s {
        case .occurred: "32"
        case .expected: "33"
        case .reported: "35"
        case .denied: "31;1"
        }
    }

    /// Wraps in an ANSI SGR sequence when `on`.
    static func style(_ s: String, _ code: String, _ on: Bool) -> String {
        on ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    /// Text from articles for a terminal: on one line, with control characters (C0, DEL, C1:
    /// escape sequences could rewrite the screen) removed.
    static func clean(_ s: String) -> String {
        var out = ""
        for u in HeadlineTemplates.oneLine(s).unicodeScalars where !(u.value < 0x20 || (0x7F...0x9F).contains(u.value)) {
            out.unicodeScalars.append(u)
        }
        return out
    }
}
