import DatelineCore

/// Markdown: a heading per year (per month when every dated event lies in one year), one bullet
/// per event with the date in bold, a status badge, the headline, the evidence quoted, the
/// sources as links with their count, and status changes as sub-bullets; then "Undated".
enum MarkdownRenderer {
    static func render(_ c: RenderContext) -> String {
        var out = "# " + Escape.markdown(c.timeline.title) + "\n\n"
        if !c.timeline.selection.isEmpty { out += "_" + Escape.markdown(c.timeline.selection) + "_\n\n" }
        let years = Set(c.dated.compactMap { v -> Int? in
            guard let d = v.date, d.start.year == d.end.year else { return nil }
            return d.start.year
        })
        let byMonth = years.count == 1 && c.dated.allSatisfy { ($0.date?.start.year ?? 0) == ($0.date?.end.year ?? 1) }
        var current: String?
        for v in c.dated {
            let heading = self.heading(v, byMonth: byMonth)
            if heading != current {
                out += "## " + heading + "\n\n"
                current = heading
            }
            out += bullet(v)
        }
        if !c.undated.isEmpty {
            out += "## Undated\n\n"
            for v in c.undated { out += bullet(v) }
        }
        if let next = c.timeline.nextCursor { out += "_More events: cursor `\(next)`_\n\n" }
        out += "_Generated " + Escape.markdown(c.timeline.generatedAt) + " by Dateline._\n"
        return out
    }

    /// The section of a dated entry: its month ("April 2025") or year ("2025"); a date wider
    /// than its section (a year in month mode, a decade) gets a section of its own display.
    static func heading(_ v: EntryView, byMonth: Bool) -> String {
        guard let d = v.date else { return "Undated" }
        if byMonth, d.start.year == d.end.year, d.start.month == d.end.month { return DateDisplay.monthYear(d.start) }
        if d.start.year == d.end.year { return String(d.start.year) }
        return Escape.markdown(v.dateText)
    }

    static func bullet(_ v: EntryView) -> String {
        var s = "- **" + Escape.markdown(v.dateText) + "**"
        if let badge = v.statusBadge { s += " `" + badge + "`" }
        s += " " + Escape.markdown(v.headline) + " _(" + Escape.markdown(v.kindLabel) + ")_\n"
        if let evidence = v.evidence { s += "\n  > " + Escape.markdown(evidence) + "\n" }
        if !v.sources.isEmpty {
            let links = v.sources.map { m -> String in
                let name = Escape.markdown(m.source ?? "source")
                let when = m.published.map { ", " + $0.iso } ?? ""
                if let url = Escape.safeURL(m.url) { return "[\(name)](\(Escape.markdownURL(url)))\(when)" }
                return name + when
            }
            let count = v.event.sourceCount
            s += "\n  Sources (\(count) publication\(count == 1 ? "" : "s")): " + links.joined(separator: "; ") + "\n"
        }
        if !v.entry.history.isEmpty { s += "\n" }
        for h in v.entry.history {
            let from = h.from.map { $0.rawValue + " → " } ?? ""
            let note = h.note.map { ": " + Escape.markdown($0) } ?? ""
            s += "  - " + Escape.markdown(h.at) + " — status \(from)\(h.to.rawValue)\(note)\n"
        }
        return s + "\n"
    }
}
