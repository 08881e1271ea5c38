import DatelineServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing

@Suite("GET /metrics")
struct MetricsEndpointTests {
    static func router(token: String?) -> Router<ServerContext> {
        let registry = PrometheusCollectorRegistry()
        registry.makeCounter(name: "dateline_test_total").increment(by: Int64(3))
        let router = Router(context: ServerContext.self)
        router.add(middleware: ProblemMiddleware())
        MetricsEndpoint(registry: registry, token: token).add(to: router)
        return router
    }

    @Test("open by default: Prometheus text without a token")
    func open() async throws {
        try await Application(router: Self.router(token: nil)).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                #expect(String(buffer: response.body).contains("dateline_test_total 3"))
            }
        }
    }

    @Test("with metrics_token set: 401 without it or with a wrong one, 200 with it")
    func token() async throws {
        try await Application(router: Self.router(token: "scrape-me")).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(!String(buffer: response.body).contains("dateline_test_total"))
            }
            try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer scrape-mf"]) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer scrape-me"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("dateline_test_total 3"))
            }
        }
    }
}
