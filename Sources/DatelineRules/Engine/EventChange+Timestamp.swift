import DatelineCore
import Foundation

extension EventChange {
    /// Reads an ISO 8601 timestamp as the store writes them (`2025-04-08T14:30:00.123Z`,
    /// `2025-04-08T14:30:00+02:00`, `2025-04-08 14:30:00Z`), for building `recordedAt`.
    /// `nil` when it is not one.
    public static func date(iso text: String) -> Date? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 19, scalars[10] == "T" || scalars[10] == " ",
              let day = CalendarDate(iso: String(String.UnicodeScalarView(scalars[0..<10]))) else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            var value = 0
            for index in range {
                guard ("0"..."9").contains(scalars[index]) else { return nil }
                value = value * 10 + Int(scalars[index].value - 48)
            }
            return value
        }
        guard scalars[13] == ":", scalars[16] == ":", let hour = number(11..<13), let minute = number(14..<16),
              let second = number(17..<19), hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        var fraction = 0.0
        if index < scalars.count, scalars[index] == "." {
            index += 1
            var scale = 0.1
            while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                fraction += Double(scalars[index].value - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offset = 0
        if index < scalars.count {
            switch scalars[index] {
            case "Z", "z":
                index += 1
            case "+", "-":
                guard let hours = number((index + 1)..<(index + 3)) else { return nil }
                var minutes = 0
                var end = index + 3
                if end < scalars.count, scalars[end] == ":" { end += 1 }
                if end < scalars.count {
                    guard let value = number(end..<(end + 2)) else { return nil }
                    minutes = value
                    end += 2
                }
                offset = (hours * 60 + minutes) * 60 * (scalars[index] == "-" ? -1 : 1)
                index = end
            default:
                return nil
            }
        }
        guard index == scalars.count else { return nil }
        let seconds = day.dayNumber * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
