import ArgumentParser
import DatelineApp
import DatelineCore
import DatelineTimeline
import Foundation

extension TimelineFormat: ExpressibleByArgument {}

/// `dateline timeline`: what happened to an entity, a watchlist or a post, in order, with sources.
struct TimelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Show a timeline of stored events: by entity, watchlist, post, kind, status, dates, sources or text.",
        discussion: """
            Entries are ordered by the first day their date may be, coarser dates first on the same day \
            ("April 2025" before "1 April 2025"), then by when the store first saw them; month-only and \
            year-only dates stay as they are, undated events come in their own section. An organization \
            includes its posts and their holders. Long timelines come in pages: pass the printed cursor \
            to --cursor for the next one.
            """)

    @OptionGroup var options: GlobalOptions
    @Option(name: .long, parsing: .singleValue, help: "Events about this entity: name, alias or id (repeatable). An organization includes its posts and their holders.")
    var entity: [String] = []
    @Option(name: .long, parsing: .singleValue, help: "Events about the members of this watchlist (repeatable).")
    var watchlist: [String] = []
    @Option(name: .long, parsing: .singleValue, help: "Events about this post and whoever held it (repeatable).")
    var post: [String] = []
    @Option(name: .long, parsing: .singleValue, help: "Only this kind (repeatable or comma-separated).")
    var kind: [String] = []
    @Option(name: .long, parsing: .singleValue, help: "Only this status: occurred, expected, reported, denied (repeatable).")
    var status: [String] = []
    @Option(help: "Events on or after this date (YYYY-MM-DD); fuzzy dates overlapping it count.")
    var from: String?
    @Option(help: "Events on or before this date (YYYY-MM-DD).")
    var to: String?
    @Option(name: .long, help: "Only events reported by at least this many publications.")
    var minSources: Int?
    @Option(name: .long, help: "Free text searched in the evidence sentences and headlines (web-search syntax: words, \"a phrase\", -word, or).")
    var query: String?
    @Option(help: "At most this many entries (1–100000; default: all).")
    var limit: Int?
    @Option(name: [.customLong("cursor"), .customLong("after")], help: "Continue after this cursor (printed at the end of the previous page).")
    var cursor: String?
    @Option(help: "Output format: \(TimelineFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default: from -o's extension, else text on a terminal, json otherwise).")
    var format: TimelineFormat?
    @Option(name: .shortAndLong, help: "Write to this file (replaced atomically) instead of standard output.")
    var output: String?
    @Option(help: "The timeline's title (default: the selected entities' names).")
    var title: String?

    func run() async throws {
        let arguments = TimelineArguments(
            entities: entity, watchlists: watchlist, posts: post, kinds: kind, statuses: status, from: from, to: to,
            minSources: minSources, query: query, limit: limit, cursor: cursor)
        _ = try arguments.timelineQuery()
        let app = try options.app()
        let title = self.title
        let timeline = try await app.withDatabase { context in
            try await TimelineOutput.build(context, arguments: arguments, title: title, now: Date())
        }
        let terminal = output == nil && Terminal.stdoutIsTTY
        let format = TimelineOutput.format(requested: format, outputPath: output, stdoutIsTerminal: terminal)
        let text = try TimelineOutput.render(timeline, format: format, color: terminal)
        if let output {
            try TimelineOutput.write(text, to: output)
            let count = timeline.entries.count + timeline.undated.count
            FileHandle.standardError.write(Data("Wrote \(count) entr\(count == 1 ? "y" : "ies") (\(format.rawValue)) to \(output)\n".utf8))
        } else {
            emit(text)
        }
    }
}
