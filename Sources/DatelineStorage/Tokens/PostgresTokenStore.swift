import Crypto
import DatelineCore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// What an API token may do; each scope includes the ones below it.
public enum TokenScope: String, Sendable, Codable, CaseIterable, Comparable {
    case read, write, admin

    var rank: Int {
        switch self {
        case .read: 0
        case .write: 1
        case .admin: 2
        }
    }

    public static func < (a: TokenScope, b: TokenScope) -> Bool { a.rank < b.rank }
}

/// A stored token (never the secret itself).
public struct TokenRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    public var scope: TokenScope
    /// The public part of the token, to recognise it in lists (`dtl_ab12cd34`).
    public var prefix: String
    public var createdAt: String
    public var lastUsedAt: String?
    public var revokedAt: String?
}

/// Bearer API tokens: `dtl_<8 id chars>_<32 secret chars>`, stored as SHA-256 hashes, found by
/// their public prefix and compared in constant time.
public struct PostgresTokenStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    static func random(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    static func hash(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Data(token.utf8))) }

    /// Creates a token; the returned secret is shown once and never stored.
    public func create(name: String, scope: TokenScope) async throws -> (token: String, record: TokenRecord) {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(trimmed.count) else { throw StorageError.invalid("a token name must be 1–100 characters") }
        let prefix = "dtl_" + Self.random(8)
        let token = prefix + "_" + Self.random(32)
        let digest = ByteBuffer(bytes: Self.hash(token))
        do {
            let rows = try await client.query(
                """
                INSERT INTO api_tokens (name, scope, token_hash, prefix) VALUES (\(trimmed), \(scope.rawValue), \(digest), \(prefix))
                RETURNING id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                """,
                logger: logger)
            for try await (id, created) in rows.decode((Int64, String).self) {
                return (token, TokenRecord(id: id, name: trimmed, scope: scope, prefix: prefix, createdAt: created))
            }
            throw StorageError.internal("the token was not stored")
        } catch {
            throw StorageError.wrap(error, doing: "creating a token")
        }
    }

    public func list() async throws -> [TokenRecord] {
        let rows = try await client.query(
            """
            SELECT id, name, scope, prefix, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   coalesce(to_char(last_used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), ''),
                   coalesce(to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), '')
            FROM api_tokens ORDER BY id
            """,
            logger: logger)
        var records: [TokenRecord] = []
        for try await (id, name, scope, prefix, created, used, revoked) in rows.decode((Int64, String, String, String, String, String, String).self) {
            records.append(TokenRecord(id: id, name: name, scope: TokenScope(rawValue: scope) ?? .read, prefix: prefix, createdAt: created,
                                       lastUsedAt: used.isEmpty ? nil : used, revokedAt: revoked.isEmpty ? nil : revoked))
        }
        return records
    }

    /// Revokes a token by id or prefix.
    public func revoke(_ reference: String) async throws -> Bool {
        let id = Int64(reference) ?? 0
        let rows = try await client.query(
            "UPDATE api_tokens SET revoked_at = now() WHERE (id = \(id) OR prefix = \(reference)) AND revoked_at IS NULL RETURNING id",
            logger: logger)
        for try await _ in rows.decode(Int64.self) { return true }
        return false
    }

    /// The scope of a presented token, or `nil` when it is unknown, malformed or revoked.
    public func authenticate(_ token: String) async throws -> TokenScope? {
        try await identify(token)?.scope
    }

    /// Who a presented token is (id, name, scope), or `nil` when it is unknown, malformed or
    /// revoked: what the API records as the author of a change.
    public func identify(_ token: String) async throws -> (id: Int64, name: String, scope: TokenScope)? {
        let parts = token.split(separator: "_")
        guard parts.count == 3, parts[0] == "dtl", parts[1].count == 8, parts[2].count == 32 else { return nil }
        let prefix = "dtl_" + parts[1]
        let rows = try await client.query(
            "SELECT id, name, scope, token_hash FROM api_tokens WHERE prefix = \(prefix) AND revoked_at IS NULL", logger: logger)
        let presented = Self.hash(token)
        var match: (Int64, String, TokenScope)?
        for try await (id, name, scope, buffer) in rows.decode((Int64, String, String, ByteBuffer).self) {
            let stored = Array(buffer.readableBytesView)
            // Constant time: every byte is compared whatever the earlier ones were.
            guard stored.count == presented.count else { continue }
            var difference: UInt8 = 0
            for (a, b) in zip(stored, presented) { difference |= a ^ b }
            if difference == 0, let s = TokenScope(rawValue: scope) { match = (id, name, s) }
        }
        guard let (id, name, scope) = match else { return nil }
        try await client.query("UPDATE api_tokens SET last_used_at = now() WHERE id = \(id) AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')", logger: logger)
        return (id, name, scope)
    }
}
