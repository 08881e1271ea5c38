import DatelineCore

/// An assembled timeline: what happened to one subject, in order, with how we know.
///
/// Build one with `TimelineAssembler.assemble`, render it with `TimelineRenderer.render`.
public struct Timeline: Hashable, Sendable, Codable {
    /// What the timeline is about, e.g. "Internal Revenue Service".
    public var title: String
    /// The selection in words: the filters that produced it ("kinds: resignation, appointment;
    /// from 2025-01-01").
    public var selection: String
    /// Dated entries in timeline order (see `TimelineAssembler`).
    public var entries: [TimelineEntry]
    /// Entries whose date is unknown, in their own section (ordered by `createdAt`, then id).
    public var undated: [TimelineEntry]
    /// When the timeline was produced, ISO 8601 UTC (`2025-05-01T12:00:00Z`). Passed in, never
    /// read from a clock, so output is reproducible.
    public var generatedAt: String
    /// The keyset cursor of the next page (`TimelineCursor.encoded`), `nil` on the last page.
    public var nextCursor: String?

    /// Creates a timeline as is; `TimelineAssembler.assemble` creates one in order.
    public init(
        title: String, selection: String = "", entries: [TimelineEntry], undated: [TimelineEntry] = [],
        generatedAt: String, nextCursor: String? = nil
    ) {
        self.title = title
        self.selection = selection
        self.entries = entries
        self.undated = undated
        self.generatedAt = generatedAt
        self.nextCursor = nextCursor
    }

    /// Dated entries then undated ones: the order of flat outputs (CSV, JSONL).
    public var allEntries: [TimelineEntry] { entries + undated }
}
