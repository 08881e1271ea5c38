import DatelineCore
import Foundation
import Testing
@testable import DatelineNotify

@Suite("Templates")
struct TemplateTests {
    /// samples/templates in the repository, found from this file.
    static let samples: String = {
        var parts = Fixtures.testsDirectory.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(2)  // Tests/DatelineNotifyTests
        return parts.joined(separator: "/") + "/samples/templates"
    }()

    var renderer: AlertRenderer { AlertRenderer(options: RenderOptions(baseURL: Fixtures.baseURL, templateDirectory: TemplateTests.samples)) }

    @Test("a template replaces the message body and sees the alert's fields", arguments: [
        (ChannelConfig.Format.text, "text.mustache"), (.slack, "slack.mustache"), (.mattermost, "mattermost.mustache"),
        (.discord, "discord.mustache"), (.teams, "teams.mustache"), (.googlechat, "googlechat.mustache"),
    ])
    func samples(format: ChannelConfig.Format, file: String) throws {
        let type: ChannelConfig.ChannelType = format == .text ? .stdout : .webhook
        let channel = ChannelConfig(name: "t", type: type, format: format, url: "http://127.0.0.1:9/", template: file)
        let preview = try renderer.preview(alert: Fixtures.alert(), channel: channel)
        #expect(preview.contains("Melanie Krause"))
        #expect(preview.contains("8 April 2025"))
        if format != .text { _ = try Fixtures.parse(try renderer.render(Fixtures.alert(), for: channel).body) }
    }

    @Test("the text template lists the reasons and the event kind")
    func textTemplate() throws {
        let channel = ChannelConfig(name: "t", type: .stdout, format: .text, template: "text.mustache")
        let out = try renderer.render(Fixtures.alert(), for: channel).body
        #expect(out.hasPrefix("[resignation/expected] Melanie Krause"))
        #expect(out.contains("why: kind is resignation"))
        #expect(out.contains("why: on watchlist irs-leadership"))
    }

    @Test("template values are escaped for the format; the template's own markup is kept")
    func escaping() throws {
        let channel = ChannelConfig(name: "t", type: .webhook, format: .slack, url: "http://127.0.0.1:9/", template: "slack.mustache")
        let body = try renderer.render(Fixtures.alert(sentence: "Tell <!channel> & @here now"), for: channel).body
        let object = try #require(try Fixtures.parse(body) as? [String: Any])
        let text = ((object["blocks"] as? [[String: Any]]) ?? []).compactMap { ($0["text"] as? [String: Any])?["text"] as? String }.joined()
        #expect(text.contains("&lt;!channel&gt; &amp; @\u{2060}here"))
        #expect(text.contains("<https://dateline.example/events/42|Open in Dateline>"))
        #expect(text.contains("<https://wire.example.org/krause?x=1&amp;y=2|Example Wire>"))
    }

    @Test("json with a template adds data.message")
    func json() throws {
        let channel = ChannelConfig(name: "t", type: .webhook, format: .json, url: "http://127.0.0.1:9/", template: "text.mustache")
        let object = try #require(try Fixtures.parse(try renderer.render(Fixtures.alert(), for: channel).body) as? [String: Any])
        #expect(((object["data"] as? [String: Any])?["message"] as? String)?.contains("Melanie Krause") == true)
    }

    @Test("a missing or broken template is a clear error")
    func errors() throws {
        let missing = ChannelConfig(name: "newsroom", type: .stdout, format: .text, template: "nope.mustache")
        #expect {
            _ = try renderer.render(Fixtures.alert(), for: missing)
        } throws: { error in
            guard let error = error as? NotifyError else { return false }
            return error.code == "bad_template" && error.message.contains("newsroom") && error.message.contains("nope.mustache")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tpl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "{{#sources}} unclosed".write(toFile: dir + "/broken.mustache", atomically: true, encoding: .utf8)
        let broken = ChannelConfig(name: "newsroom", type: .stdout, format: .text, template: "broken.mustache")
        #expect(throws: NotifyError.self) {
            _ = try AlertRenderer(options: RenderOptions(templateDirectory: dir)).render(Fixtures.alert(), for: broken)
        }
    }
}
