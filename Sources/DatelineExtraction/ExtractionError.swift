import DatelineCore

/// Why extraction, scoring or an external extractor failed.
///
/// One error type for the module; `code` is stable, `message` says what and where.
public struct ExtractionError: DatelineError, Equatable {
    /// A stable code: `input_too_large`, `not_text`, `invalid_utf8`, `bad_lexicon`, `bad_gold`,
    /// `bad_events_json`, `unknown_kind`, `external_timeout`, `external_failed`, …
    public let code: String
    /// What went wrong and where, safe to show.
    public let message: String
    /// For exit codes and HTTP statuses.
    public let category: ErrorCategory

    /// Creates an error; prefer the static constructors.
    public init(code: String, message: String, category: ErrorCategory = .invalidInput) {
        self.code = code
        self.message = message
        self.category = category
    }

    /// The input is larger than the configured limit.
    public static func tooLarge(size: Int, limit: Int, what: String = "article") -> ExtractionError {
        ExtractionError(
            code: "input_too_large",
            message: "\(what) is \(size) bytes, over the limit of \(limit) bytes",
            category: .tooLarge)
    }

    /// The input is binary, not text.
    public static func notText(_ detail: String) -> ExtractionError {
        ExtractionError(code: "not_text", message: "input is not text: \(detail)")
    }

    /// The input is not valid UTF-8.
    public static func invalidUTF8(at offset: Int) -> ExtractionError {
        ExtractionError(code: "invalid_utf8", message: "input is not valid UTF-8 (first bad byte at offset \(offset))")
    }

    /// A lexicon file could not be read or has a bad line.
    public static func badLexicon(_ file: String, line: Int, _ detail: String) -> ExtractionError {
        ExtractionError(code: "bad_lexicon", message: "lexicon \(file), line \(line): \(detail)")
    }

    /// A gold or article file for scoring is wrong.
    public static func badGold(_ detail: String) -> ExtractionError {
        ExtractionError(code: "bad_gold", message: detail)
    }

    /// An external extractor failed.
    public static func external(_ code: String, _ detail: String, category: ErrorCategory = .unavailable) -> ExtractionError {
        ExtractionError(code: code, message: detail, category: category)
    }
}
