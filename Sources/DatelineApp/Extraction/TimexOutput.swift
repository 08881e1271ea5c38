import DatelineTime
import Foundation

/// Renders time expressions for `dateline timex`.
public enum TimexOutput {
    struct Row: Encodable {
        let start: Int
        let end: Int
        let text: String
        let type: String
        let value: String
    }

    /// JSON `[{"start","end","text","type","value"}]` (keys in that order), or aligned text.
    public static func render(_ expressions: [TimeExpression], json: Bool) throws -> String {
        if json {
            // Keys in the documented order, one object per line for readability.
            let lines = try expressions.map { e -> String in
                func quote(_ s: String) throws -> String { String(decoding: try JSONEncoder().encode(s), as: UTF8.self) }
                return "{\"start\":\(e.start),\"end\":\(e.end),\"text\":\(try quote(e.text)),\"type\":\(try quote(e.type.rawValue)),\"value\":\(try quote(e.value))}"
            }
            return "[" + lines.joined(separator: ",\n ") + "]\n"
        }
        if expressions.isEmpty { return "no time expressions\n" }
        return expressions.map { e in
            let span = "\(e.start)-\(e.end)"
            let padded = span + String(repeating: " ", count: max(1, 12 - span.count))
            let type = e.type.rawValue + String(repeating: " ", count: max(1, 9 - e.type.rawValue.count))
            return "\(padded)\(type)\(e.value)\t\(e.text)\n"
        }.joined()
    }
}
