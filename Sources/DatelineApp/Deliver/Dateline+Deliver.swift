import DatelineCore
import DatelineNotify
import DatelineStorage
import Foundation
import Logging
import ServiceLifecycle

extension Dateline {
    /// The notifier's settings from the configuration (`base_url`, `channel_dir`), else the
    /// environment: `DATELINE_BASE_URL` (links in messages)
    /// and `DATELINE_CHANNEL_DIR` (where relative template and file-channel paths are read
    /// from; default the working directory).
    public func notifyConfiguration(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> NotifyConfiguration {
        ChannelCatalog.notifyConfiguration(baseURL: configuration.baseURL, channelDirectory: configuration.channelDirectory, environment)
    }

    /// A worker on `context`'s database with a notifier built from `notifyConfiguration()`.
    /// Call `notifier.shutdown()` after the worker stops.
    public func deliveryWorker(
        context: DatabaseContext, notifier: ChannelNotifier, configuration: DeliveryWorkerConfiguration = DeliveryWorkerConfiguration(),
        clock: any NotifyClock = SystemNotifyClock()
    ) -> DeliveryWorker {
        let pipeline = DeliveryPipeline(notifier: notifier, gate: ChannelGate(clock: clock), clock: clock)
        return DeliveryWorker(
            store: context.deliveries, pipeline: pipeline, configuration: configuration, client: context.client, clock: clock,
            logger: logger)
    }

    /// Runs `body` with a notifier and shuts its HTTP clients down afterwards.
    public func withNotifier<T: Sendable>(clock: any NotifyClock = SystemNotifyClock(), _ body: (ChannelNotifier) async throws -> T) async throws -> T {
        try await ChannelCatalog.withNotifier(configuration: notifyConfiguration(), clock: clock, logger: logger, body)
    }
}

extension Dateline {
    /// `dateline deliver`: runs a delivery worker until SIGINT/SIGTERM (graceful: sends in
    /// flight finish and record), or with `once` delivers what is due and returns the number
    /// of attempts made.
    public func runDeliveries(once: Bool, configuration: DeliveryWorkerConfiguration = DeliveryWorkerConfiguration()) async throws -> Int {
        let logger = self.logger
        return try await withDatabase { context in
            try await self.withNotifier { notifier in
                let worker = self.deliveryWorker(context: context, notifier: notifier, configuration: configuration)
                if once { return try await worker.drain() }
                let group = ServiceGroup(
                    configuration: .init(services: [worker], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
                try await group.run()
                return 0
            }
        }
    }
}
