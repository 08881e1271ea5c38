import DatelineCore
import Foundation
import Testing
@testable import DatelineNotify

@Suite("Escaping and truncation")
struct EscapingTests {
    let hostile = "Officials told <!channel> and <!here> and <!everyone> and @channel @here @everyone @all that A&B <b>won</b>."

    func body(_ format: ChannelConfig.Format, sentence: String) throws -> String {
        try AlertRenderer(options: RenderOptions(baseURL: Fixtures.baseURL)).render(Fixtures.alert(sentence: sentence), for: Fixtures.channel(format)).body
    }

    /// The texts a service would display, decoded from the JSON.
    func strings(_ json: Any) -> [String] {
        switch json {
        case let s as String: [s]
        case let a as [Any]: a.flatMap(strings)
        case let d as [String: Any]: d.values.flatMap(strings)
        default: []
        }
    }

    @Test("Slack: mass mentions neutralised, & < > escaped")
    func slack() throws {
        let texts = strings(try Fixtures.parse(try body(.slack, sentence: hostile))).joined(separator: "\n")
        for token in ["<!channel>", "<!here>", "<!everyone>", "@channel", "@here", "@everyone", "<b>"] {
            #expect(!texts.contains(token), "\(token) survived")
        }
        #expect(texts.contains("A&amp;B &lt;b&gt;won&lt;/b&gt;"))
    }

    @Test("Mattermost: @channel, @all, @here neutralised")
    func mattermost() throws {
        let texts = strings(try Fixtures.parse(try body(.mattermost, sentence: hostile))).joined(separator: "\n")
        for token in ["@channel", "@here", "@all"] { #expect(!texts.contains(token)) }
        #expect(texts.contains("channel"))
    }

    @Test("Discord: @everyone and @here neutralised and no mention parsed")
    func discord() throws {
        let json = try #require(try Fixtures.parse(try body(.discord, sentence: hostile)) as? [String: Any])
        let texts = strings(json).joined(separator: "\n")
        for token in ["@everyone", "@here"] { #expect(!texts.contains(token)) }
        #expect((json["allowed_mentions"] as? [String: Any])?["parse"] as? [String] == [])
    }

    @Test("a huge evidence sentence stays valid JSON under each service's limits", arguments: [
        ChannelConfig.Format.json, .slack, .mattermost, .discord, .teams, .googlechat,
    ])
    func huge(format: ChannelConfig.Format) throws {
        // Multi-unit graphemes, entities and quotes at every position a cut may fall on.
        let unit = "Ministers & aides said \"no\" <again> 👩🏽‍⚖️ café e\u{301} \\ "
        let sentence = String(repeating: unit, count: 4_000)
        let text = try body(format, sentence: sentence)
        let json = try #require(try Fixtures.parse(text) as? [String: Any])
        if format == .slack || format == .googlechat {
            // Entities are whole: every "&" starts "&amp;", "&lt;", "&gt;" or "&quot;".
            for s in strings(json) {
                var rest = Substring(s)
                while let amp = rest.firstIndex(of: "&") {
                    let after = rest[amp...]
                    #expect(["&amp;", "&lt;", "&gt;", "&quot;"].contains { after.hasPrefix($0) }, "broken entity: \(after.prefix(8))")
                    rest = rest[rest.index(after: amp)...]
                }
            }
        }
        switch format {
        case .slack:
            #expect((json["text"] as? String)?.utf16.count ?? 0 <= MessageLimits.slackText)
            let blocks = try #require(json["blocks"] as? [[String: Any]])
            #expect(blocks.count <= MessageLimits.slackBlocks)
            for block in blocks {
                if let t = (block["text"] as? [String: Any])?["text"] as? String { #expect(t.utf16.count <= MessageLimits.slackSectionText) }
            }
        case .mattermost:
            #expect((json["text"] as? String)?.utf16.count ?? .max <= MessageLimits.mattermostText)
        case .discord:
            #expect((json["content"] as? String)?.utf16.count ?? .max <= MessageLimits.discordContent)
            let embed = try #require((json["embeds"] as? [[String: Any]])?.first)
            let description = try #require(embed["description"] as? String)
            #expect(description.utf16.count <= MessageLimits.discordEmbedDescription)
            #expect(description.hasSuffix("…"))
            #expect(strings(embed).reduce(0) { $0 + $1.utf16.count } <= MessageLimits.discordEmbedTotal + 200)
        case .teams:
            #expect(text.utf8.count <= 28_000)
        case .googlechat:
            #expect(text.utf8.count <= 32_000)
        default:
            // The JSON payload carries the whole sentence: it is the record, not a chat message.
            #expect(text.contains(String(sentence.prefix(200)).replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\\ ", with: "\\\\ ")))
        }
    }

    @Test("truncation never splits a grapheme or an entity")
    func truncation() {
        let flags = String(repeating: "🇫🇷", count: 10)
        let cut = TextSafety.truncate(flags, toUTF16: 9)
        #expect(cut == "🇫🇷🇫🇷…")
        #expect(TextSafety.truncate("abc&amp;def", toUTF16: 7) == "abc…")
        #expect(TextSafety.truncate("short", toUTF16: 5) == "short")
        #expect(TextSafety.truncate("é" + String(repeating: "x", count: 10), toUTF8: 6) == "éx…")
    }

    @Test("hundreds of sources and reasons and a huge name stay within every limit", arguments: [
        ChannelConfig.Format.slack, .mattermost, .discord, .teams, .googlechat,
    ])
    func crowded(format: ChannelConfig.Format) throws {
        var alert = Fixtures.alert()
        alert.event.participants[0].name = String(repeating: "Name@here ", count: 5_000)
        alert.reasons = (0..<400).map { "reason \($0) " + String(repeating: "r", count: 500) }
        alert.mentions = (0..<400).map { i in
            Mention(articleID: Int64(i), url: "https://news.example.com/\(i)?a=1&b=<2>", source: "Source \(i) & Co " + String(repeating: "s", count: 400),
                    headline: nil, published: nil, sentence: "Sentence \(i).", start: 0, end: 10, status: .occurred, dateText: nil)
        }
        let text = try AlertRenderer(options: RenderOptions(baseURL: Fixtures.baseURL)).render(alert, for: Fixtures.channel(format)).body
        let json = try #require(try Fixtures.parse(text) as? [String: Any])
        if [.slack, .mattermost, .discord].contains(format) {
            #expect(!strings(json).contains { $0.contains("@here") }, "@here survived")
        }
        switch format {
        case .slack:
            let blocks = try #require(json["blocks"] as? [[String: Any]])
            for block in blocks {
                if let t = (block["text"] as? [String: Any])?["text"] as? String { #expect(t.utf16.count <= MessageLimits.slackSectionText) }
            }
        case .mattermost:
            #expect((json["text"] as? String)?.utf16.count ?? .max <= MessageLimits.mattermostText)
        case .discord:
            let embed = try #require((json["embeds"] as? [[String: Any]])?.first)
            #expect((embed["title"] as? String)?.utf16.count ?? .max <= MessageLimits.discordEmbedTitle)
            for field in (embed["fields"] as? [[String: Any]]) ?? [] {
                #expect((field["value"] as? String)?.utf16.count ?? .max <= MessageLimits.discordFieldValue)
            }
            #expect(strings(embed).reduce(0) { $0 + $1.utf16.count } <= MessageLimits.discordEmbedTotal + 200)
        case .teams:
            #expect(text.utf8.count <= 28_000)
        case .googlechat:
            #expect(text.utf8.count <= 32_000)
        default:
            break
        }
    }
}
