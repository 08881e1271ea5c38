import ArgumentParser
import DatelineApp
import DatelineCore
import Foundation

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Run the watcher: match every stored change against the live rules and write alerts, exactly once.",
        discussion: """
            Reads the change feed from its stored cursor; LISTEN wakes it, a sweep backs it up. \
            Alerts and their deliveries are written in the transaction that advances the cursor. \
            Two watchers never duplicate work: the second waits for the first's lock.
            """)
    @OptionGroup var options: GlobalOptions
    @Flag(help: "Print each new alert to stdout once committed.")
    var print = false
    @Option(help: "With --print: text (readable) or json (one object per line).")
    var format: AlertPrintFormat = .text
    @Flag(help: "Process what is there, then exit.")
    var once = false
    @Option(help: "Seconds between sweeps of the feed (LISTEN wakes it sooner).")
    var sweep: Double = 5
    @Option(help: "Changes per transaction.")
    var batchSize = 500
    @Flag(help: "Commit batches without waiting for the disk (synchronous_commit=off for the watcher only): lower latency; after a database server crash the last batches are written again (new alert ids).")
    var fastCommit = false

    func validate() throws {
        guard sweep > 0 else { throw ValidationError("--sweep must be positive") }
        guard (1...10_000).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 10000") }
    }

    func run() async throws {
        let app = try options.app()
        let watchOptions = WatcherOptions(
            batchSize: batchSize, sweepInterval: .milliseconds(Int64(sweep * 1000)), once: once, durableCommits: !fastCommit)
        try await app.runWatcher(options: watchOptions, print: print ? format : nil)
    }
}
