import ArgumentParser
import DatelineApp
import DatelineRules
import Foundation
import Logging

/// `dateline-bench`: the benchmarks. Each prints its figures and, where a physical limit
/// exists, the ratio to it measured in the same run. Build in release:
/// `swift run -c release dateline-bench <name>`.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dateline-bench",
        abstract: "Dateline's benchmarks (run with -c release).",
        subcommands: [StoreBench.self, IngestBench.self, ExtractBench.self, RulesBench.self, TimelineBench.self, WatchBench.self, DeliverBench.self, APIBench.self])
}

struct ExtractBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "extract", abstract: "Extraction speed (articles/s, MB/s) and peak memory on generated articles.")
    @Option(help: "Generated articles.") var articles = 2000
    @Option(help: "Random seed.") var seed: UInt64 = 42
    @Option(help: "Write each article's events JSON and time expressions to this file, a line per article.") var output: String?
    @Option(help: "A corpus folder (articles/*.txt, gold.jsonl for publication dates): write each article's events JSON and time expressions to --corpus-output instead of benchmarking.") var corpus: String?
    @Option(help: "Where --corpus writes its output.") var corpusOutput: String?

    func run() async throws {
        if let corpus {
            guard let corpusOutput else { throw ValidationError("--corpus needs --corpus-output FILE") }
            print(try ExtractionBenchmark.dumpCorpus(folder: corpus, output: corpusOutput))
            return
        }
        print(try ExtractionBenchmark.run(articles: articles, seed: seed, output: output))
    }
}

struct RulesBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "Rule matching throughput with 10, 1,000 and 10,000 rules.")
    @Option(help: "Changes matched per rule set.") var changes = 20_000

    func run() async throws {
        print(RulesBenchmark.run(changes: changes))
    }
}

/// Peak and current resident memory of this process, in MB (Linux /proc).
enum Memory {
    static func megabytes(_ field: String) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let digits = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return digits / 1024
        }
        return 0
    }

    static var peakMB: Double { megabytes("VmHWM") }
    static var residentMB: Double { megabytes("VmRSS") }
}

/// What every database benchmark starts from: the app on `$DATELINE_*` (or `databaseURL`)
/// with warnings-only logging to stderr.
enum BenchApp {
    static func make(databaseURL: String?) throws -> Dateline {
        var configuration = try AppConfiguration.fromEnvironment()
        if let databaseURL { configuration.databaseURL = databaseURL }
        var logger = Logger(label: "dateline-bench") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        return Dateline(configuration: configuration, logger: logger)
    }
}
