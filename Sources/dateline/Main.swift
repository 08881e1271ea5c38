import ArgumentParser
import DatelineApp
import DatelineCore
import Foundation
import Logging

/// The `dateline` executable: parses arguments and hands the work to `DatelineApp`.
@main
enum Main {
    static func main() async {
        let code: Int32
        do {
            var command = try DatelineCommand.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            code = 0
        } catch {
            code = report(error)
        }
        exit(code)
    }

    /// Prints an error to stderr and returns the exit code: 2 for usage and input errors,
    /// 1 for failures, 0 for `--help` and `--version`.
    static func report(_ error: any Error) -> Int32 {
        if let error = error as? any DatelineError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            return error.category == .invalidInput || error.category == .tooLarge || error.category == .notFound ? 2 : 1
        }
        if let exit = error as? ExitCode { return exit.rawValue }
        let code = DatelineCommand.exitCode(for: error)
        let message = DatelineCommand.fullMessage(for: error)
        if code == .success {
            print(message)
            return 0
        }
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        return 2
    }
}

struct DatelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dateline",
        abstract: "Dated facts from the news: extract, store, watch and put on timelines.",
        version: "0.1.0",
        subcommands: [
            DemoCommand.self, IngestCommand.self, ExtractCommand.self, TimexCommand.self, EvalCommand.self, EvalTimexCommand.self,
            EventsCommand.self, TimelineCommand.self, EntitiesCommand.self, WatchlistsCommand.self, FeedsCommand.self,
            RulesCommand.self, WatchCommand.self, TokensCommand.self, ServeCommand.self, DBCommand.self, MigrateCommand.self,
            DeliverCommand.self, DeliveriesCommand.self, ChannelsCommand.self, ConfigCommand.self,
        ])
}

/// Options every database command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "PostgreSQL URL (default: $DATELINE_DATABASE_URL, else the private database).")
    var databaseURL: String?

    @Option(name: .long, help: "Dateline's data folder for the private database (default: $DATELINE_DATA_DIR or .dateline).")
    var dataDir: String?

    @Flag(name: .long, help: "Log what happens (to stderr).")
    var verbose = false

    @Option(name: .long, help: "YAML configuration file (default: $DATELINE_CONFIG, else ./dateline.yaml when present).")
    var config: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Set any setting: --set key=value (repeatable; `dateline config show` lists the keys).", valueName: "key=value"))
    var settings: [String] = []

    /// The configuration: flags > environment (`DATELINE_*`) > the YAML file > defaults.
    /// `extra`: the command's own flags by setting key.
    func configuration(_ extra: [String: String] = [:]) throws -> EffectiveConfiguration {
        var flags: [String: String] = [:]
        for assignment in settings {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw AppError.invalid("--set \(assignment): expected key=value", code: "bad_config")
            }
            flags[String(assignment[..<equals]).trimmingCharacters(in: .whitespaces)] = String(assignment[assignment.index(after: equals)...])
        }
        if let databaseURL { flags["database_url"] = databaseURL }
        if let dataDir { flags["data_dir"] = dataDir }
        if verbose { flags["log_level"] = "info" }
        flags.merge(extra) { _, command in command }
        return try EffectiveConfiguration.resolve(flags: flags, configPath: config)
    }

    /// The application, configured from flags > environment > the YAML file > defaults.
    func app() throws -> Dateline {
        let configuration = try configuration().app
        return Dateline(configuration: configuration, logger: Logging.makeLogger(level: configuration.logLevel))
    }
}

enum Logging {
    /// One logger to stderr; the CLI bootstraps nothing global so tests can run it in-process.
    static func makeLogger(level: String) -> Logger {
        var logger = Logger(label: "dateline") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = Logger.Level(rawValue: level) ?? .warning
        return logger
    }
}

/// Reads a file, or standard input for `-`.
func readInput(_ path: String) throws -> Data {
    if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    guard FileManager.default.fileExists(atPath: path) else { throw AppError.invalid("\(path): no such file") }
    guard let data = FileManager.default.contents(atPath: path) else { throw AppError.invalid("\(path): cannot be read") }
    return data
}

/// Writes text to stdout as is.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
