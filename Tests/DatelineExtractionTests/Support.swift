import DatelineCore
@testable import DatelineExtraction

struct SetupError: Error {}

/// One extractor for the whole suite (loading lexicons reads files).
let sharedExtractorOrNil: Extractor? = try? Extractor()

func extractor() throws -> Extractor {
    guard let e = sharedExtractorOrNil else { throw SetupError() }
    return e
}

func lexicon() throws -> Lexicon { try extractor().lexicon }

func day(_ iso: String) -> CalendarDate? { CalendarDate(iso: iso) }

/// Extracts the events of a short text published on `published`.
func events(_ text: String, published: String? = "2024-03-14", headline: String? = nil) throws -> [ExtractedEvent] {
    try extractor().extract(ArticleInput(body: text, published: published.flatMap(day), headline: headline)).events
}

func sentences(_ text: String) throws -> [String] {
    let lex = try lexicon()
    let scalars = Array(text.unicodeScalars)
    let tokens = Tokenizer(lexicon: lex).tokenize(scalars)
    return SentenceSplitter(lexicon: lex).split(tokens).map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }
}

func names(_ text: String) throws -> [NameMention] {
    let lex = try lexicon()
    let scalars = Array(text.unicodeScalars)
    let tokens = Tokenizer(lexicon: lex).tokenize(scalars)
    let split = SentenceSplitter(lexicon: lex).split(tokens)
    var lower: Set<String> = []
    for t in tokens where !t.isCapitalized { lower.insert(t.lower) }
    return NameFinder(lexicon: lex).find(tokens: tokens, sentences: split, lowerWordsInText: lower).mentions
}

func cleaned(_ body: String, html: Bool = false, headline: String? = nil) throws -> String {
    TextCleaner(lexicon: try lexicon()).clean(ArticleInput(body: body, isHTML: html, headline: headline)).text
}
