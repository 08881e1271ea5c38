import DatelineApp
import Foundation

/// What one `dateline serve` process runs and where it listens.
public struct ServeSettings: Sendable {
    public var host: String
    public var port: Int
    /// The services to run. Without `api` the port still serves `/healthz`, `/readyz` and
    /// `/metrics` (for probes and scrapers), nothing else.
    public var roles: Set<ServeRole>
    /// When set, `/metrics` needs `Authorization: Bearer <metricsToken>`; else it is open.
    public var metricsToken: String?
    public var watcher: WatcherOptions
    public var delivery: DeliveryWorkerConfiguration

    public init(
        host: String = "127.0.0.1", port: Int = 8080, roles: Set<ServeRole> = Set(ServeRole.allCases), metricsToken: String? = nil,
        watcher: WatcherOptions = WatcherOptions(), delivery: DeliveryWorkerConfiguration = DeliveryWorkerConfiguration()
    ) {
        self.host = host
        self.port = port
        self.roles = roles
        self.metricsToken = metricsToken
        self.watcher = watcher
        self.delivery = delivery
    }

    /// The settings from a resolved configuration.
    public init(_ configuration: EffectiveConfiguration) {
        self.init(
            host: configuration.string("host") ?? "127.0.0.1", port: configuration.integer("port") ?? 8080, roles: Set(configuration.roles),
            metricsToken: configuration.string("metrics_token"), watcher: configuration.watcherOptions, delivery: configuration.deliveryWorker)
    }
}
