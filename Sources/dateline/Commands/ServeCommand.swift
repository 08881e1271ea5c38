import ArgumentParser
import DatelineApp
import DatelineServer
import Foundation
import Metrics
import Prometheus

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API, the watcher and the delivery worker until SIGTERM or SIGINT (graceful).",
        discussion: """
            --roles picks what runs (default all: api,watch,deliver), so each scales on its own; \
            several processes may share one database. Without the api role the port still serves \
            /healthz, /readyz and /metrics for probes and scrapers. On SIGTERM: no new connections, \
            requests in flight finish, the watcher stops between batches, deliveries in flight get \
            deliver.shutdown_grace_seconds and their leases are released.
            """)
    @OptionGroup var options: GlobalOptions
    @Option(help: "Address to listen on (setting host; default 127.0.0.1).") var host: String?
    @Option(help: "Port (setting port; default 8080; 0 picks a free one).") var port: String?
    @Option(help: "Comma-separated roles: api, watch, deliver (setting roles; default all).") var roles: String?

    func run() async throws {
        var extra: [String: String] = [:]
        if let host { extra["host"] = host }
        if let port { extra["port"] = port }
        if let roles { extra["roles"] = roles }
        let configuration = try options.configuration(extra)
        var appConfiguration = configuration.app
        // serve reports what it does (listening, shutdown) unless told to be quieter explicitly.
        if configuration.entry("log_level")?.source == .default { appConfiguration.logLevel = "notice" }
        let app = Dateline(configuration: appConfiguration, logger: Logging.makeLogger(level: appConfiguration.logLevel))
        // The one place that bootstraps metrics: once per process, before any service starts.
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        try await DatelineServer.serve(app: app, settings: ServeSettings(configuration), metrics: registry)
    }
}
