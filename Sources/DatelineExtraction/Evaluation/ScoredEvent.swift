/// A gold event missed, a prediction with no gold event, or a matched one with a wrong field.
public struct ScoredEvent: Hashable, Sendable, Codable {
    /// The article file.
    public var article: String
    /// The event kind.
    public var kind: String
    /// The gold subject (misses, field errors) or the predicted one (false alarms).
    public var subject: String?
    /// The gold date (for misses and field errors) or the predicted one (false alarms).
    public var date: String?
    public var status: String
    /// The sentence: the gold evidence for a miss, the predicted evidence otherwise.
    public var sentence: String
    /// For a date error, what was predicted.
    public var predictedDate: String?
    /// For a status error, what was predicted.
    public var predictedStatus: String?

    /// Creates an entry of a report list.
    public init(article: String, kind: String, subject: String?, date: String?, status: String, sentence: String,
                predictedDate: String? = nil, predictedStatus: String? = nil) {
        self.article = article
        self.kind = kind
        self.subject = subject
        self.date = date
        self.status = status
        self.sentence = sentence
        self.predictedDate = predictedDate
        self.predictedStatus = predictedStatus
    }
}
