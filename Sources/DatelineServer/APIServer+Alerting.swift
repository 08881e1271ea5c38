import DatelineApp
import DatelineCore
import DatelineStorage
import Foundation
import Hummingbird

/// The alerting part of the API: rules, channels, alerts and deliveries.
///
/// Scopes: reading (lists, details, `validate`, `backtest`, `preview`) needs `read`; acting on
/// what is stored (silence a rule, test a channel, retry deliveries) needs `write`; changing
/// where alerts go or what fires them (apply rules, create or replace a channel) needs `admin`,
/// since rule files carry channels and channels carry destinations and secrets.
extension APIServer {
    /// Adds the `/v1/rules`, `/v1/channels`, `/v1/alerts` and `/v1/deliveries` routes.
    func addAlertingRoutes(to v1: RouterGroup<ServerContext>) {
        addRuleRoutes(to: v1)
        addChannelRoutes(to: v1)
        addAlertRoutes(to: v1)
        addDeliveryRoutes(to: v1)
    }

    // MARK: - Request helpers

    /// The largest rules file or JSON body the alerting routes read.
    static let maxAlertingBody = 1 << 20

    /// The body as bytes, at most `maxAlertingBody` (413 beyond).
    static func body(_ request: Request) async throws -> Data {
        let buffer = try await request.body.collect(upTo: maxAlertingBody)
        return Data(buffer: buffer)
    }

    /// The body as a JSON object; an empty body is `{}` when `emptyAllowed`; 400 when it is not JSON.
    static func jsonObject(_ data: Data, emptyAllowed: Bool = false) throws -> [String: Any] {
        if emptyAllowed && data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return [:] }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw Problem(status: .badRequest, code: "bad_json", detail: "the body is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw Problem(status: .badRequest, code: "bad_json", detail: "the body must be a JSON object")
        }
        return object
    }

    /// 422 unless every key of `object` is in `known`.
    static func requireKnownFields(_ object: [String: Any], _ known: [String]) throws {
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "\(unknown): unknown field (expected \(known.sorted().joined(separator: ", ")))")
        }
    }

    /// An optional string field; 422 when present with another type.
    static func string(_ object: [String: Any], _ key: String) throws -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else {
            throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "\(key): must be a string")
        }
        return text
    }

    /// An optional boolean field; 422 when present with another type.
    static func bool(_ object: [String: Any], _ key: String) throws -> Bool? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard !(value is String), let flag = value as? Bool else {
            throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "\(key): must be true or false")
        }
        return flag
    }

    /// A required string field; 422 naming it when missing.
    static func requiredString(_ object: [String: Any], _ key: String, _ hint: String) throws -> String {
        guard let text = try string(object, key), !text.isEmpty else {
            throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "\(key): missing (\(hint))")
        }
        return text
    }

    /// A problem+json response with RFC 9457 extension members (like `errors`).
    static func problemResponse(
        _ status: HTTPResponse.Status, code: String, detail: String, request: Request, extensions: [String: Any]
    ) throws -> Response {
        var body: [String: Any] = extensions
        body["type"] = "https://dateline.dev/problems/\(code)"
        body["title"] = status.reasonPhrase
        body["status"] = Int(status.code)
        body["detail"] = detail
        body["instance"] = request.uri.path
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(status: status, headers: [.contentType: "application/problem+json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A positive whole number from the query, or nil; 422 naming it otherwise.
    static func positiveID(_ request: Request, _ key: String) throws -> Int64? {
        guard let text = request.uri.queryParameters[Substring(key)] else { return nil }
        guard let id = Int64(String(text)), id > 0 else {
            throw Problem(status: .unprocessableContent, code: "invalid_input", detail: "\(key): a positive whole number")
        }
        return id
    }

    /// The `name` path parameter.
    static func name(_ context: ServerContext) throws -> String {
        String(try context.parameters.require("name"))
    }
}
