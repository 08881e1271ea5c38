import DatelineCore

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
    /// The evidence sentence on one line (see `TimelineEntry.evidence`).
    let evidence: String?

    var event: Event { entry.event }
    var id: Int64 { entry.event.id }
    var kind: String { entry.event.kind.rawValue }
    var status: EventStatus { entry.event.status }
    var date: FuzzyDate? { entry.event.date }
    /// The kind for readers: "court filing".
    var kindLabel: String { kind.replacing("_", with: " ") }

    init(_ entry: TimelineEntry, templates: HeadlineTemplates, style: DateStyle) {
        self.entry = entry
        headline = templates.headline(for: entry.event)
        dateText = entry.event.date.map { DateDisplay.text($0, style: style) } ?? "Undated"
        sources = entry.orderedMentions
        evidence = TimelineEntry.evidence(in: sources, status: entry.event.status).map(HeadlineTemplates.oneLine).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A short status label for non-occurred events ("EXPECTED"), `nil` for occurred ones.
    var statusBadge: String? {
        status == .occurred ? nil : status.rawValue.uppercased()
    }
}
