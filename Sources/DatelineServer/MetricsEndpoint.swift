import DatelineApp
import Foundation
import Hummingbird
import Prometheus

/// `GET /metrics`: the process's Prometheus registry in the text exposition format.
///
/// Open by default, since scrapers usually cannot send tokens (keep the port off the public
/// internet, or set `metrics_token`: then `Authorization: Bearer <token>` is required).
public struct MetricsEndpoint: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let token: String?

    public init(registry: PrometheusCollectorRegistry, token: String?) {
        self.registry = registry
        self.token = token
    }

    /// Adds the route to `router`.
    public func add(to router: Router<ServerContext>) {
        router.get("/metrics") { request, _ in try self.respond(request) }
    }

    func respond(_ request: Request) throws -> Response {
        if let token {
            let header = request.headers[.authorization] ?? ""
            guard header.lowercased().hasPrefix("bearer "), Self.constantTimeEqual(Array(header.utf8.dropFirst(7)), Array(token.utf8)) else {
                throw Problem(status: .unauthorized, code: "unauthorized", detail: "send Authorization: Bearer <metrics_token>")
            }
        }
        DatelineMetrics.refreshScrapeTimeGauges()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16_384)
        registry.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
