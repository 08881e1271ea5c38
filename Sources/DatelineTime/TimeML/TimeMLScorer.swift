import DatelineCore
import Foundation

/// Scores the tagger against TimeML gold annotations, TempEval-3 style: strict and relaxed
/// extent match, value and type agreement.
///
/// System and gold timexes are paired one to one: an exact span first, else the first
/// overlapping one. Strict counts exact pairs; relaxed counts any overlapping pair; value counts
/// relaxed pairs with equal values (precision over system timexes, recall over gold).
///
/// Values are compared as strings after one normalization of notation (not of meaning), see
/// ``sameValue(_:_:)``: a decade written `199X` (this tagger, ``FuzzyDate``) equals TimeML's `199`,
/// and a week number with or without its zero (`2000-W07`, `2000-W7`) is the same week.
public struct TimeMLScorer: Sendable {
    /// The tagger under test.
    public var tagger: TimexTagger

    /// A scorer for `tagger` (the built-in one by default).
    public init(tagger: TimexTagger = TimexTagger()) {
        self.tagger = tagger
    }

    /// Scores every `*.tml` file under `directory` (recursively, in path order).
    public func score(directory: URL) throws -> TimeMLReport {
        let files = try TimeMLScorer.tmlFiles(in: directory)
        var scores: [TimeMLFileScore] = []
        for url in files {
            let document = try TimeMLDocument(contentsOf: url)
            var s = score(document: document)
            s.file = url.path.hasPrefix(directory.path) ? String(url.path.dropFirst(directory.path.count).drop(while: { $0 == "/" })) : url.lastPathComponent
            scores.append(s)
        }
        return TimeMLReport(files: scores)
    }

    /// Scores one document, tagging its text with its creation time as the reference date.
    public func score(document: TimeMLDocument) -> TimeMLFileScore {
        let system = tagger.tag(document.text, reference: document.creationDate)
        return TimeMLScorer.compare(gold: document.timexes, system: system, file: document.name)
    }

    /// Compares system timexes with gold ones.
    public static func compare(gold: [GoldTimex], system: [TimeExpression], file: String) -> TimeMLFileScore {
        var counts = TimeMLCounts()
        counts.gold = gold.count
        counts.system = system.count
        var paired = [Bool](repeating: false, count: system.count)
        var mismatches: [TimeMLMismatch] = []
        for g in gold {
            var pick: Int?
            for (k, s) in system.enumerated() where !paired[k] && s.start < g.end && g.start < s.end {
                if s.start == g.start && s.end == g.end { pick = k; break }
                if pick == nil { pick = k }
            }
            guard let k = pick else {
                mismatches.append(TimeMLMismatch(kind: .missed, goldText: g.text, goldValue: g.value, goldType: g.type, offset: g.start))
                continue
            }
            paired[k] = true
            let s = system[k]
            counts.relaxed += 1
            let strict = s.start == g.start && s.end == g.end
            if strict { counts.strict += 1 }
            if TimeMLScorer.sameValue(s.value, g.value) { counts.value += 1 }
            if s.type.rawValue == g.type { counts.type += 1 }
            if !strict || !TimeMLScorer.sameValue(s.value, g.value) {
                mismatches.append(TimeMLMismatch(kind: strict ? .value : (TimeMLScorer.sameValue(s.value, g.value) ? .extent : .extentAndValue),
                                                 goldText: g.text, goldValue: g.value, goldType: g.type,
                                                 systemText: s.text, systemValue: s.value, systemType: s.type.rawValue, offset: g.start))
            }
        }
        for (k, s) in system.enumerated() where !paired[k] {
            mismatches.append(TimeMLMismatch(kind: .spurious, systemText: s.text, systemValue: s.value, systemType: s.type.rawValue, offset: s.start))
        }
        mismatches.sort { $0.offset < $1.offset }
        return TimeMLFileScore(file: file, counts: counts, mismatches: mismatches)
    }

    /// Whether two TIMEX3 values are the same once notation is normalized: trailing `X`s of a
    /// decade or century (`199X` = `199`, `19XX` = `19`) and the zero of a one-digit ISO week
    /// (`W07` = `W7`).
    public static func sameValue(_ a: String, _ b: String) -> Bool {
        a == b || canonical(a) == canonical(b)
    }

    private static func canonical(_ v: String) -> String {
        var s = Substring(v)
        // A bare decade or century: digits followed only by X.
        if s.count == 4, s.first?.isNumber == true, s.hasSuffix("X"), !s.contains("-") {
            while s.hasSuffix("X") { s = s.dropLast() }
            return String(s)
        }
        var out = ""
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            out.append(c)
            let next = s.index(after: i)
            if c == "W", next < s.endIndex, s[next] == "0" {
                let after = s.index(after: next)
                if after < s.endIndex, s[after].isNumber { i = after; continue }
            }
            i = next
        }
        return out
    }

    static func tmlFiles(in directory: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TimeError(code: "timeml_unreadable", message: "\(directory.path) is not a directory of TimeML files")
        }
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            throw TimeError(code: "timeml_unreadable", message: "cannot list \(directory.path)")
        }
        var files: [URL] = []
        for case let url as URL in walker where url.pathExtension == "tml" { files.append(url) }
        return files.sorted { $0.path < $1.path }
    }
}
