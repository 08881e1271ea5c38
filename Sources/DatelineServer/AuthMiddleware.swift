import DatelineStorage
import Hummingbird

/// Reads `Authorization: Bearer <token>` and sets the context's scope; 401 without a valid token.
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = ServerContext
    let tokens: PostgresTokenStore

    public init(tokens: PostgresTokenStore) {
        self.tokens = tokens
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw Problem(status: .unauthorized, code: "unauthorized", detail: "send Authorization: Bearer <token> (create one with `dateline tokens create`)")
        }
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        guard let identity = try await tokens.identify(token) else {
            throw Problem(status: .unauthorized, code: "unauthorized", detail: "the token is unknown or revoked")
        }
        var context = context
        context.scope = identity.scope
        context.actor = "token:\(identity.name)#\(identity.id)"
        return try await next(request, context)
    }
}
