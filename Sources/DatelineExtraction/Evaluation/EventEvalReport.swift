/// Precision, recall and F1 of one kind (or of all: kind "all").
public struct KindScore: Hashable, Sendable, Codable {
    /// The kind, or "all".
    public var kind: String
    /// Gold events of the kind.
    public var gold: Int
    /// Predicted events of the kind.
    public var predicted: Int
    /// Matched pairs.
    public var matched: Int

    /// Creates a score from counts.
    public init(kind: String, gold: Int, predicted: Int, matched: Int) {
        self.kind = kind
        self.gold = gold
        self.predicted = predicted
        self.matched = matched
    }

    /// matched / predicted (1 when nothing was predicted and nothing was expected).
    public var precision: Double { predicted == 0 ? (gold == 0 ? 1 : 0) : Double(matched) / Double(predicted) }
    /// matched / gold.
    public var recall: Double { gold == 0 ? 1 : Double(matched) / Double(gold) }
    /// The harmonic mean of precision and recall.
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

    enum CodingKeys: String, CodingKey { case kind, gold, predicted, matched, precision, recall, f1 }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(String.self, forKey: .kind)
        gold = try c.decode(Int.self, forKey: .gold)
        predicted = try c.decode(Int.self, forKey: .predicted)
        matched = try c.decode(Int.self, forKey: .matched)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(gold, forKey: .gold)
        try c.encode(predicted, forKey: .predicted)
        try c.encode(matched, forKey: .matched)
        try c.encode(precision, forKey: .precision)
        try c.encode(recall, forKey: .recall)
        try c.encode(f1, forKey: .f1)
    }
}

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

/// The result of scoring events against gold: per kind and overall precision/recall/F1, date,
/// status and subject accuracy over matched events, and the misses and false alarms.
public struct EventEvalReport: Hashable, Sendable, Codable {
    /// How many articles were scored.
    public var articles = 0
    /// Scores per kind, sorted by kind name.
    public var perKind: [KindScore] = []
    /// Scores over all kinds.
    public var overall = KindScore(kind: "all", gold: 0, predicted: 0, matched: 0)
    /// Of matched gold events with a date, the share whose predicted date is equal at the gold's precision.
    public var dateAccuracy = 1.0
    /// How many matched gold events have a date.
    public var datedMatches = 0
    /// Of matched events, the share with the gold status.
    public var statusAccuracy = 1.0
    /// Of matched events, the share whose predicted subject equals the gold subject.
    public var subjectAccuracy = 1.0
    /// Gold events no prediction matched, with their gold evidence.
    public var misses: [ScoredEvent] = []
    /// Predictions that matched no gold event, with their sentence.
    public var falseAlarms: [ScoredEvent] = []
    /// Matched events whose date differs at the gold's precision.
    public var dateErrors: [ScoredEvent] = []
    /// Matched events whose status differs.
    public var statusErrors: [ScoredEvent] = []

    /// An empty report.
    public init() {}

    /// A readable report; `details` adds the misses, false alarms and field errors.
    public func text(details: Bool = true) -> String {
        func pct(_ d: Double) -> String { String(format3(d)) }
        var out = "events: \(articles) articles, \(overall.gold) gold, \(overall.predicted) predicted, \(overall.matched) matched\n"
        out += "kind           gold  pred  match  precision  recall  F1\n"
        for k in perKind + [overall] {
            out += k.kind.padding(14) + String(k.gold).leftPad(5) + String(k.predicted).leftPad(6) + String(k.matched).leftPad(7)
            out += pct(k.precision).leftPad(11) + pct(k.recall).leftPad(8) + pct(k.f1).leftPad(7) + "\n"
        }
        out += "event F1 \(pct(overall.f1))  date accuracy \(pct(dateAccuracy)) (of \(datedMatches))  status accuracy \(pct(statusAccuracy))  subject accuracy \(pct(subjectAccuracy))\n"
        guard details else { return out }
        if !misses.isEmpty {
            out += "\nMISSES (\(misses.count))\n"
            for m in misses { out += "  \(m.article)  \(m.kind)  \(m.subject ?? "—")  \(m.date ?? "null")  \(m.status)\n      \(m.sentence.prefix(160))\n" }
        }
        if !falseAlarms.isEmpty {
            out += "\nFALSE ALARMS (\(falseAlarms.count))\n"
            for m in falseAlarms { out += "  \(m.article)  \(m.kind)  \(m.subject ?? "—")  \(m.date ?? "null")  \(m.status)\n      \(m.sentence.prefix(160))\n" }
        }
        if !dateErrors.isEmpty {
            out += "\nDATE ERRORS (\(dateErrors.count))\n"
            for m in dateErrors { out += "  \(m.article)  \(m.kind)  \(m.subject ?? "—")  gold \(m.date ?? "null")  predicted \(m.predictedDate ?? "null")\n      \(m.sentence.prefix(160))\n" }
        }
        if !statusErrors.isEmpty {
            out += "\nSTATUS ERRORS (\(statusErrors.count))\n"
            for m in statusErrors { out += "  \(m.article)  \(m.kind)  \(m.subject ?? "—")  gold \(m.status)  predicted \(m.predictedStatus ?? "?")\n      \(m.sentence.prefix(160))\n" }
        }
        return out
    }
}

func format3(_ d: Double) -> String {
    let v = (d * 1000).rounded() / 1000
    var s = String(v)
    if let dot = s.firstIndex(of: ".") {
        let decimals = s.distance(from: dot, to: s.endIndex) - 1
        if decimals < 3 { s += String(repeating: "0", count: 3 - decimals) }
    }
    return s
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
    func leftPad(_ width: Int) -> String { count >= width ? " " + self : String(repeating: " ", count: width - count) + self }
}
