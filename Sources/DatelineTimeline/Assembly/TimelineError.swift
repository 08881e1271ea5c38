import DatelineCore

/// Errors of timeline assembly and rendering.
public struct TimelineError: DatelineError, Equatable {
    /// `invalid_cursor`, `bad_timestamp` or `timeline_resource`.
    public let code: String
    /// What is wrong and where, safe to show.
    public let message: String
    /// `invalidInput` for a caller's mistake, `internal` for a broken installation.
    public let category: ErrorCategory

    /// Creates an error; the module's own errors come from its static helpers.
    public init(code: String, message: String, category: ErrorCategory = .invalidInput) {
        self.code = code
        self.message = message
        self.category = category
    }

    /// A cursor that is not one this module produced (or was damaged in transit).
    static func invalidCursor(_ why: String) -> TimelineError {
        TimelineError(code: "invalid_cursor", message: "Invalid timeline cursor: \(why). Use the next_cursor value of a previous page as is.")
    }

    /// A resource file of the module (headline templates) is missing or malformed.
    static func resource(_ file: String, _ why: String) -> TimelineError {
        TimelineError(code: "timeline_resource", message: "Timeline resource \(file): \(why)", category: .internal)
    }
}
