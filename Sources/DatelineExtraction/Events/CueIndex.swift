/// Cue phrases of one section, indexed by their first word.
struct CueIndex: Sendable {
    var byFirstWord: [String: [[PatternToken]]] = [:]
    var prefixed: [[PatternToken]] = []
}
