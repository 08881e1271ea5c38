import DatelineApp
import DatelineExtraction
import DatelineStorage
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// Runs the HTTP API as a service group with graceful shutdown (SIGTERM/SIGINT: stop taking
/// requests, finish those in flight).
public enum DatelineServer {
    /// Serves until a shutdown signal. `onRunning` gets the bound port (useful with port 0).
    /// With `deliver` (the default) a delivery worker runs in the same service group.
    public static func serve(
        app: Dateline, host: String, port: Int, deliver: Bool = true, onRunning: (@Sendable (Int) async -> Void)? = nil
    ) async throws {
        let logger = app.logger
        let extractor = try Extractor(configuration: ExtractionConfiguration(maxInputBytes: app.configuration.maxArticleBytes))
        let maxBytes = app.configuration.maxArticleBytes
        try await app.withDatabase { context in
            let api = APIServer(context: context, extractor: extractor, maxArticleBytes: maxBytes)
            let application = Application(
                router: api.makeRouter(),
                configuration: .init(address: .hostname(host, port: port), serverName: "Dateline"),
                onServerRunning: { channel in
                    logger.notice("Dateline API listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")"])
                    await onRunning?(channel.localAddress?.port ?? port)
                },
                logger: logger)
            try await app.withNotifier { notifier in
                var services: [any Service] = [application]
                if deliver { services.append(app.deliveryWorker(context: context, notifier: notifier)) }
                let group = ServiceGroup(
                    configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
                try await group.run()
            }
        }
    }
}
