import DatelineApp
import DatelineExtraction
import DatelineServer
import DatelineStorage
import DatelineTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

/// Runs `body` against the API on a live HTTP server over a fresh database, with a token per scope.
func withAPI(_ body: @Sendable (any TestClientProtocol, [TokenScope: String]) async throws -> Void) async throws {
    try await TestDatabase.withDatabase { context in
        var tokens: [TokenScope: String] = [:]
        for scope in TokenScope.allCases { tokens[scope] = try await context.tokens.create(name: "test-\(scope)", scope: scope).token }
        let api = APIServer(context: context, extractor: try Extractor(), maxArticleBytes: 100_000)
        let app = Application(router: api.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: context.logger)
        let frozen = tokens
        try await app.test(.live) { client in try await body(client, frozen) }
    }
}

func bearer(_ token: String?) -> HTTPFields {
    var headers = HTTPFields()
    if let token { headers[.authorization] = "Bearer \(token)" }
    headers[.contentType] = "application/json"
    return headers
}

func object(_ buffer: ByteBuffer) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(buffer: buffer))) as? [String: Any] ?? [:]
}

let sampleArticle = #"{"headline": "Port authority names director", "text": "The Harbor Port Authority appointed Lena Varga as executive director on Friday.", "published": "2026-03-09", "url": "https://example.org/port/varga", "source": "Harbor Gazette"}"#

@Suite("The HTTP API through the real HTTP stack")
struct APITests {
    @Test("health needs no token; every /v1 route needs one (401), and the right scope (403)")
    func authAndHealth() async throws {
        try await withAPI { client, tokens in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/events", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(object(response.body)["status"] as? Int == 401)
            }
            try await client.execute(uri: "/v1/events", method: .get, headers: bearer("dtl_nothing_real")) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/articles", method: .post, headers: bearer(tokens[.read]), body: ByteBuffer(string: sampleArticle)) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test("POST /v1/articles stores an article and its events, idempotently; GET finds them")
    func ingestArticle() async throws {
        try await withAPI { client, tokens in
            var articleID = 0
            try await client.execute(uri: "/v1/articles", method: .post, headers: bearer(tokens[.write]), body: ByteBuffer(string: sampleArticle)) { response in
                #expect(response.status == .created)
                let body = object(response.body)
                #expect(body["duplicate"] as? Bool == false)
                let events = body["events"] as? [[String: Any]] ?? []
                #expect(events.first?["kind"] as? String == "appointment")
                articleID = (body["article"] as? [String: Any])?["id"] as? Int ?? 0
            }
            try await client.execute(uri: "/v1/articles", method: .post, headers: bearer(tokens[.admin]), body: ByteBuffer(string: sampleArticle)) { response in
                #expect(response.status == .ok)
                #expect(object(response.body)["duplicate"] as? Bool == true)
            }
            try await client.execute(uri: "/v1/articles/\(articleID)", method: .get, headers: bearer(tokens[.read])) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/events?kind=appointment&limit=10", method: .get, headers: bearer(tokens[.read])) { response in
                #expect(response.status == .ok)
                let events = object(response.body)["events"] as? [[String: Any]] ?? []
                #expect(events.count == 1)
                let id = events.first?["id"] as? Int ?? 0
                try await client.execute(uri: "/v1/events/\(id)", method: .get, headers: bearer(tokens[.read])) { detail in
                    #expect(detail.status == .ok)
                    #expect((object(detail.body)["mentions"] as? [Any])?.count == 1)
                }
            }
        }
    }

    @Test("errors are problem+json: 400 bad JSON, 404, 413 too large, 422 bad field")
    func errors() async throws {
        try await withAPI { client, tokens in
            let write = bearer(tokens[.write])
            try await client.execute(uri: "/v1/articles", method: .post, headers: write, body: ByteBuffer(string: "{oops")) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/v1/articles", method: .post, headers: write, body: ByteBuffer(string: #"{"text": "x", "colour": "red"}"#)) { response in
                #expect(response.status == .unprocessableContent)
                #expect((object(response.body)["detail"] as? String)?.contains("colour") == true)
            }
            try await client.execute(uri: "/v1/articles", method: .post, headers: write, body: ByteBuffer(string: #"{"text": "x", "published": "yesterday"}"#)) {
                #expect($0.status == .unprocessableContent)
            }
            let huge = #"{"text": ""# + String(repeating: "a", count: 200_000) + #""}"#
            try await client.execute(uri: "/v1/articles", method: .post, headers: write, body: ByteBuffer(string: huge)) { #expect($0.status == .contentTooLarge) }
            try await client.execute(uri: "/v1/events/999999", method: .get, headers: bearer(tokens[.read])) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            try await client.execute(uri: "/v1/events?status=finished", method: .get, headers: bearer(tokens[.read])) { response in
                #expect(response.status == .unprocessableContent)
                #expect((object(response.body)["detail"] as? String)?.contains("status") == true)
            }
            try await client.execute(uri: "/v1/events?cursor=garbage", method: .get, headers: bearer(tokens[.read])) { #expect($0.status == .unprocessableContent) }
        }
    }

    @Test("every route is in the OpenAPI document, and every documented path is served")
    func openAPIMatchesRoutes() async throws {
        try await TestDatabase.withDatabase { context in
            let api = APIServer(context: context, extractor: try Extractor(), maxArticleBytes: 1000)
            // As `serve` builds it: the API plus `/metrics`.
            let router = api.makeRouter()
            MetricsEndpoint(registry: PrometheusCollectorRegistry(), token: nil).add(to: router)
            let routes = Set(router.routes.map { route -> String in
                let path = route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
                return "\(route.method.rawValue.lowercased()) /\(path)"
            })
            let file = TestDatabase.repositoryRoot.appendingPathComponent("Sources/DatelineServer/Resources/openapi.json")
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, methods in methods.keys.map { "\($0) \(path)" } })
            #expect(routes.subtracting(documented).isEmpty, "routes missing from openapi.json: \(routes.subtracting(documented).sorted())")
            #expect(documented.subtracting(routes).isEmpty, "documented but not served: \(documented.subtracting(routes).sorted())")
        }
    }
}
