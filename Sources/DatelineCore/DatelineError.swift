/// What kind of failure an error is, so the CLI can choose an exit code and the server an HTTP
/// status without knowing every module's error type.
public enum ErrorCategory: String, Sendable, Codable {
    /// The caller's input is wrong: a bad file, field or flag (exit 2, HTTP 400/422).
    case invalidInput = "invalid_input"
    /// The thing asked for does not exist (HTTP 404).
    case notFound = "not_found"
    /// It conflicts with what is stored (HTTP 409).
    case conflict
    /// Input over a configured size limit (HTTP 413).
    case tooLarge = "too_large"
    /// A service the work needs is not there or failed (database, PostgreSQL binaries).
    case unavailable
    /// A bug or an unexpected state.
    case `internal`
}

/// An error with a stable code and a message that is safe to show a user.
///
/// Every module has one error type conforming to this; only the server turns them into
/// problem+json and only the CLI turns them into exit codes.
public protocol DatelineError: Error, CustomStringConvertible {
    /// A stable, machine-readable code ("migration_edited", "bad_field").
    var code: String { get }
    /// A message that says what and where, safe to show (no SQL, no secrets).
    var message: String { get }
    var category: ErrorCategory { get }
}

extension DatelineError {
    public var description: String { message }
}

/// Errors of the domain values themselves.
public struct CoreError: DatelineError, Equatable {
    public let code: String
    public let message: String
    public let category: ErrorCategory

    public init(code: String, message: String, category: ErrorCategory = .invalidInput) {
        self.code = code
        self.message = message
        self.category = category
    }
}
