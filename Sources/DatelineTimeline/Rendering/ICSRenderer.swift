import DatelineCore

/// RFC 5545 iCalendar. Only day-precise events become VEVENTs (all-day: `DTSTART;VALUE=DATE`,
/// `DTEND` the next day), because a calendar has no way to show "late April" without
/// inventing a day. Every other event (week, part of month, month, year, …, undated) is listed
/// in the calendar's description (RFC 7986 `DESCRIPTION` and the older `X-WR-CALDESC`, one
/// line each with its honest date), so
/// nothing is silently lost. Lines end in CRLF and are folded at 75 octets without splitting
/// a UTF-8 sequence; TEXT values escape `\`, `;`, `,` and newlines.
enum ICSRenderer {
    static func render(_ c: RenderContext) throws -> String {
        let stamp = try Timestamp.basic(c.timeline.generatedAt, field: "generatedAt")
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Dateline//Timeline//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "NAME:" + text(c.timeline.title), "X-WR-CALNAME:" + text(c.timeline.title),
        ]
        let others = c.all.filter { $0.date?.precision != .day }
        var desc: [String] = []
        if !c.timeline.selection.isEmpty { desc.append(c.timeline.selection) }
        if !others.isEmpty {
            desc.append("Not on a single day (not in the calendar):")
            for v in others {
                desc.append("\(v.dateText): \(v.headline)")
            }
        }
        if !desc.isEmpty {
            // RFC 7986 DESCRIPTION, and X-WR-CALDESC for clients that predate it.
            let joined = text(desc.joined(separator: "\n"))
            lines.append("DESCRIPTION:" + joined)
            lines.append("X-WR-CALDESC:" + joined)
        }
        for v in c.dated {
            guard let d = v.date, d.precision == .day else { continue }
            lines.append("BEGIN:VEVENT")
            lines.append("UID:event-\(v.id)@" + text(c.options.tagAuthority.split(separator: ",").first.map(String.init) ?? "dateline"))
            lines.append("DTSTAMP:" + stamp)
            lines.append("DTSTART;VALUE=DATE:" + basicDate(d.start))
            lines.append("DTEND;VALUE=DATE:" + basicDate(d.start.adding(days: 1)))
            lines.append("SUMMARY:" + text(v.headline))
            lines.append("DESCRIPTION:" + text(description(v)))
            lines.append("CATEGORIES:" + text(v.kindLabel))
            switch v.status {
            case .occurred: lines.append("STATUS:CONFIRMED")
            case .expected, .reported: lines.append("STATUS:TENTATIVE")
            case .denied: break
            }
            if let url = Escape.safeURL(v.sources.first?.url) { lines.append("URL:" + url) }
            if let modified = try? Timestamp.basic(v.event.updatedAt, field: "updatedAt") {
                lines.append("LAST-MODIFIED:" + modified)
            }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map { fold($0) + "\r\n" }.joined()
    }

    static func description(_ v: EntryView) -> String {
        var parts = ["Status: \(v.status.rawValue)"]
        if let evidence = v.evidence { parts.append("“\(evidence)”") }
        for m in v.sources {
            parts.append("— " + [m.source ?? "Unknown source", m.published?.iso, m.url].compactMap { $0 }.joined(separator: " "))
        }
        return parts.joined(separator: "\n")
    }

    /// `YYYYMMDD`.
    static func basicDate(_ d: CalendarDate) -> String { d.iso.replacing("-", with: "") }

    /// RFC 5545 TEXT escaping; control characters other than newline are dropped.
    static func text(_ s: String) -> String {
        var out = ""
        var previousCR = false
        for u in s.unicodeScalars {
            defer { previousCR = u == "\r" }
            switch u {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": if !previousCR { out += "\\n" }
            case "\r": out += "\\n"
            case "\u{0}"..."\u{1F}", "\u{7F}": continue
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Folds a content line to at most 75 octets per physical line (RFC 5545 §3.1): the
    /// continuation lines start with one space, breaks fall between Unicode scalars.
    static func fold(_ line: String) -> String {
        var out = ""
        var count = 0
        for u in line.unicodeScalars {
            let size = UTF8.width(u)
            if count + size > 75 {
                out += "\r\n "
                count = 1
            }
            out.unicodeScalars.append(u)
            count += size
        }
        return out
    }
}
