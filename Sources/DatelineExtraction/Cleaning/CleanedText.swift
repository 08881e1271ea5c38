/// The cleaned text of an article and where its headline ends.
public struct CleanedText: Hashable, Sendable {
    /// The text events are read from; all offsets are Unicode-scalar offsets into it.
    public var text: String
    /// Offset just past the headline (0 when there is none); the headline is not mined for events.
    public var headlineEnd: Int

    /// Creates a cleaned text.
    public init(text: String, headlineEnd: Int) {
        self.text = text
        self.headlineEnd = headlineEnd
    }
}
