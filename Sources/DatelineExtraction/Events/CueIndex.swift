/// Cue phrases of one section, indexed by their first word.
struct CueIndex: Sendable {
    var byFirstWord: [String: [[PatternToken]]] = [:]
    var prefixed: [[PatternToken]] = []
    /// The `WordClass` bit of the words that start a phrase of this section (`.cueStart` when
    /// the section has none of its own: past the sixteenth section).
    var startClass: WordClass = .cueStart
}
