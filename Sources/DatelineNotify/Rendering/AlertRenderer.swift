import DatelineCore
import Foundation
import Mustache

/// Renders an alert into the message a channel sends: JSON (Standard Webhooks payload style),
/// Slack, Mattermost, Discord, Teams, Google Chat, or text for a terminal.
///
/// Untrusted text (sentences, names, headlines) is escaped for each format, mass mentions are
/// neutralised, and every field is truncated cleanly to the service's documented limit. A
/// channel's Mustache `template` replaces the default message body (see `TemplateContext`).
public struct AlertRenderer: Sendable {
    /// Base URL, template directory, colour.
    public var options: RenderOptions

    /// A renderer with `options`.
    public init(options: RenderOptions = RenderOptions()) {
        self.options = options
    }

    /// The message `channel` would send for `alert`.
    ///
    /// File channels get one JSON line (the `json` payload for `text`/`json`, else the format's
    /// JSON); stdout with `text` gets the readable block. Throws `NotifyError` when the
    /// template cannot be read or parsed.
    public func render(_ alert: Alert, for channel: ChannelConfig) throws -> RenderedMessage {
        let presentation = AlertPresentation(alert, baseURL: options.baseURL)
        var format = channel.format
        if channel.type == .file && format == .text { format = .json }
        if channel.type == .webhook && format == .text { format = .json }
        let custom = try customBody(alert, presentation, channel: channel, format: format)
        if format == .text {
            let body = custom.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" } ?? TextMessage.build(presentation, colour: options.colour)
            return RenderedMessage(body: body, contentType: "text/plain; charset=utf-8", json: nil)
        }
        let json = document(alert, presentation, format: format, custom: custom)
        return RenderedMessage(body: json.serialized(), contentType: "application/json", json: json)
    }

    /// What `channel` would send for `alert`, for reading: JSON pretty-printed, text as is.
    /// Nothing is sent. Used by `dateline channels preview NAME --event ID`.
    public func preview(alert: Alert, channel: ChannelConfig) throws -> String {
        let message = try render(alert, for: channel)
        return message.json.map { $0.prettyPrinted() + "\n" } ?? message.body
    }

    func document(_ alert: Alert, _ p: AlertPresentation, format: ChannelConfig.Format, custom: String?) -> JSONValue {
        switch format {
        case .json, .text: return AlertPayload.build(alert, p, custom: custom)
        case .slack: return SlackMessage.build(p, custom: custom)
        case .mattermost: return MattermostMessage.build(p, custom: custom)
        case .discord: return DiscordMessage.build(p, custom: custom)
        case .teams:
            return fitting(MessageLimits.teamsBytes) { TeamsMessage.build(p, custom: custom, evidenceBudget: $0) }
        case .googlechat:
            return fitting(MessageLimits.googleChatBytes) { GoogleChatMessage.build(p, custom: custom, evidenceBudget: $0) }
        }
    }

    /// Builds with a shrinking evidence budget until the serialized document fits `bytes`.
    func fitting(_ bytes: Int, _ build: (Int) -> JSONValue) -> JSONValue {
        var budget = bytes
        var doc = build(budget)
        var size = doc.serialized().utf8.count
        while size > bytes && budget > 0 {
            budget = max(0, budget - (size - bytes) - 64)
            doc = build(budget)
            size = doc.serialized().utf8.count
        }
        return doc
    }

    func customBody(_ alert: Alert, _ p: AlertPresentation, channel: ChannelConfig, format: ChannelConfig.Format) throws -> String? {
        guard let path = channel.template, !path.isEmpty else { return nil }
        let source = try loadTemplate(path, channel: channel.name)
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + source)
        } catch {
            throw NotifyError.template(channel.name, "'\(path)' does not parse: \(error)")
        }
        return template.render(TemplateContext.make(alert, p, format: format))
    }

    func loadTemplate(_ path: String, channel: String) throws -> String {
        let full: String
        if path.hasPrefix("/") {
            full = path
        } else if let base = options.templateDirectory, !base.isEmpty {
            full = (base.hasSuffix("/") ? base : base + "/") + path
        } else {
            full = path
        }
        guard let data = FileManager.default.contents(atPath: full) else {
            throw NotifyError.template(channel, "'\(path)' cannot be read (looked at \(full))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw NotifyError.template(channel, "'\(path)' is not UTF-8")
        }
        return text
    }
}
