import DatelineCore
import DatelineRules
import DatelineStorage
import Foundation
import Logging
import PostgresNIO

/// The compiled live rule set: the engine, each rule's stored version, and the channels.
public struct LiveRules: Sendable {
    /// The compiled, indexed rules.
    public var engine: RuleEngine
    /// The stored version of each live rule (written on its alerts).
    public var versions: [String: Int]
    /// The stored channels.
    public var channels: [ChannelConfig]
    /// Stored rules left out because they no longer validate.
    public var problems: [RuleDiagnostic]
    /// The fingerprint of the tables it was read from.
    public var fingerprint: String

    /// Compiles stored rules.
    public init(stored: [StoredRule], channels: [ChannelConfig], fingerprint: String) throws {
        let (file, problems) = RuleDefinitions.ruleFile(stored: stored, channels: channels)
        self.engine = try RuleEngine(file: file)
        self.versions = Dictionary(stored.map { ($0.name, $0.version) }, uniquingKeysWith: { first, _ in first })
        self.channels = channels
        self.problems = problems
        self.fingerprint = fingerprint
    }

    /// Reads and compiles the live rules on a connection.
    public static func load(on connection: PostgresConnection, logger: Logger) async throws -> LiveRules {
        let fingerprint = try await PostgresRuleStore.fingerprint(on: connection, logger: logger)
        let (stored, channels) = try await PostgresRuleStore.live(on: connection, logger: logger)
        let rules = try LiveRules(stored: stored, channels: channels, fingerprint: fingerprint)
        for problem in rules.problems {
            logger.warning("Stored rule skipped", metadata: ["problem": "\(problem.message)"])
        }
        return rules
    }
}

/// The entity directory as the rules engine's `MatchContext`.
public struct DirectoryMatchContext: MatchContext, Sendable {
    /// The snapshot answered from.
    public var directory: EntityDirectory

    /// A context over a snapshot.
    public init(_ directory: EntityDirectory) { self.directory = directory }

    /// The entities a name or alias resolves to.
    public func entityIDs(named name: String) -> Set<Int64> { directory.entityIDs(named: name) }
    /// Every name and alias of an entity.
    public func names(of entityID: Int64) -> [String] { directory.names(of: entityID) }
    /// The watchlists covering an entity.
    public func watchlists(containing entityID: Int64) -> Set<String> { directory.watchlists(containing: entityID) }
}

extension ChangeSnapshot {
    /// The change as the rules engine sees it.
    public var eventChange: EventChange {
        EventChange(
            sequence: record.id, kind: record.change, event: event, previousStatus: record.oldStatus,
            previousDate: record.oldDate.flatMap { FuzzyDate(parsing: $0) }, evidence: mentions.map(\.sentence),
            sourceCount: sourceCount, entityIDs: nil, recordedAt: EventChange.date(iso: record.at) ?? Date(timeIntervalSince1970: 0),
            published: published)
    }
}

extension RuleMatch {
    /// The alert to write for this match, with the mentions behind the event.
    func draft(version: Int, mentions: [Mention]) -> AlertDraft {
        let match = self
        return AlertDraft(
            rule: rule, ruleVersion: version, dedupeKey: dedupeKey, eventID: change.event.id, changeID: change.sequence,
            change: change.kind, groupKey: groupKey, reasons: reasons, channels: channels,
            payload: { id, createdAt in match.alert(id: id, mentions: mentions, createdAt: createdAt) })
    }
}
