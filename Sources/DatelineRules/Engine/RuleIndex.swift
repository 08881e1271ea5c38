import DatelineCore

/// Rules by the keys a change must have for them to match: kind × (entity name | watchlist | any).
///
/// Every filter is a conjunction, so a rule is filed under one necessary condition of each
/// dimension: its kinds (or "any kind") and one anchor list (organizations, else posts, else
/// entities, else watchlists, else "anything"). A change looks up only the buckets of its own
/// kind and of its entities' names and watchlists, so rules for other kinds or entities cost
/// nothing.
struct RuleIndex: Sendable {
    /// Which filter of a rule an entry stands for.
    enum Role: Int, Hashable, Sendable, Comparable {
        /// The rule's `match` (or a deadline's `after`).
        case primary = 0
        /// A deadline's `expect`.
        case expect = 1

        static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    struct Entry: Hashable, Sendable, Comparable {
        var rule: Int
        var role: Role

        static func < (lhs: Entry, rhs: Entry) -> Bool { (lhs.rule, lhs.role) < (rhs.rule, rhs.role) }
    }

    enum Anchor: Hashable, Sendable {
        case any
        case name(String)
        case watchlist(String)
    }

    struct Key: Hashable, Sendable {
        var kind: EventKind?
        var anchor: Anchor
    }

    private(set) var buckets: [Key: [Entry]] = [:]

    init(rules: [AlertRule]) {
        for (index, rule) in rules.enumerated() {
            add(rule.primaryFilter, Entry(rule: index, role: .primary))
            if case .deadline(let deadline) = rule.trigger {
                add(deadline.expect, Entry(rule: index, role: .expect))
            }
        }
    }

    private mutating func add(_ filter: RuleFilter, _ entry: Entry) {
        let kinds: [EventKind?] = filter.kinds.isEmpty ? [nil] : Array(Set(filter.kinds))
        let anchors: [Anchor]
        if !filter.organizations.isEmpty {
            anchors = filter.organizations.map { .name(NameKey.normalize($0)) }
        } else if !filter.posts.isEmpty {
            anchors = filter.posts.map { .name(NameKey.normalize($0)) }
        } else if !filter.entities.isEmpty {
            anchors = filter.entities.map { .name(NameKey.normalize($0)) }
        } else if !filter.watchlists.isEmpty {
            anchors = filter.watchlists.map { .watchlist($0) }
        } else {
            anchors = [.any]
        }
        for kind in kinds {
            for anchor in Set(anchors) {
                buckets[Key(kind: kind, anchor: anchor), default: []].append(entry)
            }
        }
    }

    /// The entries that may match a change, each once, in rule order.
    func candidates(for change: EventChange, context: some MatchContext) -> [Entry] {
        var anchors: Set<Anchor> = [.any]
        for participant in change.event.participants {
            anchors.insert(.name(NameKey.normalize(participant.name)))
        }
        for id in change.entityIDs {
            for name in context.names(of: id) { anchors.insert(.name(NameKey.normalize(name))) }
            for watchlist in context.watchlists(containing: id) { anchors.insert(.watchlist(watchlist)) }
        }
        var found: [Entry] = []
        for kind in [change.event.kind, nil] as [EventKind?] {
            for anchor in anchors {
                if let entries = buckets[Key(kind: kind, anchor: anchor)] { found += entries }
            }
        }
        guard found.count > 1 else { return found }
        found.sort()
        var unique: [Entry] = []
        unique.reserveCapacity(found.count)
        for entry in found where unique.last != entry { unique.append(entry) }
        return unique
    }
}
