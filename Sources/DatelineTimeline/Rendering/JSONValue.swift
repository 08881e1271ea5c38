/// A JSON value with a deterministic writer: keys sorted, integers as integers, and `</` written
/// `<\/`, `<!` written `\u003c!`, U+2028 and U+2029 escaped, so the text can sit inside an
/// HTML `<script>` element while staying readable.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// `.string` or `.null`.
    static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    func serialized(pretty: Bool) -> String {
        var out = ""
        write(into: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(into out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isFinite {
                if d == d.rounded(), abs(d) < 1e15 { out += String(Int64(d)) } else { out += String(d) }
            } else {
                out += "null"
            }
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                item.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (i, key) in members.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                JSONValue.writeString(key, into: &out)
                out += pretty ? ": " : ":"
                members[key, default: .null].write(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "}"
        }
    }

    private static let hex = Array("0123456789abcdef")

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        // Fast path: nothing to escape (no quote, backslash, control, `<`, or U+2028/9 lead byte).
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x3C || $0 == 0x7F || $0 == 0xE2 }) {
            out += s
            out += "\""
            return
        }
        var previous: Unicode.Scalar = " "
        var scalars = s.unicodeScalars.makeIterator()
        var next = scalars.next()
        while let u = next {
            next = scalars.next()
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "/" where previous == "<": out += "\\/"
            case "<" where next == "!", "\u{2028}", "\u{2029}", "\u{0}"..."\u{1F}", "\u{7F}":
                let v = Int(u.value)
                out += "\\u"
                for shift in [12, 8, 4, 0] { out.append(hex[(v >> shift) & 0xF]) }
            default: out.unicodeScalars.append(u)
            }
            previous = u
        }
        out += "\""
    }
}
