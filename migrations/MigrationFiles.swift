import Foundation

/// Where the numbered SQL migrations (`sql/NNNN_name.sql`) are bundled.
public enum MigrationFiles {
    /// The folder of bundled migration files, or `nil` when the resource bundle is missing.
    public static var directory: URL? {
        Bundle.module.url(forResource: "sql", withExtension: nil)
    }
}
