import DatelineCore
import PostgresNIO

/// The storage layer's error: a stable code and a message safe to show (no SQL text, no secrets).
public struct StorageError: DatelineError, Equatable {
    public let code: String
    public let message: String
    public let category: ErrorCategory

    public init(code: String, message: String, category: ErrorCategory) {
        self.code = code
        self.message = message
        self.category = category
    }

    static func invalid(_ message: String, code: String = "invalid_input") -> StorageError {
        StorageError(code: code, message: message, category: .invalidInput)
    }

    static func notFound(_ message: String) -> StorageError {
        StorageError(code: "not_found", message: message, category: .notFound)
    }

    static func unavailable(_ message: String, code: String = "database_unavailable") -> StorageError {
        StorageError(code: code, message: message, category: .unavailable)
    }

    static func `internal`(_ message: String) -> StorageError {
        StorageError(code: "internal", message: message, category: .internal)
    }

    /// Wraps any error from the database driver into a safe message; the full error (which may
    /// contain the query) belongs in logs only, via `String(reflecting:)`.
    static func wrap(_ error: any Error, doing what: String) -> any Error {
        if error is StorageError { return error }
        if let psql = error as? PSQLError {
            if let state = psql.serverInfo?[.sqlState] {
                switch state {
                case "23505": return StorageError(code: "conflict", message: "\(what): it already exists", category: .conflict)
                case "23503", "23514", "22P02", "22007", "22008", "22023", "22021", "22P05", "54000":
                    return StorageError.invalid("\(what): a value was rejected by the database (\(psql.serverInfo?[.message] ?? state))")
                case "57P01", "57P02", "57P03", "08006", "08001", "08003", "08004":
                    return StorageError.unavailable("\(what): the database is not available (\(state))")
                default:
                    return StorageError.internal("\(what) failed in the database (SQLSTATE \(state))")
                }
            }
            return StorageError.unavailable("\(what): cannot reach the database (\(psql.code))")
        }
        if let tx = error as? PostgresTransactionError {
            if let inner = tx.closureError { return wrap(inner, doing: what) }
            if let inner = tx.beginError ?? tx.commitError { return wrap(inner, doing: what) }
        }
        return error
    }
}
