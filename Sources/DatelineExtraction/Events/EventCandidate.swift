import DatelineCore

/// One event found at one trigger, before repeats are merged.
/// A reference type: candidates are shared between groups while merging, not copied.
final class EventCandidate {
    var event: ExtractedEvent
    var subjectMention: NameMention?
    /// Whether the status came from a verb (a noun like "resignation" says little about status).
    var verbal: Bool
    var position: Int
    /// The subject is missing or only a role ("a judge", "the court"): it may be a named one.
    var genericSubject: Bool
    /// `NameMatch.tokens` of the subject, computed once.
    var subjectTokens: [String]
    /// The subject is a court or a judge (two of them in one article usually made one ruling).
    var courtSubject: Bool
    /// `subjectTokens` as a set.
    lazy var subjectSet: Set<String> = Set(subjectTokens)
    /// `NameMatch.tokens` of the counterparty (empty without one), computed once while merging.
    lazy var counterpartyTokens: [String] = event.counterparty.map(NameMatch.tokens) ?? []
    /// The tokens of the subject and of the counterparty, those present, in that order.
    lazy var participantTokens: [[String]] = (event.subject == nil ? [] : [subjectTokens]) + (event.counterparty == nil ? [] : [counterpartyTokens])
    /// The role's words, for comparing posts.
    lazy var roleTokens: Set<String> = Set(event.role.map(NameMatch.tokens) ?? [])
    /// Five-letter stems of the trigger's words ("filed for bankruptcy" → file, bankr).
    lazy var triggerStems: Set<String> = Set((event.trigger ?? "").lowercased().split(separator: " ").filter { $0.count >= 4 }.map { String($0.prefix(5)) })

    init(event: ExtractedEvent, subjectMention: NameMention?, verbal: Bool, position: Int, genericSubject: Bool,
         subjectTokens: [String] = [], courtSubject: Bool = false) {
        self.event = event
        self.subjectMention = subjectMention
        self.verbal = verbal
        self.position = position
        self.genericSubject = genericSubject
        self.subjectTokens = subjectTokens
        self.courtSubject = courtSubject
    }
}
