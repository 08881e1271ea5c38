import Crypto
import Foundation
import Hummingbird

/// The web page at `/`: a timeline viewer for reporters, three static files (HTML, CSS, JS,
/// no build step) that call the API with the token the reader pastes. The files need no token.
extension APIServer {
    /// One static file of the page.
    struct WebAsset: Sendable {
        /// The path it is served at.
        var path: String
        /// The file under `Resources/web`.
        var file: String
        /// Its media type with charset.
        var contentType: String
    }

    /// The page's files: `/` and the script and style it loads from the same origin.
    static let webAssets: [WebAsset] = [
        WebAsset(path: "/", file: "index.html", contentType: "text/html; charset=utf-8"),
        WebAsset(path: "/app.js", file: "app.js", contentType: "text/javascript; charset=utf-8"),
        WebAsset(path: "/app.css", file: "app.css", contentType: "text/css; charset=utf-8"),
    ]

    /// The policy of the page: everything from this origin only, no inline script or style, no
    /// framing, no plugins, no form posts elsewhere. The API it calls is on the same origin.
    static let webPagePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// Adds `GET /`, `/app.js` and `/app.css`.
    func addWebPageRoutes(to router: Router<ServerContext>) {
        for asset in Self.webAssets {
            router.get(RouterPath(asset.path)) { request, _ in try Self.webAssetResponse(asset, request: request) }
        }
    }

    /// The file with its type, the page policy and an ETag (304 on a match).
    static func webAssetResponse(_ asset: WebAsset, request: Request) throws -> Response {
        guard let url = Bundle.module.url(forResource: asset.file, withExtension: nil, subdirectory: "Resources/web")
            ?? Bundle.module.url(forResource: asset.file, withExtension: nil, subdirectory: "web"),
            let data = FileManager.default.contents(atPath: url.path)
        else {
            throw Problem(status: .internalServerError, code: "internal", detail: "the web page's file \(asset.file) is missing")
        }
        let tag = "\"" + SHA256.hash(data: data).prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
        var headers = HTTPFields()
        headers[.eTag] = tag
        headers[.cacheControl] = "no-cache"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "no-referrer"
        headers[.contentSecurityPolicy] = webPagePolicy
        if let match = request.headers[.ifNoneMatch], matches(match, tag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
