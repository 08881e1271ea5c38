import DatelineCore

/// TimelineJS 3 JSON (timeline.knightlab.com/docs/json-format.html).
///
/// `start_date` carries only the parts the date knows, as integers: a month is `{year, month}`,
/// a year `{year}`; never a made-up day. Fuzzy dates (week, part of month, quarter, …) start
/// at their first known part (the month of "late April 2025") and set `display_date` to the
/// honest wording. A week is given as the range it is: `start_date` its Monday, `end_date`
/// its Sunday, `display_date` "week of …" (a range, not a guessed day). Undated events are left out; the title slide says how many.
/// `text` fields are HTML in TimelineJS, so every text is HTML-escaped.
enum TimelineJSRenderer {
    static func render(_ c: RenderContext) -> JSONValue {
        let x = Escape.xml
        var intro = c.timeline.selection.isEmpty ? "" : x(c.timeline.selection) + "<br/>"
        intro += "\(c.dated.count) dated event\(c.dated.count == 1 ? "" : "s")."
        if !c.undated.isEmpty {
            intro += " \(c.undated.count) undated event\(c.undated.count == 1 ? " is" : "s are") not shown."
        }
        var events: [JSONValue] = []
        for v in c.dated {
            guard let d = v.date else { continue }
            var slide: [String: JSONValue] = [
                "start_date": startDate(d),
                "text": .object(["headline": .string(x(v.headline)), "text": .string(body(v))]),
                "group": .string(v.kindLabel),
                "unique_id": .string("event-\(v.id)"),
            ]
            if d.precision != .day && d.precision != .month && d.precision != .year {
                slide["display_date"] = .string(v.dateText)
            }
            if d.precision == .week {
                slide["end_date"] = .object([
                    "year": .int(Int64(d.end.year)), "month": .int(Int64(d.end.month)), "day": .int(Int64(d.end.day)),
                ])
            }
            events.append(.object(slide))
        }
        return .object([
            "title": .object(["text": .object(["headline": .string(x(c.timeline.title)), "text": .string(intro)])]),
            "events": .array(events),
        ])
    }

    /// The TimelineJS date object with only the known parts.
    static func startDate(_ d: FuzzyDate) -> JSONValue {
        var parts: [String: JSONValue] = ["year": .int(Int64(d.start.year))]
        switch d.precision {
        case .day, .week:
            parts["month"] = .int(Int64(d.start.month))
            parts["day"] = .int(Int64(d.start.day))
        case .partOfMonth, .month:
            parts["month"] = .int(Int64(d.start.month))
        case .quarter, .season:
            if d.start.year == d.end.year && d.start.month == d.end.month { parts["month"] = .int(Int64(d.start.month)) }
        case .year, .decade, .century:
            break
        }
        return .object(parts)
    }

    /// The slide's HTML body: status, evidence, sources.
    static func body(_ v: EntryView) -> String {
        let x = Escape.xml
        var s = "<p><b>" + x(v.status.rawValue.firstUppercased) + "</b> · " + x(v.dateText) + "</p>"
        if let evidence = v.evidence { s += "<blockquote>" + x(evidence) + "</blockquote>" }
        if !v.sources.isEmpty {
            s += "<p>Sources: " + v.sources.map { m in
                let name = x(m.source ?? "source")
                if let url = Escape.safeURL(m.url) { return "<a href=\"\(x(url))\">\(name)</a>" }
                return name
            }.joined(separator: ", ") + "</p>"
        }
        return s
    }
}
