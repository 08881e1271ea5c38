import DatelineCore
import DatelineExtraction
import Foundation

/// Reads an article file (or standard input) into an `ArticleInput`.
///
/// Plain text follows the corpus convention: the first line is the headline, the rest the body.
/// HTML (by extension, or markup at the start) is passed on whole for the extractor to clean.
public enum ArticleReader {
    /// Metadata given on the command line; `nil` fields are unknown.
    public struct Metadata: Sendable {
        public var published: CalendarDate?
        public var url: String?
        public var source: String?
        public var headline: String?

        public init(published: CalendarDate? = nil, url: String? = nil, source: String? = nil, headline: String? = nil) {
            self.published = published
            self.url = url
            self.source = source
            self.headline = headline
        }
    }

    /// Decodes bytes as article text (rejecting binary and over-limit input) and builds the input.
    public static func input(bytes: Data, name: String, metadata: Metadata, maxBytes: Int) throws -> ArticleInput {
        let text: String
        do {
            text = try ArticleText.decode(bytes, limit: maxBytes)
        } catch let error as ExtractionError {
            throw ExtractionError(code: error.code, message: "\(name): \(error.message)", category: error.category)
        }
        let lower = name.lowercased()
        let trimmedStart = text.drop { $0.isWhitespace }.prefix(200).lowercased()
        let isHTML = lower.hasSuffix(".html") || lower.hasSuffix(".htm") || lower.hasSuffix(".xhtml")
            || trimmedStart.hasPrefix("<!doctype html") || trimmedStart.hasPrefix("<html") || trimmedStart.hasPrefix("<body")
            || trimmedStart.hasPrefix("<article") || trimmedStart.hasPrefix("<p>")
        var input: ArticleInput
        if isHTML {
            input = ArticleInput(body: text, isHTML: true, published: metadata.published)
        } else if metadata.headline != nil {
            input = ArticleInput(body: text, published: metadata.published)
        } else {
            input = GoldScorer.articleInput(text, published: metadata.published?.iso, source: metadata.source)
        }
        input.url = metadata.url
        input.source = metadata.source
        if let headline = metadata.headline { input.headline = headline }
        return input
    }

    /// Parses a `--published` value.
    public static func date(_ text: String?, flag: String = "--published") throws -> CalendarDate? {
        guard let text else { return nil }
        guard let date = CalendarDate(iso: text) else {
            throw AppError.invalid("\(flag): expected a date as YYYY-MM-DD, got '\(text)'")
        }
        return date
    }
}

/// Which extractor to run: the built-in one or an external program.
public enum ExtractorChoice {
    /// The built-in extractor, or `command` run as an external extractor plug-in.
    public static func make(command: String?, timeoutSeconds: Double, lexicons: String?, maxBytes: Int) throws -> any EventExtracting {
        if let command {
            guard timeoutSeconds > 0 else { throw AppError.invalid("--extractor-timeout must be positive") }
            return ExternalExtractor(command: command, timeout: .milliseconds(Int64(timeoutSeconds * 1000)))
        }
        var configuration = ExtractionConfiguration(maxInputBytes: maxBytes)
        if let lexicons {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: lexicons, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw AppError.invalid("--lexicons: \(lexicons) is not a folder")
            }
            configuration.userLexiconDirectory = URL(fileURLWithPath: lexicons)
        }
        return try Extractor(configuration: configuration)
    }
}
