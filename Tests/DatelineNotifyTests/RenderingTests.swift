import DatelineCore
import Foundation
import Testing
@testable import DatelineNotify

@Suite("Rendering")
struct RenderingTests {
    let renderer = AlertRenderer(options: RenderOptions(baseURL: Fixtures.baseURL))

    @Test("headline names the person, post and organization, then kind and status")
    func headline() {
        let p = AlertPresentation(Fixtures.alert(), baseURL: Fixtures.baseURL)
        #expect(p.headline == "Melanie Krause (Acting Commissioner, Internal Revenue Service) — resignation, expected")
        #expect(p.url == "https://dateline.example/events/42")
        #expect(p.sources.map(\.name) == ["Example Daily", "Example Wire"])
        #expect(AlertPresentation(Fixtures.alert(), baseURL: nil).url == nil)
    }

    @Test("dates read at their precision")
    func dates() throws {
        let day = try #require(CalendarDate(year: 2025, month: 4, day: 8))
        #expect(DateDisplay.text(.day(day)) == "8 April 2025")
        #expect(DateDisplay.text(FuzzyDate.month(year: 2025, month: 4)) == "April 2025")
        #expect(DateDisplay.text(FuzzyDate.partOfMonth(year: 2025, month: 4, part: .late)) == "late April 2025")
        #expect(DateDisplay.text(FuzzyDate.partOfMonth(year: 2025, month: 4, part: .early)) == "early April 2025")
        #expect(DateDisplay.text(FuzzyDate.year(2025)) == "2025")
        #expect(DateDisplay.text(FuzzyDate.decade(2021)) == "the 2020s")
        #expect(DateDisplay.text(.week(containing: day)) == "week of 7 April 2025")
        #expect(DateDisplay.text(nil) == "undated")
    }

    @Test("every format renders valid JSON with its documented top-level shape", arguments: [
        ChannelConfig.Format.json, .slack, .mattermost, .discord, .teams, .googlechat,
    ])
    func shapes(format: ChannelConfig.Format) throws {
        let message = try renderer.render(Fixtures.alert(), for: Fixtures.channel(format))
        let object = try #require(try Fixtures.parse(message.body) as? [String: Any])
        #expect(message.contentType == "application/json")
        switch format {
        case .json:
            #expect(object["type"] as? String == "alert.fired")
            let data = try #require(object["data"] as? [String: Any])
            #expect(data["alert_id"] as? Int == 1001)
            #expect((data["event"] as? [String: Any])?["url"] as? String == "https://dateline.example/events/42")
        case .slack:
            #expect(object["text"] is String)
            let blocks = try #require(object["blocks"] as? [[String: Any]])
            #expect(blocks.contains { $0["type"] as? String == "context" })
        case .mattermost:
            #expect((object["text"] as? String)?.contains("Melanie Krause") == true)
        case .discord:
            #expect((object["allowed_mentions"] as? [String: Any])?["parse"] as? [Any] != nil)
            let embeds = try #require(object["embeds"] as? [[String: Any]])
            #expect(embeds.first?["url"] as? String == "https://dateline.example/events/42")
        case .teams:
            #expect(object["type"] as? String == "message")
            let attachment = try #require((object["attachments"] as? [[String: Any]])?.first)
            #expect(attachment["contentType"] as? String == "application/vnd.microsoft.card.adaptive")
            let card = try #require(attachment["content"] as? [String: Any])
            #expect(card["type"] as? String == "AdaptiveCard")
            #expect(card["version"] as? String == "1.4")
        case .googlechat:
            #expect(object["text"] is String)
            #expect((object["cardsV2"] as? [[String: Any]])?.first?["card"] != nil)
        case .text:
            break
        }
    }

    @Test("text output is readable and uses colour only when told")
    func text() throws {
        let plain = try AlertRenderer(options: RenderOptions(baseURL: Fixtures.baseURL)).render(Fixtures.alert(), for: Fixtures.channel(.text, type: .stdout))
        #expect(plain.body.contains("Melanie Krause (Acting Commissioner, Internal Revenue Service) — resignation, expected"))
        #expect(plain.body.contains("Date: 8 April 2025"))
        #expect(plain.body.contains("https://dateline.example/events/42"))
        #expect(!plain.body.contains("\u{1B}["))
        let coloured = try AlertRenderer(options: RenderOptions(colour: true)).render(Fixtures.alert(), for: Fixtures.channel(.text, type: .stdout))
        #expect(coloured.body.contains("\u{1B}["))
        let evil = try AlertRenderer().render(Fixtures.alert(sentence: "Bad \u{1B}[2J clear"), for: Fixtures.channel(.text, type: .stdout))
        #expect(!evil.body.contains("\u{1B}"))
    }

    @Test("an undated alert without mentions renders in every format", arguments: ChannelConfig.Format.allCases)
    func bare(format: ChannelConfig.Format) throws {
        var alert = Fixtures.alert()
        alert.mentions = []
        alert.reasons = []
        alert.event = Fixtures.event(date: nil)
        alert.event.participants = []
        let type: ChannelConfig.ChannelType = format == .text ? .stdout : .webhook
        let message = try AlertRenderer().render(alert, for: Fixtures.channel(format, type: type))
        if format == .json {
            let object = try #require(try Fixtures.parse(message.body) as? [String: Any])
            #expect((object["data"] as? [String: Any])?["event"].map { ($0 as? [String: Any])?["date"] is NSNull } == true)
        } else {
            #expect(message.body.contains("undated"))
            #expect(message.body.contains("Melanie Krause to resign as Acting Commissioner — resignation, expected"))
            if format != .text { _ = try Fixtures.parse(message.body) }
        }
    }
}
