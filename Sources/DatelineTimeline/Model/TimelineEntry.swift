import DatelineCore

/// One event on a timeline with the evidence behind it: the reports and the status history.
///
/// The storage layer fills these from its tables; everything in this module is pure and works on
/// these values only.
public struct TimelineEntry: Hashable, Sendable, Codable, Identifiable {
    /// The stored event (its `title` is not used: headlines are generated, see `Headline`).
    public var event: Event
    /// The reports of the event, each with its evidence sentence. Any order: renderers sort them
    /// by publication date, then article id.
    public var mentions: [Mention]
    /// The event's status history, oldest first as given.
    public var history: [StatusChange]

    /// The event's id.
    public var id: Int64 { event.id }

    /// Creates an entry; the storage layer passes the event's mentions and status history.
    public init(event: Event, mentions: [Mention] = [], history: [StatusChange] = []) {
        self.event = event
        self.mentions = mentions
        self.history = history
    }

    /// The mentions ordered for display: earliest publication first (unknown dates last), then
    /// by article id, so every renderer lists sources the same way.
    public var orderedMentions: [Mention] {
        mentions.sorted { a, b in
            switch (a.published, b.published) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: return a.articleID < b.articleID
            }
        }
    }

    /// The evidence sentence shown with the event: that of the earliest report whose status is
    /// the event's current status (the one that says what we now believe), else the earliest
    /// report's; `nil` when there is no mention.
    public var evidence: String? { Self.evidence(in: orderedMentions, status: event.status) }

    /// The evidence rule on mentions already in display order.
    static func evidence(in ordered: [Mention], status: EventStatus) -> String? {
        (ordered.first { $0.status == status } ?? ordered.first)?.sentence
    }

    /// The publications that reported the event, distinct, in the order of `orderedMentions`.
    public var publications: [String] {
        var seen = Set<String>()
        var result: [String] = []
        for m in orderedMentions {
            guard let s = m.source, !s.isEmpty, seen.insert(s).inserted else { continue }
            result.append(s)
        }
        return result
    }
}
