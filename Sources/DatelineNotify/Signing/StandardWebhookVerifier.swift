import Crypto
import Foundation

/// Verifies Standard Webhooks signatures on the receiving side (tests' receiver; documented
/// for users who receive Dateline's webhooks).
///
/// Checks that the three headers are present, that the timestamp is within `tolerance` of
/// `now` (replay protection), and that one `v1` signature matches one of the secrets, compared
/// in constant time. Throws `NotifyError` with code `bad_signature` otherwise.
///
/// ```swift
/// let verifier = try StandardWebhookVerifier(secrets: ["whsec_…"])
/// try verifier.verify(
///     id: headers["webhook-id"], timestamp: headers["webhook-timestamp"],
///     signature: headers["webhook-signature"], body: rawBodyBytes,
///     now: Date().timeIntervalSince1970)
/// // then de-duplicate by webhook-id: retries of one delivery carry the same id and body.
/// ```
/// Verify the raw body bytes as received, before parsing the JSON.
public struct StandardWebhookVerifier: Sendable {
    /// The secrets accepted; a request signed with any of them verifies.
    public let secrets: [WebhookSecret]
    /// Seconds the timestamp may differ from `now`, either way (the spec suggests 5 minutes).
    public let tolerance: Double

    /// Parses `secrets` (`whsec_…`); throws `NotifyError` (`bad_secret`) for a malformed one.
    public init(secrets: [String], tolerance: Double = 300) throws {
        self.secrets = try secrets.map(WebhookSecret.init)
        self.tolerance = tolerance
    }

    /// Verifies one request. `now` is unix seconds.
    public func verify(id: String?, timestamp: String?, signature: String?, body: some DataProtocol, now: Double) throws {
        guard let id, !id.isEmpty, let timestamp, let signature else {
            throw reject("a webhook-id, webhook-timestamp or webhook-signature header is missing")
        }
        guard let seconds = Int64(timestamp) else { throw reject("webhook-timestamp is not unix seconds") }
        guard abs(Double(seconds) - now) <= tolerance else {
            throw reject("webhook-timestamp is more than \(Int(tolerance)) s away from now")
        }
        let content = StandardWebhookSigner.signedContent(id: id, timestamp: seconds, body: body)
        for entry in signature.split(separator: " ") {
            let parts = entry.split(separator: ",", maxSplits: 1)
            guard parts.count == 2, parts[0] == "v1", let mac = Data(base64Encoded: String(parts[1])) else { continue }
            for secret in secrets where HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: content, using: secret.key) {
                return
            }
        }
        throw reject("no v1 signature matches")
    }

    func reject(_ why: String) -> NotifyError {
        NotifyError(code: "bad_signature", message: "webhook signature rejected: \(why)")
    }
}
