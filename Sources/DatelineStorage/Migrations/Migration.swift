import Crypto
import DatelineMigrations
import Foundation

/// One numbered SQL migration file (`NNNN_name.sql`).
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    /// SHA-256 of the file's bytes, hex: an applied migration whose file changed is refused.
    public let checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The migrations bundled with Dateline, in order.
    public static func bundled() throws -> [Migration] {
        guard let directory = MigrationFiles.directory else {
            throw StorageError.internal("the bundled migrations are missing (the DatelineMigrations resource bundle was not found)")
        }
        return try load(from: directory)
    }

    /// Reads `NNNN_name.sql` files from a folder, sorted by number.
    ///
    /// - Throws: when a file is not named `NNNN_name.sql` or two files share a number.
    public static func load(from directory: URL) throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }
        var migrations: [Migration] = []
        for file in names {
            let stem = String(file.dropLast(4))
            let parts = stem.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 4, let version = Int(parts[0]) else {
                throw StorageError.invalid("migration file \(file) is not named NNNN_name.sql", code: "bad_migration_name")
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            migrations.append(Migration(version: version, name: String(parts[1]), sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        for (a, b) in zip(migrations, migrations.dropFirst()) where a.version == b.version {
            throw StorageError.invalid("two migrations are numbered \(a.version): \(a.name) and \(b.name)", code: "bad_migration_name")
        }
        return migrations
    }
}
