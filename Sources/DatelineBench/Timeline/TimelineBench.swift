import ArgumentParser
import Foundation
import Logging

/// `dateline-bench timeline`: one entity's timeline page from the store beside the same SQL
/// through psql in the same run.
struct TimelineBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "One entity's timeline page from the store beside the same SQL through psql (goal ≤ 2×).")
    @Option(help: "Generated events (use 100000 for a quick run).")
    var events = 1_000_000
    @Option(help: "Generated entities (a multiple of 10).")
    var entities = 10_000
    @Option(help: "Timed builds per subject.")
    var iterations = 300
    @Option(help: "Entries per page.")
    var limit = 100
    @Flag(help: "Reload the scratch database even when it already holds the events.")
    var reload = false

    func run() async throws {
        var logger = Logger(label: "dateline-bench") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let report = try await TimelineBenchmark(
            events: events, entities: entities, iterations: iterations, limit: limit, reload: reload, logger: logger
        ).run()
        print(report, terminator: "")
    }
}
