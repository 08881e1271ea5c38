/// What one attempt to deliver an alert came to, for the worker to record.
public struct DeliveryOutcome: Hashable, Sendable, Codable {
    /// What the worker does next.
    public enum Classification: String, Hashable, Sendable, Codable {
        /// Done (2xx, or written to stdout/file).
        case delivered
        /// Try again later (5xx, 408, 429, connect errors, timeouts, DNS failures).
        case retry
        /// The endpoint is gone for good (410): disable the channel, stop retrying.
        case gone
        /// Not retried: other 4xx, a refused destination, a bad URL, secret or template.
        case rejected
    }

    /// What the worker does next.
    public var classification: Classification
    /// The HTTP status, when a response arrived.
    public var statusCode: Int?
    /// Seconds from the start of the attempt to its end.
    public var latency: Double
    /// A stable code for the failure (`http_500`, `timeout`, `connect_failed`, `destination_refused`, …).
    public var errorCode: String?
    /// What went wrong, safe to store and show: no secrets, no webhook URL path.
    public var error: String?
    /// Seconds the receiver asked us to wait (`Retry-After` on 429/503).
    public var retryAfter: Double?
    /// The first bytes of the response body (up to 1,000 characters), for `channels test` and logs.
    public var responseSnippet: String?

    /// An outcome; only `classification` is required.
    public init(
        classification: Classification, statusCode: Int? = nil, latency: Double = 0, errorCode: String? = nil,
        error: String? = nil, retryAfter: Double? = nil, responseSnippet: String? = nil
    ) {
        self.classification = classification
        self.statusCode = statusCode
        self.latency = latency
        self.errorCode = errorCode
        self.error = error
        self.retryAfter = retryAfter
        self.responseSnippet = responseSnippet
    }

    /// Whether the channel must be disabled (the endpoint answered 410 Gone).
    public var disablesChannel: Bool { classification == .gone }

    /// How a response status is classified: 2xx delivered; 408, 429, 5xx retry; 410 gone; else rejected.
    public static func classify(status: Int) -> Classification {
        switch status {
        case 200..<300: .delivered
        case 408, 429, 500..<600: .retry
        case 410: .gone
        default: .rejected
        }
    }
}
