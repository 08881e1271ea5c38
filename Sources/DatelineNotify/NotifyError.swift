import DatelineCore

/// The one error type of `DatelineNotify`: rendering, templates, signing, destinations, sinks.
///
/// `retryable` says whether trying the same delivery again later can help (a network failure can
/// heal; a refused destination or a broken template cannot until someone changes the channel).
public struct NotifyError: DatelineError, Equatable {
    /// A stable, machine-readable code (`bad_template`, `destination_refused`, …).
    public let code: String
    /// What went wrong and where, safe to show (no secrets, no URL paths).
    public let message: String
    /// The kind of failure, for exit codes and HTTP statuses.
    public let category: ErrorCategory
    /// Whether a later attempt of the same delivery may succeed.
    public let retryable: Bool

    /// Creates an error; `retryable` defaults to false.
    public init(code: String, message: String, category: ErrorCategory = .invalidInput, retryable: Bool = false) {
        self.code = code
        self.message = message
        self.category = category
        self.retryable = retryable
    }

    static func badChannel(_ channel: String, _ what: String) -> NotifyError {
        NotifyError(code: "bad_channel", message: "channel '\(channel)': \(what)")
    }

    static func template(_ channel: String, _ what: String) -> NotifyError {
        NotifyError(code: "bad_template", message: "channel '\(channel)': template \(what)")
    }

    static func destination(_ channel: String, _ what: String) -> NotifyError {
        NotifyError(code: "destination_refused", message: "channel '\(channel)': \(what)")
    }

    static func badSecret(_ what: String) -> NotifyError {
        NotifyError(code: "bad_secret", message: what)
    }

    static func io(_ what: String, retryable: Bool = true) -> NotifyError {
        NotifyError(code: "io_error", message: what, category: .unavailable, retryable: retryable)
    }
}
