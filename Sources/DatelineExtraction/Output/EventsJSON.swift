import DatelineCore
import Foundation

/// The events JSON format of `dateline extract --format json` and of external extractors:
/// `{"events":[{"kind","subject","organization","role","counterparty","date","date_precision",
/// "status","confidence","evidence","evidence_start","evidence_end"}]}`, absent fields as `null`.
public enum EventsJSON {
    /// Renders events in the documented key order; dates as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    public static func render(_ events: [ExtractedEvent]) -> String {
        var out = "{\"events\":["
        for (i, e) in events.enumerated() {
            if i > 0 { out += "," }
            out += "{\"kind\":" + quote(e.kind.rawValue)
            out += ",\"subject\":" + optional(e.subject)
            out += ",\"organization\":" + optional(e.organization)
            out += ",\"role\":" + optional(e.role)
            out += ",\"counterparty\":" + optional(e.counterparty)
            out += ",\"date\":" + optional(e.date?.dateString)
            out += ",\"date_precision\":" + optional(e.date?.dateString == nil ? nil : e.date?.precisionName)
            out += ",\"status\":" + quote(e.status.rawValue)
            out += ",\"confidence\":" + number(e.confidence)
            out += ",\"evidence\":" + quote(e.evidence)
            out += ",\"evidence_start\":\(e.evidenceStart),\"evidence_end\":\(e.evidenceEnd)}"
        }
        return out + "]}"
    }

    /// A readable rendering: one block per event.
    public static func text(_ events: [ExtractedEvent]) -> String {
        if events.isEmpty { return "no events\n" }
        var out = ""
        for e in events {
            let date = e.date?.dateString ?? "undated"
            out += "\(date)  \(e.kind.rawValue)  [\(e.status.rawValue), \(number(e.confidence))]\n"
            out += "  subject: \(e.subject ?? "—")"
            if let r = e.role { out += "  role: \(r)" }
            if let o = e.organization { out += "  organization: \(o)" }
            if let c = e.counterparty { out += "  counterparty: \(c)" }
            out += "\n  evidence [\(e.evidenceStart)–\(e.evidenceEnd)]: \(e.evidence)\n"
        }
        return out
    }

    /// Parses events JSON (the same schema); `where` names the source in error messages.
    /// - Throws: `ExtractionError` `bad_events_json` saying what is wrong and where, or
    ///   `unknown_kind` for a kind that is not one of `knownKinds`.
    public static func parse(_ data: Data, source: String = "events JSON", knownKinds: Set<EventKind> = Set(EventKind.builtIn)) throws -> [ExtractedEvent] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            let preview = String(decoding: data.prefix(120), as: UTF8.self)
            throw ExtractionError(code: "bad_events_json", message: "\(source) is not valid JSON (\(shortReason(error))); it starts with: \(preview)")
        }
        guard let root = object as? [String: Any], let list = root["events"] as? [Any] else {
            throw ExtractionError(code: "bad_events_json", message: "\(source): expected an object with an \"events\" array")
        }
        var events: [ExtractedEvent] = []
        for (i, item) in list.enumerated() {
            let at = "\(source): events[\(i)]"
            guard let e = item as? [String: Any] else { throw ExtractionError(code: "bad_events_json", message: "\(at) is not an object") }
            func string(_ key: String) throws -> String? {
                guard let v = e[key], !(v is NSNull) else { return nil }
                guard let s = v as? String else { throw ExtractionError(code: "bad_events_json", message: "\(at).\(key) must be a string or null") }
                return s
            }
            func int(_ key: String) throws -> Int? {
                guard let v = e[key], !(v is NSNull) else { return nil }
                guard let n = v as? NSNumber else { throw ExtractionError(code: "bad_events_json", message: "\(at).\(key) must be a number or null") }
                return n.intValue
            }
            guard let kindName = try string("kind") else { throw ExtractionError(code: "bad_events_json", message: "\(at).kind is missing") }
            let kind = EventKind(rawValue: kindName)
            guard knownKinds.contains(kind) else {
                throw ExtractionError(code: "unknown_kind", message: "\(at).kind \"\(kindName)\" is not a known kind (\(EventKind.builtIn.map(\.rawValue).joined(separator: ", ")))")
            }
            var date: FuzzyDate?
            if let d = try string("date") {
                guard let parsed = FuzzyDate(parsing: d) else {
                    throw ExtractionError(code: "bad_events_json", message: "\(at).date \"\(d)\" is not YYYY-MM-DD, YYYY-MM or YYYY")
                }
                date = parsed
            }
            var status = EventStatus.occurred
            if let s = try string("status") {
                guard let parsed = EventStatus(rawValue: s) else {
                    throw ExtractionError(code: "bad_events_json", message: "\(at).status \"\(s)\" is not occurred, expected, reported or denied")
                }
                status = parsed
            }
            var confidence = 1.0
            if let v = e["confidence"], !(v is NSNull) {
                guard let n = v as? NSNumber, (0...1).contains(n.doubleValue) else {
                    throw ExtractionError(code: "bad_events_json", message: "\(at).confidence must be a number from 0 to 1")
                }
                confidence = n.doubleValue
            }
            events.append(ExtractedEvent(
                kind: kind, subject: try string("subject"), organization: try string("organization"), role: try string("role"),
                counterparty: try string("counterparty"), date: date, status: status, confidence: confidence,
                evidence: try string("evidence") ?? "", evidenceStart: try int("evidence_start") ?? 0, evidenceEnd: try int("evidence_end") ?? 0))
        }
        return events
    }

    static func shortReason(_ error: any Error) -> String {
        let ns = error as NSError
        if let d = ns.userInfo["NSDebugDescription"] as? String { return d }
        return ns.localizedDescription
    }

    static func optional(_ s: String?) -> String { s.map(quote) ?? "null" }

    static func number(_ d: Double) -> String {
        let rounded = (d * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) + ".0" }
        return String(rounded)
    }

    /// A JSON string literal.
    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 || c == "\u{2028}" || c == "\u{2029}" {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}
