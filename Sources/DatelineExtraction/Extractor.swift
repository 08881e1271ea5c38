import DatelineCore
import DatelineTime
import Foundation

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
        var ignored: ExtractionStageTimes? = nil
        return try run(input, times: &ignored)
    }

    /// Extracts the events of one article, adding the CPU time of each stage to `stageTimes`.
    /// - Throws: as `extract(_:)`.
    public func extract(_ input: ArticleInput, stageTimes: inout ExtractionStageTimes) throws -> ExtractionResult {
        var times: ExtractionStageTimes? = stageTimes
        defer { if let times { stageTimes = times } }
        return try run(input, times: &times)
    }

    private func run(_ input: ArticleInput, times: inout ExtractionStageTimes?) throws -> ExtractionResult {
        let size = input.body.utf8.count + (input.headline?.utf8.count ?? 0)
        if size > configuration.maxInputBytes { throw ExtractionError.tooLarge(size: size, limit: configuration.maxInputBytes) }
        var mark = times == nil ? 0 : ExtractionStageTimes.now()
        func lap(_ stage: ExtractionStageTimes.Stage) {
            guard times != nil else { return }
            let now = ExtractionStageTimes.now()
            times?.add(stage, now - mark)
            mark = now
        }
        let (cleaned, scalars) = TextCleaner(lexicon: lexicon).cleanWithScalars(input)
        lap(.clean)
        let tokens = Tokenizer(lexicon: lexicon).tokenize(scalars)
        lap(.tokenize)
        let sentences = SentenceSplitter(lexicon: lexicon).split(tokens)
        lap(.sentences)
        let lowerWords = Self.lowerCaseUses(of: tokens, after: cleaned.headlineEnd)
        let (mentions, acronyms) = NameFinder(lexicon: lexicon).find(tokens: tokens, sentences: sentences, lowerWordsInText: lowerWords)
        lap(.names)
        let timexes = tagger.tag(cleaned.text, reference: input.published).filter { $0.start >= 0 && $0.end <= scalars.count && $0.start < $0.end }
        lap(.timex)
        let candidates = EventFinder(lexicon: lexicon).find(
            text: scalars, tokens: tokens, sentences: sentences, names: mentions, timexes: timexes,
            published: input.published, headlineEnd: cleaned.headlineEnd)
        lap(.events)
        let events = EventMerger().merge(candidates).filter { $0.confidence >= configuration.minimumConfidence }
        let result = ExtractionResult(text: cleaned.text, headlineEnd: cleaned.headlineEnd, events: events, timeExpressions: timexes,
                                      names: Self.foundNames(mentions), acronyms: Self.unique(acronyms))
        lap(.merge)
        return result
    }

    /// The events of one article (`extract(_:).events`).
    public func events(in input: ArticleInput) throws -> [ExtractedEvent] { try extract(input).events }

    /// The words written in lower case after the headline, among those also written capitalized
    /// (the only ones `NameFinder` asks about): hashing only candidates, found by a first-byte
    /// and length filter, instead of every word of the text.
    static func lowerCaseUses(of tokens: [Token], after headlineEnd: Int) -> Set<String> {
        // Keyed by the tokens' precomputed hashes (`Token.lowerHash`): no word is hashed again.
        var capitalized = HashedWordSet()
        var filter = [UInt32](repeating: 0, count: 256)
        // By index: `for t in tokens` would copy every token (and retain its three strings).
        for i in tokens.indices where tokens[i].kind == .word && tokens[i].isCapitalized {
            let lower = tokens[i].lower
            guard let first = lower.utf8.first else { continue }
            if capitalized.insert(lower, hash: tokens[i].lowerHash) { filter[Int(first)] |= 1 << UInt32(min(lower.utf8.count, 31)) }
        }
        var result: Set<String> = []
        for i in tokens.indices where tokens[i].kind == .word && !tokens[i].isCapitalized && tokens[i].start >= headlineEnd {
            let lower = tokens[i].lower
            guard let first = lower.utf8.first, filter[Int(first)] & (1 << UInt32(min(lower.utf8.count, 31))) != 0 else { continue }
            if capitalized.contains(lower, hash: tokens[i].lowerHash) { result.insert(lower) }
        }
        return result
    }

    static func foundNames(_ mentions: [NameMention]) -> [FoundName] {
        // Names in order of first mention; one lookup per mention.
        var found: [FoundName] = []
        var index: [String: Int] = [:]
        for k in mentions.indices where mentions[k].kind != .other || mentions[k].canonical != mentions[k].text {
            let key = mentions[k].canonical
            let at: Int
            if let known = index[key] {
                at = known
            } else {
                at = found.count
                index[key] = at
                found.append(FoundName(name: key, kind: mentions[k].kind, shortForms: [], mentions: 0))
            }
            found[at].mentions += 1
            let text = mentions[k].text
            if text != key, !found[at].shortForms.contains(text) { found[at].shortForms.append(text) }
        }
        return found
    }

    static func unique(_ acronyms: [AcronymDefinition]) -> [AcronymDefinition] {
        var seen: Set<AcronymDefinition> = []
        return acronyms.filter { seen.insert($0).inserted }
    }
}
