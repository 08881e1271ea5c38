import ArgumentParser
import DatelineApp
import DatelineCore
import Foundation

extension ListFormat: ExpressibleByArgument {}

struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Add, list and show stored events.",
        subcommands: [Add.self, List.self, Show.self, Correct.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add already-extracted events from JSON or JSON Lines (the gold format plus article metadata).",
            discussion: "All or nothing: one invalid line stores nothing and names the line and field.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "A .json or .jsonl file, or - for standard input.")
        var file: String
        @Option(help: "Output format: text or json.")
        var format: ListFormat = .text

        func run() async throws {
            let data = try readInput(file)
            let submissions = try EventsFileParser.parse(data, name: file == "-" ? "stdin" : file)
            let app = try options.app()
            let results = try await app.withDatabase { context in try await context.events.write(submissions) }
            let summary = WriteSummary(results)
            emit(try summary.render(format: format))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List events in date order (undated last).")
        @OptionGroup var options: GlobalOptions
        @Option(name: .long, parsing: .singleValue, help: "Only this kind (repeatable).")
        var kind: [String] = []
        @Option(name: .long, parsing: .singleValue, help: "Only this status: occurred, expected, reported, denied (repeatable).")
        var status: [String] = []
        @Option(name: .long, parsing: .singleValue, help: "Only events involving this entity: name, alias or id (repeatable).")
        var entity: [String] = []
        @Option(help: "Events on or after this date (YYYY-MM-DD); fuzzy dates overlapping count.")
        var from: String?
        @Option(help: "Events on or before this date (YYYY-MM-DD).")
        var to: String?
        @Option(help: "At most this many events (1–10000).")
        var limit = 100
        @Option(help: "Continue after this cursor (printed with the previous page).")
        var cursor: String?
        @Option(help: "Output format: text, json or jsonl (default: text on a terminal, json otherwise).")
        var format: ListFormat?

        func run() async throws {
            let filter = try EventFilterArguments(kinds: kind, statuses: status, entities: entity, from: from, to: to, limit: limit, cursor: cursor).filter()
            let app = try options.app()
            let page = try await app.withDatabase { context in try await context.events.list(filter) }
            let format = format ?? (Terminal.stdoutIsTTY ? .text : .json)
            emit(try EventOutput.render(page, format: format, color: Terminal.stdoutIsTTY))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an event: participants, every mention with its evidence and source, status history.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The event id.")
        var id: Int64
        @Option(help: "Output format: text or json.")
        var format: ListFormat = .text

        func run() async throws {
            let app = try options.app()
            let detail = try await app.withDatabase { context in try await context.events.detail(id: id) }
            emit(try EventOutput.renderDetail(detail, format: format, color: Terminal.stdoutIsTTY))
        }
    }

    struct Correct: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct an event: its kind, date or status, or mark it wrong; recorded with who, when and why.",
            discussion: """
                A corrected field is pinned: later articles that report the event again add evidence but do not change it. \
                An event marked wrong disappears from lists, timelines and alerts and stays visible with `events show`.
                """)
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The event id.")
        var id: Int64
        @Option(help: "The right kind (resignation, appointment, …).")
        var kind: String?
        @Option(help: "The right date: YYYY-MM-DD, YYYY-MM or YYYY, or 'undated'.")
        var date: String?
        @Option(help: "The date's precision, checked against --date: day, month or year.")
        var precision: String?
        @Option(help: "The right status: occurred, expected, reported or denied.")
        var status: String?
        @Flag(inversion: .prefixedNo, help: "Mark the event as not real (--no-wrong undoes it).")
        var wrong: Bool?
        @Option(help: "Why (kept with the correction).")
        var note: String?
        @Option(help: "Output format: text or json.")
        var format: ListFormat = .text

        func run() async throws {
            let undated = date == "undated"
            let arguments = EventCorrectionArguments(
                kind: kind, date: undated ? nil : date, undated: undated, datePrecision: precision, status: status, wrong: wrong, note: note)
            let correction = try arguments.correction(prefix: "--")
            let actor = "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown")
            let id = id
            let detail = try await options.app().withDatabase { context in try await context.events.correct(id: id, correction, actor: actor) }
            emit(try EventOutput.renderDetail(detail, format: format, color: Terminal.stdoutIsTTY))
        }
    }
}
