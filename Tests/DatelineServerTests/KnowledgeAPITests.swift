import DatelineApp
import DatelineCore
import DatelineExtraction
import DatelineServer
import DatelineStorage
import DatelineTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A second report of the sample's appointment, from another publication, a day later.
fileprivate let knowledgeReReport = #"{"headline": "Varga takes the helm", "text": "Lena Varga was appointed executive director of the Harbor Port Authority on March 6.", "published": "2026-03-10", "url": "https://example.org/port/varga-2", "source": "Coast Courier"}"#

/// Stores the sample article and returns its appointment's id.
fileprivate func ingestKnowledgeSample(_ client: any TestClientProtocol, _ tokens: [TokenScope: String]) async throws -> Int {
    var id = 0
    try await client.execute(uri: "/v1/articles", method: .post, headers: bearer(tokens[.write]), body: ByteBuffer(string: sampleArticle)) { response in
        #expect(response.status == .created)
        id = (object(response.body)["events"] as? [[String: Any]])?.first?["id"] as? Int ?? 0
    }
    return id
}

fileprivate func knowledgeHeaders(_ token: String?, ifMatch: String? = nil) -> HTTPFields {
    var fields = bearer(token)
    if let ifMatch { fields[.ifMatch] = ifMatch }
    return fields
}

fileprivate func problemDetail(_ body: ByteBuffer) -> String {
    object(body)["detail"] as? String ?? ""
}

@Suite("Corrections, aliases, merges and watchlist writes through the real HTTP stack")
struct KnowledgeAPITests {
    @Test("PATCH /v1/events/{id}: a status and date correction is recorded, pinned, ETag-guarded and in the change feed")
    func correctEvent() async throws {
        try await TestDatabase.withDatabase { context in
            try await withKnowledgeAPI(context) { client, tokens in
                let id = try await ingestKnowledgeSample(client, tokens)
                var etag = ""
                try await client.execute(uri: "/v1/events/\(id)", method: .get, headers: bearer(tokens[.read])) { response in
                    #expect(response.status == .ok)
                    etag = response.headers[.eTag] ?? ""
                    #expect(etag.hasPrefix("\"") && etag.count > 2)
                    #expect(object(response.body)["wrong"] as? Bool == false)
                }
                let patch = #"{"status": "expected", "date": "2026-03", "date_precision": "month", "note": "the article was early"}"#
                var newTag = ""
                try await client.execute(uri: "/v1/events/\(id)", method: .patch, headers: knowledgeHeaders(tokens[.write], ifMatch: etag), body: ByteBuffer(string: patch)) { response in
                    #expect(response.status == .ok)
                    newTag = response.headers[.eTag] ?? ""
                    let body = object(response.body)
                    let event = body["event"] as? [String: Any] ?? [:]
                    #expect(event["status"] as? String == "expected")
                    #expect(event["date"] as? String == "2026-03")
                    #expect(event["date_precision"] as? String == "month")
                    let corrections = body["corrections"] as? [[String: Any]] ?? []
                    #expect(corrections.map { $0["field"] as? String } == ["date", "status"])
                    #expect(corrections.last?["old_value"] as? String == "occurred")
                    #expect(corrections.last?["new_value"] as? String == "expected")
                    #expect((corrections.last?["actor"] as? String)?.hasPrefix("token:test-write#") == true)
                    #expect(corrections.last?["note"] as? String == "the article was early")
                    let history = body["history"] as? [[String: Any]] ?? []
                    #expect(history.last?["to"] as? String == "expected")
                    #expect((history.last?["note"] as? String)?.contains("the article was early") == true)
                }
                #expect(newTag != etag && !newTag.isEmpty)
                // Someone else's edit in between: the stale ETag no longer matches.
                try await client.execute(uri: "/v1/events/\(id)", method: .patch, headers: knowledgeHeaders(tokens[.write], ifMatch: etag), body: ByteBuffer(string: #"{"status": "occurred"}"#)) { response in
                    #expect(response.status == .preconditionFailed)
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
                // The watcher sees the status correction as a status change. (Read the log itself:
                // the feed holds rows back while any transaction of the shared test cluster runs.)
                let changes = try await ChangeFeed.records(try await context.client.query(
                    "SELECT \(unescaped: ChangeFeed.columns) FROM change_log ORDER BY id", logger: context.logger))
                let corrected = try #require(changes.last)
                #expect(corrected.eventID == Int64(id))
                #expect(corrected.change == .statusChange)
                #expect(corrected.oldStatus == .occurred && corrected.newStatus == .expected)
                #expect(corrected.oldDate == "2026-03-06" && corrected.newDate == "2026-03")

                // A later article re-reporting the appointment adds evidence but changes no corrected field.
                try await client.execute(uri: "/v1/articles", method: .post, headers: bearer(tokens[.write]), body: ByteBuffer(string: knowledgeReReport)) { response in
                    #expect(response.status == .created)
                    let events = object(response.body)["events"] as? [[String: Any]] ?? []
                    #expect(events.first?["id"] as? Int == id)
                }
                try await client.execute(uri: "/v1/events/\(id)", method: .get, headers: bearer(tokens[.read])) { response in
                    let body = object(response.body)
                    let event = body["event"] as? [String: Any] ?? [:]
                    #expect(event["status"] as? String == "expected")
                    #expect(event["date"] as? String == "2026-03")
                    #expect(event["mention_count"] as? Int == 2)
                    #expect((body["mentions"] as? [Any])?.count == 2)
                }
                try await client.execute(uri: "/v1/events?kind=appointment", method: .get, headers: bearer(tokens[.read])) { response in
                    #expect((object(response.body)["events"] as? [Any])?.count == 1)
                }
                // If-Match: * applies to whatever version exists.
                try await client.execute(uri: "/v1/events/\(id)", method: .patch, headers: knowledgeHeaders(tokens[.admin], ifMatch: "*"), body: ByteBuffer(string: #"{"kind": "nomination"}"#)) { response in
                    #expect(response.status == .ok)
                    let event = object(response.body)["event"] as? [String: Any] ?? [:]
                    #expect(event["kind"] as? String == "nomination")
                }
            }
        }
    }

    @Test("an event marked wrong leaves the list, stays readable by id, and its re-reports do not bring it back")
    func markWrong() async throws {
        try await TestDatabase.withDatabase { context in
            try await withKnowledgeAPI(context) { client, tokens in
                let id = try await ingestKnowledgeSample(client, tokens)
                try await client.execute(uri: "/v1/events/\(id)", method: .patch, headers: bearer(tokens[.write]), body: ByteBuffer(string: #"{"wrong": true, "note": "not an appointment: a profile"}"#)) { response in
                    #expect(response.status == .ok)
                    #expect(object(response.body)["wrong"] as? Bool == true)
                }
                try await client.execute(uri: "/v1/articles", method: .post, headers: bearer(tokens[.write]), body: ByteBuffer(string: knowledgeReReport)) { #expect($0.status == .created) }
                try await client.execute(uri: "/v1/events", method: .get, headers: bearer(tokens[.read])) { response in
                    #expect((object(response.body)["events"] as? [Any])?.count == 0)
                }
                try await client.execute(uri: "/v1/events/\(id)", method: .get, headers: bearer(tokens[.read])) { response in
                    #expect(response.status == .ok)
                    let body = object(response.body)
                    #expect(body["wrong"] as? Bool == true)
                    let corrections = body["corrections"] as? [[String: Any]] ?? []
                    #expect(corrections.first?["field"] as? String == "wrong")
                    #expect(corrections.first?["note"] as? String == "not an appointment: a profile")
                    #expect((body["mentions"] as? [Any])?.count == 2)
                }
                let timeline = try await context.timelines.timeline(TimelineQuery(entities: ["Lena Varga"]), generatedAt: "2026-03-11T00:00:00Z")
                #expect(timeline.entries.isEmpty)
                // Undo.
                try await client.execute(uri: "/v1/events/\(id)", method: .patch, headers: bearer(tokens[.write]), body: ByteBuffer(string: #"{"wrong": false}"#)) { #expect($0.status == .ok) }
                try await client.execute(uri: "/v1/events", method: .get, headers: bearer(tokens[.read])) { response in
                    #expect((object(response.body)["events"] as? [Any])?.count == 1)
                }
            }
        }
    }

    @Test("PATCH errors: 401, 403, 404, 400, 413, and 422 naming the field")
    func correctionErrors() async throws {
        try await TestDatabase.withDatabase { context in
            try await withKnowledgeAPI(context) { client, tokens in
                let id = try await ingestKnowledgeSample(client, tokens)
                let uri = "/v1/events/\(id)"
                let write = bearer(tokens[.write])
                try await client.execute(uri: uri, method: .patch, headers: bearer(nil), body: ByteBuffer(string: #"{"status": "expected"}"#)) { #expect($0.status == .unauthorized) }
                try await client.execute(uri: uri, method: .patch, headers: bearer(tokens[.read]), body: ByteBuffer(string: #"{"status": "expected"}"#)) { #expect($0.status == .forbidden) }
                try await client.execute(uri: "/v1/events/999999", method: .patch, headers: write, body: ByteBuffer(string: #"{"status": "expected"}"#)) { #expect($0.status == .notFound) }
                try await client.execute(uri: uri, method: .patch, headers: write, body: ByteBuffer(string: "{nope")) { #expect($0.status == .badRequest) }
                let huge = #"{"note": ""# + String(repeating: "n", count: 100_000) + #""}"#
                try await client.execute(uri: uri, method: .patch, headers: write, body: ByteBuffer(string: huge)) { #expect($0.status == .contentTooLarge) }
                let cases: [(String, String)] = [
                    (#"{"colour": "red"}"#, "colour"),
                    (#"{"kind": "Resign!"}"#, "kind"),
                    (#"{"kind": "resignaton"}"#, "kind"),
                    (#"{"status": "finished"}"#, "status"),
                    (#"{"date": "April 2025"}"#, "date"),
                    (#"{"date": "2025-04", "date_precision": "day"}"#, "date_precision"),
                    (#"{"date_precision": "month"}"#, "date_precision"),
                    (#"{"wrong": "yes"}"#, "wrong"),
                    (#"{"status": 3}"#, "status"),
                    (#"{"note": "only a note"}"#, "nothing to correct"),
                    (#"{}"#, "nothing to correct"),
                ]
                for (body, field) in cases {
                    try await client.execute(uri: uri, method: .patch, headers: write, body: ByteBuffer(string: body)) { response in
                        #expect(response.status == .unprocessableContent, "\(body)")
                        #expect(problemDetail(response.body).contains(field), "\(body): \(problemDetail(response.body))")
                    }
                }
                // Nothing above changed the event.
                try await client.execute(uri: uri, method: .get, headers: bearer(tokens[.read])) { response in
                    #expect((object(response.body)["corrections"] as? [Any])?.count == 0)
                }
            }
        }
    }

    @Test("entities: add and remove aliases, merge and split; 403, 404, 409, 422")
    func entities() async throws {
        try await TestDatabase.withDatabase { context in
            try await withKnowledgeAPI(context) { client, tokens in
                let write = bearer(tokens[.write])
                // Entities of known kinds, made through a watchlist.
                let put = #"{"members": [{"name": "Internal Revenue Service", "kind": "organization"}, {"name": "Inland Revenue", "kind": "organization"}, {"name": "Commissioner, Internal Revenue Service", "kind": "post"}]}"#
                var ids: [String: Int] = [:]
                try await client.execute(uri: "/v1/watchlists/tax", method: .put, headers: write, body: ByteBuffer(string: put)) { response in
                    #expect(response.status == .created)
                    for member in object(response.body)["members"] as? [[String: Any]] ?? [] {
                        ids[member["name"] as? String ?? ""] = member["id"] as? Int
                    }
                }
                let irs = try #require(ids["Internal Revenue Service"]), inland = try #require(ids["Inland Revenue"])
                let post = try #require(ids["Commissioner, Internal Revenue Service"])
                try await client.execute(uri: "/v1/entities/\(irs)/aliases", method: .post, headers: bearer(tokens[.read]), body: ByteBuffer(string: #"{"name": "IRS"}"#)) { #expect($0.status == .forbidden) }
                try await client.execute(uri: "/v1/entities/\(irs)/aliases", method: .post, headers: write, body: ByteBuffer(string: #"{"name": "IRS", "kind": "acronym"}"#)) { response in
                    #expect(response.status == .created)
                    let aliases = object(response.body)["aliases"] as? [[String: Any]] ?? []
                    #expect(aliases.contains { $0["name"] as? String == "IRS" && $0["kind"] as? String == "acronym" })
                }
                try await client.execute(uri: "/v1/entities?query=irs", method: .get, headers: bearer(tokens[.read])) { response in
                    #expect((object(response.body)["entities"] as? [[String: Any]])?.first?["id"] as? Int == irs)
                }
                try await client.execute(uri: "/v1/entities/\(inland)/aliases", method: .post, headers: write, body: ByteBuffer(string: #"{"name": "irs"}"#)) { response in
                    #expect(response.status == .conflict)
                    #expect(problemDetail(response.body).contains("Internal Revenue Service"))
                }
                try await client.execute(uri: "/v1/entities/\(irs)/aliases", method: .post, headers: write, body: ByteBuffer(string: #"{"name": "IRS", "kind": "name"}"#)) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(problemDetail(response.body).contains("kind"))
                }
                try await client.execute(uri: "/v1/entities/\(irs)/aliases", method: .post, headers: write, body: ByteBuffer(string: #"{"kind": "alias"}"#)) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(problemDetail(response.body).contains("name"))
                }
                try await client.execute(uri: "/v1/entities/999999/aliases", method: .post, headers: write, body: ByteBuffer(string: #"{"name": "X"}"#)) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/v1/entities/\(irs)/aliases/IRS", method: .delete, headers: write) { response in
                    #expect(response.status == .ok)
                    #expect((object(response.body)["aliases"] as? [Any])?.isEmpty == true)
                }
                try await client.execute(uri: "/v1/entities/\(irs)/aliases/IRS", method: .delete, headers: write) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/v1/entities/\(irs)/aliases/Internal%20Revenue%20Service", method: .delete, headers: write) { response in
                    #expect(response.status == .unprocessableContent)
                }
                // Merges.
                try await client.execute(uri: "/v1/entities/\(irs)/merge", method: .post, headers: write, body: ByteBuffer(string: #"{"into": \#(irs)}"#)) { #expect($0.status == .conflict) }
                try await client.execute(uri: "/v1/entities/\(post)/merge", method: .post, headers: write, body: ByteBuffer(string: #"{"into": \#(irs)}"#)) { response in
                    #expect(response.status == .conflict)
                    #expect(problemDetail(response.body).contains("post"))
                }
                try await client.execute(uri: "/v1/entities/\(inland)/merge", method: .post, headers: write, body: ByteBuffer(string: #"{"into": 999999}"#)) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/v1/entities/\(inland)/merge", method: .post, headers: write, body: ByteBuffer(string: #"{"into": true}"#)) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(problemDetail(response.body).contains("into"))
                }
                try await client.execute(uri: "/v1/entities/\(inland)/merge", method: .post, headers: write, body: ByteBuffer(string: #"{"into": \#(irs)}"#)) { response in
                    #expect(response.status == .ok)
                    let body = object(response.body)
                    #expect(body["merged"] as? Int == inland)
                    let into = body["into"] as? [String: Any] ?? [:]
                    #expect((into["entity"] as? [String: Any])?["id"] as? Int == irs)
                    #expect(into["merged_from"] as? [Int] == [inland])
                }
                // The old id redirects to the survivor.
                try await client.execute(uri: "/v1/entities/\(inland)", method: .get, headers: bearer(tokens[.read])) { response in
                    #expect((object(response.body)["entity"] as? [String: Any])?["id"] as? Int == irs)
                }
                // Split undoes it; a split of something never merged, without events, is 422.
                try await client.execute(uri: "/v1/entities/\(irs)/split", method: .post, headers: write, body: ByteBuffer(string: "{}")) { response in
                    #expect(response.status == .unprocessableContent)
                }
                try await client.execute(uri: "/v1/entities/\(inland)/split", method: .post, headers: write, body: ByteBuffer(string: #"{"events": ["x"]}"#)) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(problemDetail(response.body).contains("events[0]"))
                }
                try await client.execute(uri: "/v1/entities/\(inland)/split", method: .post, headers: bearer(tokens[.read]), body: ByteBuffer(string: "{}")) { #expect($0.status == .forbidden) }
                try await client.execute(uri: "/v1/entities/\(inland)/split", method: .post, headers: write, body: ByteBuffer(string: "{}")) { response in
                    #expect(response.status == .ok)
                    #expect((object(response.body)["entity"] as? [String: Any])?["id"] as? Int == inland)
                }
                try await client.execute(uri: "/v1/entities/\(inland)", method: .get, headers: bearer(tokens[.read])) { response in
                    #expect((object(response.body)["entity"] as? [String: Any])?["id"] as? Int == inland)
                }
            }
        }
    }

    @Test("watchlists: PUT creates and replaces, members one by one, DELETE; 403, 404, 422")
    func watchlists() async throws {
        try await TestDatabase.withDatabase { context in
            try await withKnowledgeAPI(context) { client, tokens in
                let write = bearer(tokens[.write])
                func members(_ body: ByteBuffer) -> [String] {
                    (object(body)["members"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }.sorted()
                }
                let first = #"{"description": "Port people", "members": ["Harbor Port Authority", {"name": "Lena Varga", "kind": "person"}]}"#
                try await client.execute(uri: "/v1/watchlists/port", method: .put, headers: bearer(tokens[.read]), body: ByteBuffer(string: first)) { #expect($0.status == .forbidden) }
                try await client.execute(uri: "/v1/watchlists/port", method: .put, headers: write, body: ByteBuffer(string: first)) { response in
                    #expect(response.status == .created)
                    #expect(response.headers[.location] == "/v1/watchlists/port")
                    #expect(object(response.body)["description"] as? String == "Port people")
                    #expect(members(response.body) == ["Harbor Port Authority", "Lena Varga"])
                }
                let second = #"{"name": "port", "members": [{"name": "Lena Varga", "kind": "person"}, {"name": "Omar Haddad", "kind": "person"}]}"#
                try await client.execute(uri: "/v1/watchlists/port", method: .put, headers: write, body: ByteBuffer(string: second)) { response in
                    #expect(response.status == .ok)
                    #expect(object(response.body)["description"] == nil || object(response.body)["description"] is NSNull)
                    #expect(members(response.body) == ["Lena Varga", "Omar Haddad"])
                }
                let invalid: [(String, String, String)] = [
                    ("port", #"{"members": ["A", {"name": "B", "kind": "robot"}]}"#, "members[1].kind"),
                    ("port", #"{"members": [{"name": "B", "role": "x"}]}"#, "members[0].role"),
                    ("port", #"{"members": "Lena Varga"}"#, "members"),
                    ("port", #"{"name": "other"}"#, "name"),
                    ("port", #"{"owner": "desk"}"#, "owner"),
                    ("bad%20name", #"{"members": []}"#, "bad name"),
                ]
                for (name, body, field) in invalid {
                    try await client.execute(uri: "/v1/watchlists/\(name)", method: .put, headers: write, body: ByteBuffer(string: body)) { response in
                        #expect(response.status == .unprocessableContent, "\(body)")
                        #expect(problemDetail(response.body).contains(field), "\(body): \(problemDetail(response.body))")
                    }
                }
                try await client.execute(uri: "/v1/watchlists/port/members", method: .post, headers: write, body: ByteBuffer(string: #"{"name": "Harbor Port Authority", "kind": "organization"}"#)) { response in
                    #expect(response.status == .created)
                    #expect(object(response.body)["name"] as? String == "Harbor Port Authority")
                }
                try await client.execute(uri: "/v1/watchlists/nowhere/members", method: .post, headers: write, body: ByteBuffer(string: #"{"name": "X"}"#)) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/v1/watchlists/port/members/Omar%20Haddad", method: .delete, headers: write) { #expect($0.status == .noContent) }
                try await client.execute(uri: "/v1/watchlists/port/members/Omar%20Haddad", method: .delete, headers: write) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/v1/watchlists/port", method: .get, headers: bearer(tokens[.read])) { response in
                    #expect(members(response.body) == ["Harbor Port Authority", "Lena Varga"])
                }
                try await client.execute(uri: "/v1/watchlists/port", method: .delete, headers: bearer(tokens[.read])) { #expect($0.status == .forbidden) }
                try await client.execute(uri: "/v1/watchlists/port", method: .delete, headers: write) { #expect($0.status == .noContent) }
                try await client.execute(uri: "/v1/watchlists/port", method: .delete, headers: write) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/v1/watchlists/port", method: .put, headers: bearer(nil), body: ByteBuffer(string: first)) { #expect($0.status == .unauthorized) }
                let huge = #"{"description": ""# + String(repeating: "d", count: 100_000) + #""}"#
                try await client.execute(uri: "/v1/watchlists/port", method: .put, headers: write, body: ByteBuffer(string: huge)) { #expect($0.status == .contentTooLarge) }
            }
        }
    }
}

/// Runs `body` against the API on a live HTTP server over `context`'s database, with a token per scope.
fileprivate func withKnowledgeAPI(_ context: DatabaseContext, _ body: @Sendable (any TestClientProtocol, [TokenScope: String]) async throws -> Void) async throws {
    var tokens: [TokenScope: String] = [:]
    for scope in TokenScope.allCases { tokens[scope] = try await context.tokens.create(name: "test-\(scope)", scope: scope).token }
    let api = APIServer(context: context, extractor: try Extractor(), maxArticleBytes: 100_000)
    let app = Application(router: api.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: context.logger)
    let frozen = tokens
    try await app.test(.live) { client in try await body(client, frozen) }
}
