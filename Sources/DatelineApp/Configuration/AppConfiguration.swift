import DatelineCore
import DatelineStorage
import Foundation

/// The application's configuration: flags > environment (`DATELINE_*`) > the YAML file >
/// defaults (`EffectiveConfiguration` resolves all of them; `fromEnvironment` only the
/// environment).
public struct AppConfiguration: Sendable, Equatable {
    /// A PostgreSQL URL; when `nil`, the private cluster under `dataDirectory` is used.
    public var databaseURL: String?
    /// Dateline's own folder: the private cluster lives in `<dataDirectory>/postgres`.
    public var dataDirectory: String
    /// Largest article accepted, in bytes.
    public var maxArticleBytes: Int
    public var logLevel: String
    /// Public base URL of the API, for links in alert messages (`base_url`).
    public var baseURL: String?
    /// Where relative channel template and file paths are read from (`channel_dir`).
    public var channelDirectory: String?

    public init(databaseURL: String? = nil, dataDirectory: String = ".dateline", maxArticleBytes: Int = 5_000_000, logLevel: String = "warning") {
        self.databaseURL = databaseURL
        self.dataDirectory = dataDirectory
        self.maxArticleBytes = maxArticleBytes
        self.logLevel = logLevel
    }

    /// Reads `DATELINE_DATABASE_URL`, `DATELINE_DATA_DIR`, `DATELINE_MAX_ARTICLE_BYTES` and
    /// `DATELINE_LOG_LEVEL`; missing ones keep their defaults.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfiguration {
        var configuration = AppConfiguration()
        if let url = environment["DATELINE_DATABASE_URL"], !url.isEmpty { configuration.databaseURL = url }
        if let dir = environment["DATELINE_DATA_DIR"], !dir.isEmpty { configuration.dataDirectory = dir }
        if let text = environment["DATELINE_MAX_ARTICLE_BYTES"], !text.isEmpty {
            guard let bytes = Int(text), bytes > 0 else {
                throw AppError.invalid("DATELINE_MAX_ARTICLE_BYTES must be a positive number of bytes, got '\(text)'")
            }
            configuration.maxArticleBytes = bytes
        }
        if let level = environment["DATELINE_LOG_LEVEL"], !level.isEmpty { configuration.logLevel = level }
        return configuration
    }

    /// The private cluster's folder.
    public var privateClusterDirectory: String { "\(dataDirectory)/postgres" }
}

/// The application layer's error.
public struct AppError: DatelineError, Equatable {
    public let code: String
    public let message: String
    public let category: ErrorCategory

    public init(code: String, message: String, category: ErrorCategory) {
        self.code = code
        self.message = message
        self.category = category
    }

    public static func invalid(_ message: String, code: String = "invalid_input") -> AppError {
        AppError(code: code, message: message, category: .invalidInput)
    }
}
