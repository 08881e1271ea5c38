/// One dated fact found in one article, before it is stored or merged with other reports.
///
/// The field names follow the gold format of the annotation guidelines; `dateline extract
/// --format json` prints exactly these.
public struct ExtractedEvent: Hashable, Sendable, Codable {
    public var kind: EventKind
    public var subject: String?
    public var organization: String?
    public var role: String?
    public var counterparty: String?
    public var date: FuzzyDate?
    /// The words the date was read from ("late Tuesday"), when there were some.
    public var dateText: String?
    public var status: EventStatus
    /// 0…1: how sure the extractor is that this is a real event of this kind.
    public var confidence: Double
    /// The sentence that states the fact.
    public var evidence: String
    /// Offsets of the evidence sentence in the article's text, in Unicode scalars.
    public var evidenceStart: Int
    public var evidenceEnd: Int
    /// The word(s) that signalled the event ("resign", "signed an agreement").
    public var trigger: String?

    public init(
        kind: EventKind, subject: String? = nil, organization: String? = nil, role: String? = nil,
        counterparty: String? = nil, date: FuzzyDate? = nil, dateText: String? = nil,
        status: EventStatus = .occurred, confidence: Double = 1, evidence: String = "",
        evidenceStart: Int = 0, evidenceEnd: Int = 0, trigger: String? = nil
    ) {
        self.kind = kind
        self.subject = subject
        self.organization = organization
        self.role = role
        self.counterparty = counterparty
        self.date = date
        self.dateText = dateText
        self.status = status
        self.confidence = confidence
        self.evidence = evidence
        self.evidenceStart = evidenceStart
        self.evidenceEnd = evidenceEnd
        self.trigger = trigger
    }
}
