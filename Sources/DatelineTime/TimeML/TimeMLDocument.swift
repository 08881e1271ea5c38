import DatelineCore
import Foundation

/// A TIMEX3 annotation of a TimeML file: its span in the document text and its normalization.
public struct GoldTimex: Hashable, Sendable, Codable {
    /// Unicode-scalar offset of the first scalar in ``TimeMLDocument/text``.
    public var start: Int
    /// Unicode-scalar offset just past the last scalar.
    public var end: Int
    /// The annotated text.
    public var text: String
    /// The TIMEX3 `type` attribute as written (`DATE`, `TIME`, `DURATION`, `SET`).
    public var type: String
    /// The TIMEX3 `value` attribute.
    public var value: String
    /// The TIMEX3 `mod` attribute, when present.
    public var mod: String?

    /// Creates an annotation from its parts.
    public init(start: Int, end: Int, text: String, type: String, value: String, mod: String? = nil) {
        self.start = start
        self.end = end
        self.text = text
        self.type = type
        self.value = value
        self.mod = mod
    }
}

/// A TimeML (`.tml`, TimeBank/AQUAINT format) document: its creation time, the text inside
/// `<TEXT>` with every tag removed and entities decoded, and the gold TIMEX3 spans in that text.
public struct TimeMLDocument: Sendable {
    /// The file name (or the name given when parsing a string), used in reports and errors.
    public var name: String
    /// The document creation time (the TIMEX3 with `functionInDocument="CREATION_TIME"`), as a day.
    public var creationDate: CalendarDate?
    /// The text inside `<TEXT>`, tags removed.
    public var text: String
    /// The TIMEX3 annotations inside `<TEXT>`, in order.
    public var timexes: [GoldTimex]

    /// Reads and parses a `.tml` file.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TimeError(code: "timeml_unreadable", message: "cannot read TimeML file \(url.path): \(error.localizedDescription)")
        }
        try self.init(xml: String(decoding: data, as: UTF8.self), name: url.lastPathComponent)
    }

    /// Parses TimeML markup; `name` names the document in errors.
    public init(xml: String, name: String) throws {
        self.name = name
        let scalars = Array(xml.unicodeScalars)
        func fail(_ why: String) -> TimeError {
            TimeError(code: "timeml_malformed", message: "malformed TimeML file \(name): \(why)")
        }
        guard let textOpen = TimeMLDocument.find(Array("<TEXT>".unicodeScalars), in: scalars, from: 0) else {
            throw fail("no <TEXT> element")
        }
        let bodyStart = textOpen + 6
        guard let textClose = TimeMLDocument.find(Array("</TEXT>".unicodeScalars), in: scalars, from: bodyStart) else {
            throw fail("<TEXT> is not closed")
        }
        // The creation time: a CREATION_TIME timex anywhere (usually inside <DCT>).
        var dct: CalendarDate?
        var searchFrom = 0
        while dct == nil, let lt = TimeMLDocument.find(Array("<TIMEX3".unicodeScalars), in: scalars, from: searchFrom) {
            guard let gt = TimeMLDocument.find([">"], in: scalars, from: lt) else { break }
            let attributes = TimeMLDocument.attributes(String(String.UnicodeScalarView(scalars[(lt + 7)..<gt])))
            if attributes["functionInDocument"] == "CREATION_TIME", let v = attributes["value"] {
                dct = CalendarDate(iso: String(v.prefix(10)))
                if dct == nil { throw fail("creation time value \"\(v)\" is not a YYYY-MM-DD date") }
            }
            searchFrom = gt
        }
        self.creationDate = dct

        var out = String.UnicodeScalarView()
        var count = 0
        var timexes: [GoldTimex] = []
        var open: (start: Int, attributes: [String: String])?
        var i = bodyStart
        while i < textClose {
            let s = scalars[i]
            if s == "<" {
                guard let gt = TimeMLDocument.find([">"], in: scalars, from: i), gt < textClose else {
                    throw fail("a tag opened at scalar \(i) is not closed")
                }
                let tag = String(String.UnicodeScalarView(scalars[(i + 1)..<gt]))
                if tag.hasPrefix("TIMEX3") {
                    guard open == nil else { throw fail("nested TIMEX3 at scalar \(i)") }
                    let attributes = TimeMLDocument.attributes(String(tag.dropFirst(6)))
                    if tag.hasSuffix("/") {
                        // An empty timex has no span in the text; it is not scored.
                    } else {
                        open = (count, attributes)
                    }
                } else if tag == "/TIMEX3" {
                    guard let o = open else { throw fail("</TIMEX3> without an opening tag at scalar \(i)") }
                    let spanText = String(String.UnicodeScalarView(out.dropFirst(o.start)))
                    timexes.append(GoldTimex(start: o.start, end: count, text: spanText,
                                             type: o.attributes["type"] ?? "", value: o.attributes["value"] ?? "",
                                             mod: o.attributes["mod"]))
                    open = nil
                }
                i = gt + 1
                continue
            }
            if s == "&", let semi = TimeMLDocument.find([";"], in: scalars, from: i), semi - i <= 10,
               let decoded = TimeMLDocument.entity(String(String.UnicodeScalarView(scalars[(i + 1)..<semi]))) {
                out.append(decoded)
                count += 1
                i = semi + 1
                continue
            }
            out.append(s)
            count += 1
            i += 1
        }
        if open != nil { throw fail("a TIMEX3 is not closed before </TEXT>") }
        self.text = String(out)
        self.timexes = timexes
    }

    private static func find(_ needle: [Unicode.Scalar], in hay: [Unicode.Scalar], from: Int) -> Int? {
        guard let first = needle.first, hay.count >= needle.count else { return nil }
        var i = max(0, from)
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < needle.count && hay[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// `name="value"` pairs of a tag's inside.
    static func attributes(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        let s = Array(text.unicodeScalars)
        var i = 0
        while i < s.count {
            while i < s.count, s[i] == " " || s[i] == "\n" || s[i] == "\t" || s[i] == "\r" { i += 1 }
            let nameStart = i
            while i < s.count, s[i] != "=", s[i] != " ", s[i] != "/" { i += 1 }
            let name = String(String.UnicodeScalarView(s[nameStart..<i]))
            guard i < s.count, s[i] == "=", i + 1 < s.count else { i += 1; continue }
            let quote = s[i + 1]
            guard quote == "\"" || quote == "'" else { i += 1; continue }
            var j = i + 2
            while j < s.count, s[j] != quote { j += 1 }
            result[name] = String(String.UnicodeScalarView(s[(i + 2)..<min(j, s.count)]))
            i = j + 1
        }
        return result
    }

    private static func entity(_ name: String) -> Unicode.Scalar? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            if name.hasPrefix("#x"), let v = UInt32(name.dropFirst(2), radix: 16) { return Unicode.Scalar(v) }
            if name.hasPrefix("#"), let v = UInt32(name.dropFirst()) { return Unicode.Scalar(v) }
            return nil
        }
    }
}
