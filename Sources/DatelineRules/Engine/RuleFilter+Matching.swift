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

/// The first condition of a filter that a change did not meet (rendered only when asked).
enum FailedCondition: Hashable {
    case kind, status, previousStatus, minSources, minConfidence, noEventDate, eventDate, reportedWithin
    case organization, post, entities, watchlists, text
}

/// Whether a filter matched: the reasons, or the first condition that failed.
enum FilterVerdict {
    case met(FilterOutcome)
    case failed(FailedCondition)

    var outcome: FilterOutcome? {
        if case .met(let outcome) = self { return outcome }
        return nil
    }
}

extension RuleFilter {
    /// Checks every condition; `nil` when one fails, else one reason per condition met.
    func evaluate(_ change: EventChange, context: some MatchContext, document: LazyDocument) -> FilterOutcome? {
        verdict(change, context: context, document: document).outcome
    }

    /// Checks the conditions in a fixed order and stops at the first that fails.
    func verdict(_ change: EventChange, context: some MatchContext, document: LazyDocument) -> FilterVerdict {
        let event = change.event
        var outcome = FilterOutcome()
        if !kinds.isEmpty {
            guard kinds.contains(event.kind) else { return .failed(.kind) }
            outcome.reasons.append("kind is \(event.kind.rawValue)")
        }
        if !statuses.isEmpty {
            guard statuses.contains(event.status) else { return .failed(.status) }
            outcome.reasons.append("status is \(event.status.rawValue)")
        }
        if !previousStatuses.isEmpty {
            guard let previous = change.previousStatus, change.kind == .statusChange, previousStatuses.contains(previous) else {
                return .failed(.previousStatus)
            }
            outcome.reasons.append("status changed from \(previous.rawValue) to \(event.status.rawValue)")
        }
        if let minSources {
            guard change.sourceCount >= minSources else { return .failed(.minSources) }
            outcome.reasons.append("\(change.sourceCount) source\(change.sourceCount == 1 ? "" : "s") (at least \(minSources))")
        }
        if let minConfidence {
            guard event.confidence >= minConfidence else { return .failed(.minConfidence) }
            outcome.reasons.append("confidence \(Explain.number(event.confidence)) (at least \(Explain.number(minConfidence)))")
        }
        if let eventDate {
            guard let date = event.date else { return .failed(.noEventDate) }
            let (start, end) = eventDate.resolved(today: change.recordedDay)
            if let start, date.end < start { return .failed(.eventDate) }
            if let end, date.start > end { return .failed(.eventDate) }
            outcome.reasons.append("event date \(date.value) is within \(start?.iso ?? "…")–\(end?.iso ?? "…")")
        }
        if let reportedWithin {
            if let published = change.published {
                let age = change.recordedDay.dayNumber - published.dayNumber
                guard Int64(age) * 86_400 <= reportedWithin.seconds else { return .failed(.reportedWithin) }
                outcome.reasons.append("published \(published.iso), within \(reportedWithin)")
            } else {
                outcome.reasons.append("recorded \(change.recordedDay.iso), within \(reportedWithin)")
            }
        }
        if !organizations.isEmpty {
            guard let name = Self.firstMatch(organizations, role: .organization, change, context) else { return .failed(.organization) }
            outcome.reasons.append("organization is \(name)")
        }
        if !posts.isEmpty {
            guard let name = Self.firstMatch(posts, role: .post, change, context) else { return .failed(.post) }
            outcome.reasons.append("post is \(name)")
        }
        if !entities.isEmpty {
            let involved = Set(change.entityIDs)
            guard let name = entities.first(where: { !context.entityIDs(named: $0).isDisjoint(with: involved) }) else {
                return .failed(.entities)
            }
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
            guard !outcome.watchlists.isEmpty else { return .failed(.watchlists) }
            outcome.reasons += lines
        }
        if let textQuery {
            guard textQuery.matches(document.value) else { return .failed(.text) }
            outcome.reasons.append("evidence matches \(text ?? textQuery.canonicalText)")
        }
        return .met(outcome)
    }

    /// The first of the rule's names that resolves to the event's participant in a role.
    private static func firstMatch(_ names: [String], role: ParticipantRole, _ change: EventChange, _ context: some MatchContext) -> String? {
        let ids = Set(change.event.participants.filter { $0.role == role }.map(\.entityID))
        guard !ids.isEmpty else { return nil }
        return names.first { !context.entityIDs(named: $0).isDisjoint(with: ids) }
    }

    /// A failed condition in words: `kind is charge, not resignation/dismissal`.
    func describe(_ failure: FailedCondition, _ change: EventChange) -> String {
        let event = change.event
        let or = { (items: [String]) in Explain.alternatives(items, conjunction: "or") }
        switch failure {
        case .kind: return "kind is \(event.kind.rawValue), not \(or(kinds.map(\.rawValue)))"
        case .status: return "status is \(event.status.rawValue), not \(or(statuses.map(\.rawValue)))"
        case .previousStatus:
            guard change.kind == .statusChange, let previous = change.previousStatus else {
                return "not a status change (the rule needs a change from \(or(previousStatuses.map(\.rawValue))))"
            }
            return "status changed from \(previous.rawValue), not from \(or(previousStatuses.map(\.rawValue)))"
        case .minSources: return "\(change.sourceCount) source\(change.sourceCount == 1 ? "" : "s"), fewer than \(minSources ?? 0)"
        case .minConfidence:
            return "confidence \(Explain.number(event.confidence)) is below \(Explain.number(minConfidence ?? 0))"
        case .noEventDate: return "the event has no date"
        case .eventDate:
            let (start, end) = eventDate?.resolved(today: change.recordedDay) ?? (nil, nil)
            return "event date \(event.date?.value ?? "?") is outside \(start?.iso ?? "…")–\(end?.iso ?? "…")"
        case .reportedWithin:
            return "published \(change.published?.iso ?? "?"), more than \(reportedWithin?.description ?? "?") before it was recorded"
        case .organization: return "the organization is not \(or(organizations))"
        case .post: return "the post is not \(or(posts))"
        case .entities: return "involves none of \(entities.joined(separator: ", "))"
        case .watchlists: return "no one involved is on watchlist \(or(watchlists))"
        case .text: return "the evidence does not match \(text ?? textQuery?.canonicalText ?? "")"
        }
    }
}

extension RuleFilter.DateWindow {
    /// The window's days for a change recorded on `today`.
    func resolved(today: CalendarDate) -> (start: CalendarDate?, end: CalendarDate?) {
        (from?.resolved(today: today), to?.resolved(today: today))
    }
}
