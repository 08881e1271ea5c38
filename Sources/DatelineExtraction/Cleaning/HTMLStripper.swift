/// Turns HTML into plain text with one iterative pass: tags, comments, scripts and styles go,
/// entities are decoded, block elements become line breaks, and navigation, headers, footers,
/// asides, figure captions and forms are dropped with their content.
///
/// It never recurses, so deeply nested or malformed markup costs linear time. An unclosed tag
/// (`<div` with no `>`) is kept as text; an unclosed comment hides the rest, as in browsers.
struct HTMLStripper: Sendable {
    let entities: [String: String]

    /// Elements dropped with everything inside them.
    static let skipped: Set<String> = [
        "nav", "header", "footer", "aside", "figcaption", "figure", "form", "noscript", "svg", "button",
        "template", "iframe", "select", "menu", "head", "title", "object", "video", "audio", "canvas",
    ]
    /// Elements whose content is raw text up to their closing tag.
    static let raw: Set<String> = ["script", "style", "textarea"]
    static let blocks: Set<String> = [
        "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article",
        "blockquote", "main", "dd", "dt", "dl", "pre", "hr", "body", "html", "address", "center", "td", "th",
    ]
    /// Void elements never have content (a `<br>` is not an open element).
    static let void: Set<String> = ["br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed", "param", "track"]

    func strip(_ html: String) -> String {
        let s = Array(html.unicodeScalars)
        var out = String.UnicodeScalarView()
        out.reserveCapacity(s.count / 2)
        var skipDepth: [String: Int] = [:]
        var skipping = 0
        var i = 0
        let n = s.count
        func lower(_ c: Unicode.Scalar) -> Unicode.Scalar {
            ("A"..."Z").contains(c) ? Unicode.Scalar(c.value + 32) ?? c : c
        }
        func isNameChar(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "-" || c == ":"
        }
        func emit(_ text: String) {
            if skipping == 0 { out.append(contentsOf: text.unicodeScalars) }
        }
        func find(_ pattern: [Unicode.Scalar], from: Int, caseInsensitive: Bool) -> Int? {
            guard !pattern.isEmpty, from <= n - pattern.count else { return nil }
            var j = from
            while j <= n - pattern.count {
                var k = 0
                while k < pattern.count && (caseInsensitive ? lower(s[j + k]) : s[j + k]) == pattern[k] { k += 1 }
                if k == pattern.count { return j }
                j += 1
            }
            return nil
        }
        while i < n {
            let c = s[i]
            if c == "<" && i + 1 < n {
                let next = s[i + 1]
                if next == "!" {
                    if i + 3 < n && s[i + 2] == "-" && s[i + 3] == "-" {
                        if let end = find(["-", "-", ">"], from: i + 4, caseInsensitive: false) { i = end + 3; continue }
                        i = n; continue  // an unclosed comment hides the rest, as browsers do
                    }
                    if let end = find([">"], from: i + 2, caseInsensitive: false) { i = end + 1; continue }
                } else if next == "/" || ("a"..."z").contains(next) || ("A"..."Z").contains(next) {
                    let closing = next == "/"
                    var j = i + (closing ? 2 : 1)
                    var name = String.UnicodeScalarView()
                    while j < n && isNameChar(s[j]) && name.count < 32 { name.append(lower(s[j])); j += 1 }
                    // Find the end of the tag, respecting quoted attribute values, bounded.
                    var quote: Unicode.Scalar? = nil
                    var k = j
                    let limit = min(n, j + 4096)
                    while k < limit {
                        let d = s[k]
                        if let q = quote { if d == q { quote = nil } } else if d == "\"" || d == "'" { quote = d } else if d == ">" || d == "<" { break }
                        k += 1
                    }
                    if !name.isEmpty && k < limit && s[k] == ">" {
                        let tag = String(name)
                        let selfClosing = k > 0 && s[k - 1] == "/"
                        i = k + 1
                        if !closing && HTMLStripper.raw.contains(tag) {
                            let close = Array("</\(tag)".unicodeScalars)
                            i = (find(close, from: i, caseInsensitive: true)).flatMap { find([">"], from: $0, caseInsensitive: false).map { $0 + 1 } } ?? n
                            continue
                        }
                        if HTMLStripper.skipped.contains(tag) && !selfClosing && !HTMLStripper.void.contains(tag) {
                            if closing {
                                if let d = skipDepth[tag], d > 0 { skipDepth[tag] = d - 1; skipping -= 1 }
                            } else {
                                skipDepth[tag, default: 0] += 1; skipping += 1
                            }
                            emit("\n\n")
                            continue
                        }
                        if tag == "br" { emit("\n") } else if HTMLStripper.blocks.contains(tag) { emit("\n\n") } else if tag == "td" || tag == "th" { emit(" ") }
                        continue
                    }
                }
                emit("<"); i += 1; continue
            }
            if c == "&" {
                var j = i + 1
                var name = String.UnicodeScalarView()
                while j < n && j - i <= 10 && s[j] != ";" && (isNameChar(s[j]) || s[j] == "#") { name.append(s[j]); j += 1 }
                if j < n && s[j] == ";" && !name.isEmpty {
                    let entity = String(name)
                    if let decoded = decodeEntity(entity) { emit(decoded); i = j + 1; continue }
                }
                emit("&"); i += 1; continue
            }
            if skipping == 0 { out.append(c) }
            i += 1
        }
        return String(out)
    }

    private func decodeEntity(_ name: String) -> String? {
        if name.hasPrefix("#") {
            let body = name.dropFirst()
            let value: UInt32?
            if body.hasPrefix("x") || body.hasPrefix("X") { value = UInt32(body.dropFirst(), radix: 16) } else { value = UInt32(body) }
            guard let v = value, v != 0, let scalar = Unicode.Scalar(v) else { return nil }
            return String(Character(scalar))
        }
        return entities[name] ?? entities[name.lowercased()]
    }
}
