import DatelineCore

/// The error type of the time module: lexicon files that cannot be read and TimeML files that
/// cannot be parsed.
public struct TimeError: DatelineError, Equatable {
    /// A stable code: `lexicon_unreadable`, `lexicon_line`, `timeml_unreadable`, `timeml_malformed`.
    public let code: String
    /// What went wrong and where (file, line).
    public let message: String
    /// Always `.invalidInput` except a missing built-in lexicon (`.internal`).
    public let category: ErrorCategory

    /// Creates an error; `message` should say what and where.
    public init(code: String, message: String, category: ErrorCategory = .invalidInput) {
        self.code = code
        self.message = message
        self.category = category
    }
}
