import DatelineCore
import Foundation

/// The outcome of checking a filter against a change: the reasons, and what it matched through.
struct FilterOutcome {
    var reasons: [String] = []
    /// The rule's watchlists the event matched through.
    var watchlists: [String] = []
}

/// Evidence split into words on first use, shared by every rule checked for one change.
final class LazyDocument {
    private let sentences: [String]
    private var document: TextDocument?

    init(_ sentences: [String]) { self.sentences = sentences }

    var value: TextDocument {
        if let document { return document }
        let made = TextDocument(sentences: sentences)
        document = made
        return made
    }
}

extension RuleFilter {
    /// Checks every condition; `nil` when one fails, else one reason per condition met.
    func evaluate(_ change: EventChange, context: some MatchContext, document: LazyDocument) -> FilterOutcome? {
        let event = change.event
        var outcome = FilterOutcome()
        if !kinds.isEmpty {
            guard kinds.contains(event.kind) else { return nil }
            outcome.reasons.append("kind is \(event.kind.rawValue)")
        }
        if !statuses.isEmpty {
            guard statuses.contains(event.status) else { return nil }
            outcome.reasons.append("status is \(event.status.rawValue)")
        }
        if !previousStatuses.isEmpty {
            guard let previous = change.previousStatus, change.kind == .statusChange, previousStatuses.contains(previous) else { return nil }
            outcome.reasons.append("status changed from \(previous.rawValue) to \(event.status.rawValue)")
        }
        if let minSources {
            guard change.sourceCount >= minSources else { return nil }
            outcome.reasons.append("\(change.sourceCount) source\(change.sourceCount == 1 ? "" : "s") (at least \(minSources))")
        }
        if let minConfidence {
            guard event.confidence >= minConfidence else { return nil }
            outcome.reasons.append("confidence \(Explain.number(event.confidence)) (at least \(Explain.number(minConfidence)))")
        }
        if let eventDate {
            guard let date = event.date else { return nil }
            let today = change.recordedDay
            let start = eventDate.from?.resolved(today: today)
            let end = eventDate.to?.resolved(today: today)
            if let start, date.end < start { return nil }
            if let end, date.start > end { return nil }
            outcome.reasons.append("event date \(date.value) is within \(start?.iso ?? "…")–\(end?.iso ?? "…")")
        }
        if let reportedWithin {
            let reportDay = change.published ?? change.recordedDay
            let age = change.recordedDay.dayNumber - reportDay.dayNumber
            if change.published != nil {
                guard Int64(age) * 86_400 <= reportedWithin.seconds else { return nil }
                outcome.reasons.append("published \(reportDay.iso), within \(reportedWithin)")
            } else {
                outcome.reasons.append("recorded \(reportDay.iso), within \(reportedWithin)")
            }
        }
        if !organizations.isEmpty {
            guard let name = Self.firstMatch(organizations, role: .organization, change, context) else { return nil }
            outcome.reasons.append("organization is \(name)")
        }
        if !posts.isEmpty {
            guard let name = Self.firstMatch(posts, role: .post, change, context) else { return nil }
            outcome.reasons.append("post is \(name)")
        }
        if !entities.isEmpty {
            let involved = Set(change.entityIDs)
            guard let name = entities.first(where: { !context.entityIDs(named: $0).isDisjoint(with: involved) }) else { return nil }
            outcome.reasons.append("involves \(name)")
        }
        if !watchlists.isEmpty {
            var lines: [String] = []
            for watchlist in watchlists {
                let members = change.event.participants.filter { context.isOnWatchlist($0.entityID, watchlist) }
                if !members.isEmpty {
                    outcome.watchlists.append(watchlist)
                    lines.append("\(members.map(\.name).joined(separator: ", ")) on watchlist \(watchlist)")
                } else if change.entityIDs.contains(where: { context.isOnWatchlist($0, watchlist) }) {
                    outcome.watchlists.append(watchlist)
                    lines.append("an involved entity is on watchlist \(watchlist)")
                }
            }
            guard !outcome.watchlists.isEmpty else { return nil }
            outcome.reasons += lines
        }
        if let textQuery {
            guard textQuery.matches(document.value) else { return nil }
            outcome.reasons.append("evidence matches \(text ?? textQuery.canonicalText)")
        }
        return outcome
    }

    /// The first of the rule's names that resolves to the event's participant in a role.
    private static func firstMatch(_ names: [String], role: ParticipantRole, _ change: EventChange, _ context: some MatchContext) -> String? {
        let ids = Set(change.event.participants.filter { $0.role == role }.map(\.entityID))
        guard !ids.isEmpty else { return nil }
        return names.first { !context.entityIDs(named: $0).isDisjoint(with: ids) }
    }
}
