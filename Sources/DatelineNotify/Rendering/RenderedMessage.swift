/// A rendered message: the exact body to send or write, and its media type.
public struct RenderedMessage: Hashable, Sendable {
    /// The bytes to send (UTF-8); for JSON formats a compact JSON document.
    public var body: String
    /// `application/json` or `text/plain; charset=utf-8`.
    public var contentType: String
    /// The JSON document, for JSON formats.
    public var json: JSONValue?

    /// A rendered message.
    public init(body: String, contentType: String, json: JSONValue?) {
        self.body = body
        self.contentType = contentType
        self.json = json
    }
}
