/// An article as the store keeps it: metadata, the cleaned text and its hash.
public struct ArticleRecord: Hashable, Sendable, Codable {
    public var url: String?
    public var source: String?
    public var headline: String?
    public var published: CalendarDate?
    /// The cleaned text the evidence offsets point into.
    public var body: String
    /// SHA-256 of `body`, lower-case hex.
    public var contentHash: String

    public init(url: String?, source: String?, headline: String?, published: CalendarDate?, body: String, contentHash: String) {
        self.url = url
        self.source = source
        self.headline = headline
        self.published = published
        self.body = body
        self.contentHash = contentHash
    }
}

/// "Internal Revenue Service (IRS)": a short form an article defines for a full name.
public struct AcronymDefinition: Hashable, Sendable, Codable {
    public var short: String
    public var long: String

    public init(short: String, long: String) {
        self.short = short
        self.long = long
    }
}

/// One article and the events found in it, handed to the store in one piece: it is stored
/// entirely or not at all.
public struct ArticleSubmission: Hashable, Sendable {
    /// The article; `nil` for events added by hand with no article behind them.
    public var article: ArticleRecord?
    public var events: [ExtractedEvent]
    /// Short forms the article defined; they become aliases of the full names.
    public var acronyms: [AcronymDefinition]
    /// What kind of entity each name is, as the extractor saw it (person or organization).
    public var nameKinds: [String: EntityKind]

    public init(article: ArticleRecord?, events: [ExtractedEvent], acronyms: [AcronymDefinition] = [], nameKinds: [String: EntityKind] = [:]) {
        self.article = article
        self.events = events
        self.acronyms = acronyms
        self.nameKinds = nameKinds
    }

    /// The publication the report counts for: the article's source, else its URL's host.
    public var publication: String {
        if let source = article?.source, !source.isEmpty { return source.lowercased() }
        if let url = article?.url {
            let parts = url.split(separator: "/", omittingEmptySubsequences: true)
            if parts.count >= 2, parts[0].hasSuffix(":") {
                let host = parts[1].lowercased()
                return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
            }
        }
        return "unknown"
    }
}

/// What the store did with one submission.
public struct SubmissionResult: Hashable, Sendable, Codable {
    public var articleID: Int64?
    /// The article was stored before (same URL or same content): nothing was written.
    public var duplicate: Bool
    /// The event each extracted event went into, in order (empty for a duplicate).
    public var eventIDs: [Int64]
    public var eventsNew: Int
    public var eventsMerged: Int
    /// Merged events whose status or date changed.
    public var eventsUpdated: Int

    public init(articleID: Int64?, duplicate: Bool, eventIDs: [Int64], eventsNew: Int, eventsMerged: Int, eventsUpdated: Int) {
        self.articleID = articleID
        self.duplicate = duplicate
        self.eventIDs = eventIDs
        self.eventsNew = eventsNew
        self.eventsMerged = eventsMerged
        self.eventsUpdated = eventsUpdated
    }
}
