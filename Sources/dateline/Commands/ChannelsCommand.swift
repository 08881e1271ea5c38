import ArgumentParser
import DatelineApp
import DatelineStorage
import Foundation

struct ChannelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channels",
        abstract: "List, test and preview alert channels.",
        subcommands: [List.self, Test.self, Preview.self, Enable.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored channels (URLs masked) and whether they are disabled.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Output format: text or json.")
        var format: ListFormat = .text

        func run() async throws {
            let app = try options.app()
            let channels = try await app.withDatabase { context in try await context.deliveries.channels() }
            emit(try DeliveryOutput.renderChannels(channels, format: format))
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a test message to a channel and report the response.",
            discussion: "Exits 1 when the channel did not accept it.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The channel name.")
        var name: String

        func run() async throws {
            let app = try options.app()
            let (outcome, config) = try await app.withDatabase { context in
                try await app.withNotifier { notifier in try await ChannelCatalog.test(named: name, in: context, notifier: notifier) }
            }
            emit(DeliveryOutput.renderTest(outcome, channel: config))
            if outcome.classification != .delivered { throw ExitCode(1) }
        }
    }

    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Render the message a channel would get for a stored event, without sending.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The channel name.")
        var name: String
        @Option(help: "The event id.")
        var event: Int64

        func run() async throws {
            let app = try options.app()
            let text = try await app.withDatabase { context in
                try await app.withNotifier { notifier in
                    try await ChannelPreview.render(channel: name, eventID: event, context: context, notifier: notifier, now: Date())
                }
            }
            emit(text.hasSuffix("\n") ? text : text + "\n")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a channel again (after a 410 disabled it).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The channel name.")
        var name: String

        func run() async throws {
            let app = try options.app()
            let found = try await app.withDatabase { context in
                try await context.deliveries.setChannelDisabled(name, reason: nil, now: Date())
            }
            guard found else { throw AppError(code: "not_found", message: "no channel named '\(name)'", category: .notFound) }
            emit("channel \(name) is enabled; `dateline deliveries retry-dead --channel \(name) --include-cancelled` re-queues what it missed\n")
        }
    }
}
