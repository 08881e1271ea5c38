import DatelineCore
import Foundation

/// Finds time expressions in news text and normalizes them, TimeML TIMEX3 style, against a
/// reference (publication) date.
///
/// The tagger scans tokens once (linear time, no regular expressions) and matches the longest
/// expression at each token: calendar dates ("Feb. 23, 2025"), weekdays resolved by the tense of
/// their sentence ("said Monday" → the Monday before, "will meet Monday" → the one after),
/// relative expressions ("last month", "two weeks ago", "earlier this year"), quarters, decades,
/// clock times, durations ("the past three years" → `P3Y`) and sets ("every week" → `P1W`).
/// Its word lists come from a ``TimeLexicon``.
public struct TimexTagger: Sendable {
    /// The word lists in use.
    public let lexicon: TimeLexicon

    /// A tagger with the built-in lexicon (read once per process and shared); if the bundled
    /// files cannot be read (a broken installation) it falls back to an empty lexicon that finds
    /// only numeric dates and years. Use ``TimeLexicon/builtIn()`` to see the error instead.
    public init() {
        self.lexicon = TimexTagger.sharedBuiltIn ?? TimeLexicon()
    }

    /// The built-in lexicon, loaded on first use; immutable afterwards.
    private static let sharedBuiltIn: TimeLexicon? = try? TimeLexicon.builtIn()

    /// A tagger with the given word lists (for example the built-in ones merged with a user's).
    public init(lexicon: TimeLexicon) {
        self.lexicon = lexicon
    }

    /// A tagger with the built-in lexicon extended by the files of `directory` (same file names
    /// and format as the built-in `Lexicons` folder).
    public init(extendingWith directory: URL) throws {
        self.lexicon = try TimeLexicon.builtIn().merging(TimeLexicon(directory: directory))
    }

    /// The time expressions of `text`, in order and not overlapping, normalized against
    /// `reference` (the publication date). With no reference, relative expressions get
    /// unresolved values (`XXXX-XX-XX`, `XXXX-WXX-2`) and no `date`; absolute dates still resolve.
    public func tag(_ text: String, reference: CalendarDate?) -> [TimeExpression] {
        var copy = text
        return copy.withUTF8 { bytes in
            let parser = TimexParser(lexicon: lexicon, tokens: Tokenizer.tokenize(bytes: bytes), reference: reference)
            let tokens = parser.tokens
            guard !tokens.isEmpty else { return [] }
            let matches = parser.run()
            var result: [TimeExpression] = []
            result.reserveCapacity(matches.count)
            for (first, m) in matches {
                guard first < tokens.count, m.end > first, m.end <= tokens.count else { continue }
                let a = tokens[first]
                let z = tokens[m.end - 1]
                let slice = String(decoding: UnsafeBufferPointer(rebasing: bytes[a.byteStart..<z.byteEnd]), as: UTF8.self)
                result.append(TimeExpression(start: a.start, end: z.end, text: slice, type: m.type,
                                             value: m.value, mod: m.mod, date: m.date))
            }
            return result
        }
    }
}
