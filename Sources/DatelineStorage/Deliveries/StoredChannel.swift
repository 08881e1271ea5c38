import DatelineCore
import Foundation

/// A `channels` row: its configuration and whether it is disabled (and why).
public struct StoredChannel: Hashable, Sendable {
    public var name: String
    /// The configuration, `nil` when the stored JSON cannot be read (see `configError`).
    public var config: ChannelConfig?
    /// Why the stored configuration cannot be read.
    public var configError: String?
    public var disabledAt: Date?
    public var disabledReason: String?

    /// A stored channel.
    public init(name: String, config: ChannelConfig?, configError: String? = nil, disabledAt: Date? = nil, disabledReason: String? = nil) {
        self.name = name
        self.config = config
        self.configError = configError
        self.disabledAt = disabledAt
        self.disabledReason = disabledReason
    }
}
