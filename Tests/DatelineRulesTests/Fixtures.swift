import DatelineCore
import Foundation
@testable import DatelineRules

/// Shared test data: a few entities, one watchlist, and builders for events and changes.
enum Fixtures {
    static let irs = Entity(id: 1, kind: .organization, name: "Internal Revenue Service",
                            aliases: [EntityAlias(name: "IRS", kind: .acronym)])
    static let long = Entity(id: 2, kind: .person, name: "Billy Long")
    static let werfel = Entity(id: 3, kind: .person, name: "Danny Werfel")
    static let justice = Entity(id: 4, kind: .organization, name: "Department of Justice")
    static let commissioner = Entity(id: 5, kind: .post, name: "Commissioner of Internal Revenue")
    static let roe = Entity(id: 6, kind: .person, name: "Jane Roe")
    static let doe = Entity(id: 7, kind: .person, name: "John Doe")
    static let entities = [irs, long, werfel, justice, commissioner, roe, doe]

    static let context = StaticMatchContext(entities: entities, watchlists: ["irs-leadership": [2, 3, 6]])

    /// 2025-04-01 00:00 UTC plus an offset.
    static func time(days: Double = 0, hours: Double = 0, minutes: Double = 0) -> Date {
        Date(timeIntervalSince1970: 1_743_465_600 + days * 86_400 + hours * 3600 + minutes * 60)
    }

    static func participant(_ entity: Entity, _ role: ParticipantRole) -> Participant {
        Participant(entityID: entity.id, kind: entity.kind, name: entity.name, role: role)
    }

    static func event(
        id: Int64, kind: EventKind, status: EventStatus = .occurred, subject: Entity = werfel,
        organization: Entity? = irs, post: Entity? = nil, date: FuzzyDate? = nil, confidence: Double = 0.9, sources: Int = 1
    ) -> Event {
        var participants = [participant(subject, .subject)]
        if let organization { participants.append(participant(organization, .organization)) }
        if let post { participants.append(participant(post, .post)) }
        return Event(
            id: id, kind: kind, status: status, date: date, title: "\(subject.name) \(kind.rawValue)",
            confidence: confidence, participants: participants, sourceCount: sources, mentionCount: sources,
            createdAt: "2025-04-01T00:00:00Z", updatedAt: "2025-04-01T00:00:00Z")
    }

    static func change(
        _ sequence: Int64, _ event: Event, kind: ChangeKind = .new, previous: EventStatus? = nil,
        evidence: [String] = [], at time: Date, published: CalendarDate? = nil
    ) -> EventChange {
        EventChange(sequence: sequence, kind: kind, event: event, previousStatus: previous, evidence: evidence,
                    recordedAt: time, published: published)
    }

    /// Parses YAML that must be valid, or records the diagnostics as a test failure via the thrown error.
    static func ruleFile(_ yaml: String, environment: [String: String] = [:]) throws -> RuleFile {
        try RuleFileParser.parse(yaml: yaml, file: "test.yaml", environment: environment)
    }

    static func engine(_ yaml: String) throws -> RuleEngine {
        try RuleEngine(file: try ruleFile(yaml))
    }

    /// The diagnostics of YAML that must be invalid.
    static func diagnostics(
        _ yaml: String, environment: [String: String] = [:], knownWatchlists: Set<String>? = nil
    ) -> [RuleDiagnostic] {
        RuleFileParser.validate(yaml: yaml, file: "test.yaml", environment: environment, knownWatchlists: knownWatchlists).diagnostics
    }

    static var samplesDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/rules")
    }
}
