import DatelineCore

/// Event filters as typed on a command line or in a query string, validated into an `EventFilter`.
public struct EventFilterArguments: Sendable {
    public var kinds: [String]
    public var statuses: [String]
    public var entities: [String]
    public var from: String?
    public var to: String?
    public var limit: Int
    public var cursor: String?

    public init(kinds: [String], statuses: [String], entities: [String], from: String?, to: String?, limit: Int, cursor: String?) {
        self.kinds = kinds
        self.statuses = statuses
        self.entities = entities
        self.from = from
        self.to = to
        self.limit = limit
        self.cursor = cursor
    }

    /// The filter, or an error naming the bad value (`--status`: 'done' is not …).
    public func filter() throws -> EventFilter {
        let kinds = try self.kinds.flatMap { $0.split(separator: ",").map(String.init) }.map { text -> EventKind in
            let kind = EventKind(rawValue: text)
            guard EventKind.isValidName(text) else { throw AppError.invalid("--kind: '\(text)' is not a kind name") }
            return kind
        }
        let statuses = try self.statuses.flatMap { $0.split(separator: ",").map(String.init) }.map { text -> EventStatus in
            guard let status = EventStatus(rawValue: text) else {
                throw AppError.invalid("--status: '\(text)' is not one of occurred, expected, reported, denied")
            }
            return status
        }
        func date(_ text: String?, _ flag: String) throws -> CalendarDate? {
            guard let text else { return nil }
            guard let date = CalendarDate(iso: text) else { throw AppError.invalid("\(flag): expected a date as YYYY-MM-DD, got '\(text)'") }
            return date
        }
        guard (1...10_000).contains(limit) else { throw AppError.invalid("--limit: must be between 1 and 10000, got \(limit)") }
        let from = try date(self.from, "--from"), to = try date(self.to, "--to")
        if let from, let to, to < from { throw AppError.invalid("--to \(to.iso) is before --from \(from.iso)") }
        return EventFilter(kinds: kinds, statuses: statuses, entities: entities, from: from, to: to, limit: limit, cursor: cursor)
    }
}
