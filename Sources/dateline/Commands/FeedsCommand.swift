import ArgumentParser
import DatelineApp
import DatelineCore
import Foundation

struct FeedsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "RSS 2.0 and Atom subscriptions: new items are fetched, extracted and stored.",
        subcommands: [Add.self, List.self, Remove.self, Poll.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Subscribe to a feed.")
        @OptionGroup var options: GlobalOptions
        @Argument var url: String

        func run() async throws {
            let url = url
            let feed = try await options.app().withDatabase { try await $0.feeds.add(url: url) }
            emit("feed #\(feed.id) \(feed.url)\n")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List feeds with their last poll.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "text or json.") var format: TextOrJSON = .text

        func run() async throws {
            let feeds = try await options.app().withDatabase { try await $0.feeds.list() }
            if format == .json { emit(try json(feeds)); return }
            emit(feeds.isEmpty ? "No feeds.\n" : feeds.map { f in
                "#\(f.id) \(f.url)  \(f.title ?? "")  \(f.items) item(s), polled \(f.lastPolledAt ?? "never")\(f.lastError.map { "  last error: \($0)" } ?? "")"
            }.joined(separator: "\n") + "\n")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unsubscribe (articles already stored stay).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The feed's URL or id.") var feed: String

        func run() async throws {
            let feed = feed
            let removed = try await options.app().withDatabase { try await $0.feeds.remove(url: feed) }
            guard removed else { throw AppError(code: "not_found", message: "no feed \(feed)", category: .notFound) }
            emit("removed\n")
        }
    }

    struct Poll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fetch every feed once and ingest new items. Exit 1 when a feed or item failed.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var extractorOptions: ExtractorOptions
        @Option(help: "text or json.") var format: TextOrJSON = .text

        func run() async throws {
            let app = try options.app()
            let maxBytes = app.configuration.maxArticleBytes
            let extractor = try extractorOptions.make(maxBytes: maxBytes)
            let results = try await app.withDatabase { context in
                try await FeedPoller.with(context: context, extractor: extractor, maxBytes: maxBytes) { try await $0.pollAll() }
            }
            if format == .json {
                emit(try json(results))
            } else {
                var out = results.isEmpty ? "No feeds (add one with `dateline feeds add URL`).\n" : ""
                for r in results {
                    if let error = r.error {
                        out += "\(r.url): failed: \(error)\n"
                    } else if r.notModified {
                        out += "\(r.url): not modified\n"
                    } else {
                        out += "\(r.url): \(r.newItems) new item(s); "
                        if let report = r.report { out += try IngestOutput.render(report, json: false) } else { out += "\n" }
                    }
                }
                emit(out)
            }
            if results.contains(where: { $0.error != nil || !($0.report?.failed.isEmpty ?? true) }) { throw ExitCode(1) }
        }
    }
}
