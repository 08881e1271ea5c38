import DatelineCore

/// Renders a `Timeline` in one of the `TimelineFormat`s. Pure: the same timeline and options
/// always give the same bytes (no clock, no locale, no random ids).
public enum TimelineRenderer {
    /// The timeline as text in `format`.
    ///
    /// Throws `TimelineError` when the bundled headline templates are missing or a timestamp
    /// the format needs (`generatedAt`, `updatedAt`) is not ISO 8601.
    public static func render(_ timeline: Timeline, format: TimelineFormat, options: RenderOptions = RenderOptions()) throws -> String {
        let context = try RenderContext(timeline: timeline, options: options)
        switch format {
        case .text: return TextRenderer.render(context)
        case .markdown: return MarkdownRenderer.render(context)
        case .json: return JSONRenderer.document(context).serialized(pretty: true) + "\n"
        case .jsonl: return JSONRenderer.lines(context)
        case .csv: return CSVRenderer.render(context)
        case .html: return HTMLRenderer.render(context)
        case .timelinejs: return TimelineJSRenderer.render(context).serialized(pretty: true) + "\n"
        case .ics: return try ICSRenderer.render(context)
        case .atom: return try AtomRenderer.render(context)
        case .svg: return SVGRenderer.render(context)
        }
    }

    /// The timeline as UTF-8 bytes in `format`.
    public static func renderBytes(_ timeline: Timeline, format: TimelineFormat, options: RenderOptions = RenderOptions()) throws -> [UInt8] {
        Array(try render(timeline, format: format, options: options).utf8)
    }
}

/// What every renderer needs, computed once: headlines, date texts and ordered sources.
struct RenderContext {
    let timeline: Timeline
    let options: RenderOptions
    let dated: [EntryView]
    let undated: [EntryView]

    var all: [EntryView] { dated + undated }

    init(timeline: Timeline, options: RenderOptions) throws {
        self.timeline = timeline
        self.options = options
        let templates = try options.headlines ?? HeadlineTemplates.bundled()
        dated = timeline.entries.map { EntryView($0, templates: templates, style: options.dateStyle) }
        undated = timeline.undated.map { EntryView($0, templates: templates, style: options.dateStyle) }
    }
}

/// One entry prepared for display.
struct EntryView {
    let entry: TimelineEntry
    let headline: String
    /// The reader-facing date, "Undated" when there is none.
    let dateText: String
    let sources: [Mention]

    var event: Event { entry.event }
    var id: Int64 { entry.event.id }
    var kind: String { entry.event.kind.rawValue }
    var status: EventStatus { entry.event.status }
    var date: FuzzyDate? { entry.event.date }
    /// The evidence sentence on one line.
    var evidence: String? { entry.evidence.map(HeadlineTemplates.oneLine).flatMap { $0.isEmpty ? nil : $0 } }
    /// The kind for readers: "court filing".
    var kindLabel: String { kind.replacing("_", with: " ") }

    init(_ entry: TimelineEntry, templates: HeadlineTemplates, style: DateStyle) {
        self.entry = entry
        headline = templates.headline(for: entry.event)
        dateText = entry.event.date.map { DateDisplay.text($0, style: style) } ?? "Undated"
        sources = entry.orderedMentions
    }

    /// A short status label for non-occurred events ("EXPECTED"), `nil` for occurred ones.
    var statusBadge: String? {
        status == .occurred ? nil : status.rawValue.uppercased()
    }
}
