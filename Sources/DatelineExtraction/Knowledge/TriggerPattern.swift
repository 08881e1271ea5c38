import DatelineCore

/// A trigger phrase of `triggers.txt`.
struct TriggerPattern: Hashable, Sendable {
    /// `nil` for a blocking phrase (kind `-`).
    var kind: EventKind?
    var tokens: [PatternToken]
    var patient = false
    var noun = false
    var needsRole = false
    var needsNumber = false
    var court = false
    var by = false
    var weight = 1.0
    var text: String
}
