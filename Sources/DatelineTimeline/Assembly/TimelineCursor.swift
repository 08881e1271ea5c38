import DatelineCore

/// A keyset position in timeline order: the sort key of the last entry of a page.
///
/// Its fields are the columns the storage query compares, in order:
/// `(undated, lowerBound, precisionRank, created, id)` where `undated` is false for every dated
/// entry (dated entries come first). `encoded` is opaque to clients: URL-safe base64 (no
/// padding) of `v1|<day number or u>|<rank>|<created>|<id>`.
public struct TimelineCursor: Hashable, Sendable, Comparable, Codable {
    /// The first day of the entry's date, `nil` for an undated entry.
    public var lowerBound: CalendarDate?
    /// `TimelineAssembler.precisionSortRank` of the date's precision (0 when undated).
    public var precisionRank: Int
    /// The event's `createdAt` (ISO 8601 UTC).
    public var created: String
    /// The event id.
    public var id: Int64

    /// Creates a cursor from its fields (the storage layer reads them back the same way).
    public init(lowerBound: CalendarDate?, precisionRank: Int, created: String, id: Int64) {
        self.lowerBound = lowerBound
        self.precisionRank = precisionRank
        self.created = created
        self.id = id
    }

    /// Whether the position is in the undated section.
    public var isUndated: Bool { lowerBound == nil }

    /// Timeline order: dated before undated, then by lower bound, rank, created, id.
    public static func < (a: TimelineCursor, b: TimelineCursor) -> Bool {
        switch (a.lowerBound, b.lowerBound) {
        case (nil, _?): return false
        case (_?, nil): return true
        case let (x?, y?) where x != y: return x < y
        default: break
        }
        if a.precisionRank != b.precisionRank { return a.precisionRank < b.precisionRank }
        if a.created != b.created { return a.created < b.created }
        return a.id < b.id
    }

    /// The opaque, URL-safe text form for `next_cursor` and `?after=`.
    public var encoded: String {
        let day = lowerBound.map { String($0.dayNumber) } ?? "u"
        let plain = "v1|\(day)|\(precisionRank)|\(created)|\(id)"
        return Base64URL.encode(Array(plain.utf8))
    }

    /// Decodes `encoded`; anything else throws `TimelineError` with code `invalid_cursor`.
    public init(encoded text: String) throws {
        guard !text.isEmpty else { throw TimelineError.invalidCursor("it is empty") }
        guard text.count <= 512 else { throw TimelineError.invalidCursor("it is too long") }
        guard let bytes = Base64URL.decode(text), let plain = String(validating: bytes, as: UTF8.self) else {
            throw TimelineError.invalidCursor("it is not URL-safe base64")
        }
        var parts = plain.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count >= 5, parts[0] == "v1" else {
            throw TimelineError.invalidCursor("unknown layout or version")
        }
        if parts.count > 5 {
            // A `created` value holding "|": everything between rank and id is `created`.
            let created = parts[3..<(parts.count - 1)].joined(separator: "|")
            parts = Array(parts[0..<3]) + [Substring(created), parts[parts.count - 1]]
        }
        let lower: CalendarDate?
        if parts[1] == "u" {
            lower = nil
        } else if let n = Int(parts[1]), (-4_000_000...4_000_000).contains(n) {
            lower = CalendarDate(dayNumber: n)
        } else {
            throw TimelineError.invalidCursor("bad date field")
        }
        guard let rank = Int(parts[2]), (0...8).contains(rank) else {
            throw TimelineError.invalidCursor("bad precision field")
        }
        guard let id = Int64(parts[4]) else { throw TimelineError.invalidCursor("bad id field") }
        self.init(lowerBound: lower, precisionRank: rank, created: String(parts[3]), id: id)
    }
}
