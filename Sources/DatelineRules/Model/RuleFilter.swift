import DatelineCore

/// The conditions of a rule's `match:` (or a deadline's `after:` / `expect:`) block.
///
/// Different conditions must all hold; the values of one list are alternatives (`kinds:
/// [resignation, dismissal]` is "resignation or dismissal"). Empty lists and `nil` mean "any".
/// Entity, organization and post names stay names here: they are resolved through the
/// `MatchContext` when matching, so a rule written before an entity existed starts matching
/// once it does.
public struct RuleFilter: Hashable, Sendable {
    /// Event kinds (any of them).
    public var kinds: [EventKind]
    /// The event's status now.
    public var statuses: [EventStatus]
    /// The status before a `status_change` (only such changes can satisfy it).
    public var previousStatuses: [EventStatus]
    /// Names of entities that must take part in the event, in any role.
    public var entities: [String]
    /// Watchlists: some participant must be on one of them.
    public var watchlists: [String]
    /// Names of organizations that must be the event's organization.
    public var organizations: [String]
    /// Names of posts that must be the event's post.
    public var posts: [String]
    /// A window the event's own date must overlap.
    public var eventDate: RuleFilter.DateWindow?
    /// Only changes whose report (publication date, else the change time) is at most this old
    /// when the change is recorded: keeps an archive import from alerting on old news.
    public var reportedWithin: RuleDuration?
    /// The least number of distinct publications reporting the event.
    public var minSources: Int?
    /// The least extraction confidence (0…1).
    public var minConfidence: Double?
    /// The full-text condition on the evidence sentences, as written.
    public var text: String?
    /// `text`, parsed.
    public var textQuery: TextQuery?

    /// A filter with the given conditions (all optional).
    public init(
        kinds: [EventKind] = [], statuses: [EventStatus] = [], previousStatuses: [EventStatus] = [],
        entities: [String] = [], watchlists: [String] = [], organizations: [String] = [], posts: [String] = [],
        eventDate: RuleFilter.DateWindow? = nil, reportedWithin: RuleDuration? = nil, minSources: Int? = nil,
        minConfidence: Double? = nil, text: String? = nil, textQuery: TextQuery? = nil
    ) {
        self.kinds = kinds
        self.statuses = statuses
        self.previousStatuses = previousStatuses
        self.entities = entities
        self.watchlists = watchlists
        self.organizations = organizations
        self.posts = posts
        self.eventDate = eventDate
        self.reportedWithin = reportedWithin
        self.minSources = minSources
        self.minConfidence = minConfidence
        self.text = text
        self.textQuery = textQuery
    }
}

extension RuleFilter {
    /// A window on the event's own date (`event_date: {from: …, to: …}`).
    ///
    /// Each bound is an ISO date (`2025-01-01`) or an offset from the day the change is recorded
    /// (`-30d`, `+60d`, `today`). The event matches when its (fuzzy) date range overlaps the window:
    /// a month-only date matches a window that covers any day of that month. Events with no date do
    /// not match a date window.
    public struct DateWindow: Hashable, Sendable {
        /// One end of the window.
        public enum Bound: Hashable, Sendable, CustomStringConvertible {
            case date(CalendarDate)
            /// Days from the change's day (negative: before).
            case relativeDays(Int)

            func resolved(today: CalendarDate) -> CalendarDate {
                switch self {
                case .date(let date): date
                case .relativeDays(let days): today.adding(days: days)
                }
            }

            public var description: String {
                switch self {
                case .date(let date): date.iso
                case .relativeDays(0): "today"
                case .relativeDays(let days): days > 0 ? "today+\(days)d" : "today\(days)d"
                }
            }
        }

        /// The first day (inclusive); `nil`: open.
        public var from: Bound?
        /// The last day (inclusive); `nil`: open.
        public var to: Bound?

        /// A window; at least one bound should be set.
        public init(from: Bound?, to: Bound?) {
            self.from = from
            self.to = to
        }
    }
}
