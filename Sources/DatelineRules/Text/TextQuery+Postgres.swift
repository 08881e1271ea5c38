extension TextQuery {
    /// The query as a `websearch_to_tsquery` input, with the same meaning.
    ///
    /// `websearch_to_tsquery` has no parentheses, so the query is rewritten as an `OR` of
    /// `AND`-groups (negations pushed down to single words and phrases), which it reads with
    /// the same precedence: `(ICE OR immigration) raid` → `ice raid OR immigration raid`.
    /// Words that `websearch_to_tsquery` would read as operators (`or`, `and`) are quoted.
    /// The parser refuses queries with more than `maximumAlternatives` groups, so this is small.
    public var websearchQuery: String {
        disjunctiveNormalForm().map { clause in
            clause.map { literal in
                let term: String
                switch literal.atom {
                case .word(let word): term = (word == "or" || word == "and") ? "\"\(word)\"" : word
                case .phrase(let words): term = "\"" + words.joined(separator: " ") + "\""
                }
                return (literal.negated ? "-" : "") + term
            }.joined(separator: " ")
        }.joined(separator: " OR ")
    }

    /// The query as a `to_tsquery` input (`'ice' | 'immigration'`), keeping its structure.
    ///
    /// Every word is single-quoted (words hold only letters and digits), phrases use `<->`.
    public var tsquery: String {
        switch self {
        case .word(let word): return "'\(word)'"
        case .phrase(let words): return "(" + words.map { "'\($0)'" }.joined(separator: " <-> ") + ")"
        case .and(let parts): return "(" + parts.map(\.tsquery).joined(separator: " & ") + ")"
        case .or(let parts): return "(" + parts.map(\.tsquery).joined(separator: " | ") + ")"
        case .not(let part): return "!" + part.tsquery
        }
    }

    /// A word or phrase, possibly negated: the leaves of the normal form.
    struct Literal: Hashable {
        enum Atom: Hashable {
            case word(String)
            case phrase([String])
        }
        var atom: Atom
        var negated: Bool
    }

    /// The query as alternatives of conjunctions of literals. Parts beyond the cap are not
    /// expanded further (the parser rejects such queries before anyone renders them).
    func disjunctiveNormalForm(negated: Bool = false) -> [[Literal]] {
        let cap = TextQuery.maximumAlternatives + 1
        switch (self, negated) {
        case (.word(let word), _): return [[Literal(atom: .word(word), negated: negated)]]
        case (.phrase(let words), _): return [[Literal(atom: .phrase(words), negated: negated)]]
        case (.not(let part), _): return part.disjunctiveNormalForm(negated: !negated)
        case (.or(let parts), false), (.and(let parts), true):
            var result: [[Literal]] = []
            for part in parts {
                result += part.disjunctiveNormalForm(negated: negated)
                if result.count > cap { return Array(result.prefix(cap)) }
            }
            return result
        case (.and(let parts), false), (.or(let parts), true):
            var result: [[Literal]] = [[]]
            for part in parts {
                let alternatives = part.disjunctiveNormalForm(negated: negated)
                var next: [[Literal]] = []
                outer: for clause in result {
                    for alternative in alternatives {
                        next.append(clause + alternative)
                        if next.count > cap { break outer }
                    }
                }
                result = next
            }
            return result
        }
    }
}
