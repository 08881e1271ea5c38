import DatelineCore

/// The output formats of a timeline.
public enum TimelineFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// Aligned columns for a terminal, ANSI colour only with `RenderOptions.color`.
    case text
    /// Headings per year (or per month within one year), one bullet per event.
    case markdown
    /// The documented JSON document (docs/timeline-json.md).
    case json
    /// One JSON entry object per line, dated then undated.
    case jsonl
    /// RFC 4180 CSV with a header row and CRLF line endings.
    case csv
    /// One self-contained, XHTML-compatible page with filters.
    case html
    /// TimelineJS 3 JSON.
    case timelinejs
    /// RFC 5545 iCalendar with all-day events for day-precise facts.
    case ics
    /// RFC 4287 Atom feed, one entry per event.
    case atom
    /// An SVG picture: time axis, lanes, markers, legend.
    case svg

    /// The usual file extension.
    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .markdown: "md"
        case .json, .timelinejs: "json"
        case .jsonl: "jsonl"
        case .csv: "csv"
        case .html: "html"
        case .ics: "ics"
        case .atom: "atom"
        case .svg: "svg"
        }
    }

    /// The media type to serve it with.
    public var mediaType: String {
        switch self {
        case .text: "text/plain; charset=utf-8"
        case .markdown: "text/markdown; charset=utf-8"
        case .json, .timelinejs: "application/json"
        case .jsonl: "application/jsonl"
        case .csv: "text/csv; charset=utf-8; header=present"
        case .html: "text/html; charset=utf-8"
        case .ics: "text/calendar; charset=utf-8"
        case .atom: "application/atom+xml"
        case .svg: "image/svg+xml"
        }
    }
}

/// What the SVG renderer draws one lane for.
public enum TimelineLanes: String, Sendable, Hashable, Codable, CaseIterable {
    /// One lane per subject (the event's subject, else its organization).
    case entity
    /// One lane per event kind.
    case kind
}

/// Settings shared by the renderers. The defaults give the golden outputs.
public struct RenderOptions: Sendable, Hashable {
    /// ANSI colours in `text` output (only when writing to a terminal).
    public var color: Bool
    /// How day dates are written.
    public var dateStyle: DateStyle
    /// Headline wording; `nil` = the bundled `headlines.json`.
    public var headlines: HeadlineTemplates?
    /// SVG lanes: per entity or per kind.
    public var lanes: TimelineLanes
    /// The tagging entity of Atom ids and iCalendar UIDs (RFC 4151 `authority,date`): ids are
    /// `tag:<tagAuthority>:event:<id>`. Keep it fixed for a deployment so ids stay stable.
    public var tagAuthority: String
    /// SVG width in user units (height follows from the lanes).
    public var svgWidth: Int

    /// Creates options; every default is what the golden files use.
    public init(
        color: Bool = false, dateStyle: DateStyle = .international, headlines: HeadlineTemplates? = nil,
        lanes: TimelineLanes = .entity, tagAuthority: String = "dateline.invalid,2025", svgWidth: Int = 960
    ) {
        self.color = color
        self.dateStyle = dateStyle
        self.headlines = headlines
        self.lanes = lanes
        self.tagAuthority = tagAuthority
        self.svgWidth = svgWidth
    }
}
