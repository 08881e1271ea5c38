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
