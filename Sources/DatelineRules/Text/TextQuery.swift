/// A full-text condition on an event's evidence sentences: `"ICE OR immigration"`.
///
/// The language: words (`tariff`), quoted phrases (`"White House"`), `OR`, `AND` (also implicit
/// between terms), `NOT` or a leading `-` (`-sports`, `-"press release"`), and parentheses.
/// `AND` binds tighter than `OR`; operators are upper-case (`or` is an ordinary word). Matching
/// is case-insensitive on whole words: a word is a run of letters and digits, so `U.S.` is the
/// phrase `u s`.
///
/// The same query runs in two places: `matches(_:)` evaluates it in Swift on evidence sentences
/// (exact words, no stemming: `immigration` does not match `immigrants`), and
/// `websearchQuery` / `tsquery` give PostgreSQL forms for the storage side, where the text
/// search configuration stems words and drops stop words, so the database may match a few more
/// word forms than the pure matcher.
public indirect enum TextQuery: Hashable, Sendable {
    /// One lower-cased word.
    case word(String)
    /// Lower-cased words that must appear next to each other in one sentence.
    case phrase([String])
    /// Every part must match.
    case and([TextQuery])
    /// At least one part must match.
    case or([TextQuery])
    /// The part must not match.
    case not(TextQuery)

    /// The most alternatives (`OR` branches after expanding parentheses) a query may have, so the
    /// `websearch_to_tsquery` form stays small.
    public static let maximumAlternatives = 64

    /// Parses a query; throws `RulesError.invalidValue` (code `bad_text_query`) on a syntax error.
    public init(parsing text: String) throws(RulesError) {
        switch TextQueryParser.parse(text) {
        case .success(let query): self = query
        case .failure(let problem): throw RulesError.invalidValue(code: "bad_text_query", message: problem.message)
        }
    }

    /// Splits text into lower-cased words: runs of letters and digits.
    public static func words(in text: some StringProtocol) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text {
            if character.isLetter || character.isNumber {
                current.append(contentsOf: character.lowercased())
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}

/// Evidence sentences prepared for text queries: split into words once per change.
public struct TextDocument: Sendable {
    let sentences: [[String]]
    let vocabulary: Set<String>

    /// Prepares sentences for matching.
    public init(sentences: [String]) {
        let split = sentences.map { TextQuery.words(in: $0) }
        self.sentences = split
        self.vocabulary = Set(split.joined())
    }
}

extension TextQuery {
    /// Whether the sentences satisfy the query. Words may come from different sentences; a
    /// phrase must be within one sentence.
    public func matches(_ document: TextDocument) -> Bool {
        switch self {
        case .word(let word):
            return document.vocabulary.contains(word)
        case .phrase(let words):
            guard let first = words.first else { return true }
            guard words.allSatisfy(document.vocabulary.contains) else { return false }
            for sentence in document.sentences where sentence.count >= words.count {
                var start = 0
                while start + words.count <= sentence.count {
                    if sentence[start] == first, Array(sentence[start..<(start + words.count)]) == words { return true }
                    start += 1
                }
            }
            return false
        case .and(let parts):
            return parts.allSatisfy { $0.matches(document) }
        case .or(let parts):
            return parts.contains { $0.matches(document) }
        case .not(let part):
            return !part.matches(document)
        }
    }

    /// Whether plain sentences satisfy the query (convenience for `matches(TextDocument(…))`).
    public func matches(sentences: [String]) -> Bool { matches(TextDocument(sentences: sentences)) }

    /// The query written back in its own language, fully parenthesized where needed.
    public var canonicalText: String {
        switch self {
        case .word(let word): return word
        case .phrase(let words): return "\"" + words.joined(separator: " ") + "\""
        case .and(let parts): return parts.map { $0.isOr ? "(\($0.canonicalText))" : $0.canonicalText }.joined(separator: " ")
        case .or(let parts): return parts.map(\.canonicalText).joined(separator: " OR ")
        case .not(let part):
            switch part {
            case .word, .phrase: return "-" + part.canonicalText
            default: return "NOT (\(part.canonicalText))"
            }
        }
    }

    var isOr: Bool { if case .or = self { return true } else { return false } }
}
