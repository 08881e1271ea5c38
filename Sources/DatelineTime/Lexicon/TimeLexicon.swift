import DatelineCore
import Foundation

/// The word lists the tagger works from: month and weekday names, number words, units,
/// relative words, holidays, tense cues… loaded from line-based files (see `Lexicons/README.md`).
///
/// Users extend the built-in lists with their own folder of files of the same names:
/// `try TimeLexicon.builtIn().merging(TimeLexicon(directory: url))`.
public struct TimeLexicon: Sendable {
    /// How a holiday's day is found in a given year.
    enum HolidayRule: Sendable {
        case fixed(month: Int, day: Int)
        /// The `nth` ISO weekday of a month; `nth == -1` is the last one.
        case nthWeekday(month: Int, nth: Int, weekday: Int)
    }

    enum Tense: Sendable { case past, future, none, participle }

    /// A relative word ("last", "next", "the following"): its offset and how it reads.
    struct Relative: Sendable {
        var offset: Int
        /// After "the", with a singular unit, an amount: "the past year" is `P1Y`.
        var span: Bool
        /// After "the", counted from the date the text last named: "the following year".
        var anaphoric: Bool
        /// The last finished unit under discussion: "the latest quarter".
        var latest: Bool
    }

    var months = PhraseTable<Int>()
    var weekdays = PhraseTable<Int>()
    /// `nil` is an unspecified amount ("several").
    var numbers = PhraseTable<Int?>()
    var ordinals = PhraseTable<Int>()
    var units = PhraseTable<String>()
    var partsOfDay = PhraseTable<String>()
    var clockWords = PhraseTable<String>()
    var seasons = PhraseTable<String>()
    var relatives = PhraseTable<Relative>()
    var deicticDays = PhraseTable<(offset: Int, partOfDay: String?)>()
    var references = PhraseTable<String>()
    var sets = PhraseTable<String>()
    var setQuantifiers = PhraseTable<String>()
    var modifiers = PhraseTable<String>()
    var positions = PhraseTable<String>()
    /// A mod, and whether it joins only a point made from an amount ("about two years ago") or
    /// also any date or time ("around Nov. 1").
    var quantityMods = PhraseTable<(mod: String, agoOnly: Bool, points: Bool)>()
    var anchors = PhraseTable<Int>()
    var qualifiers = PhraseTable<String>()
    var meridiems = PhraseTable<String>()
    var timeZones = PhraseTable<String>()
    var holidays = PhraseTable<HolidayRule>()
    var tense = PhraseTable<Tense>()
    var abbreviations = PhraseTable<String>()
    var decadeWords = PhraseTable<Int>()
    /// For each word that begins a phrase of some table, one bit per table (`Category`); words
    /// not here start no phrase, so the tagger skips them without trying any rule.
    private(set) var wordMasks: [String: UInt32] = [:]
    /// For each first UTF-8 byte, a bit per word length (1…31, 31 = longer) that some word of
    /// `wordMasks` has: a cheap test that rules out most words before hashing them.
    private var prefilter = [UInt32](repeating: 0, count: 256)
    /// `wordMasks` for lookups with a hash the tokenizer computed (`Token.hash`).
    private var hashedMasks = WordHashTable([:])

    /// The `Category` bits of a lowercased word (0 when no table has a phrase starting with it).
    @inline(__always)
    func mask(of word: String) -> UInt32 {
        let utf8 = word.utf8
        guard let first = utf8.first else { return 0 }
        guard prefilter[Int(first)] & (1 << UInt32(min(utf8.count, 31))) != 0 else { return 0 }
        return wordMasks[word] ?? 0
    }

    /// `mask(of:)` of a token, with the hash its tokenizer computed.
    @inline(__always)
    func mask(of token: Token) -> UInt32 {
        UInt32(truncatingIfNeeded: hashedMasks.value(of: token.lower, hash: token.hash) ?? 0)
    }

    /// The bit of each table in `wordMasks`.
    enum Category {
        static let months: UInt32 = 1 << 0
        static let weekdays: UInt32 = 1 << 1
        static let numbers: UInt32 = 1 << 2
        static let ordinals: UInt32 = 1 << 3
        static let units: UInt32 = 1 << 4
        static let partsOfDay: UInt32 = 1 << 5
        static let clockWords: UInt32 = 1 << 6
        static let seasons: UInt32 = 1 << 7
        static let relatives: UInt32 = 1 << 8
        static let deicticDays: UInt32 = 1 << 9
        static let references: UInt32 = 1 << 10
        static let sets: UInt32 = 1 << 11
        static let setQuantifiers: UInt32 = 1 << 12
        static let modifiers: UInt32 = 1 << 13
        static let positions: UInt32 = 1 << 14
        static let quantityMods: UInt32 = 1 << 15
        static let anchors: UInt32 = 1 << 16
        static let qualifiers: UInt32 = 1 << 17
        static let meridiems: UInt32 = 1 << 18
        static let timeZones: UInt32 = 1 << 19
        static let holidays: UInt32 = 1 << 20
        static let tense: UInt32 = 1 << 21
        static let abbreviations: UInt32 = 1 << 22
        static let decadeWords: UInt32 = 1 << 23
        /// Words the grammar itself uses ("the", "year", "first"…).
        static let grammar: UInt32 = 1 << 31
        /// The tables that can begin an expression.
        static let starters: UInt32 = ~(tense | abbreviations | meridiems | timeZones | anchors)
    }

    /// The file names a lexicon folder may hold (each optional).
    public static let fileNames: [String] = [
        "months.txt", "weekdays.txt", "numbers.txt", "ordinals.txt", "units.txt", "parts-of-day.txt",
        "clock-words.txt", "seasons.txt", "relatives.txt", "deictic-days.txt", "references.txt",
        "sets.txt", "set-quantifiers.txt", "modifiers.txt", "positions.txt", "quantity-mods.txt",
        "anchors.txt", "qualifiers.txt", "meridiems.txt", "time-zones.txt", "holidays.txt",
        "tense.txt", "abbreviations.txt", "decade-words.txt",
    ]

    /// An empty lexicon: the tagger then finds only numeric dates and years.
    public init() {}

    /// The lexicon shipped with the module.
    public static func builtIn() throws -> TimeLexicon {
        guard let url = Bundle.module.url(forResource: "Lexicons", withExtension: nil) else {
            throw TimeError(code: "lexicon_unreadable", message: "the built-in Lexicons folder is missing from the module bundle", category: .internal)
        }
        return try TimeLexicon(directory: url)
    }

    /// Loads the known files (`fileNames`) present in `directory`; missing files are empty lists.
    public init(directory: URL) throws {
        var contents: [String: String] = [:]
        for name in TimeLexicon.fileNames {
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            do {
                contents[name] = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw TimeError(code: "lexicon_unreadable", message: "cannot read lexicon file \(url.path): \(error.localizedDescription)")
            }
        }
        try self.init(files: contents)
    }

    /// Builds a lexicon from file contents keyed by file name (`"months.txt"`); unknown names throw.
    public init(files: [String: String]) throws {
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            try load(name: name, text: text)
        }
        computeTriggers()
    }

    private mutating func computeTriggers() {
        var masks: [String: UInt32] = [:]
        func add(_ words: [String], _ bit: UInt32) {
            for w in words { masks[w, default: 0] |= bit }
        }
        add(months.firstWords, Category.months)
        add(weekdays.firstWords, Category.weekdays)
        add(numbers.firstWords, Category.numbers)
        add(ordinals.firstWords, Category.ordinals)
        add(units.firstWords, Category.units)
        add(partsOfDay.firstWords, Category.partsOfDay)
        add(clockWords.firstWords, Category.clockWords)
        add(seasons.firstWords, Category.seasons)
        add(relatives.firstWords, Category.relatives)
        add(deicticDays.firstWords, Category.deicticDays)
        add(references.firstWords, Category.references)
        add(sets.firstWords, Category.sets)
        add(setQuantifiers.firstWords, Category.setQuantifiers)
        add(modifiers.firstWords, Category.modifiers)
        add(positions.firstWords, Category.positions)
        add(quantityMods.firstWords, Category.quantityMods)
        add(anchors.firstWords, Category.anchors)
        add(qualifiers.firstWords, Category.qualifiers)
        add(meridiems.firstWords, Category.meridiems)
        add(timeZones.firstWords, Category.timeZones)
        add(holidays.firstWords, Category.holidays)
        add(tense.firstWords, Category.tense)
        add(abbreviations.firstWords, Category.abbreviations)
        add(decadeWords.firstWords, Category.decadeWords)
        add(["the", "year", "first", "recent", "final", "that", "'", "comparable", "corresponding", "same", "like", "q", "h"], Category.grammar)
        wordMasks = masks
        hashedMasks = WordHashTable(masks.mapValues { UInt64($0) })
        prefilter = [UInt32](repeating: 0, count: 256)
        for w in masks.keys {
            guard let first = w.utf8.first else { continue }
            prefilter[Int(first)] |= 1 << UInt32(min(w.utf8.count, 31))
        }
    }

    /// This lexicon with every entry of `other` added (its values win on the same phrase).
    public func merging(_ other: TimeLexicon) -> TimeLexicon {
        var result = self
        result.months.merge(other.months)
        result.weekdays.merge(other.weekdays)
        result.numbers.merge(other.numbers)
        result.ordinals.merge(other.ordinals)
        result.units.merge(other.units)
        result.partsOfDay.merge(other.partsOfDay)
        result.clockWords.merge(other.clockWords)
        result.seasons.merge(other.seasons)
        result.relatives.merge(other.relatives)
        result.deicticDays.merge(other.deicticDays)
        result.references.merge(other.references)
        result.sets.merge(other.sets)
        result.setQuantifiers.merge(other.setQuantifiers)
        result.modifiers.merge(other.modifiers)
        result.positions.merge(other.positions)
        result.quantityMods.merge(other.quantityMods)
        result.anchors.merge(other.anchors)
        result.qualifiers.merge(other.qualifiers)
        result.meridiems.merge(other.meridiems)
        result.timeZones.merge(other.timeZones)
        result.holidays.merge(other.holidays)
        result.tense.merge(other.tense)
        result.abbreviations.merge(other.abbreviations)
        result.decadeWords.merge(other.decadeWords)
        result.computeTriggers()
        return result
    }

    // MARK: - Parsing the files

    private mutating func load(name: String, text: String) throws {
        let lines = Self.entries(text)
        func fail(_ line: Int, _ why: String) -> TimeError {
            TimeError(code: "lexicon_line", message: "lexicon file \(name), line \(line): \(why)")
        }
        func int(_ s: String, _ line: Int, _ range: ClosedRange<Int>) throws -> Int {
            let t = s.hasPrefix("+") ? String(s.dropFirst()) : s
            guard let v = Int(t), range.contains(v) else { throw fail(line, "expected a number in \(range), got \"\(s)\"") }
            return v
        }
        for (line, words, fields) in lines {
            guard let first = fields.first else { throw fail(line, "expected \"phrase = value\"") }
            switch name {
            case "months.txt": months.insert(words, try int(first, line, 1...12))
            case "weekdays.txt": weekdays.insert(words, try int(first, line, 1...7))
            case "numbers.txt": numbers.insert(words, first.uppercased() == "X" ? nil : try int(first, line, 0...1_000_000))
            case "ordinals.txt": ordinals.insert(words, try int(first, line, 1...100))
            case "units.txt":
                guard Self.unitCodes.contains(first) else { throw fail(line, "unknown unit code \"\(first)\"") }
                units.insert(words, first)
            case "parts-of-day.txt": partsOfDay.insert(words, first)
            case "clock-words.txt":
                guard Self.clock(first) != nil else { throw fail(line, "expected HH:MM, got \"\(first)\"") }
                clockWords.insert(words, first)
            case "seasons.txt": seasons.insert(words, first)
            case "relatives.txt":
                let flags = Set(fields.dropFirst())
                guard flags.isSubset(of: ["span", "anaphoric", "latest"]) else { throw fail(line, "unknown flag; expected span, anaphoric or latest") }
                relatives.insert(words, Relative(offset: try int(first, line, -100...100), span: flags.contains("span"),
                                                 anaphoric: flags.contains("anaphoric"), latest: flags.contains("latest")))
            case "deictic-days.txt":
                deicticDays.insert(words, (try int(first, line, -100...100), fields.count > 1 ? fields[1] : nil))
            case "references.txt": references.insert(words, first)
            case "sets.txt": sets.insert(words, first)
            case "set-quantifiers.txt": setQuantifiers.insert(words, first)
            case "modifiers.txt": modifiers.insert(words, first)
            case "positions.txt": positions.insert(words, first)
            case "quantity-mods.txt": quantityMods.insert(words, (first, fields.dropFirst().contains("ago"), fields.dropFirst().contains("point")))
            case "anchors.txt": anchors.insert(words, try int(first, line, -1...1))
            case "qualifiers.txt": qualifiers.insert(words, first)
            case "meridiems.txt":
                guard first == "AM" || first == "PM" else { throw fail(line, "expected AM or PM") }
                meridiems.insert(words, first)
            case "time-zones.txt": timeZones.insert(words, first)
            case "holidays.txt":
                guard let rule = Self.holiday(first) else { throw fail(line, "expected MM-DD or MM/N/WD, got \"\(first)\"") }
                holidays.insert(words, rule)
            case "tense.txt":
                switch first {
                case "past": tense.insert(words, .past)
                case "future": tense.insert(words, .future)
                case "none": tense.insert(words, TimeLexicon.Tense.none)
                case "participle": tense.insert(words, .participle)
                default: throw fail(line, "expected past, future, participle or none")
                }
            case "abbreviations.txt": abbreviations.insert(words, first)
            case "decade-words.txt": decadeWords.insert(words, try int(first, line, 1000...2990))
            default:
                throw TimeError(code: "lexicon_unreadable", message: "unknown lexicon file \(name); known: \(Self.fileNames.joined(separator: ", "))")
            }
        }
    }

    static let unitCodes: Set<String> = ["Y", "M", "W", "D", "Q", "H", "DE", "CE", "HR", "MIN", "SEC", "WE", "PER"]

    /// `(line number, phrase tokens, value fields)` of each entry line; `#` starts a comment.
    private static func entries(_ text: String) -> [(Int, [String], [String])] {
        var result: [(Int, [String], [String])] = []
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            guard let eq = trimmed.range(of: " = ") ?? trimmed.range(of: "=") else {
                result.append((number, [], []))
                continue
            }
            let phrase = String(trimmed[..<eq.lowerBound])
            let fields = trimmed[eq.upperBound...].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let words = Tokenizer.words(of: phrase)
            result.append((number, words, words.isEmpty ? [] : fields))
        }
        return result
    }

    static func clock(_ text: String) -> (hour: Int, minute: Int)? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0...59).contains(m) else { return nil }
        return (h, m)
    }

    private static func holiday(_ text: String) -> HolidayRule? {
        let dash = text.split(separator: "-")
        if dash.count == 2, let m = Int(dash[0]), let d = Int(dash[1]), (1...12).contains(m), (1...31).contains(d) {
            return .fixed(month: m, day: d)
        }
        let slash = text.split(separator: "/")
        if slash.count == 3, let m = Int(slash[0]), let n = Int(slash[1]), let w = Int(slash[2]),
           (1...12).contains(m), (-1...5).contains(n), n != 0, (1...7).contains(w) {
            return .nthWeekday(month: m, nth: n, weekday: w)
        }
        return nil
    }
}
