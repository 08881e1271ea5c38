import DatelineCore
import DatelineTime
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

/// What extraction found in one article.
public struct ExtractionResult: Hashable, Sendable {
    /// The cleaned text; every offset in the result is a Unicode-scalar offset into it.
    public var text: String
    /// Offset just past the headline in `text` (0 when the input had none).
    public var headlineEnd: Int
    /// One event per fact, in the order the article first states them.
    public var events: [ExtractedEvent]
    /// The time expressions of `text`, normalized against the publication date.
    public var timeExpressions: [TimeExpression]
    /// People and organizations named, with their short forms.
    public var names: [FoundName]
    /// Acronyms the article defines: the storage layer makes them aliases.
    public var acronyms: [AcronymDefinition]

    /// Creates a result (extractors and tests).
    public init(text: String, headlineEnd: Int, events: [ExtractedEvent], timeExpressions: [TimeExpression], names: [FoundName], acronyms: [AcronymDefinition]) {
        self.text = text
        self.headlineEnd = headlineEnd
        self.events = events
        self.timeExpressions = timeExpressions
        self.names = names
        self.acronyms = acronyms
    }
}

/// Anything that turns an article into events: the built-in `Extractor` or an external program.
public protocol EventExtracting: Sendable {
    /// The events of one article.
    func events(in input: ArticleInput) throws -> [ExtractedEvent]
}

/// The built-in extractor: article → cleaned text → sentences → names → events with status,
/// date and evidence.
///
/// It is a value holding its lexicons; create one and reuse it (loading reads the data files).
/// All work is linear in the article's length; no regular expressions.
public struct Extractor: EventExtracting {
    /// The limits and lexicon folder it was created with.
    public let configuration: ExtractionConfiguration
    let lexicon: Lexicon
    let tagger: TimexTagger

    /// Loads the built-in lexicons and the user's extensions.
    /// - Throws: `ExtractionError` `bad_lexicon` (file and line) or `input_too_large` for a user file over 10 MB.
    public init(configuration: ExtractionConfiguration = .init()) throws {
        self.configuration = configuration
        self.lexicon = try Lexicon.load(userDirectory: configuration.userLexiconDirectory)
        self.tagger = TimexTagger()
    }

    /// Extracts the events of one article.
    /// - Throws: `ExtractionError` `input_too_large` when the body is over the configured limit.
    public func extract(_ input: ArticleInput) throws -> ExtractionResult {
        let size = input.body.utf8.count + (input.headline?.utf8.count ?? 0)
        if size > configuration.maxInputBytes { throw ExtractionError.tooLarge(size: size, limit: configuration.maxInputBytes) }
        let cleaned = TextCleaner(lexicon: lexicon).clean(input)
        let scalars = Array(cleaned.text.unicodeScalars)
        let tokens = Tokenizer(lexicon: lexicon).tokenize(scalars)
        let sentences = SentenceSplitter(lexicon: lexicon).split(tokens)
        var lowerWords: Set<String> = []
        for t in tokens where t.kind == .word && !t.isCapitalized && t.start >= cleaned.headlineEnd { lowerWords.insert(t.lower) }
        let (mentions, acronyms) = NameFinder(lexicon: lexicon).find(tokens: tokens, sentences: sentences, lowerWordsInText: lowerWords)
        let timexes = tagger.tag(cleaned.text, reference: input.published).filter { $0.start >= 0 && $0.end <= scalars.count && $0.start < $0.end }
        let candidates = EventFinder(lexicon: lexicon).find(
            text: scalars, tokens: tokens, sentences: sentences, names: mentions, timexes: timexes,
            published: input.published, headlineEnd: cleaned.headlineEnd)
        let events = EventMerger().merge(candidates).filter { $0.confidence >= configuration.minimumConfidence }
        return ExtractionResult(text: cleaned.text, headlineEnd: cleaned.headlineEnd, events: events, timeExpressions: timexes,
                                names: Self.foundNames(mentions), acronyms: Self.unique(acronyms))
    }

    /// The events of one article (`extract(_:).events`).
    public func events(in input: ArticleInput) throws -> [ExtractedEvent] { try extract(input).events }

    static func foundNames(_ mentions: [NameMention]) -> [FoundName] {
        var order: [String] = []
        var byName: [String: FoundName] = [:]
        for m in mentions where m.kind != .other || m.canonical != m.text {
            let key = m.canonical
            if byName[key] == nil {
                order.append(key)
                byName[key] = FoundName(name: key, kind: m.kind, shortForms: [], mentions: 0)
            }
            byName[key]?.mentions += 1
            if m.text != key, byName[key]?.shortForms.contains(m.text) == false { byName[key]?.shortForms.append(m.text) }
        }
        return order.compactMap { byName[$0] }
    }

    static func unique(_ acronyms: [AcronymDefinition]) -> [AcronymDefinition] {
        var seen: Set<AcronymDefinition> = []
        return acronyms.filter { seen.insert($0).inserted }
    }
}
