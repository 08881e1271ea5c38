import DatelineCore

/// ISO 8601 timestamps as the renderers need them.
enum Timestamp {
    /// The parts of `YYYY-MM-DDTHH:MM:SS[.fff](Z|+00:00)`, UTC only.
    static func parts(_ iso: String) -> (date: CalendarDate, h: Int, m: Int, s: Int)? {
        let chars = Array(iso.utf8)
        guard chars.count >= 20, chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: " "),
              let date = CalendarDate(iso: String(decoding: chars[0..<10], as: UTF8.self)),
              chars[13] == UInt8(ascii: ":"), chars[16] == UInt8(ascii: ":"),
              let h = Int(String(decoding: chars[11..<13], as: UTF8.self)),
              let m = Int(String(decoding: chars[14..<16], as: UTF8.self)),
              let s = Int(String(decoding: chars[17..<19], as: UTF8.self)),
              (0...23).contains(h), (0...59).contains(m), (0...60).contains(s)
        else { return nil }
        var rest = chars[19...]
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst().drop { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
        let zone = String(decoding: rest, as: UTF8.self)
        guard zone == "Z" || zone == "+00:00" || zone == "+0000" else { return nil }
        return (date, h, m, s)
    }

    /// `YYYYMMDDTHHMMSSZ` (iCalendar UTC form).
    static func basic(_ iso: String, field: String) throws -> String {
        guard let p = parts(iso) else { throw badTimestamp(iso, field) }
        return p.date.iso.replacing("-", with: "") + "T" + two(p.h) + two(p.m) + two(p.s) + "Z"
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (RFC 3339, as Atom wants it).
    static func rfc3339(_ iso: String, field: String) throws -> String {
        guard let p = parts(iso) else { throw badTimestamp(iso, field) }
        return p.date.iso + "T" + two(p.h) + ":" + two(p.m) + ":" + two(p.s) + "Z"
    }

    static func badTimestamp(_ iso: String, _ field: String) -> TimelineError {
        TimelineError(code: "bad_timestamp", message: "\(field) \"\(iso)\" is not an ISO 8601 UTC timestamp like 2025-05-01T12:00:00Z")
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
