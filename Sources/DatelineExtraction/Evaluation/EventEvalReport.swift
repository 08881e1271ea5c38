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
