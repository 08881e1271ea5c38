/// Which events to list.
public struct EventFilter: Hashable, Sendable {
    public var kinds: [EventKind]
    public var statuses: [EventStatus]
    /// Names, aliases or ids of entities the events must involve (any of them).
    public var entities: [String]
    /// Events whose date range overlaps [from, to]; undated events never match a date filter.
    public var from: CalendarDate?
    public var to: CalendarDate?
    public var limit: Int
    /// The keyset cursor of the previous page (`EventPage.nextCursor`).
    public var cursor: String?

    public init(kinds: [EventKind] = [], statuses: [EventStatus] = [], entities: [String] = [], from: CalendarDate? = nil,
                to: CalendarDate? = nil, limit: Int = 100, cursor: String? = nil) {
        self.kinds = kinds
        self.statuses = statuses
        self.entities = entities
        self.from = from
        self.to = to
        self.limit = limit
        self.cursor = cursor
    }
}

/// A page of events in date order (undated last) and the cursor of the next page.
public struct EventPage: Hashable, Sendable, Codable {
    public var events: [Event]
    public var nextCursor: String?

    public init(events: [Event], nextCursor: String?) {
        self.events = events
        self.nextCursor = nextCursor
    }
}

/// An event with everything known about it: who, every report and how its status moved.
public struct EventDetail: Hashable, Sendable, Codable {
    public var event: Event
    public var mentions: [Mention]
    public var history: [StatusChange]
    /// What people corrected, oldest first.
    public var corrections: [CorrectionRecord]
    /// A person marked it as not a real event: hidden from lists and timelines, kept by id.
    public var wrong: Bool
    /// Changes whenever the event is updated (its `updated_at` in microseconds): the API's ETag.
    public var version: String

    public init(event: Event, mentions: [Mention], history: [StatusChange], corrections: [CorrectionRecord] = [], wrong: Bool = false,
                version: String = "") {
        self.event = event
        self.mentions = mentions
        self.history = history
        self.corrections = corrections
        self.wrong = wrong
        self.version = version
    }
}

/// The events of the store, by role: `PostgresEventStore` is the real one.
public protocol EventStore: Sendable {
    /// Stores articles and their events in one transaction, merging reports of the same fact.
    func write(_ submissions: [ArticleSubmission]) async throws -> [SubmissionResult]
    func list(_ filter: EventFilter) async throws -> EventPage
    func detail(id: Int64) async throws -> EventDetail
}
