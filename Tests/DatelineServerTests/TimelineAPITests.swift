import DatelineApp
import DatelineExtraction
import DatelineServer
import DatelineStorage
import DatelineTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// One article of `events add` input, written for these tests.
private func storyArticle(_ name: String, published: String, source: String, events: [[String: Any]]) -> String {
    let object: [String: Any] = [
        "article": name, "url": "https://example.org/harbor/\(name)", "source": source, "headline": "Harbor story \(name)",
        "published": published, "events": events,
    ]
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self)
}

/// A small story about a port authority: a day, a month, a year and an undated fact, and one
/// sentence with markup in it (to see that it comes out escaped).
private let harborStory = [
    storyArticle("h1", published: "2026-03-09", source: "Harbor Gazette", events: [
        ["kind": "appointment", "subject": "Lena Varga", "organization": "Harbor Port Authority", "role": "Executive Director",
         "date": "2026-03-06", "status": "occurred", "evidence": "The authority's board picked Lena Varga as executive director on Friday."],
        ["kind": "lawsuit", "subject": "Dockworkers Guild", "counterparty": "Harbor Port Authority", "date": "2026-02",
         "status": "occurred", "evidence": "The Dockworkers Guild took the authority to court in February <script>alert(1)</script> over shift pay."],
    ]),
    storyArticle("h2", published: "2026-03-20", source: "Bay Ledger", events: [
        ["kind": "resignation", "subject": "Tomas Hale", "organization": "Harbor Port Authority", "date": "2026",
         "status": "expected", "evidence": "Deputy Tomas Hale plans to leave the authority at some point this year."],
        ["kind": "hearing", "subject": "Harbor Port Authority", "status": "expected",
         "evidence": "Council members want the authority to answer questions at a hearing."],
    ]),
]

/// Runs `body` against a live server over a fresh database holding `harborStory`.
private func withTimelineAPI(_ body: @Sendable (any TestClientProtocol, [TokenScope: String], DatabaseContext) async throws -> Void) async throws {
    try await TestDatabase.withDatabase { context in
        var tokens: [TokenScope: String] = [:]
        for scope in TokenScope.allCases { tokens[scope] = try await context.tokens.create(name: "test-\(scope)", scope: scope).token }
        for line in harborStory {
            _ = try await context.events.write(try EventsFileParser.parse(Data(line.utf8), name: "harbor.jsonl"))
        }
        let api = APIServer(context: context, extractor: try Extractor(), maxArticleBytes: 100_000)
        let app = Application(router: api.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: context.logger)
        let frozen = tokens
        try await app.test(.live) { client in try await body(client, frozen, context) }
    }
}

private func headers(_ token: String?, accept: String? = nil) -> HTTPFields {
    var fields = HTTPFields()
    if let token { fields[.authorization] = "Bearer \(token)" }
    if let accept { fields[.accept] = accept }
    return fields
}

private func text(_ buffer: ByteBuffer) -> String { String(buffer: buffer) }

private let authority = "/v1/timeline?entity=Harbor%20Port%20Authority"

@Suite("GET /v1/timeline and the web page, through the real HTTP stack")
struct TimelineAPITests {
    @Test("every format comes with its media type and its own content")
    func formats() async throws {
        try await withTimelineAPI { client, tokens, _ in
            let read = headers(tokens[.read])
            let expected: [(format: String, type: String, check: @Sendable (String) -> Bool)] = [
                ("json", "application/json", { $0.contains("\"schema_version\"") }),
                ("jsonl", "application/jsonl; charset=utf-8", { $0.split(separator: "\n").count == 4 }),
                ("csv", "text/csv; charset=utf-8; header=present", { $0.hasPrefix("id,date,precision,") && $0.contains("\r\n") }),
                ("markdown", "text/markdown; charset=utf-8", { $0.hasPrefix("# Harbor Port Authority") }),
                ("html", "text/html; charset=utf-8", { $0.contains("<!DOCTYPE html>") && !$0.contains("<script>alert") && $0.contains("&lt;script&gt;") }),
                ("timelinejs", "application/json", { $0.contains("\"events\"") }),
                ("ics", "text/calendar; charset=utf-8", { $0.hasPrefix("BEGIN:VCALENDAR") && $0.contains("BEGIN:VEVENT") }),
                ("atom", "application/atom+xml; charset=utf-8", { $0.contains("<feed") && $0.contains("<entry>") }),
                ("text", "text/plain; charset=utf-8", { $0.contains("Lena Varga") }),
                ("svg", "image/svg+xml; charset=utf-8", { $0.contains("<svg") }),
            ]
            for (format, type, check) in expected {
                try await client.execute(uri: "\(authority)&format=\(format)", method: .get, headers: read) { response in
                    #expect(response.status == .ok, "\(format)")
                    #expect(response.headers[.contentType] == type, "\(format)")
                    #expect(check(text(response.body)), "\(format): \(text(response.body).prefix(200))")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                }
            }
            // The HTML timeline runs its one script only by hash.
            try await client.execute(uri: "\(authority)&format=html", method: .get, headers: read) { response in
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("script-src 'sha256-"))
                #expect(!policy.contains("script-src 'unsafe-inline'"))
            }
        }
    }

    @Test("JSON is in timeline order: the year, then the month, then the day; undated apart; dates never more precise than known")
    func jsonOrder() async throws {
        try await withTimelineAPI { client, tokens, _ in
            try await client.execute(uri: authority, method: .get, headers: headers(tokens[.read])) { response in
                #expect(response.status == .ok)
                let body = object(response.body)
                #expect(body["title"] as? String == "Harbor Port Authority")
                let entries = body["entries"] as? [[String: Any]] ?? []
                #expect(entries.map { $0["kind"] as? String ?? "" } == ["resignation", "lawsuit", "appointment"])
                let displays = entries.map { ($0["date"] as? [String: Any])?["display"] as? String ?? "" }
                #expect(displays == ["2026", "February 2026", "6 March 2026"])
                let starts = entries.map { ($0["date"] as? [String: Any])?["start"] as? String ?? "" }
                #expect(starts == starts.sorted())
                #expect((body["undated"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["hearing"])
                #expect(body["next_cursor"] is NSNull)
            }
            // A title and a filter, as on the command line.
            try await client.execute(uri: "\(authority)&kind=lawsuit,appointment&status=occurred&from=2026-03-01&title=Port", method: .get, headers: headers(tokens[.read])) { response in
                let body = object(response.body)
                #expect(body["title"] as? String == "Port")
                #expect((body["entries"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["appointment"])
            }
        }
    }

    @Test("Accept chooses the format; format= overrides it; nothing acceptable is 406")
    func negotiation() async throws {
        try await withTimelineAPI { client, tokens, _ in
            let token = tokens[.read]
            let cases: [(accept: String?, type: String)] = [
                (nil, "application/json"),
                ("*/*", "application/json"),
                ("text/calendar", "text/calendar; charset=utf-8"),
                ("application/atom+xml", "application/atom+xml; charset=utf-8"),
                ("text/csv;q=0.5, application/atom+xml;q=0.9", "application/atom+xml; charset=utf-8"),
                ("text/markdown", "text/markdown; charset=utf-8"),
                ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html; charset=utf-8"),
                ("text/*;q=0.3, application/json;q=0", "text/html; charset=utf-8"),
            ]
            for (accept, type) in cases {
                try await client.execute(uri: authority, method: .get, headers: headers(token, accept: accept)) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == type, "Accept: \(accept ?? "none")")
                    #expect(response.headers[.vary]?.contains("Accept") == true)
                }
            }
            try await client.execute(uri: "\(authority)&format=csv", method: .get, headers: headers(token, accept: "text/calendar")) { response in
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8; header=present")
            }
            try await client.execute(uri: authority, method: .get, headers: headers(token, accept: "image/png, application/pdf")) { response in
                #expect(response.status == .notAcceptable)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect((object(response.body)["detail"] as? String)?.contains("text/calendar") == true)
            }
        }
    }

    @Test("ETag and If-None-Match: 304 while nothing changed, 200 with a new tag after a change")
    func conditional() async throws {
        try await withTimelineAPI { client, tokens, context in
            let uri = "\(authority)&format=ics"
            var tag = ""
            try await client.execute(uri: uri, method: .get, headers: headers(tokens[.read])) { response in
                tag = response.headers[.eTag] ?? ""
                #expect(tag.hasPrefix("W/\""))
                #expect(response.headers[.lastModified]?.hasSuffix(" GMT") == true)
                #expect(response.headers[.cacheControl] == "private, no-cache")
            }
            var conditional = headers(tokens[.read])
            conditional[.ifNoneMatch] = tag
            try await client.execute(uri: uri, method: .get, headers: conditional) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.eTag] == tag)
            }
            // Another format of the same timeline is another representation.
            try await client.execute(uri: "\(authority)&format=atom", method: .get, headers: conditional) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] != tag)
            }
            let later = storyArticle("h3", published: "2026-04-02", source: "Harbor Gazette", events: [
                ["kind": "investigation", "subject": "State Auditor", "organization": "Harbor Port Authority", "date": "2026-03-30",
                 "status": "occurred", "evidence": "The state auditor opened an inquiry into the authority's contracts on Monday."],
            ])
            _ = try await context.events.write(try EventsFileParser.parse(Data(later.utf8), name: "later.jsonl"))
            try await client.execute(uri: uri, method: .get, headers: conditional) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] != tag)
                #expect(text(response.body).contains("auditor"))
            }
        }
    }

    @Test("pages: limit gives next_cursor and a Link header that leads to the rest")
    func paging() async throws {
        try await withTimelineAPI { client, tokens, _ in
            var link = ""
            try await client.execute(uri: "\(authority)&limit=2", method: .get, headers: headers(tokens[.read])) { response in
                let body = object(response.body)
                #expect((body["entries"] as? [Any])?.count == 2)
                #expect(body["next_cursor"] is String)
                link = response.headers[.init("Link")!] ?? ""
                #expect(link.hasSuffix("; rel=\"next\""))
            }
            let next = String(link.dropFirst().prefix { $0 != ">" })
            #expect(next.hasPrefix("/v1/timeline?") && next.contains("cursor="))
            try await client.execute(uri: next, method: .get, headers: headers(tokens[.read])) { response in
                let body = object(response.body)
                #expect((body["entries"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["appointment"])
            }
        }
    }

    @Test("errors: 401 without a token, 422 naming the parameter for every bad selector")
    func errors() async throws {
        try await withTimelineAPI { client, tokens, context in
            try await client.execute(uri: authority, method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            try await client.execute(uri: authority, method: .get, headers: headers("dtl_not_a_token")) { #expect($0.status == .unauthorized) }
            try await context.watchlists.create("harbor")
            _ = try await context.watchlists.add("harbor", members: [(reference: "Tomas Hale", kind: nil)])
            try await client.execute(uri: "/v1/timeline?watchlist=harbor", method: .get, headers: headers(tokens[.read])) { response in
                #expect(response.status == .ok)
                #expect((object(response.body)["entries"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["resignation"])
            }
            let bad: [(query: String, names: String)] = [
                ("entity=Nobody%20Known", "entity"),
                ("watchlist=nope", "watchlist"),
                ("post=Nothing", "post"),
                ("kind=Not%20A%20Kind", "kind"),
                ("status=finished", "status"),
                ("from=2026-13-40", "from"),
                ("from=2026-05-01&to=2026-01-01", "to"),
                ("min_sources=many", "min_sources"),
                ("min_sources=-1", "min_sources"),
                ("limit=0", "limit"),
                ("cursor=garbage", "cursor"),
                ("entitiy=Harbor", "entitiy"),
                ("format=pdf", "format"),
                ("from=2026-01-01&from=2026-02-01", "from"),
            ]
            for (query, name) in bad {
                try await client.execute(uri: "/v1/timeline?\(query)", method: .get, headers: headers(tokens[.read])) { response in
                    #expect(response.status == .unprocessableContent, "\(query)")
                    let detail = object(response.body)["detail"] as? String ?? ""
                    #expect(detail.hasPrefix(name) || detail.contains("\(name):") || detail.contains(" \(name) "), "\(query): \(detail)")
                    #expect(!detail.contains("--"), "\(query): \(detail)")
                }
            }
        }
    }

    @Test("feeds: ?token= works for ics and atom with a read token only")
    func feedToken() async throws {
        try await withTimelineAPI { client, tokens, _ in
            let read = tokens[.read] ?? ""
            try await client.execute(uri: "\(authority)&format=ics&token=\(read)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(text(response.body).contains("BEGIN:VEVENT"))
                #expect(response.headers[.init("Link")!] == nil)
            }
            try await client.execute(uri: "\(authority)&token=\(read)", method: .get, headers: headers(nil, accept: "application/atom+xml")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/atom+xml; charset=utf-8")
            }
            try await client.execute(uri: "\(authority)&format=json&token=\(read)", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect((object(response.body)["detail"] as? String)?.contains("ics") == true)
            }
            try await client.execute(uri: "/v1/events?token=\(read)", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "\(authority)&format=ics&token=dtl_wrong", method: .get) { #expect($0.status == .unauthorized) }
            for scope in [TokenScope.write, .admin] {
                try await client.execute(uri: "\(authority)&format=atom&token=\(tokens[scope] ?? "")", method: .get) { response in
                    #expect(response.status == .forbidden)
                    #expect((object(response.body)["detail"] as? String)?.contains("read-scope") == true)
                }
            }
        }
    }

    @Test("the page: served without a token, a strict CSP, no inline script or style, its files from this origin")
    func page() async throws {
        try await withTimelineAPI { client, _, _ in
            var html = ""
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("default-src 'none'"))
                #expect(policy.contains("script-src 'self'"))
                #expect(!policy.contains("unsafe"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                html = text(response.body)
            }
            // Every <script> has a src; no inline handlers, styles or remote resources.
            let scripts = html.components(separatedBy: "<script").dropFirst()
            #expect(scripts.count == 1)
            #expect(scripts.allSatisfy { $0.hasPrefix(" src=\"/app.js\"") })
            for forbidden in ["<style", "style=", "onclick=", "onload=", "javascript:", "http://", "https://", "//fonts", "@import"] {
                #expect(!html.contains(forbidden), "\(forbidden)")
            }
            var etag = ""
            try await client.execute(uri: "/app.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(!text(response.body).contains("innerHTML"))
                #expect(!text(response.body).contains("localStorage"))
                etag = response.headers[.eTag] ?? ""
            }
            var conditional = HTTPFields()
            conditional[.ifNoneMatch] = etag
            try await client.execute(uri: "/app.js", method: .get, headers: conditional) { #expect($0.status == .notModified) }
            try await client.execute(uri: "/app.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(!text(response.body).contains("url("))
            }
        }
    }

    @Test("the page's script calls only documented paths with documented parameters")
    func pageUsesDocumentedAPI() throws {
        let root = TestDatabase.repositoryRoot
        let script = try String(contentsOf: root.appendingPathComponent("Sources/DatelineServer/Resources/web/app.js"), encoding: .utf8)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("Sources/DatelineServer/Resources/openapi.json"))) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let used = matches(of: #"'(/v1/[^']*)'"#, in: script)
        #expect(Set(used) == ["/v1/entities", "/v1/watchlists", "/v1/timeline", "/v1/events/{id}"])
        var documentedParameters = Set<String>()
        for path in used {
            let get = paths[path]?["get"] as? [String: Any]
            #expect(get != nil, "app.js calls \(path), which openapi.json does not document")
            for parameter in get?["parameters"] as? [[String: Any]] ?? [] { documentedParameters.insert(parameter["name"] as? String ?? "") }
        }
        // Query parameters are ['name', value] pairs inside a call or a list (not the KINDS and
        // STATUSES lists, which follow an `=`).
        let parameters = Set(matches(of: #"(?:\(|\[|,\s)\['([a-z_]+)',"#, in: script))
        #expect(parameters == ["entity", "watchlist", "kind", "status", "from", "to", "query", "format", "limit", "cursor"])
        #expect(parameters.subtracting(documentedParameters).isEmpty, "undocumented: \(parameters.subtracting(documentedParameters).sorted())")
        // The script never puts the token in a URL.
        #expect(!parameters.contains("token"))
    }

    @Test("the query parameters are the CLI's flags, and all are documented")
    func parametersMatchCLI() throws {
        let root = TestDatabase.repositoryRoot
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("Sources/DatelineServer/Resources/openapi.json"))) as? [String: Any])
        let get = try #require(((document["paths"] as? [String: Any])?["/v1/timeline"] as? [String: Any])?["get"] as? [String: Any])
        let documented = Set((get["parameters"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
        let shared = Set(TimelineArguments.queryParameters.map(\.parameter))
        #expect(shared.union(["format", "title", "token", "If-None-Match"]) == documented)
        let command = try String(contentsOf: root.appendingPathComponent("Sources/dateline/Commands/TimelineCommand.swift"), encoding: .utf8)
        for (_, flag) in TimelineArguments.queryParameters {
            let name = String(flag.dropFirst(2))
            let camel = name.split(separator: "-").enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
            #expect(command.contains("var \(camel)") || command.contains("\"\(name)\""), "the CLI has no \(flag)")
        }
    }
}

/// The first capture group of every match of `pattern` in `text`.
private func matches(of pattern: String, in text: String) -> [String] {
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
    let range = NSRange(text.startIndex..., in: text)
    return regex.matches(in: text, range: range).compactMap { match in
        Range(match.range(at: 1), in: text).map { String(text[$0]) }
    }
}
