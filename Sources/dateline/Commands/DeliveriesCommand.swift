import ArgumentParser
import DatelineApp
import DatelineStorage
import Foundation

extension DeliveryState: ExpressibleByArgument {}

struct DeliveriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "Inspect and retry alert deliveries (the outbox).",
        subcommands: [List.self, Show.self, Retry.self, RetryDead.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List deliveries, newest first.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Only this state: pending, delivered, dead or cancelled.")
        var state: DeliveryState?
        @Option(help: "Only this channel.")
        var channel: String?
        @Option(help: "At most this many (1–10000).")
        var limit = 100
        @Option(help: "Output format: text, json or jsonl.")
        var format: ListFormat = .text

        func run() async throws {
            let app = try options.app()
            let list = try await app.withDatabase { context in
                try await context.deliveries.list(state: state, channel: channel, limit: limit)
            }
            emit(try DeliveryOutput.render(list, format: format))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a delivery and every attempt: status code, latency, error.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The delivery id.")
        var id: Int64
        @Option(help: "Output format: text or json.")
        var format: ListFormat = .text

        func run() async throws {
            let app = try options.app()
            let detail = try await app.withDatabase { context in try await context.deliveries.detail(id: id) }
            emit(try DeliveryOutput.renderDetail(detail, format: format))
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a dead, cancelled or waiting delivery due now.",
            discussion: "The attempt count and history are kept: a delivery past its schedule gets one more attempt.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The delivery id.")
        var id: Int64

        func run() async throws {
            let app = try options.app()
            let summary = try await app.withDatabase { context in try await context.deliveries.retry(id: id, now: Date()) }
            emit("delivery \(summary.id) to \(summary.channel) is due now (attempt \(summary.attempts + 1) next)\n")
        }
    }

    struct RetryDead: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry-dead",
            abstract: "Make every dead delivery due now (of one channel with --channel).",
            discussion: "Attempt counts and history are kept: each gets one more attempt, and is dead again if that fails.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Only deliveries to this channel.")
        var channel: String?
        @Flag(help: "Also deliveries cancelled because their channel was disabled or missing.")
        var includeCancelled = false

        func run() async throws {
            let app = try options.app()
            let count = try await app.withDatabase { context in
                try await context.deliveries.retryDead(channel: channel, includeCancelled: includeCancelled, now: Date())
            }
            emit("\(count) deliver\(count == 1 ? "y is" : "ies are") due now\n")
        }
    }
}
