/// Where alerts go: a channel as configured in a rules file's `channels:` list.
///
/// Parsed and validated by `DatelineRules` (with file positions in its errors), stored by the
/// storage layer, used by `DatelineNotify` to render and send. Secrets are kept as given after
/// `${VAR}` expansion; never log `secrets` or `url` unmasked (see `maskedURL`).
public struct ChannelConfig: Hashable, Sendable, Codable {
    public enum ChannelType: String, Hashable, Sendable, Codable, CaseIterable {
        case stdout, file, webhook
    }

    public enum Format: String, Hashable, Sendable, Codable, CaseIterable {
        /// Readable text (stdout only).
        case text
        /// The alert as JSON; for webhooks signed per Standard Webhooks.
        case json
        case slack, mattermost, discord, teams, googlechat
    }

    /// How a `file` channel rotates.
    public enum Rotation: Hashable, Sendable, Codable {
        case daily
        /// Start a new file once the current one reaches this many bytes.
        case size(bytes: Int)
    }

    /// At most `count` messages per `perSeconds` seconds.
    public struct RateLimit: Hashable, Sendable, Codable {
        public var count: Int
        public var perSeconds: Double
        public init(count: Int, perSeconds: Double) {
            self.count = count
            self.perSeconds = perSeconds
        }
    }

    public var name: String
    public var type: ChannelType
    public var format: Format
    /// The webhook URL (webhook channels).
    public var url: String?
    /// Standard Webhooks secrets (`whsec_` + base64); several during rotation, the first signs too.
    public var secrets: [String]
    /// Whether a webhook may resolve to loopback, private, link-local or metadata addresses.
    public var allowPrivateNetwork: Bool
    /// Delays between attempts, in seconds: the first retry waits `retrySchedule[0]`.
    public var retrySchedule: [Double]
    public var rateLimit: RateLimit?
    /// Requests in flight at once for this channel.
    public var maxInFlight: Int
    /// A Mustache template path that overrides the default message.
    public var template: String?
    /// The output path (file channels).
    public var path: String?
    public var rotate: Rotation?
    /// Request timeout in seconds (webhooks).
    public var timeoutSeconds: Double

    /// The default retry schedule (like Svix): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
    public static let defaultRetrySchedule: [Double] = [5, 300, 1800, 7200, 18000, 36000, 36000]

    public init(
        name: String, type: ChannelType, format: Format, url: String? = nil, secrets: [String] = [],
        allowPrivateNetwork: Bool = false, retrySchedule: [Double] = ChannelConfig.defaultRetrySchedule,
        rateLimit: RateLimit? = nil, maxInFlight: Int = 1, template: String? = nil, path: String? = nil,
        rotate: Rotation? = nil, timeoutSeconds: Double = 10
    ) {
        self.name = name
        self.type = type
        self.format = format
        self.url = url
        self.secrets = secrets
        self.allowPrivateNetwork = allowPrivateNetwork
        self.retrySchedule = retrySchedule
        self.rateLimit = rateLimit
        self.maxInFlight = maxInFlight
        self.template = template
        self.path = path
        self.rotate = rotate
        self.timeoutSeconds = timeoutSeconds
    }

    /// The URL with its path and query hidden (`https://hooks.slack.com/…`): safe to log.
    public var maskedURL: String? {
        guard let url else { return nil }
        let parts = url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        // "https:", "", "host", "rest"
        guard parts.count >= 3, parts[0].hasSuffix(":"), parts[1].isEmpty else { return "…" }
        let host = parts[2].prefix { $0 != "?" && $0 != "#" }
        let hidden = parts.count > 3 || host.count < parts[2].count
        return "\(parts[0])//\(host)" + (hidden ? "/…" : "")
    }
}

extension ChannelConfig: CustomStringConvertible, CustomDebugStringConvertible {
    /// The channel without its secrets: the URL's path and query are hidden and secrets only
    /// counted, so a channel logged or printed by accident leaks nothing.
    public var description: String {
        var parts = ["\(name): \(type.rawValue)/\(format.rawValue)"]
        if let masked = maskedURL { parts.append("url \(masked)") }
        if !secrets.isEmpty { parts.append("\(secrets.count) secret(s)") }
        if let path { parts.append("path \(path)") }
        return parts.joined(separator: ", ")
    }

    public var debugDescription: String { description }
}
