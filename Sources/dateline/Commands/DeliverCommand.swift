import ArgumentParser
import DatelineApp
import Foundation

struct DeliverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Run the delivery worker: send queued alerts to their channels, retrying with backoff.",
        discussion: """
            Claims due deliveries under a lease (several workers may run at once), sends them, and \
            records every attempt. Stops gracefully on SIGINT/SIGTERM: sends in flight finish first.
            """)
    @OptionGroup var options: GlobalOptions
    @Flag(help: "Deliver what is due now, then exit.")
    var once = false
    @Option(help: "Sends in flight at once, across channels.")
    var concurrency = 16
    @Option(help: "Seconds a claimed delivery stays leased without renewal (the worker renews its leases every third of this; they run out only when it dies or hangs).")
    var lease: Double = 300
    @Option(help: "Seconds between sweeps for due retries.")
    var poll: Double = 2

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard lease >= 1 else { throw ValidationError("--lease must be at least 1 second") }
        guard poll > 0 else { throw ValidationError("--poll must be positive") }
    }

    func run() async throws {
        let app = try options.app()
        let configuration = DeliveryWorkerConfiguration(concurrency: concurrency, leaseSeconds: lease, pollInterval: poll)
        let attempts = try await app.runDeliveries(once: once, configuration: configuration)
        if once { emit("\(attempts) delivery attempt\(attempts == 1 ? "" : "s") made\n") }
    }
}
