import DatelineStorage
import Hummingbird

/// Authentication for `GET /v1/timeline`: a bearer token as everywhere (`AuthMiddleware`), or,
/// for the feed formats only (`ics`, `atom`), a read-scope token in `?token=`.
///
/// Calendar apps and feed readers subscribe to a URL and cannot send headers. A token in a URL
/// ends up in their settings, in proxy logs and in browser history, so only a read-scope token
/// is accepted there: a write or admin token in a URL is refused (403) rather than silently
/// used, and `?token=` on any other format is refused (401) so the habit does not spread. With an
/// `Authorization` header the query token is ignored.
struct FeedTokenMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let tokens: PostgresTokenStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let query = request.uri.queryParameters
        guard request.headers[.authorization] == nil, let token = query["token"].map(String.init) else {
            return try await AuthMiddleware(tokens: tokens).handle(request, context: context, next: next)
        }
        // An unknown format= or a failed negotiation is reported by the route (422/406) only to
        // an authenticated caller; here it simply is not a feed format.
        let format = try? TimelineNegotiation.format(parameter: query["format"].map(String.init), accept: request.headers[.accept])
        guard let format, TimelineNegotiation.feedFormats.contains(format) else {
            throw Problem(
                status: .unauthorized, code: "unauthorized",
                detail: "token: a token in the URL is accepted only for format=ics and format=atom; send Authorization: Bearer <token>")
        }
        guard let scope = try await tokens.authenticate(token) else {
            throw Problem(status: .unauthorized, code: "unauthorized", detail: "token: the token is unknown or revoked")
        }
        guard scope == .read else {
            throw Problem(
                status: .forbidden, code: "forbidden",
                detail: "token: feed URLs accept only read-scope tokens (this one is \(scope.rawValue)); create one with `dateline tokens create --scope read`")
        }
        var context = context
        context.scope = .read
        return try await next(request, context)
    }
}
