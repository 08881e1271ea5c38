import DatelineCore

/// Errors of timeline assembly and rendering.
public struct TimelineError: DatelineError, Equatable {
    public let code: String
    public let message: String
    public let category: ErrorCategory

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
