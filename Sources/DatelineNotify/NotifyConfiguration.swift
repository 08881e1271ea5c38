/// The notifier's settings, one value for the composition root to fill from flags >
/// environment (`DATELINE_*`) > config file > defaults.
public struct NotifyConfiguration: Hashable, Sendable {
    /// The web UI's base URL; messages link to `BASE/events/ID` (`DATELINE_BASE_URL`).
    public var baseURL: String?
    /// Where relative template and file-channel paths are read from (the rules file's directory).
    public var baseDirectory: String?
    /// Whether stdout text may use ANSI colour (set from `StdoutSink.isTerminal`).
    public var colour: Bool
    /// Seconds to wait for a webhook connection.
    public var connectTimeout: Double
    /// The `User-Agent` of webhook requests.
    public var userAgent: String

    /// Settings with defaults: no base URL, no colour, a 5 s connect timeout.
    public init(
        baseURL: String? = nil, baseDirectory: String? = nil, colour: Bool = false,
        connectTimeout: Double = 5, userAgent: String = "Dateline-Webhooks/1.0"
    ) {
        self.baseURL = baseURL
        self.baseDirectory = baseDirectory
        self.colour = colour
        self.connectTimeout = connectTimeout
        self.userAgent = userAgent
    }

    /// The render options these settings imply.
    public var renderOptions: RenderOptions {
        RenderOptions(baseURL: baseURL, templateDirectory: baseDirectory, colour: colour)
    }
}
