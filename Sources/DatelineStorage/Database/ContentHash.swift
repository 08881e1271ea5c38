import Crypto
import Foundation

/// SHA-256 in lower-case hex: how the store recognises the same article twice.
public enum ContentHash {
    public static func of(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
