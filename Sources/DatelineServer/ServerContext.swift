import DatelineStorage
import Hummingbird
import Logging

/// The request context: Hummingbird's core storage plus the caller's token scope.
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthMiddleware` for /v1 routes.
    public var scope: TokenScope?
    /// Who the token is (`token:<name>#<id>`), set with the scope; recorded as the author of corrections.
    public var actor: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.scope = nil
        self.actor = nil
    }

    /// Bodies are articles: up to the article limit plus room for the JSON around it.
    public var maxUploadSize: Int { 6 * 1024 * 1024 }

    /// Throws 403 unless the token's scope includes `needed`.
    public func require(_ needed: TokenScope) throws {
        guard let scope else { throw Problem(status: .unauthorized, code: "unauthorized", detail: "a bearer token is required") }
        guard scope >= needed else {
            throw Problem(status: .forbidden, code: "forbidden", detail: "this needs a token with the \(needed.rawValue) scope; yours has \(scope.rawValue)")
        }
    }
}
