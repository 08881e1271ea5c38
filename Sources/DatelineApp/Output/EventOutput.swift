import DatelineCore
import DatelineTimeline
import Foundation

/// Output formats for lists of records.
public enum ListFormat: String, Sendable, CaseIterable {
    case text, json, jsonl
}

/// Renders stored events for people (aligned text) and machines (stable JSON).
public enum EventOutput {
    /// The stable JSON shape of an event (snake_case keys; dates as `YYYY-MM-DD`, `YYYY-MM`, `YYYY`).
    struct EventJSON: Encodable {
        let id: Int64
        let kind: String
        let status: String
        let date: String?
        let date_value: String?
        let date_precision: String?
        let date_start: String?
        let date_end: String?
        let title: String
        let confidence: Double
        let participants: [ParticipantJSON]
        let source_count: Int
        let mention_count: Int
        let created_at: String
        let updated_at: String

        init(_ e: Event) {
            id = e.id
            kind = e.kind.rawValue
            status = e.status.rawValue
            date = e.date?.dateString ?? e.date?.value
            date_value = e.date?.value
            date_precision = e.date?.precision.rawValue
            date_start = e.date?.start.iso
            date_end = e.date?.end.iso
            title = e.title
            confidence = (e.confidence * 1000).rounded() / 1000
            participants = e.participants.map(ParticipantJSON.init)
            source_count = e.sourceCount
            mention_count = e.mentionCount
            created_at = e.createdAt
            updated_at = e.updatedAt
        }
    }

    struct ParticipantJSON: Encodable {
        let entity_id: Int64
        let name: String
        let kind: String
        let role: String

        init(_ p: Participant) {
            entity_id = p.entityID
            name = p.name
            kind = p.kind.rawValue
            role = p.role.rawValue
        }
    }

    struct PageJSON: Encodable {
        let events: [EventJSON]
        let next_cursor: String?
    }

    static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The page in the chosen format; text is aligned columns, colour only when `color`.
    public static func render(_ page: EventPage, format: ListFormat, color: Bool) throws -> String {
        switch format {
        case .json:
            let data = try encoder(pretty: true).encode(PageJSON(events: page.events.map(EventJSON.init), next_cursor: page.nextCursor))
            return String(decoding: data, as: UTF8.self) + "\n"
        case .jsonl:
            let encoder = encoder(pretty: false)
            return try page.events.map { String(decoding: try encoder.encode(EventJSON($0)), as: UTF8.self) + "\n" }.joined()
        case .text:
            if page.events.isEmpty { return "No events.\n" }
            var out = ""
            for event in page.events {
                let date = Terminal.pad(ShortDate.text(event.date), 12)
                let kind = Terminal.pad(event.kind.rawValue, 13)
                let status = Terminal.pad(event.status.rawValue, 9)
                let statusText = color ? Terminal.color(status, for: event.status) : status
                let sources = event.sourceCount == 1 ? "1 source" : "\(event.sourceCount) sources"
                out += "\(date) \(kind) \(statusText) #\(event.id) \(event.title)  [\(sources)]\n"
            }
            if let next = page.nextCursor { out += "… more: --cursor \(next)\n" }
            return out
        }
    }

    /// One event with its mentions and history, for `events show`.
    public static func renderDetail(_ detail: EventDetail, format: ListFormat, color: Bool) throws -> String {
        switch format {
        case .json, .jsonl:
            let data = try encoder(pretty: format == .json).encode(DetailJSON(detail))
            return String(decoding: data, as: UTF8.self) + "\n"
        case .text:
            let e = detail.event
            var out = "#\(e.id) \(e.title)\n"
            out += "  kind: \(e.kind.rawValue)   status: \(color ? Terminal.color(e.status.rawValue, for: e.status) : e.status.rawValue)   date: \(ShortDate.long(e.date))   confidence: \(String(format: "%.2f", e.confidence))\n"
            for p in e.participants { out += "  \(p.role.rawValue): \(p.name) (\(p.kind.rawValue) #\(p.entityID))\n" }
            out += "  \(e.mentionCount) mention(s) from \(e.sourceCount) source(s):\n"
            for m in detail.mentions {
                let meta = [m.source, m.published?.iso, m.url].compactMap { $0 }.joined(separator: " · ")
                out += "    - \"\(m.sentence)\" [\(m.status.rawValue)\(m.dateText.map { ", \"\($0)\"" } ?? "")]\n      \(meta)\n"
            }
            out += "  status history:\n"
            for h in detail.history {
                out += "    \(h.at)  \(h.from?.rawValue ?? "—") → \(h.to.rawValue)\(h.articleID.map { " (article #\($0))" } ?? "")\(h.note.map { " \($0)" } ?? "")\n"
            }
            if detail.wrong { out += "  marked wrong: hidden from lists and timelines\n" }
            if !detail.corrections.isEmpty {
                out += "  corrections:\n"
                for c in detail.corrections {
                    out += "    \(c.at)  \(c.field): \(c.oldValue ?? "—") → \(c.newValue ?? "—")  by \(c.actor ?? "?")\(c.note.map { " — \($0)" } ?? "")\n"
                }
            }
            return out
        }
    }

    struct MentionJSON: Encodable {
        let article_id: Int64?
        let url: String?
        let source: String?
        let headline: String?
        let published: String?
        let sentence: String
        let start: Int
        let end: Int
        let status: String
        let date_text: String?

        init(_ m: Mention) {
            article_id = m.articleID == 0 ? nil : m.articleID
            url = m.url
            source = m.source
            headline = m.headline
            published = m.published?.iso
            sentence = m.sentence
            start = m.start
            end = m.end
            status = m.status.rawValue
            date_text = m.dateText
        }
    }

    /// One event in full: what `events show --format json` and `GET /v1/events/{id}` print.
    struct DetailJSON: Encodable {
        let event: EventJSON
        let mentions: [MentionJSON]
        let history: [HistoryJSON]
        let corrections: [CorrectionJSON]
        let wrong: Bool

        init(_ detail: EventDetail) {
            event = EventJSON(detail.event)
            mentions = detail.mentions.map(MentionJSON.init)
            history = detail.history.map(HistoryJSON.init)
            corrections = detail.corrections.map(CorrectionJSON.init)
            wrong = detail.wrong
        }
    }

    struct CorrectionJSON: Encodable {
        let field: String
        let old_value: String?
        let new_value: String?
        let actor: String?
        let note: String?
        let at: String

        init(_ c: CorrectionRecord) {
            field = c.field
            old_value = c.oldValue
            new_value = c.newValue
            actor = c.actor
            note = c.note
            at = c.at
        }
    }

    struct HistoryJSON: Encodable {
        let from: String?
        let to: String
        let article_id: Int64?
        let at: String
        let note: String?

        init(_ h: StatusChange) {
            from = h.from?.rawValue
            to = h.to.rawValue
            article_id = h.articleID
            at = h.at
            note = h.note
        }
    }
}

/// Dates for the event list: `2025-04-08`, `2025-04`, `2025`, or `undated`; long forms come
/// from the timeline's `DateDisplay` ("8 April 2025", "late April 2025").
enum ShortDate {
    static func text(_ date: FuzzyDate?) -> String {
        guard let date else { return "undated" }
        return date.dateString ?? date.value
    }

    static func long(_ date: FuzzyDate?) -> String {
        DateDisplay.text(date)
    }
}

/// Small terminal helpers: padding and ANSI colour.
public enum Terminal {
    public static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    public static func color(_ text: String, for status: EventStatus) -> String {
        let code = switch status {
        case .occurred: "32"
        case .expected: "33"
        case .reported: "36"
        case .denied: "31;9"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// Whether standard output is a terminal.
    public static var stdoutIsTTY: Bool { isatty(1) == 1 }
}

extension EventOutput {
    /// The stable JSON of a page of events (`{"events": [...], "next_cursor": ...}`), as the CLI prints it.
    public static func json(_ page: EventPage) throws -> Data {
        try encoder(pretty: false).encode(PageJSON(events: page.events.map(EventJSON.init), next_cursor: page.nextCursor))
    }

    /// The stable JSON of one event with its mentions and history.
    public static func json(_ detail: EventDetail) throws -> Data {
        try encoder(pretty: false).encode(DetailJSON(detail))
    }

    /// An ingested article and its events, for `POST /v1/articles`.
    public static func json(article: Article?, duplicate: Bool, events: [Event]) throws -> Data {
        struct ArticleJSON: Encodable {
            let id: Int64
            let url: String?
            let source: String?
            let headline: String?
            let published: String?
            let content_hash: String
        }
        struct Body: Encodable {
            let article: ArticleJSON?
            let duplicate: Bool
            let events: [EventJSON]
        }
        let a = article.map { ArticleJSON(id: $0.id, url: $0.url, source: $0.source, headline: $0.headline, published: $0.published?.iso, content_hash: $0.contentHash) }
        return try encoder(pretty: false).encode(Body(article: a, duplicate: duplicate, events: events.map(EventJSON.init)))
    }
}
