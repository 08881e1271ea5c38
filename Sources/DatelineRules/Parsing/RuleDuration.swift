import DatelineCore

/// A length of time written the way rule files write it: `30s`, `5m`, `1h`, `2h30m`, `30d`, `1w`.
///
/// Units: `s` seconds, `m` minutes, `h` hours, `d` days (24 h), `w` weeks (7 d). Several parts
/// add up (`1d12h`); each part is a whole number followed by its unit; the total must be
/// positive. `description` gives the text back in a normalized form (`90m` → `1h30m`).
public struct RuleDuration: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The length in seconds.
    public let seconds: Int64

    /// A duration of `seconds` seconds (must be positive to be meaningful in a rule).
    public init(seconds: Int64) { self.seconds = seconds }

    /// The units a duration may use, largest first, with their length in seconds.
    static let units: [(Character, Int64)] = [("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]

    /// Parses `2h30m`; throws `RulesError.invalidValue` (code `bad_duration`) saying what is wrong.
    public init(parsing text: String) throws(RulesError) {
        switch RuleDuration.parse(text) {
        case .success(let duration): self = duration
        case .failure(let problem): throw RulesError.invalidValue(code: "bad_duration", message: problem.message)
        }
    }

    /// A reason a text is not a duration, with the character offset where it goes wrong.
    struct Problem: Error {
        var message: String
        /// 0-based offset in the text (in Unicode scalars) where the problem is.
        var offset: Int
    }

    static func parse(_ raw: String) -> Result<RuleDuration, Problem> {
        let text = Array(raw.unicodeScalars)
        let hint = "write a duration like 30s, 5m, 1h, 2h30m, 30d or 1w"
        guard !text.isEmpty else { return .failure(Problem(message: "empty duration: \(hint)", offset: 0)) }
        var total: Int64 = 0
        var index = 0
        var lastUnitRank = -1
        while index < text.count {
            let numberStart = index
            var number: Int64 = 0
            while index < text.count, ("0"..."9").contains(text[index]) {
                if number > 1_000_000_000 { return .failure(Problem(message: "duration '\(raw)' is too long", offset: numberStart)) }
                number = number * 10 + Int64(text[index].value - 48)
                index += 1
            }
            if index == numberStart {
                return .failure(Problem(message: "bad duration '\(raw)': expected a number at character \(index + 1); \(hint)", offset: index))
            }
            guard index < text.count else {
                return .failure(Problem(message: "bad duration '\(raw)': the number \(number) has no unit (s, m, h, d or w)", offset: index))
            }
            let unitScalar = Character(text[index])
            guard let rank = units.firstIndex(where: { $0.0 == unitScalar }) else {
                return .failure(Problem(message: "bad duration '\(raw)': unknown unit '\(unitScalar)' (use s, m, h, d or w)", offset: index))
            }
            if rank <= lastUnitRank {
                return .failure(Problem(message: "bad duration '\(raw)': units must go from largest to smallest, each once", offset: index))
            }
            lastUnitRank = rank
            total += number * units[rank].1
            index += 1
        }
        guard total > 0 else { return .failure(Problem(message: "bad duration '\(raw)': must be longer than zero", offset: 0)) }
        return .success(RuleDuration(seconds: total))
    }

    /// The normalized text: `1h30m`, `30d`, `2w` (weeks only when the length is whole weeks).
    public var description: String {
        guard seconds > 0 else { return "0s" }
        if seconds % 604_800 == 0 { return "\(seconds / 604_800)w" }
        var rest = seconds
        var text = ""
        for (unit, length) in RuleDuration.units.dropFirst() where rest >= length {
            text += "\(rest / length)\(unit)"
            rest %= length
        }
        return text
    }

    /// The length as a `Double` number of seconds.
    public var timeInterval: Double { Double(seconds) }

    public static func < (lhs: RuleDuration, rhs: RuleDuration) -> Bool { lhs.seconds < rhs.seconds }
}
