import DatelineTimeline

extension TimelineArguments {
    /// The query parameters of `GET /v1/timeline`, one per `dateline timeline` flag, with the
    /// flag each stands for. Lists (`entity`, `kind`, …) repeat the parameter or separate values
    /// by commas (`kind` and `status` only, as on the command line).
    public static let queryParameters: [(parameter: String, flag: String)] = [
        ("entity", "--entity"), ("watchlist", "--watchlist"), ("post", "--post"), ("kind", "--kind"), ("status", "--status"),
        ("from", "--from"), ("to", "--to"), ("min_sources", "--min-sources"), ("query", "--query"), ("limit", "--limit"),
        ("cursor", "--cursor"), ("after", "--after"),
    ]

    /// Arguments from a query string's name/value pairs, the same selection `dateline timeline`
    /// makes from its flags; `extra` names further parameters the caller handles itself
    /// (`format`, `title`, `token`).
    ///
    /// Throws `AppError` (`invalid_input`) naming the parameter: an unknown parameter, a repeated
    /// single-valued one, a number that is not a whole number. The values themselves are checked
    /// by `timelineQuery()`; use `apiMessage(_:)` to word its errors with parameter names.
    /// - Parameter defaultLimit: the page size when `limit` is not given (`nil`: every entry).
    public init(queryItems: [(name: String, value: String)], extra: Set<String> = [], defaultLimit: Int? = nil) throws {
        let known = Set(Self.queryParameters.map(\.parameter))
        var values: [String: [String]] = [:]
        for (name, value) in queryItems {
            guard known.contains(name) || extra.contains(name) else {
                let expected = (known.union(extra)).sorted().joined(separator: ", ")
                throw AppError.invalid("\(name): unknown parameter (expected one of \(expected))")
            }
            values[name, default: []].append(value)
        }
        func single(_ name: String) throws -> String? {
            guard let list = values[name] else { return nil }
            guard list.count == 1, let value = list.first else { throw AppError.invalid("\(name): give it once, got \(list.count) values") }
            return value
        }
        func number(_ name: String) throws -> Int? {
            guard let text = try single(name) else { return nil }
            guard let value = Int(text) else { throw AppError.invalid("\(name): expected a whole number, got '\(text)'") }
            return value
        }
        self.init(
            entities: values["entity"] ?? [], watchlists: values["watchlist"] ?? [], posts: values["post"] ?? [],
            kinds: values["kind"] ?? [], statuses: values["status"] ?? [], from: try single("from"), to: try single("to"),
            minSources: try number("min_sources"), query: try single("query"), limit: try number("limit") ?? defaultLimit,
            cursor: try Self.cursor(single("cursor"), after: single("after")))
    }

    /// `cursor`, or its other name `after` (the name docs/timeline-json.md uses), not both.
    private static func cursor(_ cursor: String?, after: String?) throws -> String? {
        if cursor != nil, after != nil { throw AppError.invalid("cursor: give cursor or after, not both") }
        return cursor ?? after
    }

    /// An error message of `timelineQuery()` (which names command-line flags) worded with the
    /// query parameter names instead: "--min-sources: …" becomes "min_sources: …".
    public static func apiMessage(_ message: String) -> String {
        var text = message
        for (parameter, flag) in queryParameters.sorted(by: { $0.flag.count > $1.flag.count }) {
            text = text.replacingOccurrences(of: flag, with: parameter)
        }
        return text
    }
}
