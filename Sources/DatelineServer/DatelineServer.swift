import DatelineApp
import DatelineExtraction
import DatelineStorage
import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// Runs `dateline serve`: the HTTP API, the watcher and the delivery worker (or the roles
/// chosen) as services in one group with graceful shutdown on SIGTERM/SIGINT: the HTTP server
/// stops taking connections and finishes requests in flight, the watcher stops between
/// batches (an interrupted batch rolls back and is replayed), and the delivery worker stops
/// claiming, lets sends finish within its grace period and releases its leases.
public enum DatelineServer {
    /// Serves until a shutdown signal. `onRunning` gets the bound port (useful with port 0).
    /// With `deliver` (the default) a delivery worker runs in the same service group.
    public static func serve(
        app: Dateline, host: String, port: Int, deliver: Bool = true, onRunning: (@Sendable (Int) async -> Void)? = nil
    ) async throws {
        let roles: Set<ServeRole> = deliver ? [.api, .deliver] : [.api]
        try await serve(app: app, settings: ServeSettings(host: host, port: port, roles: roles), onRunning: onRunning)
    }

    /// Serves `settings.roles` until a shutdown signal. Without the `api` role the port serves
    /// only `/healthz`, `/readyz` and `/metrics`. `metrics`: the registry behind `/metrics`
    /// (the process bootstraps swift-metrics with it; nil: no `/metrics` route).
    public static func serve(
        app: Dateline, settings: ServeSettings, metrics: PrometheusCollectorRegistry? = nil, onRunning: (@Sendable (Int) async -> Void)? = nil
    ) async throws {
        let logger = app.logger
        let maxBytes = app.configuration.maxArticleBytes
        let extractor = try Extractor(configuration: ExtractionConfiguration(maxInputBytes: maxBytes))
        try await app.withDatabase { context in
            let api = APIServer(context: context, extractor: extractor, maxArticleBytes: maxBytes, notifyConfiguration: app.notifyConfiguration())
            let router = settings.roles.contains(.api) ? api.makeRouter(recordMetrics: metrics != nil) : api.makeProbeRouter(recordMetrics: metrics != nil)
            if let metrics { MetricsEndpoint(registry: metrics, token: settings.metricsToken).add(to: router) }
            let roles = ServeRole.allCases.filter(settings.roles.contains).map(\.rawValue).joined(separator: ",")
            let application = Application(
                router: router,
                configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "Dateline"),
                onServerRunning: { channel in
                    logger.notice("Dateline listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")", "roles": "\(roles)"])
                    await onRunning?(channel.localAddress?.port ?? settings.port)
                },
                logger: logger)
            try await app.withNotifier { notifier in
                // Shut down in reverse order: the worker first (it may wait for sends), then the
                // watcher, the HTTP server last so probes answer until the end.
                var services: [any Service] = [application]
                if settings.roles.contains(.watch) { services.append(Watcher(client: context.client, logger: logger, options: settings.watcher)) }
                if settings.roles.contains(.deliver) {
                    services.append(app.deliveryWorker(context: context, notifier: notifier, configuration: settings.delivery))
                }
                let group = ServiceGroup(
                    configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
                try await group.run()
            }
        }
        logger.notice("Dateline stopped")
    }
}

extension APIServer {
    /// The router of a process without the `api` role: health, readiness (and `/metrics`,
    /// added by `serve`).
    public func makeProbeRouter(recordMetrics: Bool = false) -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        if recordMetrics { router.add(middleware: MetricsMiddleware<ServerContext>()) }
        router.add(middleware: ProblemMiddleware())
        router.get("/healthz") { _, _ in Self.jsonResponse(Data(#"{"status":"ok"}"#.utf8)) }
        router.get("/readyz") { _, _ in try await ready() }
        return router
    }
}
