import DatelineTime
import Foundation

/// The knowledge the extractor runs on, read from the `Lexicons` data files (built in plus a user
/// folder that extends them).
///
/// A class so that every stage shares one copy: the tables are read once and never change, and
/// a struct of some thirty collections would be retained field by field at each stage it is
/// handed to.
final class Lexicon: Sendable {
    let abbreviations: Set<String>
    let sentenceEndingAbbreviations: Set<String>
    let titles: Set<String>
    /// Posts of several words ("Secretary of State"), and their indices by first word.
    let posts: [LexiconTables.Post]
    let postsByFirstWord: [String: [Int]]
    let honorifics: Set<String>
    let organizations: [String: String]
    let organizationAcronyms: [String: String]
    let orgSuffixes: Set<String>
    let orgKeywords: Set<String>
    let orgHeads: Set<String>
    let courtWords: Set<String>
    let places: Set<String>
    let words: [String: Set<String>]
    let triggers: [TriggerPattern]
    let triggersByFirstWord: [String: [Int]]
    let prefixTriggers: [Int]
    /// The prefix of each trigger in `prefixTriggers` ("divest" of "divest*"), with its index.
    let triggerPrefixes: [(trigger: Int, prefix: String)]
    /// `triggersByFirstWord` for lookups with a token's precomputed hash: the value is an index
    /// into `triggerLists`.
    let hashedTriggerLists: WordHashTable
    let triggerLists: [[Int]]
    let verbTriggerWords: Set<String>
    let cues: [String: [[PatternToken]]]
    let cueIndex: [String: CueIndex]
    /// `cueIndex` as two lists: a handful of sections, found by comparing names (short strings)
    /// instead of hashing the name at every status and polarity test, and handed out boxed
    /// (one reference, where a `CueIndex` copy retains each of its tables).
    let cueSectionNames: [String]
    let cueSections: [CueSection]
    let boilerplate: [String: [String]]
    let entities: [String: String]
    let boilerplateBytes: [String: [[UInt8]]]
    let monthBytes: [[UInt8]]
    let linePatterns: BytePatterns
    let blockPatterns: BytePatterns
    let captionPatterns: BytePatterns
    let w: LexiconTables.WordSets
    /// The word lists each listed word is in (`Token.classes`).
    let wordClasses: [String: WordClass]
    /// For each first UTF-8 byte, a bit per length (capped at 31) of the words in `wordClasses`:
    /// a token whose bit is clear is in no list, without hashing it (punctuation, numbers and
    /// most rare words).
    let wordClassFilter: [UInt32]
    /// `wordClasses` for lookups with a hash the tokenizer computed on the way.
    let hashedWordClasses: WordHashTable
    /// `words.txt` sections read on hot paths, looked up once here instead of by section name
    /// for every token.
    let nationalities: Set<String>
    let numberWords: Set<String>
    let pronounPerson: Set<String>
    let pronounOrg: Set<String>
    let anaphorOrg: Set<String>

    init(_ tables: LexiconTables) {
        abbreviations = tables.abbreviations
        sentenceEndingAbbreviations = tables.sentenceEndingAbbreviations
        titles = tables.titles
        posts = tables.posts
        postsByFirstWord = tables.postsByFirstWord
        honorifics = tables.honorifics
        organizations = tables.organizations
        organizationAcronyms = tables.organizationAcronyms
        orgSuffixes = tables.orgSuffixes
        orgKeywords = tables.orgKeywords
        orgHeads = tables.orgHeads
        courtWords = tables.courtWords
        places = tables.places
        words = tables.words
        triggers = tables.triggers
        triggersByFirstWord = tables.triggersByFirstWord
        prefixTriggers = tables.prefixTriggers
        triggerPrefixes = tables.prefixTriggers.compactMap { index in
            guard case .prefix(let prefix) = tables.triggers[index].tokens.first else { return nil }
            return (index, prefix)
        }
        var lists: [[Int]] = []
        var listIndex: [String: UInt64] = [:]
        for (word, list) in tables.triggersByFirstWord.sorted(by: { $0.key < $1.key }) {
            listIndex[word] = UInt64(lists.count)
            lists.append(list)
        }
        hashedTriggerLists = WordHashTable(listIndex)
        triggerLists = lists
        verbTriggerWords = tables.verbTriggerWords
        cues = tables.cues
        cueIndex = tables.cueIndex
        let sortedCues = tables.cueIndex.sorted { $0.key < $1.key }
        cueSectionNames = sortedCues.map(\.key)
        cueSections = sortedCues.map { CueSection(index: $0.value) }
        boilerplate = tables.boilerplate
        entities = tables.entities
        boilerplateBytes = tables.boilerplateBytes
        monthBytes = tables.monthBytes
        linePatterns = tables.linePatterns
        blockPatterns = tables.blockPatterns
        captionPatterns = tables.captionPatterns
        w = tables.w
        wordClasses = WordClass.table(tables, connectors: NameFinder.connectors)
        var filter = [UInt32](repeating: 0, count: 256)
        for word in wordClasses.keys {
            guard let first = word.utf8.first else { continue }
            filter[Int(first)] |= 1 << UInt32(min(word.utf8.count, 31))
        }
        wordClassFilter = filter
        hashedWordClasses = WordHashTable(wordClasses.mapValues(\.rawValue))
        nationalities = tables.words["nationality"] ?? []
        numberWords = tables.words["number-word"] ?? []
        pronounPerson = tables.words["pronoun-person"] ?? []
        pronounOrg = tables.words["pronoun-org"] ?? []
        anaphorOrg = tables.words["anaphor-org"] ?? []
    }

    /// Loads the built-in lexicons, extended by the files of `userDirectory` when given.
    static func load(userDirectory: URL?) throws -> Lexicon {
        Lexicon(try LexiconTables.load(userDirectory: userDirectory))
    }

    /// A section of `words.txt` (the common ones are looked up once, in `w`).
    func words(_ section: String) -> Set<String> {
        switch section {
        case "function": return w.function
        case "determiner": return w.determiner
        case "preposition": return w.preposition
        case "verb-group": return w.verbGroup
        case "light-verb": return w.lightVerb
        case "person-noun": return w.personNoun
        case "party-noun": return w.partyNoun
        case "month": return w.month
        case "weekday": return w.weekday
        default: return words[section] ?? []
        }
    }

    static func isAcronym(_ s: String) -> Bool { LexiconTables.isAcronym(s) }

    /// The cue phrases of a section of `cues.txt` (`cueIndex[name]`).
    @inline(__always)
    func cueSection(_ name: String) -> CueSection? {
        for k in cueSectionNames.indices where cueSectionNames[k] == name { return cueSections[k] }
        return nil
    }

    /// The word lists `word` (lower-cased) is in.
    @inline(__always)
    func classes(of word: String) -> WordClass {
        let utf8 = word.utf8
        guard let first = utf8.first, wordClassFilter[Int(first)] & (1 << UInt32(min(utf8.count, 31))) != 0 else {
            return word.isEmpty ? wordClasses[word] ?? [] : []
        }
        return wordClasses[word] ?? []
    }

    /// `classes(of:)` of a word whose `WordHashTable.hash` is `hash`.
    @inline(__always)
    func classes(of word: String, hash: UInt64) -> WordClass {
        let utf8 = word.utf8
        guard let first = utf8.first, wordClassFilter[Int(first)] & (1 << UInt32(min(utf8.count, 31))) != 0 else {
            return word.isEmpty ? wordClasses[word] ?? [] : []
        }
        return WordClass(rawValue: hashedWordClasses.value(of: word, hash: hash) ?? 0)
    }
}
