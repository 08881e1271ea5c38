import DatelineCore
import Foundation
import Hummingbird

/// An RFC 9457 problem: the only error shape the API sends.
public struct Problem: Error, Sendable, HTTPResponseError {
    public var status: HTTPResponse.Status
    /// A stable code (`not_found`, `invalid_input`…), also the last segment of `type`.
    public var code: String
    /// A message safe to show: what and where, never SQL or secrets.
    public var detail: String

    public init(status: HTTPResponse.Status, code: String, detail: String) {
        self.status = status
        self.code = code
        self.detail = detail
    }

    /// The problem for a module error: input → 422, not found → 404, conflict → 409,
    /// too large → 413, unavailable → 503, anything else → 500 with a generic message.
    public init(_ error: any DatelineError) {
        let status: HTTPResponse.Status = switch error.category {
        case .invalidInput: .unprocessableContent
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooLarge: .contentTooLarge
        case .unavailable: .serviceUnavailable
        case .internal: .internalServerError
        }
        let detail = error.category == .internal ? "an internal error occurred" : error.message
        self.init(status: status, code: error.code, detail: detail)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: [String: Any] = [
            "type": "https://dateline.dev/problems/\(code)",
            "title": status.reasonPhrase,
            "status": Int(status.code),
            "detail": detail,
            "instance": request.uri.path,
        ]
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"dateline\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Turns every error thrown below it into problem+json, so no framework or database text leaks.
public struct ProblemMiddleware: RouterMiddleware {
    public typealias Context = ServerContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try problem.response(from: request, context: context)
        } catch let error as any DatelineError {
            if error.category == .internal {
                context.logger.error("Request failed", metadata: ["code": "\(error.code)", "error": "\(String(reflecting: error))"])
            }
            return try Problem(error).response(from: request, context: context)
        } catch let error as HTTPError {
            let code = error.status == .contentTooLarge ? "too_large" : error.status == .notFound ? "not_found" : "http_error"
            return try Problem(status: error.status, code: code, detail: error.body ?? error.status.reasonPhrase).response(from: request, context: context)
        } catch let error as DecodingError {
            return try Problem(status: .badRequest, code: "bad_json", detail: Self.describe(error)).response(from: request, context: context)
        } catch {
            context.logger.error("Request failed", metadata: ["error": "\(String(reflecting: error))"])
            return try Problem(status: .internalServerError, code: "internal", detail: "an internal error occurred").response(from: request, context: context)
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "body" : p
        }
        switch error {
        case let .keyNotFound(key, context): return "\(path(context)).\(key.stringValue): missing"
        case let .typeMismatch(type, context): return "\(path(context)): expected \(type)"
        case let .valueNotFound(type, context): return "\(path(context)): expected \(type), got null"
        case let .dataCorrupted(context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "the body is not valid JSON for this request"
        }
    }
}
