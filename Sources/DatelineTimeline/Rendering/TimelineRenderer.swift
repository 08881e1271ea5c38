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
