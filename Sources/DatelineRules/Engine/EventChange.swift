import DatelineCore
import Foundation

/// One entry of the change feed as the rule engine sees it: what happened to which event.
///
/// The storage side builds it from a change-log row, the event and its mentions. All of the
/// engine's time windows (throttles, thresholds, deadlines opened) run on `recordedAt`, not on a
/// wall clock, so replaying the same history gives the same alerts.
public struct EventChange: Hashable, Sendable, Codable {
    /// The change-log id: increases along the feed, unique per change.
    public var sequence: Int64
    /// What happened: new, status_change, date_refined, …
    public var kind: ChangeKind
    /// The event after the change.
    public var event: Event
    /// The status before a `status_change` (nil for a new event).
    public var previousStatus: EventStatus?
    /// The date before a `date_refined`.
    public var previousDate: FuzzyDate?
    /// Evidence sentences from the event's mentions (for `text:` conditions).
    public var evidence: [String]
    /// How many distinct publications report the event.
    public var sourceCount: Int
    /// Every entity taking part (normally the participants' ids).
    public var entityIDs: [Int64]
    /// When the store recorded the change: the engine's clock for this change.
    public var recordedAt: Date
    /// The publication date of the article behind the change, when known (`reported_within`).
    public var published: CalendarDate?

    /// A change; `sourceCount` defaults to the event's, `entityIDs` to its participants'.
    public init(
        sequence: Int64, kind: ChangeKind, event: Event, previousStatus: EventStatus? = nil,
        previousDate: FuzzyDate? = nil, evidence: [String] = [], sourceCount: Int? = nil,
        entityIDs: [Int64]? = nil, recordedAt: Date, published: CalendarDate? = nil
    ) {
        self.sequence = sequence
        self.kind = kind
        self.event = event
        self.previousStatus = previousStatus
        self.previousDate = previousDate
        self.evidence = evidence
        self.sourceCount = sourceCount ?? event.sourceCount
        self.entityIDs = entityIDs ?? event.participants.map(\.entityID)
        self.recordedAt = recordedAt
        self.published = published
    }

    /// The entity the event is about: its subject, else its organization, else the first participant.
    public var principal: Participant? {
        event.participants.first { $0.role == .subject }
            ?? event.participants.first { $0.role == .organization }
            ?? event.participants.first
    }

    /// The UTC calendar day of `recordedAt`.
    var recordedDay: CalendarDate {
        let days = Int((recordedAt.timeIntervalSince1970 / 86_400).rounded(.down))
        return CalendarDate(dayNumber: days + CalendarDate.unixEpochDayNumber)
    }
}

extension CalendarDate {
    /// The day number of 1970-01-01, to turn Unix times into calendar days.
    static let unixEpochDayNumber: Int = CalendarDate(year: 1970, month: 1, day: 1)?.dayNumber ?? 0
}
