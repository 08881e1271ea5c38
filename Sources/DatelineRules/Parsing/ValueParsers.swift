import DatelineCore

/// Parsers for the other small value languages of rule files: rate limits and sizes.
enum ValueParsers {
    /// `1/s`, `30/m`, `100/h`, `5/10s`: a count per unit or per duration.
    static func rateLimit(_ raw: String) -> Result<ChannelConfig.RateLimit, RuleDuration.Problem> {
        let hint = "write a rate like 1/s, 30/m or 100/h"
        let parts = raw.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            return .failure(.init(message: "bad rate limit '\(raw)': \(hint)", offset: 0))
        }
        let countText = parts[0].trimmingSpaces
        guard let count = Int(countText), count > 0 else {
            return .failure(.init(message: "bad rate limit '\(raw)': '\(countText)' is not a positive whole number; \(hint)", offset: 0))
        }
        var per = parts[1].trimmingSpaces
        if let first = per.unicodeScalars.first, !("0"..."9").contains(first) { per = "1" + per }
        switch RuleDuration.parse(per) {
        case .success(let duration):
            return .success(ChannelConfig.RateLimit(count: count, perSeconds: duration.timeInterval))
        case .failure:
            return .failure(.init(message: "bad rate limit '\(raw)': '\(parts[1])' is not a unit or duration; \(hint)",
                                  offset: parts[0].unicodeScalars.count + 1))
        }
    }

    /// `10MB`, `512KB`, `1GB`, `4096` (bytes). Units are binary: 1 KB = 1024 bytes.
    static func size(_ raw: String) -> Result<Int, RuleDuration.Problem> {
        let text = raw.trimmingSpaces.uppercased()
        let digits = text.prefix { ("0"..."9").contains($0) }
        let unit = text.dropFirst(digits.count).trimmingSpaces
        let factors: [String: Int] = ["": 1, "B": 1, "KB": 1 << 10, "K": 1 << 10, "MB": 1 << 20, "M": 1 << 20, "GB": 1 << 30, "G": 1 << 30]
        guard let number = Int(digits), number > 0, let factor = factors[unit], number <= Int.max / factor else {
            return .failure(.init(message: "bad size '\(raw)': write a size like 512KB, 10MB or 1GB", offset: 0))
        }
        return .success(number * factor)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[first...last])
        return String(view)
    }
}
