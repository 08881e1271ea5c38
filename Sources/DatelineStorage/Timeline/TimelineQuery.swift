import DatelineCore
import DatelineTimeline

/// Which stored events a timeline shows, and which page of them.
///
/// The subject filters (`entities`, `watchlists`, `posts`) add up: an event about any of the
/// selected entities is in. The other filters narrow the result. With no subject filter every
/// event is a candidate.
public struct TimelineQuery: Hashable, Sendable {
    /// Names, aliases or ids of entities. An organization brings its posts and their holders; a
    /// post brings its holders (for their time in the post, see `PostgresTimelineStore`).
    public var entities: [String]
    /// Watchlist names; their members are expanded the same way.
    public var watchlists: [String]
    /// Names or aliases of posts ("Commissioner, Internal Revenue Service").
    public var posts: [String]
    /// Only these kinds (empty: any).
    public var kinds: [EventKind]
    /// Only these statuses (empty: any).
    public var statuses: [EventStatus]
    /// Events whose date range overlaps [from, to]: the first day. Undated events never match a
    /// date filter.
    public var from: CalendarDate?
    /// The last day (inclusive).
    public var to: CalendarDate?
    /// Only events reported by at least this many distinct publications.
    public var minSources: Int?
    /// Free text (web-search syntax: words, "a phrase", -not, or) matched against the evidence
    /// sentences (English full-text search) or the event's headline.
    public var text: String?
    /// At most this many entries on the page (1–100000); `nil` means all.
    public var limit: Int?
    /// Continue after this position (the previous page's `nextCursor`).
    public var after: TimelineCursor?

    /// Creates a query; empty lists and `nil` mean "no filter".
    public init(
        entities: [String] = [], watchlists: [String] = [], posts: [String] = [], kinds: [EventKind] = [],
        statuses: [EventStatus] = [], from: CalendarDate? = nil, to: CalendarDate? = nil, minSources: Int? = nil,
        text: String? = nil, limit: Int? = nil, after: TimelineCursor? = nil
    ) {
        self.entities = entities
        self.watchlists = watchlists
        self.posts = posts
        self.kinds = kinds
        self.statuses = statuses
        self.from = from
        self.to = to
        self.minSources = minSources
        self.text = text
        self.limit = limit
        self.after = after
    }

    /// Whether any subject filter (entity, watchlist, post) is given.
    public var hasSubject: Bool { !entities.isEmpty || !watchlists.isEmpty || !posts.isEmpty }

    /// The filters in words, for the timeline's `selection` line: "entity: IRS; kind: resignation;
    /// watchlist: courts; at least 2 sources; text: "step down"", or "all events".
    public var summary: String {
        let base = TimelineSelection(entities: entities, kinds: kinds, statuses: statuses, from: from, to: to).summary
        var parts = base == "all events" ? [] : [base]
        if !posts.isEmpty { parts.append((posts.count == 1 ? "post: " : "posts: ") + posts.joined(separator: ", ")) }
        if !watchlists.isEmpty { parts.append((watchlists.count == 1 ? "watchlist: " : "watchlists: ") + watchlists.joined(separator: ", ")) }
        if let minSources { parts.append("at least \(minSources) source\(minSources == 1 ? "" : "s")") }
        if let text, !text.isEmpty { parts.append("text: \(text)") }
        return parts.isEmpty ? "all events" : parts.joined(separator: "; ")
    }
}
