import Crypto
import Foundation

/// Signs webhook requests per Standard Webhooks: HMAC-SHA256 over `"{id}.{timestamp}.{body}"`.
///
/// With several secrets (rotation) the `webhook-signature` header carries one `v1,<base64>`
/// per secret, space-separated; a receiver accepts the request if any matches.
public struct StandardWebhookSigner: Sendable {
    /// The secrets that sign, in header order (the newest first during rotation).
    public let secrets: [WebhookSecret]

    /// Parses the channel's secrets; throws `NotifyError` when one is malformed.
    public init(secrets: [String]) throws {
        self.secrets = try secrets.map(WebhookSecret.init)
    }

    /// A signer with already parsed secrets.
    public init(secrets: [WebhookSecret]) {
        self.secrets = secrets
    }

    /// The `webhook-signature` value: `v1,<base64>` per secret, space-separated.
    public func signature(id: String, timestamp: Int64, body: some DataProtocol) -> String {
        let content = StandardWebhookSigner.signedContent(id: id, timestamp: timestamp, body: body)
        return secrets.map { secret in
            let mac = HMAC<SHA256>.authenticationCode(for: content, using: secret.key)
            return "v1," + Data(mac).base64EncodedString()
        }.joined(separator: " ")
    }

    /// The three Standard Webhooks headers for a request (the signature only when there are secrets).
    public func headers(id: String, timestamp: Int64, body: some DataProtocol) -> [(name: String, value: String)] {
        var headers = [(name: "webhook-id", value: id), (name: "webhook-timestamp", value: String(timestamp))]
        if !secrets.isEmpty { headers.append((name: "webhook-signature", value: signature(id: id, timestamp: timestamp, body: body))) }
        return headers
    }

    static func signedContent(id: String, timestamp: Int64, body: some DataProtocol) -> Data {
        var content = Data("\(id).\(timestamp).".utf8)
        content.append(contentsOf: body)
        return content
    }
}
