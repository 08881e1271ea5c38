import DatelineCore
import DatelineExtraction
import Foundation

/// `dateline-bench extract`: throughput and memory of the built-in extractor on synthetic news.
///
/// Goals: at least 5 MB/s on one core; the peak memory for one article under 20 times its size
/// plus 50 MB. Measure release builds only.
struct ExtractionBenchmark {
    /// Generates `articles` synthetic articles from `seed`, extracts them on one core and returns
    /// a report of articles/s, MB/s, recall of the planted facts and peak resident memory.
    /// `output`: a file to write each article's events JSON and time expressions to, one line
    /// per article (to compare two builds byte for byte).
    static func run(articles: Int, seed: UInt64, output: String? = nil) throws -> String {
        let extractor = try Extractor()
        var generator = SyntheticArticles(seed: seed)
        let baseline = residentKB(field: "VmRSS")

        // Memory for one large article (about 2 MB) first, while the process is still small.
        var big = generator.article(paragraphs: 4000)
        big.input.body = String(big.input.body.prefix(2_000_000))
        let bigBytes = big.input.body.utf8.count
        _ = try extractor.extract(big.input)
        let peakOne = residentKB(field: "VmHWM")
        let oneArticleMB = Double(max(0, peakOne - baseline)) / 1024
        let memoryGoalMB = 20 * Double(bigBytes) / 1_048_576 + 50

        let corpus = (0..<max(1, articles)).map { _ in generator.article() }
        let bytes = corpus.reduce(0) { $0 + $1.input.body.utf8.count + ($1.input.headline?.utf8.count ?? 0) }
        var planted = 0, found = 0, events = 0
        let clock = ContinuousClock()
        let cpuStart = cpuSeconds()
        let start = clock.now
        for article in corpus {
            let result = try extractor.extract(article.input)
            events += result.events.count
            planted += article.planted.count
            for p in article.planted where result.events.contains(where: { $0.kind == p.kind && $0.subject == p.subject }) { found += 1 }
        }
        let elapsed = clock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // CPU time of this thread: the one-core figure, unaffected by other load on the machine.
        let seconds = max(cpuSeconds() - cpuStart, 1e-9)
        let mbPerSecond = Double(bytes) / 1_048_576 / seconds
        let articlesPerSecond = Double(corpus.count) / seconds
        let peak = residentKB(field: "VmHWM")

        // A second pass with the CPU time of each stage, and a digest of everything extracted
        // (the same digest from two builds means the same output).
        var stages = ExtractionStageTimes()
        var digest = Digest()
        var lines = ""
        for article in corpus {
            let result = try extractor.extract(article.input, stageTimes: &stages)
            var line = EventsJSON.render(result.events)
            line += " " + result.timeExpressions.map { "\($0.start)-\($0.end):\($0.type.rawValue):\($0.value)" }.joined(separator: ",") + "\n"
            digest.add(line)
            if output != nil { lines += line }
        }
        if let output { try lines.write(toFile: output, atomically: true, encoding: .utf8) }
        func f(_ d: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", d) }
        var out = "extract benchmark: \(corpus.count) synthetic articles, \(f(Double(bytes) / 1_048_576)) MB, seed \(seed)\n"
        out += "  time            \(f(seconds, 3)) s CPU on one core (\(f(wall, 3)) s wall)\n"
        out += "  throughput      \(f(articlesPerSecond, 1)) articles/s, \(f(mbPerSecond)) MB/s (goal ≥ 5 MB/s: \(mbPerSecond >= 5 ? "met" : "NOT met"))\n"
        out += "  planted facts   \(found)/\(planted) found (kind + subject), \(events) events in all\n"
        out += "  one article     \(f(Double(bigBytes) / 1_048_576)) MB article: +\(f(oneArticleMB, 1)) MB resident (goal < \(f(memoryGoalMB, 1)) MB: \(oneArticleMB < memoryGoalMB ? "met" : "NOT met"))\n"
        out += "  peak resident   \(f(Double(peak) / 1024, 1)) MB (VmHWM)\n"
        let stageTotal = max(stages.total, 1e-9)
        out += "  stages (CPU s, share of \(f(stageTotal, 3)) s, second pass):\n"
        for stage in ExtractionStageTimes.Stage.allCases {
            let s = stages.seconds[stage] ?? 0
            out += "    \(stage.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(f(s, 3)) s  \(f(100 * s / stageTotal, 1))%  \(f(Double(bytes) / 1_048_576 / max(s, 1e-9), 1)) MB/s\n"
        }
        out += "  output digest   \(digest.hex) (events JSON and time expressions of every article)\n"
        return out
    }

    /// Extracts every `articles/*.txt` of a corpus folder (publication dates from its
    /// `gold.jsonl` when present) and writes one line per article — its name, events JSON and
    /// time expressions — to `output`, to compare two builds on real articles byte for byte.
    static func dumpCorpus(folder: String, output: String) throws -> String {
        let extractor = try Extractor()
        let base = URL(fileURLWithPath: folder)
        let goldURL = base.appendingPathComponent("gold.jsonl")
        var published: [String: String] = [:]
        if FileManager.default.fileExists(atPath: goldURL.path) {
            for g in try GoldScorer.readGold(goldURL) { published[g.article] = g.published }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: base.appendingPathComponent("articles").path)
            .filter { $0.hasSuffix(".txt") }.sorted()
        var digest = Digest()
        var lines = ""
        for name in names {
            let data = try Data(contentsOf: base.appendingPathComponent("articles").appendingPathComponent(name))
            let text = try ArticleText.decode(data)
            let result = try extractor.extract(GoldScorer.articleInput(text, published: published[name], source: nil))
            var line = name + " " + EventsJSON.render(result.events)
            line += " " + result.timeExpressions.map { "\($0.start)-\($0.end):\($0.type.rawValue):\($0.value)" }.joined(separator: ",") + "\n"
            digest.add(line)
            lines += line
        }
        try lines.write(toFile: output, atomically: true, encoding: .utf8)
        return "corpus \(names.count) articles, output digest \(digest.hex), written to \(output)"
    }

    /// FNV-1a, 64 bits, over UTF-8 text.
    struct Digest {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        mutating func add(_ text: String) {
            for b in text.utf8 { value = (value ^ UInt64(b)) &* 0x100_0000_01b3 }
        }
        var hex: String { String(value, radix: 16) }
    }

    /// CPU time used by the calling thread, in seconds.
    static func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// A field of /proc/self/status in kB (0 where there is none, e.g. on macOS).
    static func residentKB(field: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "") ?? 0
        }
        return 0
    }
}
