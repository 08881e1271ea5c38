import DatelineCore
import DatelineStorage
import Foundation

/// Reads already-extracted events: the gold format of the annotation guidelines plus article
/// metadata, as JSON Lines (one article per line), one JSON object, or a JSON array of them.
///
/// An article object: `{"article"?, "url"?, "source"?, "headline"?, "published"?, "text"?,
/// "events": [{"kind", "subject"?, "organization"?, "role"?, "counterparty"?, "date"?,
/// "status"?, "confidence"?, "evidence"?, "evidence_start"?, "evidence_end"?}]}`. A line that is
/// itself an event (it has "kind") is an event with no article. Every problem is reported with
/// its line and field; nothing is returned unless everything is valid.
public enum EventsFileParser {
    public static func parse(_ data: Data, name: String) throws -> [ArticleSubmission] {
        guard let text = String(data: data, encoding: .utf8) else {
            throw AppError.invalid("\(name): not UTF-8 text")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw AppError.invalid("\(name): no events (the input is empty)") }
        var errors: [String] = []
        var submissions: [ArticleSubmission] = []
        if trimmed.hasPrefix("[") {
            let value: Any
            do {
                value = try JSONSerialization.jsonObject(with: Data(trimmed.utf8))
            } catch {
                throw AppError.invalid("\(name): invalid JSON: \(jsonErrorDetail(error))")
            }
            guard let array = value as? [Any] else { throw AppError.invalid("\(name): expected a JSON array") }
            for (index, element) in array.enumerated() {
                do {
                    submissions.append(try submission(element, at: "\(name): item \(index + 1)"))
                } catch let error as AppError {
                    errors.append(error.message)
                }
            }
        } else {
            // JSON Lines (a single object is one line, even pretty-printed over several).
            let lines: [(Int, String)]
            if trimmed.hasPrefix("{"), (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) != nil {
                lines = [(1, trimmed)]
            } else {
                lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { ($0.offset + 1, String($0.element)) }
            }
            for (number, line) in lines {
                let content = line.trimmingCharacters(in: .whitespaces)
                if content.isEmpty || content.hasPrefix("//") { continue }
                let location = "\(name):\(number)"
                do {
                    let value: Any
                    do {
                        value = try JSONSerialization.jsonObject(with: Data(content.utf8))
                    } catch {
                        throw AppError.invalid("\(location): invalid JSON: \(jsonErrorDetail(error))")
                    }
                    submissions.append(try submission(value, at: location))
                } catch let error as AppError {
                    errors.append(error.message)
                }
            }
        }
        if !errors.isEmpty {
            let shown = errors.prefix(20).joined(separator: "\n")
            let more = errors.count > 20 ? "\n… and \(errors.count - 20) more" : ""
            throw AppError.invalid("\(shown)\(more)\nnothing was stored from \(name)")
        }
        return submissions
    }

    static func submission(_ value: Any, at location: String) throws -> ArticleSubmission {
        guard let object = value as? [String: Any] else { throw AppError.invalid("\(location): expected a JSON object") }
        if object["kind"] != nil {
            return ArticleSubmission(article: nil, events: [try event(object, at: "\(location): ")])
        }
        let known: Set<String> = ["article", "url", "source", "headline", "published", "text", "events"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw AppError.invalid("\(location): unknown field '\(unknown)' (expected \(known.sorted().joined(separator: ", ")))")
        }
        let url = try string(object, "url", at: location)
        let source = try string(object, "source", at: location)
        let headline = try string(object, "headline", at: location)
        let name = try string(object, "article", at: location)
        let body = try string(object, "text", at: location)
        var published: CalendarDate?
        if let text = try string(object, "published", at: location) {
            guard let date = CalendarDate(iso: text) else {
                throw AppError.invalid("\(location): published: expected a date as YYYY-MM-DD, got \"\(text)\"")
            }
            published = date
        }
        guard let list = object["events"] else { throw AppError.invalid("\(location): events: missing (an array of events)") }
        guard let events = list as? [Any] else { throw AppError.invalid("\(location): events: expected an array") }
        var parsed: [ExtractedEvent] = []
        for (index, element) in events.enumerated() {
            guard let eventObject = element as? [String: Any] else {
                throw AppError.invalid("\(location): events[\(index)]: expected an object")
            }
            parsed.append(try event(eventObject, at: "\(location): events[\(index)]."))
        }
        var article: ArticleRecord?
        if url != nil || name != nil || headline != nil || body != nil {
            // Without the text, the article is known by its metadata.
            let identity = body ?? ["dateline-metadata", name ?? "", url ?? "", headline ?? "", published?.iso ?? "", source ?? ""].joined(separator: "\u{1F}")
            article = ArticleRecord(url: url, source: source, headline: headline ?? name, published: published, body: body ?? "",
                                    contentHash: ContentHash.of(identity))
        }
        return ArticleSubmission(article: article, events: parsed)
    }

    static func event(_ object: [String: Any], at prefix: String) throws -> ExtractedEvent {
        let known: Set<String> = [
            "kind", "subject", "organization", "role", "counterparty", "date", "date_precision", "date_text", "status",
            "confidence", "evidence", "evidence_start", "evidence_end", "trigger",
        ]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw AppError.invalid("\(prefix)\(unknown): unknown field (expected \(known.sorted().joined(separator: ", ")))")
        }
        guard let kindText = object["kind"] as? String else { throw AppError.invalid("\(prefix)kind: missing or not a string") }
        guard EventKind.isValidName(kindText) else {
            throw AppError.invalid("\(prefix)kind: '\(kindText)' is not a kind name (lower-case letters, digits, _)")
        }
        let kind = EventKind(rawValue: kindText)
        guard EventKind.builtIn.contains(kind) else {
            let names = EventKind.builtIn.map(\.rawValue).joined(separator: ", ")
            throw AppError.invalid("\(prefix)kind: unknown kind '\(kindText)' (one of \(names))")
        }
        var status = EventStatus.occurred
        if let text = try string(object, "status", at: String(prefix.dropLast())) {
            guard let s = EventStatus(rawValue: text) else {
                throw AppError.invalid("\(prefix)status: '\(text)' is not one of occurred, expected, reported, denied")
            }
            status = s
        }
        var date: FuzzyDate?
        if let text = try string(object, "date", at: String(prefix.dropLast())) {
            guard let d = FuzzyDate(parsing: text) else {
                throw AppError.invalid("\(prefix)date: expected YYYY-MM-DD, YYYY-MM or YYYY, got \"\(text)\"")
            }
            date = d
        }
        var confidence = 1.0
        if let value = object["confidence"], !(value is NSNull) {
            guard let number = value as? NSNumber, !(value is Bool), (0...1).contains(number.doubleValue) else {
                throw AppError.invalid("\(prefix)confidence: expected a number from 0 to 1")
            }
            confidence = number.doubleValue
        }
        func offset(_ key: String) throws -> Int? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let number = value as? NSNumber, number.doubleValue >= 0, number.doubleValue == number.doubleValue.rounded() else {
                throw AppError.invalid("\(prefix)\(key): expected a whole number ≥ 0")
            }
            return number.intValue
        }
        let evidence = try string(object, "evidence", at: String(prefix.dropLast())) ?? ""
        let start = try offset("evidence_start") ?? 0
        let end = try offset("evidence_end") ?? (start + evidence.unicodeScalars.count)
        guard end >= start else { throw AppError.invalid("\(prefix)evidence_end: before evidence_start") }
        return ExtractedEvent(
            kind: kind, subject: try string(object, "subject", at: String(prefix.dropLast())),
            organization: try string(object, "organization", at: String(prefix.dropLast())),
            role: try string(object, "role", at: String(prefix.dropLast())),
            counterparty: try string(object, "counterparty", at: String(prefix.dropLast())),
            date: date, dateText: try string(object, "date_text", at: String(prefix.dropLast())), status: status,
            confidence: confidence, evidence: evidence, evidenceStart: start, evidenceEnd: end,
            trigger: try string(object, "trigger", at: String(prefix.dropLast())))
    }

    /// An optional string field: absent or null is `nil`; an empty string is `nil` too.
    static func string(_ object: [String: Any], _ key: String, at location: String) throws -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else {
            let separator = location.hasSuffix("]") ? "." : ": "
            throw AppError.invalid("\(location)\(separator)\(key): expected a string")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    static func jsonErrorDetail(_ error: any Error) -> String {
        let ns = error as NSError
        return (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? "malformed JSON"
    }
}
