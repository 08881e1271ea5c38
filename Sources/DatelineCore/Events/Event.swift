/// A stored event: one real-world fact, however many articles report it.
public struct Event: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var kind: EventKind
    public var status: EventStatus
    public var date: FuzzyDate?
    /// A one-line headline generated from the event.
    public var title: String
    public var confidence: Double
    public var participants: [Participant]
    /// How many distinct publications reported it.
    public var sourceCount: Int
    public var mentionCount: Int
    /// When the store first saw the fact, as ISO 8601 (UTC).
    public var createdAt: String
    public var updatedAt: String

    public init(
        id: Int64, kind: EventKind, status: EventStatus, date: FuzzyDate?, title: String,
        confidence: Double, participants: [Participant], sourceCount: Int, mentionCount: Int,
        createdAt: String, updatedAt: String
    ) {
        self.id = id
        self.kind = kind
        self.status = status
        self.date = date
        self.title = title
        self.confidence = confidence
        self.participants = participants
        self.sourceCount = sourceCount
        self.mentionCount = mentionCount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The first participant in a role, by name.
    public func name(for role: ParticipantRole) -> String? {
        participants.first { $0.role == role }?.name
    }
}

/// An entity's part in an event.
public struct Participant: Hashable, Sendable, Codable {
    public var entityID: Int64
    public var kind: EntityKind
    public var name: String
    public var role: ParticipantRole

    public init(entityID: Int64, kind: EntityKind, name: String, role: ParticipantRole) {
        self.entityID = entityID
        self.kind = kind
        self.name = name
        self.role = role
    }
}

/// One article's report of an event: where it says so.
public struct Mention: Hashable, Sendable, Codable {
    public var articleID: Int64
    public var url: String?
    public var source: String?
    public var headline: String?
    public var published: CalendarDate?
    public var sentence: String
    public var start: Int
    public var end: Int
    public var status: EventStatus
    public var dateText: String?

    public init(
        articleID: Int64, url: String?, source: String?, headline: String?, published: CalendarDate?,
        sentence: String, start: Int, end: Int, status: EventStatus, dateText: String?
    ) {
        self.articleID = articleID
        self.url = url
        self.source = source
        self.headline = headline
        self.published = published
        self.sentence = sentence
        self.start = start
        self.end = end
        self.status = status
        self.dateText = dateText
    }
}

/// One step in an event's status history.
public struct StatusChange: Hashable, Sendable, Codable {
    public var from: EventStatus?
    public var to: EventStatus
    public var articleID: Int64?
    /// ISO 8601 (UTC).
    public var at: String
    public var note: String?

    public init(from: EventStatus?, to: EventStatus, articleID: Int64?, at: String, note: String?) {
        self.from = from
        self.to = to
        self.articleID = articleID
        self.at = at
        self.note = note
    }
}
