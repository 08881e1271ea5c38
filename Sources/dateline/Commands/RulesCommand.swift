import ArgumentParser
import DatelineApp
import DatelineCore
import DatelineRules
import Foundation

struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check, store, list, backtest and silence alert rules.",
        discussion: "Rule file reference: samples/rules/README.md.",
        subcommands: [Check.self, Apply.self, List.self, Show.self, Test.self, Silence.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a rule file and explain each rule in one line.",
            discussion: "Every problem is printed as file:line:column: message (exit 2). Watchlists are checked against the database when it is reachable.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The rule file (YAML).")
        var file: String
        @Flag(help: "Do not read the database: skip the watchlist check.")
        var offline = false

        func run() async throws {
            let yaml = String(decoding: try readInput(file), as: UTF8.self)
            var known = RuleCatalog.Known.offline
            if !offline {
                do {
                    let app = try options.app()
                    known = try await app.withDatabase { context in try await RuleCatalog.known(in: context) }
                } catch {
                    FileHandle.standardError.write(Data("warning: database not reachable, watchlists not checked (\(error))\n".utf8))
                }
            }
            let result = RuleCatalog.check(yaml: yaml, file: file, environment: ProcessInfo.processInfo.environment, known: known)
            guard let ruleFile = result.ruleFile else {
                throw RulesError.invalidRuleFile(file: file, diagnostics: result.diagnostics)
            }
            let explanation = RuleCatalog.explanation(of: ruleFile)
            emit((explanation.rules + explanation.channels).joined(separator: "\n") + "\n")
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a rule file: changed rules get a new version, channels are updated.",
            discussion: "Rules stored earlier but missing from the file are kept unless --prune disables them.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The rule file (YAML).")
        var file: String
        @Flag(help: "Disable stored rules that are not in the file, so the live set matches it.")
        var prune = false

        func run() async throws {
            let yaml = String(decoding: try readInput(file), as: UTF8.self)
            let app = try options.app()
            let environment = ProcessInfo.processInfo.environment
            let summary = try await app.withDatabase { context in
                try await RuleCatalog.apply(yaml: yaml, file: file, environment: environment, prune: prune, in: context)
            }
            var lines: [String] = []
            for (label, names) in [("added", summary.added), ("updated", summary.updated), ("unchanged", summary.unchanged),
                                   ("disabled", summary.disabled), ("kept (not in the file; --prune disables)", summary.kept)] where !names.isEmpty {
                lines.append("\(label): \(names.joined(separator: ", "))")
            }
            if !summary.channels.isEmpty { lines.append("channels stored: \(summary.channels.joined(separator: ", "))") }
            emit(lines.joined(separator: "\n") + "\n")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored rules: newest version, enabled, silenced.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let app = try options.app()
            let rules = try await app.withDatabase { context in try await context.rules.list() }
            guard !rules.isEmpty else {
                emit("no rules stored (dateline rules apply FILE)\n")
                return
            }
            var lines: [String] = []
            for rule in rules {
                var line = "\(Terminal.pad(rule.name, 32)) v\(rule.version)  \(rule.enabled ? "enabled " : "disabled")  \(rule.updatedAt)"
                if let until = rule.silencedUntil { line += "  silenced until \(until)" }
                lines.append(line)
            }
            emit(lines.joined(separator: "\n") + "\n")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a stored rule's versions and definitions.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The rule's name.")
        var name: String

        func run() async throws {
            let app = try options.app()
            let versions = try await app.withDatabase { context in try await context.rules.versions(of: name) }
            var lines: [String] = []
            for version in versions {
                lines.append("v\(version.version)  \(version.enabled ? "enabled" : "disabled")  \(version.createdAt)")
                lines.append("  \(version.definition)")
            }
            emit(lines.joined(separator: "\n") + "\n")
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Backtest a rule file on the stored history: print the alerts that would have fired, in order.",
            discussion: "Replays the changes recorded between --from and --to (inclusive days, UTC) exactly as the watcher would, with the stored silences from the time each was set (held-back matches are listed as such). Writes nothing.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The rule file (YAML).")
        var file: String
        @Option(help: "First day (YYYY-MM-DD or an ISO 8601 time).")
        var from: String
        @Option(help: "Last day (YYYY-MM-DD, inclusive, or an ISO 8601 time).")
        var to: String
        @Option(help: "Output format: text or json.")
        var format: AlertPrintFormat = .text
        @Flag(help: "Replay without the stored silences (by default a silence holds back what it held back live).")
        var ignoreSilences = false

        func run() async throws {
            let (start, end) = try RuleCatalog.backtestWindow(from: from, to: to, fromName: "--from", toName: "--to")
            let yaml = String(decoding: try readInput(file), as: UTF8.self)
            let app = try options.app()
            let environment = ProcessInfo.processInfo.environment
            let result = try await app.withDatabase { context in
                try await RuleCatalog.backtest(
                    yaml: yaml, file: file, environment: environment, from: start, to: end, ignoreSilences: ignoreSilences, in: context)
            }
            switch format {
            case .text:
                var lines = result.alerts.map { "\($0) [event \($0.change.event.id): \($0.change.event.title)]" }
                lines += result.suppressed.map { "(held back) \($0)" }
                lines.append("\(result.alerts.count) alert\(result.alerts.count == 1 ? "" : "s") would have fired")
                emit(lines.joined(separator: "\n") + "\n")
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                for alert in result.alerts {
                    emit(String(decoding: try encoder.encode(alert), as: UTF8.self) + "\n")
                }
            }
        }
    }

    struct Silence: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Silence a stored rule for a while: its matches are held back, not alerted.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The rule's name.")
        var name: String
        @Option(name: .customLong("for"), help: "How long: 30m, 2h, 1d.")
        var duration: String

        func run() async throws {
            _ = try RuleDuration(parsing: duration)  // a bad duration is a usage error before the database is opened
            let app = try options.app()
            let (length, _) = try await app.withDatabase { context in
                try await RuleCatalog.silence(rule: name, for: duration, now: Date(), in: context)
            }
            emit("\(name) silenced for \(length)\n")
        }
    }
}

extension AlertPrintFormat: ExpressibleByArgument {}
