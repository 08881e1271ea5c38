/// Match counts of a TimeML comparison.
public struct TimeMLCounts: Hashable, Sendable, Codable {
    /// Gold timexes.
    public var gold = 0
    /// System timexes.
    public var system = 0
    /// Pairs with exactly the same span.
    public var strict = 0
    /// Pairs whose spans overlap (strict ones included).
    public var relaxed = 0
    /// Overlapping pairs with the same value.
    public var value = 0
    /// Overlapping pairs with the same type.
    public var type = 0

    /// All counts zero.
    public init() {}

    static func + (a: TimeMLCounts, b: TimeMLCounts) -> TimeMLCounts {
        var c = TimeMLCounts()
        c.gold = a.gold + b.gold
        c.system = a.system + b.system
        c.strict = a.strict + b.strict
        c.relaxed = a.relaxed + b.relaxed
        c.value = a.value + b.value
        c.type = a.type + b.type
        return c
    }

    /// Precision, recall and F1 of the strict extent match.
    public var strictScore: PRF { PRF(matched: strict, system: system, gold: gold) }
    /// Precision, recall and F1 of the relaxed (overlap) extent match.
    public var relaxedScore: PRF { PRF(matched: relaxed, system: system, gold: gold) }
    /// Precision, recall and F1 of overlapping pairs with equal values.
    public var valueScore: PRF { PRF(matched: value, system: system, gold: gold) }
    /// The share of overlapping pairs whose types agree (1 when there are none).
    public var typeAccuracy: Double { relaxed == 0 ? 1 : Double(type) / Double(relaxed) }
}

/// Precision, recall and F1; 1 when there was nothing to find and nothing found.
public struct PRF: Hashable, Sendable, Codable {
    /// Matched over system items.
    public var precision: Double
    /// Matched over gold items.
    public var recall: Double
    /// The harmonic mean of precision and recall.
    public var f1: Double

    /// The figures of `matched` items out of `system` found and `gold` expected.
    public init(matched: Int, system: Int, gold: Int) {
        precision = system == 0 ? (gold == 0 ? 1 : 0) : Double(matched) / Double(system)
        recall = gold == 0 ? 1 : Double(matched) / Double(gold)
        f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }
}

/// One disagreement between the tagger and the gold annotation.
public struct TimeMLMismatch: Hashable, Sendable, Codable {
    /// How the tagger and the gold disagree.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// A gold timex with no overlapping system timex.
        case missed
        /// A system timex with no overlapping gold timex.
        case spurious
        /// Overlapping, same value, different span.
        case extent
        /// Same span, different value.
        case value
        /// Overlapping with a different span and a different value.
        case extentAndValue = "extent_and_value"
    }

    /// What kind of disagreement.
    public var kind: Kind
    /// The gold expression, when there is one.
    public var goldText: String?
    /// The gold value, when there is one.
    public var goldValue: String?
    /// The gold type, when there is one.
    public var goldType: String?
    /// The tagger's expression, when there is one.
    public var systemText: String?
    /// The tagger's value, when there is one.
    public var systemValue: String?
    /// The tagger's type, when there is one.
    public var systemType: String?
    /// Where in the document text (Unicode scalars) it is.
    public var offset: Int

    /// Creates a mismatch record.
    public init(kind: Kind, goldText: String? = nil, goldValue: String? = nil, goldType: String? = nil,
                systemText: String? = nil, systemValue: String? = nil, systemType: String? = nil, offset: Int) {
        self.kind = kind
        self.goldText = goldText
        self.goldValue = goldValue
        self.goldType = goldType
        self.systemText = systemText
        self.systemValue = systemValue
        self.systemType = systemType
        self.offset = offset
    }

    /// One line: `missed "last week" 1998-W08`, `value "Friday" 1998-08-07 → 1998-08-14`.
    public var line: String {
        func q(_ s: String?) -> String { "\"\(s ?? "")\"" }
        switch kind {
        case .missed: return "missed   \(q(goldText)) \(goldType ?? "") \(goldValue ?? "")"
        case .spurious: return "spurious \(q(systemText)) \(systemType ?? "") \(systemValue ?? "")"
        default:
            return "\(kind.rawValue) gold \(q(goldText)) \(goldValue ?? "") | system \(q(systemText)) \(systemValue ?? "")"
        }
    }
}

/// The score of one TimeML document.
public struct TimeMLFileScore: Hashable, Sendable, Codable {
    /// The file, relative to the scored directory.
    public var file: String
    /// The match counts of this file.
    public var counts: TimeMLCounts
    /// Every disagreement, in text order.
    public var mismatches: [TimeMLMismatch]

    /// Creates a file score.
    public init(file: String, counts: TimeMLCounts, mismatches: [TimeMLMismatch]) {
        self.file = file
        self.counts = counts
        self.mismatches = mismatches
    }
}

/// Scores of a set of TimeML documents, per file and overall (micro-averaged: counts summed).
public struct TimeMLReport: Hashable, Sendable, Codable {
    /// One score per file, in path order.
    public var files: [TimeMLFileScore]
    /// The counts summed over all files.
    public var overall: TimeMLCounts

    /// A report of `files`, with the overall counts summed.
    public init(files: [TimeMLFileScore]) {
        self.files = files
        self.overall = files.reduce(TimeMLCounts()) { $0 + $1.counts }
    }

    /// A readable report: one line per file, then the overall figures.
    public var text: String {
        func f(_ x: Double) -> String {
            let v = (x * 1000).rounded() / 1000
            var s = String(v)
            while s.count < 5 { s += "0" }
            return s
        }
        var lines: [String] = []
        for s in files {
            let c = s.counts
            lines.append("\(s.file): gold \(c.gold) system \(c.system) strict-F1 \(f(c.strictScore.f1)) relaxed-F1 \(f(c.relaxedScore.f1)) value-F1 \(f(c.valueScore.f1))")
        }
        let c = overall
        lines.append("overall (\(files.count) files, \(c.gold) gold, \(c.system) system)")
        for (name, s) in [("strict extent", c.strictScore), ("relaxed extent", c.relaxedScore), ("value", c.valueScore)] {
            lines.append("  \(name): P \(f(s.precision)) R \(f(s.recall)) F1 \(f(s.f1))")
        }
        lines.append("  type accuracy: \(f(c.typeAccuracy))")
        return lines.joined(separator: "\n")
    }
}
