import DatelineCore

/// What every message format shows about an alert, derived once: the headline, the date as
/// written, the evidence, the sources, the reasons and the link to the web UI.
///
/// Values here are raw text; each format escapes them for its own markup.
public struct AlertPresentation: Hashable, Sendable {
    /// One publication that reported the event.
    public struct Source: Hashable, Sendable {
        /// The publication name, else the article headline, else the URL's host, else "article N".
        public var name: String
        /// The article headline, when known.
        public var headline: String?
        /// The article's URL, when known.
        public var url: String?
    }

    /// The alert's id.
    public var alertID: Int64
    /// The name of the rule that fired.
    public var rule: String
    /// What happened to the event.
    public var change: ChangeKind
    /// "New", "Status changed", "Date refined", "New source", "Corrected".
    public var changeDisplay: String
    /// The event's id.
    public var eventID: Int64
    /// The kind as words: "court filing".
    public var kind: String
    /// The event status: occurred, expected, reported, denied.
    public var status: String
    /// "Resignation (expected)".
    public var title: String
    /// "Melanie Krause (Acting Commissioner, Internal Revenue Service) — resignation, expected".
    public var headline: String
    /// The date as written: "8 April 2025", "late April 2025", "undated".
    public var dateDisplay: String
    /// The first mention's sentence, or `nil` when the alert carries no mention.
    public var evidence: String?
    /// The publications that reported it, once each, in mention order.
    public var sources: [Source]
    /// Why the rule matched, one line per condition.
    public var reasons: [String]
    /// The event in the web UI, when a base URL is configured.
    public var url: String?

    /// Derives the presentation of `alert`; `baseURL` (`https://dateline.example`) gives `url`.
    public init(_ alert: Alert, baseURL: String? = nil) {
        let event = alert.event
        alertID = alert.id
        rule = alert.rule
        change = alert.change
        changeDisplay = AlertPresentation.changeDisplay(alert.change)
        eventID = event.id
        kind = event.kind.rawValue.replacingUnderscores()
        status = event.status.rawValue
        title = "\(kind.prefix(1).uppercased())\(kind.dropFirst()) (\(status))"
        headline = TextSafety.truncate(AlertPresentation.headline(event, kind: kind), toUTF16: AlertPresentation.maxHeadline)
        dateDisplay = DateDisplay.text(event.date)
        evidence = alert.mentions.first { !$0.sentence.isEmpty }?.sentence
        var seen = Set<String>()
        var sources: [Source] = []
        for m in alert.mentions {
            let key = m.url ?? "article:\(m.articleID)"
            guard seen.insert(key).inserted else { continue }
            let name = m.source.flatMap { $0.isEmpty ? nil : $0 }
                ?? m.headline.flatMap { $0.isEmpty ? nil : $0 }
                ?? m.url.flatMap(AlertPresentation.host(of:))
                ?? "article \(m.articleID)"
            sources.append(Source(name: name, headline: m.headline, url: m.url))
        }
        self.sources = sources
        reasons = alert.reasons
        if let baseURL, !baseURL.isEmpty {
            let trimmed = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            url = "\(trimmed)/events/\(event.id)"
        } else {
            url = nil
        }
    }

    /// Longest headline kept (UTF-16 units): names come from articles and may be anything.
    static let maxHeadline = 500

    static func changeDisplay(_ change: ChangeKind) -> String {
        switch change {
        case .new: "New"
        case .statusChange: "Status changed"
        case .dateRefined: "Date refined"
        case .newSource: "New source"
        case .corrected: "Corrected"
        }
    }

    /// Who and what: the subject with post and organization in parentheses, then kind and status.
    static func headline(_ event: Event, kind: String) -> String {
        let subject = event.name(for: .subject)
        let post = event.name(for: .post)
        let org = event.name(for: .organization)
        let counterparty = event.name(for: .counterparty)
        var who: String
        if let subject {
            who = subject
            let details = [post, org].compactMap { $0 }.filter { $0 != subject }
            if !details.isEmpty { who += " (\(details.joined(separator: ", ")))" }
        } else if let org {
            who = org
        } else {
            who = event.title
        }
        if let counterparty, event.kind.hasCounterparty {
            who += event.kind == .lawsuit ? " v. \(counterparty)" : " and \(counterparty)"
        }
        return "\(who) — \(kind), \(event.status.rawValue)"
    }

    static func host(of url: String) -> String? {
        guard let range = url.range(of: "://") else { return nil }
        let rest = url[range.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return host.isEmpty ? nil : String(host)
    }
}
