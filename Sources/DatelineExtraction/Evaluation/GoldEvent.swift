/// One gold event of `gold.jsonl`.
public struct GoldEvent: Hashable, Sendable, Codable {
    /// One of the eleven kinds (`court_filing`…).
    public var kind: String
    /// Who it is about; `nil` when the text names no one.
    public var subject: String?
    /// The organization of the post or case.
    public var organization: String?
    /// The post, for personnel events.
    public var role: String?
    /// The other side.
    public var counterparty: String?
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or nil.
    public var date: String?
    /// `occurred`, `expected`, `reported` or `denied`.
    public var status: String
    /// The sentence that states it, for people reading the gold.
    public var evidence: String?

    /// Creates a gold event (tests build small gold sets this way).
    public init(kind: String, subject: String? = nil, organization: String? = nil, role: String? = nil, counterparty: String? = nil,
                date: String? = nil, status: String = "occurred", evidence: String? = nil) {
        self.kind = kind
        self.subject = subject
        self.organization = organization
        self.role = role
        self.counterparty = counterparty
        self.date = date
        self.status = status
        self.evidence = evidence
    }
}
