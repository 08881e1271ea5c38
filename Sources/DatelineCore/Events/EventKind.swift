/// The kind of a dated fact: one of the eleven built-in kinds, or one a newsroom adds.
///
/// A struct rather than an enum so lexicons and stored data can carry kinds this build does
/// not know yet; `EventKind.builtIn` lists the eleven of the annotation guidelines.
public struct EventKind: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public static let resignation = EventKind(rawValue: "resignation")
    public static let dismissal = EventKind(rawValue: "dismissal")
    public static let appointment = EventKind(rawValue: "appointment")
    public static let nomination = EventKind(rawValue: "nomination")
    public static let agreement = EventKind(rawValue: "agreement")
    public static let lawsuit = EventKind(rawValue: "lawsuit")
    public static let courtFiling = EventKind(rawValue: "court_filing")
    public static let ruling = EventKind(rawValue: "ruling")
    public static let charge = EventKind(rawValue: "charge")
    public static let hearing = EventKind(rawValue: "hearing")
    public static let investigation = EventKind(rawValue: "investigation")

    /// The eleven kinds of the annotation guidelines, in their documented order.
    public static let builtIn: [EventKind] = [
        .resignation, .dismissal, .appointment, .nomination, .agreement, .lawsuit,
        .courtFiling, .ruling, .charge, .hearing, .investigation,
    ]

    /// Whether a kind is about a person and a post (their identity is the person, not the org).
    public var isPersonnel: Bool {
        self == .resignation || self == .dismissal || self == .appointment || self == .nomination
    }

    /// Whether the kind has a meaningful other side (the defendant, the other party).
    public var hasCounterparty: Bool {
        self == .agreement || self == .lawsuit
    }

    /// A kind name is lower-case letters, digits and underscores, 1–40 characters.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 40
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    public var description: String { rawValue }

    public static func < (lhs: EventKind, rhs: EventKind) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// How sure the reporting is that an event happened.
public enum EventStatus: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// It happened.
    case occurred
    /// Announced, planned, scheduled, intended: it has not happened yet.
    case expected
    /// A past event attributed to unnamed sources or "reportedly", not confirmed.
    case reported
    /// The article reports a denial of it.
    case denied

    /// How far along the status path reported → expected → occurred a status is. `denied`
    /// stands apart: it may follow any other status.
    public var progress: Int {
        switch self {
        case .reported: 0
        case .expected: 1
        case .occurred: 2
        case .denied: 3
        }
    }

    /// The status an event takes when a new mention says `incoming`: it only moves forward
    /// (reported → expected → occurred), and a denial is recorded whatever came before. A later
    /// "occurred" overrides a denial (the fact was confirmed after all).
    public func advanced(by incoming: EventStatus) -> EventStatus {
        if incoming == self { return self }
        if incoming == .denied { return self == .occurred ? .occurred : .denied }
        if self == .denied { return incoming == .occurred ? .occurred : .denied }
        return incoming.progress > progress ? incoming : self
    }

    public var description: String { rawValue }
}

/// The part an entity plays in an event.
public enum ParticipantRole: String, Hashable, Sendable, Codable, CaseIterable {
    /// Who the event is about: the person who resigned, the party that sued.
    case subject
    /// The organization the post or case belongs to.
    case organization
    /// The other side: the defendant, the other party to a deal.
    case counterparty
    /// The post involved in a personnel event.
    case post
}
