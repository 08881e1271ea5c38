import Foundation

/// How an `Extractor` is set up.
public struct ExtractionConfiguration: Hashable, Sendable {
    /// The default largest article accepted, in UTF-8 bytes (5 MB).
    public static let defaultMaxInputBytes = 5 * 1024 * 1024

    /// The largest article accepted, in UTF-8 bytes; larger input throws `input_too_large`.
    public var maxInputBytes: Int
    /// A folder of lexicon files that extend the built-in ones (same file names), or nil.
    public var userLexiconDirectory: URL?
    /// Events below this confidence are dropped.
    public var minimumConfidence: Double

    /// Creates a configuration; the defaults suit news articles.
    public init(maxInputBytes: Int = ExtractionConfiguration.defaultMaxInputBytes, userLexiconDirectory: URL? = nil, minimumConfidence: Double = 0) {
        self.maxInputBytes = maxInputBytes
        self.userLexiconDirectory = userLexiconDirectory
        self.minimumConfidence = minimumConfidence
    }
}
