import DatelineTimeline
import Foundation

/// Chooses the format of `GET /v1/timeline`: `format=` when given, else the `Accept` header
/// (RFC 9110 §12.5.1: q-values, `type/*`, `*/*`), else JSON.
enum TimelineNegotiation {
    /// What `Accept` can ask for, in the server's order of preference (the first wins a tie, so
    /// `*/*` gives JSON). `timelinejs` shares `application/json` with `json` and is only reachable
    /// through `format=`.
    static let offered: [(mediaType: String, format: TimelineFormat)] = [
        ("application/json", .json), ("text/html", .html), ("text/csv", .csv), ("text/calendar", .ics),
        ("application/atom+xml", .atom), ("text/markdown", .markdown), ("text/plain", .text), ("application/jsonl", .jsonl),
        ("image/svg+xml", .svg),
    ]

    /// The formats whose consumers (calendar apps, feed readers) may authenticate with `?token=`.
    static let feedFormats: Set<TimelineFormat> = [.ics, .atom]

    /// The format for a request; a `Problem` 422 for an unknown `format=`, 406 when `Accept`
    /// allows none of the offered media types.
    static func format(parameter: String?, accept: String?) throws -> TimelineFormat {
        if let parameter {
            guard let format = TimelineFormat(rawValue: parameter.lowercased()) else {
                let names = TimelineFormat.allCases.map(\.rawValue).joined(separator: ", ")
                throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "format: '\(parameter)' is not one of \(names)")
            }
            return format
        }
        guard let accept, !accept.allSatisfy(\.isWhitespace) else { return .json }
        let ranges = parse(accept)
        var best: (format: TimelineFormat, q: Double)?
        for (mediaType, format) in offered {
            let q = quality(of: mediaType, in: ranges)
            if q > 0, q > (best?.q ?? 0) { best = (format, q) }
        }
        guard let best else {
            let types = offered.map(\.mediaType).joined(separator: ", ")
            throw Problem(status: .notAcceptable, code: "not_acceptable", detail: "Accept: none of the timeline's media types is acceptable (\(types)); or pass format=")
        }
        return best.format
    }

    /// A media range of an `Accept` header: `type/subtype` (either may be `*`) and its weight.
    struct MediaRange: Equatable {
        var type: String
        var subtype: String
        var q: Double
    }

    /// The ranges of an `Accept` header; malformed parts are skipped (as if not sent).
    static func parse(_ header: String) -> [MediaRange] {
        header.split(separator: ",").compactMap { part in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let range = pieces.first else { return nil }
            let halves = range.split(separator: "/", omittingEmptySubsequences: false)
            guard halves.count == 2, !halves[0].isEmpty, !halves[1].isEmpty else { return nil }
            var q = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                q = Double(parameter.dropFirst(2)).map { min(max($0, 0), 1) } ?? 1
            }
            return MediaRange(type: String(halves[0]), subtype: String(halves[1]), q: q)
        }
    }

    /// The weight `ranges` give `mediaType`: that of the most specific matching range, 0 if none.
    static func quality(of mediaType: String, in ranges: [MediaRange]) -> Double {
        let halves = mediaType.split(separator: "/").map(String.init)
        guard halves.count == 2 else { return 0 }
        var best: (specificity: Int, q: Double)?
        for range in ranges {
            let specificity: Int
            if range.type == halves[0] && range.subtype == halves[1] {
                specificity = 2
            } else if range.type == halves[0] && range.subtype == "*" {
                specificity = 1
            } else if range.type == "*" && range.subtype == "*" {
                specificity = 0
            } else {
                continue
            }
            if specificity > (best?.specificity ?? -1) { best = (specificity, range.q) }
        }
        return best?.q ?? 0
    }
}
