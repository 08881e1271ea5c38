import DatelineCore

/// An SVG picture for a story: a horizontal time axis (ticks per year, or per month for
/// spans under three years), one lane per entity or per kind, a marker per event (shape and
/// colour by status), dates known only as a range drawn as a bar over that range, labels placed
/// greedily in up to three rows above each lane, a lane as tall as its rows (truncated with "…", dropped when no row is
/// free: the marker's tooltip still has the full headline), and a legend. Well-formed XML with
/// a `viewBox`, so it scales when embedded. At most `maxLanes` lanes: the quietest entities
/// share an "Others" lane so the picture stays story-sized.
enum SVGRenderer {
    static let labelRows = 3
    static let rowHeight = 15.0
    static let charWidth = 6.3
    static let maxLabelWidth = 440.0
    /// At most this many lanes; the quietest are folded into one "Others" lane.
    static let maxLanes = 12

    struct Lane {
        var name: String
        var items: [EntryView] = []
    }

    /// An event with its position and, when one was free, its label row.
    struct Placed {
        var view: EntryView
        /// Left and right edge of its date range, and its centre.
        var a: Double, b: Double, cx: Double
        var row: Int?
        var label: String
        /// Whether the label ends at the marker (near the right edge) instead of starting there.
        var leftward = false
    }

    static func render(_ c: RenderContext) -> String {
        let x = Escape.xml
        let width = Double(max(c.options.svgWidth, 480))
        let plotX0 = 200.0, plotX1 = width - 30
        let top = c.timeline.selection.isEmpty ? 52.0 : 70.0

        var s = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        func header(height: Double) {
            s += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"\(f(width))\" height=\"\(f(height))\" role=\"img\" aria-labelledby=\"svg-title svg-desc\" font-family=\"Helvetica, Arial, sans-serif\">\n"
            s += "<title id=\"svg-title\">\(x(c.timeline.title))</title>\n"
            s += "<desc id=\"svg-desc\">Timeline of \(c.dated.count) dated event\(c.dated.count == 1 ? "" : "s"). Generated \(x(c.timeline.generatedAt)) by Dateline.</desc>\n"
            s += "<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"#ffffff\"/>\n"
            s += "<text x=\"16\" y=\"30\" font-size=\"18\" font-weight=\"bold\" fill=\"#1b1f24\">\(x(truncate(c.timeline.title, width - 32, perChar: 10)))</text>\n"
            if !c.timeline.selection.isEmpty {
                s += "<text x=\"16\" y=\"50\" font-size=\"12\" fill=\"#57606a\">\(x(truncate(c.timeline.selection, width - 32, perChar: 6.8)))</text>\n"
            }
        }

        guard let minDay = c.dated.compactMap({ $0.date?.start.dayNumber }).min(),
              let maxDay = c.dated.compactMap({ $0.date.map { $0.end.dayNumber + 1 } }).max()
        else {
            let legendY = top + 70
            header(height: legendY + (c.undated.isEmpty ? 30 : 48))
            s += "<text x=\"\(f(plotX0))\" y=\"\(f(top + 30))\" font-size=\"13\" fill=\"#57606a\">No dated events.</text>\n"
            s += legend(y: legendY, undated: c.undated.count)
            return s + "</svg>\n"
        }
        // The domain with a margin, at least a month wide.
        var d0 = Double(minDay), d1 = Double(maxDay)
        if d1 - d0 < 30 { let mid = (d0 + d1) / 2; d0 = mid - 15; d1 = mid + 15 }
        let pad = (d1 - d0) * 0.04
        d0 -= pad; d1 += pad
        func px(_ day: Double) -> Double { plotX0 + (day - d0) / (d1 - d0) * (plotX1 - plotX0) }

        // Lanes in order of first appearance.
        var lanes: [Lane] = []
        var laneIndex: [String: Int] = [:]
        for v in c.dated {
            let key = laneName(v, c.options.lanes)
            if let i = laneIndex[key] {
                lanes[i].items.append(v)
            } else {
                laneIndex[key] = lanes.count
                lanes.append(Lane(name: key, items: [v]))
            }
        }
        if lanes.count > maxLanes {
            // Keep the busiest lanes (ties: first seen), fold the rest into "Others" at the bottom.
            let keep = Set(lanes.indices.sorted { (-lanes[$0].items.count, $0) < (-lanes[$1].items.count, $1) }.prefix(maxLanes - 1))
            var others = Lane(name: "Others (\(lanes.count - maxLanes + 1))")
            others.items = lanes.indices.filter { !keep.contains($0) }.flatMap { lanes[$0].items }
            lanes = lanes.indices.filter { keep.contains($0) }.map { lanes[$0] } + [others]
        }

        // Greedy label placement per lane, left to right: the lowest row that is free at the
        // marker; a lane is as tall as the rows it uses.
        var hidden = 0
        let placedLanes: [[Placed]] = lanes.map { lane in
            var rowEnd = Array(repeating: -Double.infinity, count: labelRows)
            let items = lane.items.compactMap { v -> Placed? in
                guard let d = v.date else { return nil }
                let a = px(Double(d.start.dayNumber)), b = px(Double(d.end.dayNumber + 1))
                return Placed(view: v, a: a, b: b, cx: (a + b) / 2, row: nil, label: "")
            }.sorted { ($0.cx, $0.view.id) < ($1.cx, $1.view.id) }
            return items.map { item in
                var item = item
                // Labels start at the marker; near the right edge they end there instead.
                let full = min(Double(HeadlineTemplates.oneLine(item.view.headline).count) * charWidth, maxLabelWidth)
                let rightRoom = width - 8 - (item.cx - 3), leftRoom = item.cx + 3 - plotX0
                item.leftward = rightRoom < min(full, 160) && leftRoom > rightRoom
                let label = truncate(item.view.headline, min(maxLabelWidth, item.leftward ? leftRoom : rightRoom), perChar: charWidth)
                let labelWidth = Double(label.count) * charWidth
                let start = item.leftward ? item.cx + 3 - labelWidth : item.cx - 3
                if label.count >= 4, let row = (0..<labelRows).first(where: { rowEnd[$0] + 8 <= start }) {
                    rowEnd[row] = start + labelWidth
                    item.row = row
                    item.label = label
                } else {
                    hidden += 1
                }
                return item
            }
        }
        let laneHeights = placedLanes.map { items in
            24 + Double((items.compactMap(\.row).max() ?? 0) + 1) * rowHeight
        }
        let lanesBottom = top + laneHeights.reduce(0, +)
        let axisY = lanesBottom + 8
        let legendY = axisY + 46
        header(height: legendY + (c.undated.isEmpty ? 30 : 48))

        // Axis and ticks.
        s += "<g class=\"axis\" font-size=\"11\" fill=\"#57606a\">\n"
        s += "<line x1=\"\(f(plotX0))\" y1=\"\(f(axisY))\" x2=\"\(f(plotX1))\" y2=\"\(f(axisY))\" stroke=\"#8c959f\" stroke-width=\"1\"/>\n"
        for tick in ticks(from: Int(d0.rounded(.down)), to: Int(d1.rounded(.up))) {
            let tx = px(Double(tick.day))
            guard tx >= plotX0 - 0.5, tx <= plotX1 + 0.5 else { continue }
            s += "<line x1=\"\(f(tx))\" y1=\"\(f(top))\" x2=\"\(f(tx))\" y2=\"\(f(axisY + 5))\" stroke=\"#eaeef2\" stroke-width=\"1\"/>\n"
            s += "<text x=\"\(f(tx))\" y=\"\(f(axisY + 18))\" text-anchor=\"middle\">\(x(tick.label))</text>\n"
        }
        s += "</g>\n"

        // Lanes.
        var laneTop = top
        for (i, lane) in lanes.enumerated() {
            let height = laneHeights[i]
            let lineY = laneTop + height - 12
            s += "<g class=\"lane\">\n"
            if i % 2 == 1 {
                s += "<rect x=\"0\" y=\"\(f(laneTop))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"#f6f8fa\"/>\n"
            }
            s += "<text x=\"16\" y=\"\(f(lineY + 4))\" font-size=\"12\" font-weight=\"bold\" fill=\"#1b1f24\">\(x(truncate(lane.name, plotX0 - 28, perChar: 7)))</text>\n"
            s += "<line x1=\"\(f(plotX0))\" y1=\"\(f(lineY))\" x2=\"\(f(plotX1))\" y2=\"\(f(lineY))\" stroke=\"#d0d7de\" stroke-width=\"1\"/>\n"
            for p in placedLanes[i] {
                let v = p.view
                let color = statusColor(v.status)
                let tip = "\(v.dateText): \(v.headline) [\(v.status.rawValue)]"
                s += "<g class=\"event \(v.status.rawValue)\">\n<title>\(x(tip))</title>\n"
                if v.date?.precision != .day {
                    let fill = v.status == .occurred ? color : "#ffffff"
                    let dash = v.status == .reported ? " stroke-dasharray=\"3 2\"" : ""
                    s += "<rect x=\"\(f(p.a))\" y=\"\(f(lineY - 4))\" width=\"\(f(max(p.b - p.a, 3)))\" height=\"8\" rx=\"3\" fill=\"\(fill)\" fill-opacity=\"0.45\" stroke=\"\(color)\" stroke-width=\"1.5\"\(dash)/>\n"
                }
                s += marker(v.status, cx: p.cx, cy: lineY, r: v.date?.precision == .day ? 6 : 4)
                if let row = p.row {
                    let ty = lineY - 12 - Double(row) * rowHeight
                    s += "<line x1=\"\(f(p.cx))\" y1=\"\(f(lineY - 6))\" x2=\"\(f(p.cx))\" y2=\"\(f(ty + 2))\" stroke=\"#afb8c1\" stroke-width=\"0.75\"/>\n"
                    let anchor = p.leftward ? " text-anchor=\"end\"" : ""
                    s += "<text x=\"\(f(p.leftward ? p.cx + 3 : p.cx - 3))\" y=\"\(f(ty))\"\(anchor) font-size=\"11\" fill=\"#1b1f24\">\(x(p.label))</text>\n"
                }
                s += "</g>\n"
            }
            s += "</g>\n"
            laneTop += height
        }
        if hidden > 0 {
            s += "<text x=\"\(f(plotX1))\" y=\"\(f(axisY + 32))\" font-size=\"10\" text-anchor=\"end\" fill=\"#57606a\">\(hidden) label\(hidden == 1 ? "" : "s") hidden for space (hover a marker)</text>\n"
        }
        s += legend(y: legendY, undated: c.undated.count)
        return s + "</svg>\n"
    }

    static func laneName(_ v: EntryView, _ lanes: TimelineLanes) -> String {
        switch lanes {
        case .kind: return v.kindLabel
        case .entity:
            let e = v.event
            let name = e.name(for: .subject) ?? e.name(for: .organization) ?? e.name(for: .counterparty)
            return name.map(HeadlineTemplates.oneLine) ?? "Others"
        }
    }

    static func statusColor(_ s: EventStatus) -> String {
        switch s {
        case .occurred: "#1a7f37"
        case .expected: "#9a6700"
        case .reported: "#8250df"
        case .denied: "#cf222e"
        }
    }

    /// occurred: filled circle; expected: hollow circle; reported: dashed hollow circle;
    /// denied: a cross.
    static func marker(_ status: EventStatus, cx: Double, cy: Double, r: Double) -> String {
        let c = statusColor(status)
        switch status {
        case .occurred:
            return "<circle cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"\(f(r))\" fill=\"\(c)\"/>\n"
        case .expected:
            return "<circle cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"\(f(r))\" fill=\"#ffffff\" stroke=\"\(c)\" stroke-width=\"2\"/>\n"
        case .reported:
            return "<circle cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"\(f(r))\" fill=\"#ffffff\" stroke=\"\(c)\" stroke-width=\"2\" stroke-dasharray=\"2 2\"/>\n"
        case .denied:
            return "<path d=\"M\(f(cx - r)) \(f(cy - r))L\(f(cx + r)) \(f(cy + r))M\(f(cx - r)) \(f(cy + r))L\(f(cx + r)) \(f(cy - r))\" stroke=\"\(c)\" stroke-width=\"2.5\" fill=\"none\"/>\n"
        }
    }

    static func legend(y: Double, undated: Int) -> String {
        var s = "<g class=\"legend\" font-size=\"11\" fill=\"#1b1f24\">\n"
        var lx = 16.0
        for status in EventStatus.allCases {
            s += marker(status, cx: lx + 6, cy: y - 4, r: 5)
            s += "<text x=\"\(f(lx + 16))\" y=\"\(f(y))\">\(status.rawValue)</text>\n"
            lx += 16 + Double(status.rawValue.count) * charWidth + 18
        }
        s += "<rect x=\"\(f(lx))\" y=\"\(f(y - 8))\" width=\"28\" height=\"8\" rx=\"3\" fill=\"#57606a\" fill-opacity=\"0.45\" stroke=\"#57606a\" stroke-width=\"1.5\"/>\n"
        s += "<text x=\"\(f(lx + 36))\" y=\"\(f(y))\">date known only as a range (month, part of month, week, year)</text>\n"
        if undated > 0 {
            s += "<text x=\"16\" y=\"\(f(y + 18))\" fill=\"#57606a\">\(undated) undated event\(undated == 1 ? "" : "s") not shown.</text>\n"
        }
        return s + "</g>\n"
    }

    struct Tick {
        var day: Int
        var label: String
    }

    /// Year ticks for spans of three years or more (every 1, 2, 5, 10… years to keep at most
    /// about 12), else month ticks (every 1, 2, 3 or 6 months).
    static func ticks(from: Int, to: Int) -> [Tick] {
        let a = CalendarDate(dayNumber: from), b = CalendarDate(dayNumber: to)
        let spanDays = to - from
        var result: [Tick] = []
        if spanDays >= 3 * 365 {
            let years = b.year - a.year + 1
            let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].first { years / $0 <= 12 } ?? 1000
            var y = a.year + 1
            y += (step - ((y % step) + step) % step) % step
            while y <= b.year {
                if let d = CalendarDate(year: y, month: 1, day: 1) { result.append(Tick(day: d.dayNumber, label: String(y))) }
                y += step
            }
        } else {
            let months = (b.year - a.year) * 12 + (b.month - a.month) + 1
            let step = [1, 2, 3, 6].first { months / $0 <= 12 } ?? 12
            var m = a.year * 12 + (a.month - 1) + 1
            m += (step - ((m % 12) % step)) % step
            while m <= b.year * 12 + (b.month - 1) {
                let y = m / 12, mo = m % 12 + 1
                if let d = CalendarDate(year: y, month: mo, day: 1) {
                    result.append(Tick(day: d.dayNumber, label: DateDisplay.shortMonthYear(year: y, month: mo)))
                }
                m += step
            }
        }
        return result
    }

    /// Cuts a label to fit `width` at `perChar` units per character, ending in "…".
    static func truncate(_ text: String, _ width: Double, perChar: Double) -> String {
        let s = HeadlineTemplates.oneLine(text)
        let fits = max(Int(width / perChar), 0)
        guard s.count > fits else { return s }
        guard fits > 1 else { return "" }
        return String(s.prefix(fits - 1)).trimmingWhitespace + "…"
    }

    /// A number with at most one decimal, no trailing ".0".
    static func f(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let a = abs(tenths)
        return a % 10 == 0 ? "\(sign)\(a / 10)" : "\(sign)\(a / 10).\(a % 10)"
    }
}
