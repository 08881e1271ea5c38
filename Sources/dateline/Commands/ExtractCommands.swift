import ArgumentParser
import DatelineApp
import DatelineCore
import DatelineExtraction
import DatelineTime
import Foundation

/// Options shared by the commands that run an extractor.
struct ExtractorOptions: ParsableArguments {
    @Option(name: .long, help: "Run this command as the extractor: article JSON on stdin, events JSON on stdout (see README).")
    var extractor: String?

    @Option(name: .long, help: "Seconds the external extractor may take per article.")
    var extractorTimeout: Double = 30

    @Option(name: .long, help: "A folder of lexicon files extending the built-in ones.")
    var lexicons: String?

    func make(maxBytes: Int) throws -> any EventExtracting {
        try ExtractorChoice.make(command: extractor, timeoutSeconds: extractorTimeout, lexicons: lexicons, maxBytes: maxBytes)
    }
}

enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract dated facts from one article (text or HTML).",
        discussion: "Plain text: the first line is the headline. Offsets are Unicode scalars of the cleaned text.")
    @Argument(help: "The article file, or - for standard input.")
    var file: String
    @Option(help: "Publication date (YYYY-MM-DD): the reference for 'Tuesday' and 'last month'.")
    var published: String?
    @Option(help: "The article's URL.")
    var url: String?
    @Option(help: "The publication.")
    var source: String?
    @Option(help: "Output format: text or json.")
    var format: TextOrJSON = .text
    @OptionGroup var extractorOptions: ExtractorOptions

    func run() async throws {
        let configuration = try AppConfiguration.fromEnvironment()
        let metadata = ArticleReader.Metadata(published: try ArticleReader.date(published), url: url, source: source)
        let input = try ArticleReader.input(bytes: try readInput(file), name: file == "-" ? "stdin" : file, metadata: metadata,
                                            maxBytes: configuration.maxArticleBytes)
        let extractor = try extractorOptions.make(maxBytes: configuration.maxArticleBytes)
        let events = try extractor.events(in: input)
        emit(format == .json ? EventsJSON.render(events) + "\n" : EventsJSON.text(events))
    }
}

struct TimexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timex",
        abstract: "List the time expressions of a text, normalized against the publication date (TIMEX3 values).",
        discussion: "JSON: [{\"start\",\"end\",\"text\",\"type\",\"value\"}], offsets in Unicode scalars of the input text.")
    @Argument(help: "The text file, or - for standard input.")
    var file: String
    @Option(help: "Publication date (YYYY-MM-DD).")
    var published: String
    @Option(help: "Output format: text or json.")
    var format: TextOrJSON = .text

    func run() async throws {
        let configuration = try AppConfiguration.fromEnvironment()
        let reference = try ArticleReader.date(published)
        let text = try ArticleText.decode(try readInput(file), limit: configuration.maxArticleBytes)
        let expressions = TimexTagger().tag(text, reference: reference)
        emit(try TimexOutput.render(expressions, json: format == .json))
    }
}

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score the extractor against gold events (GUIDELINES.md scoring): P/R/F1 per kind, date, status, subject accuracy.")
    @Option(help: "The gold file (JSON Lines, one article per line).")
    var gold: String
    @Option(help: "The folder of article files named in the gold file.")
    var articles: String
    @Option(help: "Output format: text or json.")
    var format: TextOrJSON = .text
    @Flag(help: "Leave out the lists of misses and false alarms.")
    var summary = false
    @OptionGroup var extractorOptions: ExtractorOptions

    func run() async throws {
        let configuration = try AppConfiguration.fromEnvironment()
        for (path, flag) in [(gold, "--gold"), (articles, "--articles")] where !FileManager.default.fileExists(atPath: path) {
            throw AppError.invalid("\(flag): \(path) does not exist")
        }
        let extractor = try extractorOptions.make(maxBytes: configuration.maxArticleBytes)
        let report = try GoldScorer(extractor: extractor).score(gold: URL(fileURLWithPath: gold), articles: URL(fileURLWithPath: articles))
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            emit(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n")
        } else {
            emit(report.text(details: !summary))
        }
    }
}

struct EvalTimexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval-timex",
        abstract: "Score the time expression tagger on TimeML (.tml) files the TempEval-3 way.")
    @Argument(help: "A folder of .tml files (searched recursively).")
    var directory: String
    @Option(help: "Output format: text or json.")
    var format: TextOrJSON = .text

    func run() async throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw AppError.invalid("\(directory) is not a folder")
        }
        let report = try TimeMLScorer().score(directory: URL(fileURLWithPath: directory))
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            emit(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n")
        } else {
            emit(report.text)
        }
    }
}
