import DatelineCore
import DatelineStorage
import DatelineTimeline

/// Timeline selection as typed on a command line (or in a query string), validated into a
/// `TimelineQuery`; every error names the flag and the bad value.
public struct TimelineArguments: Sendable, Hashable {
    /// `--entity`: names, aliases or ids.
    public var entities: [String]
    /// `--watchlist`: watchlist names.
    public var watchlists: [String]
    /// `--post`: post names.
    public var posts: [String]
    /// `--kind` (repeatable, or comma-separated).
    public var kinds: [String]
    /// `--status` (repeatable, or comma-separated).
    public var statuses: [String]
    /// `--from`, `YYYY-MM-DD`.
    public var from: String?
    /// `--to`, `YYYY-MM-DD`.
    public var to: String?
    /// `--min-sources`.
    public var minSources: Int?
    /// `--query`: free text.
    public var query: String?
    /// `--limit`; `nil` = every entry.
    public var limit: Int?
    /// `--cursor`: the previous page's next cursor.
    public var cursor: String?

    /// Creates arguments; empty lists and `nil` mean "not given".
    public init(
        entities: [String] = [], watchlists: [String] = [], posts: [String] = [], kinds: [String] = [], statuses: [String] = [],
        from: String? = nil, to: String? = nil, minSources: Int? = nil, query: String? = nil, limit: Int? = nil, cursor: String? = nil
    ) {
        self.entities = entities
        self.watchlists = watchlists
        self.posts = posts
        self.kinds = kinds
        self.statuses = statuses
        self.from = from
        self.to = to
        self.minSources = minSources
        self.query = query
        self.limit = limit
        self.cursor = cursor
    }

    /// The validated query, or an `AppError` (exit 2) naming the flag.
    public func timelineQuery() throws -> TimelineQuery {
        let filter = try EventFilterArguments(
            kinds: kinds, statuses: statuses, entities: entities, from: from, to: to, limit: 100, cursor: nil
        ).filter()
        if let limit, !(1...PostgresTimelineStore.maximumLimit).contains(limit) {
            throw AppError.invalid("--limit: must be between 1 and \(PostgresTimelineStore.maximumLimit), got \(limit)")
        }
        if let minSources, minSources < 0 { throw AppError.invalid("--min-sources: must be 0 or more, got \(minSources)") }
        for (flag, values) in [("--entity", entities), ("--watchlist", watchlists), ("--post", posts)] where values.contains(where: { $0.allSatisfy(\.isWhitespace) }) {
            throw AppError.invalid("\(flag): the name is empty")
        }
        let text = query.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let text, text.count > 1000 { throw AppError.invalid("--query: longer than 1000 characters") }
        let after: TimelineCursor?
        do {
            after = try cursor.map(TimelineCursor.init(encoded:))
        } catch let error as TimelineError {
            throw AppError.invalid("--cursor: \(error.message)", code: error.code)
        }
        return TimelineQuery(
            entities: entities, watchlists: watchlists, posts: posts, kinds: filter.kinds, statuses: filter.statuses,
            from: filter.from, to: filter.to, minSources: minSources, text: text.flatMap { $0.isEmpty ? nil : $0 },
            limit: limit, after: after)
    }
}
