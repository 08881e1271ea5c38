/// Parses the text query language of `TextQuery` (recursive descent, linear in the input).
enum TextQueryParser {
    struct Problem: Error {
        var message: String
        /// 0-based offset (Unicode scalars) of the problem in the query text.
        var offset: Int
    }

    enum Token: Equatable {
        case open, close, or, and, not
        /// A word or a quoted phrase, already split into lower-cased words.
        case terms([String], quoted: Bool)
    }

    static func parse(_ text: String) -> Result<TextQuery, Problem> {
        let tokens: [(Token, Int)]
        switch tokenize(text) {
        case .success(let list): tokens = list
        case .failure(let problem): return .failure(problem)
        }
        guard !tokens.isEmpty else { return .failure(Problem(message: "empty text query", offset: 0)) }
        var parser = Cursor(tokens: tokens, end: text.unicodeScalars.count)
        do {
            let query = try parser.parseOr()
            if parser.index < tokens.count {
                let (token, offset) = tokens[parser.index]
                let what = token == .close ? "a ')' without its '('" : "unexpected text"
                return .failure(Problem(message: "bad text query: \(what) at character \(offset + 1)", offset: offset))
            }
            let alternatives = query.disjunctiveNormalForm().count
            if alternatives > TextQuery.maximumAlternatives {
                return .failure(Problem(
                    message: "text query too complex: more than \(TextQuery.maximumAlternatives) alternatives once parentheses are expanded",
                    offset: 0))
            }
            return .success(query)
        } catch {
            return .failure(error)
        }
    }

    static func tokenize(_ text: String) -> Result<[(Token, Int)], Problem> {
        let scalars = Array(text.unicodeScalars)
        var tokens: [(Token, Int)] = []
        var index = 0
        func isSpace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }
        while index < scalars.count {
            let scalar = scalars[index]
            if isSpace(scalar) { index += 1; continue }
            let start = index
            switch scalar {
            case "(": tokens.append((.open, start)); index += 1
            case ")": tokens.append((.close, start)); index += 1
            case "-" where index + 1 < scalars.count && !isSpace(scalars[index + 1]):
                tokens.append((.not, start)); index += 1
            case "\"":
                guard let close = scalars[(index + 1)...].firstIndex(of: "\"") else {
                    return .failure(Problem(message: "bad text query: the quote at character \(start + 1) is not closed", offset: start))
                }
                let inner = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
                let words = TextQuery.words(in: inner)
                if !words.isEmpty { tokens.append((.terms(words, quoted: true), start)) }
                index = close + 1
            default:
                var end = index
                while end < scalars.count, !isSpace(scalars[end]), scalars[end] != "(", scalars[end] != ")", scalars[end] != "\"" {
                    end += 1
                }
                let raw = String(String.UnicodeScalarView(scalars[index..<end]))
                index = end
                switch raw {
                case "OR", "|": tokens.append((.or, start))
                case "AND", "&": tokens.append((.and, start))
                case "NOT", "!": tokens.append((.not, start))
                default:
                    let words = TextQuery.words(in: raw)
                    if !words.isEmpty { tokens.append((.terms(words, quoted: false), start)) }
                }
            }
        }
        return .success(tokens)
    }

    struct Cursor {
        let tokens: [(Token, Int)]
        let end: Int
        var index = 0
        /// Open parentheses and negations around the current position.
        var depth = 0
        /// Deeper queries are refused: they are not written by people, and recursion must stay bounded.
        static let maximumDepth = 32

        var offset: Int { index < tokens.count ? tokens[index].1 : end }

        mutating func parseOr() throws(Problem) -> TextQuery {
            var parts = [try parseAnd()]
            while index < tokens.count, tokens[index].0 == .or {
                index += 1
                parts.append(try parseAnd())
            }
            return parts.count == 1 ? parts[0] : .or(parts)
        }

        mutating func parseAnd() throws(Problem) -> TextQuery {
            var parts = [try parseUnary()]
            while index < tokens.count {
                switch tokens[index].0 {
                case .and:
                    index += 1
                    parts.append(try parseUnary())
                case .open, .not, .terms:
                    parts.append(try parseUnary())
                case .or, .close:
                    return parts.count == 1 ? parts[0] : .and(parts)
                }
            }
            return parts.count == 1 ? parts[0] : .and(parts)
        }

        mutating func parseUnary() throws(Problem) -> TextQuery {
            guard index < tokens.count else {
                throw Problem(message: "bad text query: a word or phrase is missing at the end", offset: end)
            }
            let (token, offset) = tokens[index]
            if token == .not || token == .open {
                depth += 1
                guard depth <= Self.maximumDepth else {
                    throw Problem(message: "bad text query: nested more than \(Self.maximumDepth) levels deep at character \(offset + 1)", offset: offset)
                }
            }
            defer { if token == .not || token == .open { depth -= 1 } }
            switch token {
            case .not:
                index += 1
                return .not(try parseUnary())
            case .open:
                index += 1
                let inner = try parseOr()
                guard index < tokens.count, tokens[index].0 == .close else {
                    throw Problem(message: "bad text query: the '(' at character \(offset + 1) is not closed", offset: offset)
                }
                index += 1
                return inner
            case .terms(let words, _):
                index += 1
                return words.count == 1 ? .word(words[0]) : .phrase(words)
            case .or, .and:
                throw Problem(message: "bad text query: '\(token == .or ? "OR" : "AND")' at character \(offset + 1) needs a word or phrase before it", offset: offset)
            case .close:
                throw Problem(message: "bad text query: a word or phrase is missing before the ')' at character \(offset + 1)", offset: offset)
            }
        }
    }
}
