import DatelineCore
import DatelineStorage
import Foundation
import Logging
import ServiceLifecycle

extension DatabaseContext {
    /// The rule, channel, silence and watchlist store.
    public var rules: PostgresRuleStore { PostgresRuleStore(client: client, logger: logger) }
}

extension Dateline {
    /// Runs the watcher on the configured database until SIGINT/SIGTERM (or, with
    /// `options.once`, until the feed is drained). With `print`, each committed alert is
    /// written to stdout in that format.
    public func runWatcher(options: WatcherOptions, print: AlertPrintFormat?) async throws {
        let logger = self.logger
        try await withDatabase { context in
            let watcher = Watcher(client: context.client, logger: logger, options: options, onAlerts: { alerts in
                guard let print else { return }
                let text = alerts.map { AlertPrinter.render($0, format: print) }.joined()
                FileHandle.standardOutput.write(Data(text.utf8))
            })
            if options.once {
                try await watcher.runOnce()
            } else {
                let group = ServiceGroup(
                    configuration: ServiceGroupConfiguration(
                        services: [.init(service: watcher)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
                try await group.run()
            }
        }
    }
}
