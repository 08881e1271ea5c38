import DatelineCore
import Foundation

/// The tables of a `Lexicon` while they are read from the `Lexicons` data files (built in plus a
/// user folder that extends them).
struct LexiconTables: Sendable {
    var abbreviations: Set<String> = []
    var sentenceEndingAbbreviations: Set<String> = []
    var titles: Set<String> = []
    /// Posts of several words ("secretary of state"), by first word: a name after one starts
    /// after its last word ("Secretary of State Kurt Campbell").
    var posts: [Post] = []
    var postsByFirstWord: [String: [Int]] = [:]
    var honorifics: Set<String> = []
    /// Lower-cased alias or acronym → canonical organization name.
    var organizations: [String: String] = [:]
    /// Canonical name → acronym, where the gazetteer gives one.
    var organizationAcronyms: [String: String] = [:]
    var orgSuffixes: Set<String> = []
    var orgKeywords: Set<String> = []
    var orgHeads: Set<String> = []
    var courtWords: Set<String> = []
    var places: Set<String> = []
    var words: [String: Set<String>] = [:]
    var triggers: [TriggerPattern] = []
    /// Trigger patterns by the literal first word (prefix patterns are in `prefixTriggers`).
    var triggersByFirstWord: [String: [Int]] = [:]
    var prefixTriggers: [Int] = []
    /// First words of verb triggers ("sued", "resigned"): a capital before one is a subject.
    var verbTriggerWords: Set<String> = []
    var cues: [String: [[PatternToken]]] = [:]
    var cueIndex: [String: CueIndex] = [:]
    var boilerplate: [String: [String]] = [:]
    var entities: [String: String] = [:]
    /// Boilerplate phrases as UTF-8 bytes, by section (for the cleaner's byte search).
    var boilerplateBytes: [String: [[UInt8]]] = [:]
    /// Month names longer than three letters followed by a space, as UTF-8 bytes.
    var monthBytes: [[UInt8]] = []
    var linePatterns = BytePatterns([])
    var blockPatterns = BytePatterns([])
    var captionPatterns = BytePatterns([])

    /// A post of several words and the organization it belongs to.
    struct Post: Sendable, Hashable {
        /// Lower-cased words: ["secretary", "of", "state"].
        var words: [String]
        /// "Department of State"; nil when the post names none ("Prime Minister").
        var organization: String?
    }

    /// The sections of `words.txt` used on every token, looked up once.
    struct WordSets: Sendable {
        var function: Set<String> = []
        var determiner: Set<String> = []
        var preposition: Set<String> = []
        var verbGroup: Set<String> = []
        var lightVerb: Set<String> = []
        var personNoun: Set<String> = []
        var partyNoun: Set<String> = []
        var personOrPartyNoun: Set<String> = []
        var month: Set<String> = []
        var weekday: Set<String> = []
    }
    var w = WordSets()

    /// The largest user lexicon file read.
    static let maxUserFileBytes = 10 * 1024 * 1024

    /// Loads the built-in lexicons, extended by the files of `userDirectory` when given.
    static func load(userDirectory: URL?) throws -> LexiconTables {
        guard let builtIn = Bundle.module.url(forResource: "Lexicons", withExtension: nil) else {
            throw ExtractionError(code: "lexicon_missing", message: "the built-in Lexicons folder is missing from the bundle", category: .internal)
        }
        var lexicon = LexiconTables()
        func entries(_ file: String) throws -> [(section: String, text: String, line: Int)] {
            var result = try readEntries(builtIn.appendingPathComponent(file), file: file, user: false)
            if let userDirectory {
                let url = userDirectory.appendingPathComponent(file)
                if FileManager.default.fileExists(atPath: url.path) {
                    let extra = try readEntries(url, file: url.path, user: true)
                    for e in extra {
                        if e.text.hasPrefix("!") {
                            let removed = String(e.text.dropFirst()).trimmingCharacters(in: .whitespaces)
                            result.removeAll { $0.text == removed || $0.text.hasPrefix(removed + " ") || $0.text.hasPrefix(removed + "|") }
                        } else {
                            result.append(e)
                        }
                    }
                }
            }
            return result
        }
        for e in try entries("abbreviations.txt") {
            let parts = e.text.split(separator: " ")
            guard let first = parts.first else { continue }
            let word = first.lowercased()
            lexicon.abbreviations.insert(word)
            if parts.contains("+end") { lexicon.sentenceEndingAbbreviations.insert(word) }
        }
        for e in try entries("titles.txt") {
            // "word +flag…", or a post of several words with its organization:
            // "Secretary of State | Department of State".
            let halves = e.text.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let parts = (halves.first ?? "").split(separator: " ")
            guard let first = parts.first else { continue }
            let word = first.lowercased()
            lexicon.titles.insert(word)
            if parts.contains("+honorific") { lexicon.honorifics.insert(word) }
            let words = parts.filter { !$0.hasPrefix("+") }.map { $0.lowercased() }
            if words.count > 1 || halves.count > 1 {
                guard words.count > 1 else {
                    throw ExtractionError.badLexicon("titles.txt", line: e.line, "an organization needs a post of several words, got \"\(e.text)\"")
                }
                let organization = halves.count > 1 && !halves[1].isEmpty ? halves[1] : nil
                lexicon.postsByFirstWord[word, default: []].append(lexicon.posts.count)
                lexicon.posts.append(Post(words: words, organization: organization))
            }
        }
        for e in try entries("organizations.txt") {
            let names = e.text.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard let canonical = names.first else { continue }
            for n in names { lexicon.organizations[n.lowercased()] = canonical }
            if let acronym = names.dropFirst().first(where: { isAcronym($0) }) { lexicon.organizationAcronyms[canonical] = acronym }
        }
        for e in try entries("organization_words.txt") {
            let w = e.text.lowercased()
            switch e.section {
            case "suffix": lexicon.orgSuffixes.insert(w)
            case "keyword": lexicon.orgKeywords.insert(w)
            case "head": lexicon.orgHeads.insert(w)
            case "court": lexicon.courtWords.insert(w)
            default: throw ExtractionError.badLexicon("organization_words.txt", line: e.line, "unknown section [\(e.section)]")
            }
        }
        for e in try entries("places.txt") { lexicon.places.insert(e.text.lowercased()) }
        for e in try entries("words.txt") { lexicon.words[e.section, default: []].insert(e.text.lowercased()) }
        lexicon.w = WordSets(
            function: lexicon.words["function"] ?? [], determiner: lexicon.words["determiner"] ?? [],
            preposition: lexicon.words["preposition"] ?? [], verbGroup: lexicon.words["verb-group"] ?? [],
            lightVerb: lexicon.words["light-verb"] ?? [], personNoun: lexicon.words["person-noun"] ?? [],
            partyNoun: lexicon.words["party-noun"] ?? [],
            personOrPartyNoun: (lexicon.words["person-noun"] ?? []).union(lexicon.words["party-noun"] ?? []),
            month: lexicon.words["month"] ?? [], weekday: lexicon.words["weekday"] ?? [])
        for e in try entries("cues.txt") { lexicon.cues[e.section, default: []].append(parsePhrase(e.text)) }
        for (number, (section, phrases)) in lexicon.cues.sorted(by: { $0.key < $1.key }).enumerated() {
            var index = CueIndex()
            if number < WordClass.cueSectionCount { index.startClass = WordClass.cueSection(number) }
            for phrase in phrases {
                switch phrase.first {
                case .word(let w): index.byFirstWord[w, default: []].append(phrase)
                case .prefix: index.prefixed.append(phrase)
                default: continue
                }
            }
            index.indexWords()
            lexicon.cueIndex[section] = index
        }
        for e in try entries("boilerplate.txt") { lexicon.boilerplate[e.section, default: []].append(e.text.lowercased()) }
        for (section, phrases) in lexicon.boilerplate { lexicon.boilerplateBytes[section] = phrases.map { Array($0.utf8) } }
        lexicon.monthBytes = (lexicon.words["month"] ?? []).filter { $0.count > 3 }.map { Array(($0 + " ").utf8) }
        lexicon.linePatterns = BytePatterns(lexicon.boilerplateBytes["line"] ?? [])
        lexicon.blockPatterns = BytePatterns(lexicon.boilerplateBytes["block"] ?? [])
        lexicon.captionPatterns = BytePatterns((lexicon.boilerplateBytes["caption"] ?? []) + lexicon.monthBytes)
        for e in try entries("entities.txt") {
            let parts = e.text.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw ExtractionError.badLexicon("entities.txt", line: e.line, "expected `name | character`") }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            lexicon.entities[parts[0].trimmingCharacters(in: .whitespaces)] = value.isEmpty ? " " : value
        }
        for e in try entries("triggers.txt") {
            let parts = e.text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ExtractionError.badLexicon("triggers.txt", line: e.line, "expected `kind | phrase | flags`, got \"\(e.text)\"")
            }
            var pattern = TriggerPattern(kind: nil, tokens: parsePhrase(parts[1]), text: parts[1])
            if parts[0] != "-" {
                guard EventKind.isValidName(parts[0]) else {
                    throw ExtractionError.badLexicon("triggers.txt", line: e.line, "bad kind \"\(parts[0])\"")
                }
                pattern.kind = EventKind(rawValue: parts[0])
            }
            if parts.count > 2 {
                for flag in parts[2].split(separator: " ") {
                    switch flag {
                    case "patient": pattern.patient = true
                    case "noun": pattern.noun = true
                    case "needs-role": pattern.needsRole = true
                    case "needs-number": pattern.needsNumber = true
                    case "court": pattern.court = true
                    case "by": pattern.by = true
                    default:
                        if flag.hasPrefix("w="), let w = Double(flag.dropFirst(2)), (0...1).contains(w) {
                            pattern.weight = w
                        } else {
                            throw ExtractionError.badLexicon("triggers.txt", line: e.line, "unknown flag \"\(flag)\"")
                        }
                    }
                }
            }
            guard let first = pattern.tokens.first, first != .gap else {
                throw ExtractionError.badLexicon("triggers.txt", line: e.line, "a phrase must start with a word")
            }
            let index = lexicon.triggers.count
            lexicon.triggers.append(pattern)
            if pattern.kind != nil && !pattern.noun, case .word(let w) = first { lexicon.verbTriggerWords.insert(w) }
            switch first {
            case .word(let w): lexicon.triggersByFirstWord[w, default: []].append(index)
            default: lexicon.prefixTriggers.append(index)
            }
        }
        return lexicon
    }

    static func parsePhrase(_ text: String) -> [PatternToken] {
        text.lowercased().split(separator: " ").map { part in
            if part == "_" { return .gap }
            if part.hasSuffix("*") && part.count > 1 { return .prefix(String(part.dropLast())) }
            return .word(String(part))
        }
    }

    static func isAcronym(_ s: String) -> Bool {
        let letters = s.unicodeScalars.filter { $0 != "." && $0 != "&" }
        return letters.count >= 2 && letters.count <= 8
            && letters.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
            && letters.contains { ("A"..."Z").contains($0) }
    }

    private static func readEntries(_ url: URL, file: String, user: Bool) throws -> [(section: String, text: String, line: Int)] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            if !user { return [] }
            throw ExtractionError.badLexicon(file, line: 0, "cannot be read")
        }
        if data.count > maxUserFileBytes { throw ExtractionError.tooLarge(size: data.count, limit: maxUserFileBytes, what: "lexicon \(file)") }
        guard let text = String(data: data, encoding: .utf8) else { throw ExtractionError.badLexicon(file, line: 0, "not UTF-8") }
        var section = ""
        var result: [(section: String, text: String, line: Int)] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#"), !(line.first == "!" ) || true {
                // "#" starts a comment unless it is the only thing in an entity value.
                if hash == line.startIndex || line[line.index(before: hash)] == " " { line = line[..<hash] }
            }
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                section = String(trimmed.dropFirst().dropLast())
                continue
            }
            result.append((section, trimmed, i + 1))
        }
        return result
    }
}
