/// Splits a migration file into single statements (PostgresNIO runs one statement per query).
///
/// Semicolons inside `'strings'`, `E'strings'`, `"identifiers"`, `$tag$ bodies $tag$`, `--` line
/// comments and (nested) `/* block comments */` do not split. Statements that hold only
/// whitespace and comments are dropped.
public enum SQLSplitter {
    /// The statements of `sql`, each without its final semicolon.
    public static func split(_ sql: String) -> [String] {
        let scalars = Array(sql.unicodeScalars)
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var hasCode = false
        var i = 0
        let n = scalars.count

        func flush() {
            if hasCode {
                let text = String(current).trimmingWhitespace()
                if !text.isEmpty { statements.append(text) }
            }
            current = String.UnicodeScalarView()
            hasCode = false
        }

        while i < n {
            let c = scalars[i]
            let next: Unicode.Scalar? = i + 1 < n ? scalars[i + 1] : nil
            if c == "-" && next == "-" {
                while i < n && scalars[i] != "\n" { current.append(scalars[i]); i += 1 }
                continue
            }
            if c == "/" && next == "*" {
                var depth = 0
                while i < n {
                    if scalars[i] == "/" && i + 1 < n && scalars[i + 1] == "*" {
                        depth += 1; current.append(scalars[i]); current.append(scalars[i + 1]); i += 2; continue
                    }
                    if scalars[i] == "*" && i + 1 < n && scalars[i + 1] == "/" {
                        depth -= 1; current.append(scalars[i]); current.append(scalars[i + 1]); i += 2
                        if depth == 0 { break }
                        continue
                    }
                    current.append(scalars[i]); i += 1
                }
                continue
            }
            if c == "'" || c == "\"" {
                let escapes = c == "'" && i > 0 && (scalars[i - 1] == "E" || scalars[i - 1] == "e")
                hasCode = true
                current.append(c); i += 1
                while i < n {
                    let s = scalars[i]
                    current.append(s); i += 1
                    if escapes && s == "\\" && i < n { current.append(scalars[i]); i += 1; continue }
                    if s == c {
                        if i < n && scalars[i] == c { current.append(scalars[i]); i += 1; continue }  // doubled quote
                        break
                    }
                }
                continue
            }
            if c == "$", let tag = dollarTag(scalars, at: i) {
                hasCode = true
                for s in tag { current.append(s) }
                i += tag.count
                // Copy until the same tag closes the body.
                while i < n {
                    if scalars[i] == "$", i + tag.count <= n, Array(scalars[i..<(i + tag.count)]) == tag {
                        for s in tag { current.append(s) }
                        i += tag.count
                        break
                    }
                    current.append(scalars[i]); i += 1
                }
                continue
            }
            if c == ";" {
                flush()
                i += 1
                continue
            }
            if !c.properties.isWhitespace { hasCode = true }
            current.append(c)
            i += 1
        }
        flush()
        return statements
    }

    /// `$$` or `$tag$` starting at `i` (a tag is letters, digits and underscores, not starting
    /// with a digit), else `nil` (a positional parameter like `$1` is no tag).
    private static func dollarTag(_ s: [Unicode.Scalar], at i: Int) -> [Unicode.Scalar]? {
        var j = i + 1
        while j < s.count, s[j] != "$" {
            let ch = s[j]
            let ok = ch == "_" || ch.properties.isAlphabetic || (j > i + 1 && ("0"..."9").contains(ch))
            if !ok { return nil }
            j += 1
        }
        guard j < s.count else { return nil }
        return Array(s[i...j])
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
