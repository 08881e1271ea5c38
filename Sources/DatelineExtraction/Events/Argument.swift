/// A participant found for an event: a name (when the text names one) or a noun phrase.
struct Argument: Hashable, Sendable {
    var text: String
    var mention: NameMention?
    /// An indefinite noun phrase ("a former broker"): likely the person named later.
    var indefinite = false
}
