import Crypto
import DatelineApp
import DatelineCore
import DatelineStorage
import DatelineTimeline
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /v1/timeline`: the timeline `dateline timeline` prints, over HTTP, in every format.
extension APIServer {
    /// The page size when `limit` is not given. The CLI prints everything by default; over
    /// HTTP an unbounded answer is one request away from a very large response, so pages
    /// of this size come with `next_cursor` (JSON) and a `Link: rel="next"` header.
    static let defaultTimelineLimit = 1000

    /// Adds `GET /v1/timeline` to the router: its own group, because besides bearer tokens it
    /// accepts a read-scope `?token=` for the feed formats (see `FeedTokenMiddleware`).
    func addTimelineRoutes(to router: Router<ServerContext>) {
        router.group("v1/timeline")
            .add(middleware: FeedTokenMiddleware(tokens: context.tokens))
            .get { request, context in try await timeline(request, context) }
    }

    func timeline(_ request: Request, _ context: ServerContext) async throws -> Response {
        try context.require(.read)
        let query = request.uri.queryParameters
        let items = query.map { (name: String($0.key), value: String($0.value)) }
        for single in ["format", "title", "token"] where items.filter({ $0.name == single }).count > 1 {
            throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "\(single): give it once")
        }
        let format = try TimelineNegotiation.format(parameter: query["format"].map(String.init), accept: request.headers[.accept])
        let title = query["title"].map(String.init)
        if let title, title.count > 500 || title.allSatisfy(\.isWhitespace) {
            throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "title: 1 to 500 characters")
        }
        let timeline: Timeline
        do {
            let arguments = try TimelineArguments(queryItems: items, extra: ["format", "title", "token"], defaultLimit: Self.defaultTimelineLimit)
            timeline = try await TimelineOutput.build(self.context, arguments: arguments, title: title, now: Date())
        } catch let error as any DatelineError where error.category == .invalidInput {
            throw Problem(status: .unprocessableContent, code: error.code, detail: Self.timelineProblemDetail(error))
        }
        let tag = Self.timelineTag(timeline, format: format)
        var headers = HTTPFields()
        headers[.eTag] = tag
        headers[.vary] = "Accept, Authorization"
        // Private: the answer depends on the token; no-cache: revalidate with the ETag each time.
        headers[.cacheControl] = "private, no-cache"
        if let modified = Self.lastModified(timeline) { headers[.lastModified] = modified }
        if let next = timeline.nextCursor { headers[.link] = Self.nextLink(request, cursor: next) }
        if let match = request.headers[.ifNoneMatch], Self.matches(match, tag) {
            return Response(status: .notModified, headers: headers)
        }
        let body = try TimelineOutput.render(timeline, format: format)
        headers[.contentType] = Self.contentType(format)
        headers[.xContentTypeOptions] = "nosniff"
        if let policy = Self.contentSecurityPolicy(format, body: body) { headers[.contentSecurityPolicy] = policy }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// The media type with its charset. `application/json` has no charset parameter (RFC 8259:
    /// JSON is UTF-8), as everywhere else in this API.
    static func contentType(_ format: TimelineFormat) -> String {
        let type = format.mediaType
        return type.contains("charset=") || type == "application/json" ? type : type + "; charset=utf-8"
    }

    /// The problem detail for a selection error, naming the query parameter.
    static func timelineProblemDetail(_ error: any DatelineError) -> String {
        let message = TimelineArguments.apiMessage(error.message)
        let parameter: String? = switch error.code {
        case "unknown_entity": "entity"
        case "unknown_post": "post"
        case "unknown_watchlist": "watchlist"
        case "invalid_cursor": "cursor"
        default: nil
        }
        guard let parameter, !message.hasPrefix("\(parameter):") else { return message }
        return "\(parameter): \(message)"
    }

    /// A weak entity tag over what the response says, without `generatedAt` (which changes on
    /// every request): the same selection with the same stored facts gives the same tag on any
    /// instance, and any change to an entry, its sources or history, the title or the page
    /// gives another one. Weak because the body's own timestamp differs between two 200s.
    ///
    /// The timeline is still read to compute it (no single stored version covers entries,
    /// sources, names, watchlist members and rejections), so a 304 saves the transfer and the
    /// client's parsing, not the query (about a millisecond for an entity's timeline).
    static func timelineTag(_ timeline: Timeline, format: TimelineFormat) -> String {
        var stable = timeline
        stable.generatedAt = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(stable)) ?? Data(UUID().uuidString.utf8)
        var hasher = SHA256()
        hasher.update(data: Data("\(format.rawValue)\n".utf8))
        hasher.update(data: data)
        let digest = hasher.finalize().prefix(16).map { String(format: "%02x", $0) }.joined()
        return "W/\"\(format.rawValue)-\(digest)\""
    }

    /// Whether an `If-None-Match` value names `tag` (weak comparison, RFC 9110 §13.1.2).
    static func matches(_ header: String, _ tag: String) -> Bool {
        func opaque(_ value: some StringProtocol) -> String {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("W/") ? String(trimmed.dropFirst(2)) : trimmed
        }
        return header.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == "*" || opaque($0) == opaque(tag) }
    }

    /// The latest `updatedAt` of the entries as an HTTP date. Informational: conditional
    /// requests are answered by the ETag only, because an entry leaving the timeline (rejected,
    /// its entity removed from a watchlist) changes it without raising any `updatedAt`.
    static func lastModified(_ timeline: Timeline) -> String? {
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime]
        guard let latest = timeline.allEntries.compactMap({ parser.date(from: $0.event.updatedAt) }).max() else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: latest)
    }

    /// `</v1/timeline?…&cursor=…>; rel="next"`: the request's own parameters with the next
    /// cursor, without `token` (the client has it; a header is not the place to repeat it).
    static func nextLink(_ request: Request, cursor: String) -> String {
        var parts: [String] = []
        for (name, value) in request.uri.queryParameters where !["cursor", "after", "token"].contains(name) {
            parts.append("\(name)=\(percentEncoded(String(value)))")
        }
        parts.append("cursor=\(percentEncoded(cursor))")
        return "</v1/timeline?\(parts.joined(separator: "&"))>; rel=\"next\""
    }

    /// Percent-encodes all but RFC 3986 unreserved characters.
    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A policy for the formats a browser would run: the HTML page's one script by its hash,
    /// its inline style; nothing else loads. SVG gets no script at all.
    static func contentSecurityPolicy(_ format: TimelineFormat, body: String) -> String? {
        switch format {
        case .html:
            var script = ""
            if let open = body.range(of: "<script>", options: .backwards), let close = body.range(of: "</script>", options: .backwards),
                open.upperBound <= close.lowerBound {
                script = String(body[open.upperBound..<close.lowerBound])
            }
            let hash = Data(SHA256.hash(data: Data(script.utf8))).base64EncodedString()
            return "default-src 'none'; script-src 'sha256-\(hash)'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        case .svg:
            return "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
        default:
            return nil
        }
    }
}

extension HTTPField.Name {
    /// `Link` (RFC 8288), for the next page.
    static let link = HTTPField.Name("Link")!  // a valid field-name literal: never nil
    /// `Referrer-Policy`, for the web page.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!  // a valid field-name literal: never nil
}
