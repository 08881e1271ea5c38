import DatelineCore
import Foundation

/// Sample alerts written for these tests (not from the corpus).
enum Fixtures {
    static func event(id: Int64 = 42, date: FuzzyDate? = .day(CalendarDate(year: 2025, month: 4, day: 8) ?? CalendarDate(dayNumber: 0))) -> Event {
        Event(
            id: id, kind: .resignation, status: .expected, date: date,
            title: "Melanie Krause to resign as Acting Commissioner",
            confidence: 0.87,
            participants: [
                Participant(entityID: 7, kind: .person, name: "Melanie Krause", role: .subject),
                Participant(entityID: 8, kind: .post, name: "Acting Commissioner", role: .post),
                Participant(entityID: 9, kind: .organization, name: "Internal Revenue Service", role: .organization),
            ],
            sourceCount: 2, mentionCount: 2,
            createdAt: "2025-04-07T16:02:11Z", updatedAt: "2025-04-07T18:40:00Z"
        )
    }

    static func alert(id: Int64 = 1001, sentence: String = "Krause told staff on Monday that she would step down from the agency on April 8, a spokesperson said.", event: Event = Fixtures.event()) -> Alert {
        Alert(
            id: id, rule: "irs-leadership", change: .new, event: event,
            reasons: ["kind is resignation", "on watchlist irs-leadership"],
            mentions: [
                Mention(
                    articleID: 501, url: "https://news.example.com/2025/04/07/irs-krause", source: "Example Daily",
                    headline: "Acting IRS chief to step down", published: CalendarDate(year: 2025, month: 4, day: 7),
                    sentence: sentence, start: 120, end: 220, status: .expected, dateText: "April 8"
                ),
                Mention(
                    articleID: 502, url: "https://wire.example.org/krause?x=1&y=2", source: "Example Wire",
                    headline: nil, published: CalendarDate(year: 2025, month: 4, day: 7),
                    sentence: "The departure takes effect Tuesday.", start: 10, end: 45, status: .expected, dateText: "Tuesday"
                ),
            ],
            createdAt: "2025-04-07T18:40:05Z"
        )
    }

    static let baseURL = "https://dateline.example"

    static func channel(_ format: ChannelConfig.Format, type: ChannelConfig.ChannelType = .webhook, template: String? = nil) -> ChannelConfig {
        ChannelConfig(name: "test-\(format.rawValue)", type: type, format: format, url: "http://127.0.0.1:9/hook", template: template)
    }

    /// Parses JSON with Foundation: proves the bytes are valid JSON.
    static func parse(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    static let testsDirectory: String = {
        let file = #filePath
        // .../Tests/DatelineNotifyTests/Support/Fixtures.swift → .../Tests/DatelineNotifyTests
        var parts = file.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(2)
        return parts.joined(separator: "/")
    }()
}
