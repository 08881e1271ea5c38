import DatelineCore
import Foundation

extension RuleFile: CustomStringConvertible, CustomDebugStringConvertible {
    /// One line per rule in plain English, in file order (`dateline rules explain`).
    public func explain() -> [String] { rules.map { $0.explain() } }

    /// One line per channel, safe to print: URLs masked, secrets only counted.
    public func explainChannels() -> [String] {
        channels.map { channel in
            var line = "\(channel.name): \(channel.type.rawValue), \(channel.format.rawValue)"
            if let url = channel.maskedURL { line += " to \(url)" }
            if let path = channel.path { line += " to \(path)" }
            switch channel.rotate {
            case .daily?: line += ", rotated daily"
            case .size(let bytes)?: line += ", rotated at \(Explain.size(bytes))"
            case nil: break
            }
            if !channel.secrets.isEmpty { line += ", signed (\(channel.secrets.count) secret\(channel.secrets.count == 1 ? "" : "s"))" }
            if let rate = channel.rateLimit { line += ", at most \(rate.count) per \(Explain.number(rate.perSeconds))s" }
            return line
        }
    }

    /// The rules and channels explained; never shows secrets or full webhook URLs.
    public var description: String {
        (["\(file): \(rules.count) rule\(rules.count == 1 ? "" : "s"), \(channels.count) channel\(channels.count == 1 ? "" : "s")"]
            + explain().map { "  rule " + $0 } + explainChannels().map { "  channel " + $0 }).joined(separator: "\n")
    }

    /// Same as `description`, so `String(reflecting:)` and logs cannot leak secrets either.
    public var debugDescription: String { description }
}

extension AlertRule {
    /// The rule in plain English, on one line:
    /// `exodus: when at least 3 new resignation/dismissal events on watchlist irs-leadership arrive within 30d per organization → newsroom-slack`.
    public func explain() -> String {
        let channels = notify.joined(separator: ", ")
        var line: String
        switch trigger {
        case .each(let filter):
            line = "\(name): on \(Explain.changes(on)) \(Explain.filter(filter)) → \(channels)"
        case .threshold(let filter, let threshold):
            let group = threshold.groupBy.map { " per \($0.rawValue)" } ?? ""
            line = "\(name): when at least \(threshold.count) \(Explain.changes(on)) \(Explain.filter(filter)) arrive within \(threshold.within)\(group) → \(channels)"
        case .deadline(let deadline):
            line = "\(name): after \(Explain.changes(on)) \(Explain.filter(deadline.after)), expect \(Explain.filter(deadline.expect)) involving the same principal within \(deadline.within); alert at the deadline if none arrives → \(channels)"
        }
        if let throttle {
            line += "; at most once per \(throttle)" + (groupBy.map { " per \($0.rawValue)" } ?? "")
        }
        return line
    }
}

/// Words for explanations and reasons.
enum Explain {
    static let changeWords: [ChangeKind: String] = [
        .new: "new", .statusChange: "status-changed", .dateRefined: "date-refined", .newSource: "newly sourced",
        .corrected: "corrected",
    ]

    /// `new or status-changed`.
    static func changes(_ kinds: [ChangeKind]) -> String {
        alternatives(kinds.map { changeWords[$0] ?? $0.rawValue }, conjunction: "or")
    }

    /// `a`, `a or b`, `a, b or c`.
    static func alternatives(_ items: [String], conjunction: String) -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }

    /// `resignation/dismissal`, or the fallback when there are none.
    static func kinds(_ kinds: [EventKind], fallback: String) -> String {
        kinds.isEmpty ? fallback : kinds.map(\.rawValue).joined(separator: "/")
    }

    /// `resignation/dismissal events on watchlist irs-leadership with status …, ≥1 source`.
    static func filter(_ filter: RuleFilter) -> String {
        var text = kinds(filter.kinds, fallback: "") + (filter.kinds.isEmpty ? "events" : " events")
        if !filter.organizations.isEmpty { text += " at " + alternatives(filter.organizations, conjunction: "or") }
        if !filter.posts.isEmpty { text += " for the post of " + alternatives(filter.posts, conjunction: "or") }
        if !filter.entities.isEmpty { text += " involving " + alternatives(filter.entities, conjunction: "or") }
        if !filter.watchlists.isEmpty {
            text += " on watchlist\(filter.watchlists.count > 1 ? "s" : "") " + alternatives(filter.watchlists, conjunction: "or")
        }
        var conditions: [String] = []
        if !filter.statuses.isEmpty { conditions.append("status " + filter.statuses.map(\.rawValue).joined(separator: "/")) }
        if !filter.previousStatuses.isEmpty {
            conditions.append("previous status " + filter.previousStatuses.map(\.rawValue).joined(separator: "/"))
        }
        if let window = filter.eventDate {
            conditions.append("event date " + [window.from.map { "from \($0)" }, window.to.map { "to \($0)" }].compactMap { $0 }.joined(separator: " "))
        }
        if let within = filter.reportedWithin { conditions.append("published within \(within)") }
        if let minimum = filter.minSources { conditions.append("≥\(minimum) source\(minimum == 1 ? "" : "s")") }
        if let minimum = filter.minConfidence { conditions.append("confidence ≥ \(number(minimum))") }
        if let query = filter.text ?? filter.textQuery?.canonicalText { conditions.append("evidence matching \(query)") }
        if !conditions.isEmpty { text += " with " + conditions.joined(separator: ", ") }
        return text
    }

    /// `10MB`, `512KB`, `1000 bytes`: the largest binary unit that divides the size.
    static func size(_ bytes: Int) -> String {
        for (unit, factor) in [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)] where bytes >= factor && bytes % factor == 0 {
            return "\(bytes / factor)\(unit)"
        }
        return "\(bytes) bytes"
    }

    /// `0.5`, `0.82`, `1`: at most 3 decimals, no trailing zeros.
    static func number(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return "\(value)" }
        let scaled = (value * 1000).rounded()
        let whole = Int(scaled) / 1000
        var fraction = String(abs(Int(scaled) % 1000))
        guard fraction != "0" else { return String(whole) }
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(value < 0 && whole == 0 ? "-" : "")\(whole).\(fraction)"
    }

    /// The reason line for the change itself: `new resignation event 12`.
    static func changeReason(_ change: EventChange) -> String {
        let event = "\(change.event.kind.rawValue) event \(change.event.id)"
        switch change.kind {
        case .new: return "new \(event)"
        case .statusChange:
            return "\(event) changed status" + (change.previousStatus.map { " from \($0.rawValue)" } ?? "") + " to \(change.event.status.rawValue)"
        case .dateRefined:
            return "\(event) date refined" + (change.previousDate.map { " from \($0.value)" } ?? "") + (change.event.date.map { " to \($0.value)" } ?? "")
        case .newSource: return "\(event) has a new source"
        case .corrected: return "\(event) was corrected"
        }
    }

    /// `2025-04-08 14:30 UTC`.
    static func timestamp(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(days) * 86_400)
        let day = CalendarDate(dayNumber: days)
        let hour = rest / 3600, minute = (rest % 3600) / 60
        return "\(day.iso) \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute) UTC"
    }
}
