import DatelineCore

/// The filters that chose a timeline's events, for its `selection` line, so the CLI and the
/// API describe a selection the same way.
public struct TimelineSelection: Hashable, Sendable {
    /// Entity names as the user gave them.
    public var entities: [String]
    /// Only these kinds (empty: any).
    public var kinds: [EventKind]
    /// Only these statuses (empty: any).
    public var statuses: [EventStatus]
    /// Events whose date range overlaps [from, to]: the first day.
    public var from: CalendarDate?
    /// The last day (inclusive).
    public var to: CalendarDate?

    /// Creates a selection; empty lists mean "any".
    public init(entities: [String] = [], kinds: [EventKind] = [], statuses: [EventStatus] = [], from: CalendarDate? = nil, to: CalendarDate? = nil) {
        self.entities = entities
        self.kinds = kinds
        self.statuses = statuses
        self.from = from
        self.to = to
    }

    /// "entity: Internal Revenue Service; kinds: resignation, appointment; statuses: expected;
    /// dates: 2025-01-01 to 2025-12-31", or "all events" when nothing is filtered.
    public var summary: String {
        var parts: [String] = []
        if !entities.isEmpty { parts.append((entities.count == 1 ? "entity: " : "entities: ") + entities.joined(separator: ", ")) }
        if !kinds.isEmpty { parts.append((kinds.count == 1 ? "kind: " : "kinds: ") + kinds.map(\.rawValue).joined(separator: ", ")) }
        if !statuses.isEmpty {
            parts.append((statuses.count == 1 ? "status: " : "statuses: ") + statuses.map(\.rawValue).joined(separator: ", "))
        }
        switch (from, to) {
        case let (f?, t?): parts.append("dates: \(f.iso) to \(t.iso)")
        case let (f?, nil): parts.append("dates: from \(f.iso)")
        case let (nil, t?): parts.append("dates: until \(t.iso)")
        case (nil, nil): break
        }
        return parts.isEmpty ? "all events" : parts.joined(separator: "; ")
    }
}
