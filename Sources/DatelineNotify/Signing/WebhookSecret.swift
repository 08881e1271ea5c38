import Crypto
import Foundation

/// A Standard Webhooks signing secret: `whsec_` followed by base64 of the key bytes.
///
/// The prefix is optional on input; what follows must be base64 of at least 16 bytes
/// (the spec recommends 24–64). `description` never shows the key.
public struct WebhookSecret: Sendable, CustomStringConvertible {
    let key: SymmetricKey

    /// Parses `text`; throws `NotifyError` (`bad_secret`) when it is not valid base64 or too short.
    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let encoded = trimmed.hasPrefix("whsec_") ? String(trimmed.dropFirst(6)) : trimmed
        guard let bytes = Data(base64Encoded: encoded) else {
            throw NotifyError.badSecret("a webhook secret must be 'whsec_' followed by base64; this one is not base64")
        }
        guard bytes.count >= 16 else {
            throw NotifyError.badSecret("a webhook secret must hold at least 16 bytes; this one has \(bytes.count)")
        }
        key = SymmetricKey(data: bytes)
    }

    /// A fresh random secret, `whsec_` + base64 of 32 bytes.
    public static func generate() -> String {
        let key = SymmetricKey(size: .bits256)
        return "whsec_" + key.withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// Always `whsec_…`: the key is never printed.
    public var description: String { "whsec_…" }
}
