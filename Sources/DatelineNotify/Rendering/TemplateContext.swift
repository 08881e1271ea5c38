import DatelineCore

/// The values a Mustache template sees, already escaped for the channel's format.
///
/// Keys: `alert_id`, `rule`, `change`, `change_display`, `title`, `kind`, `status`, `headline`,
/// `date_display`, `evidence` (empty when none), `has_evidence`, `url` (empty when no base URL),
/// `has_url`, `event` (`id`, `kind`, `status`, `title`, `date`), `sources` (list of `name`,
/// `url`, `headline`), `reasons` (list of strings: `{{#reasons}}{{.}}{{/reasons}}`).
/// Values are escaped for the format (Slack entities, mass mentions broken; URLs made safe
/// inside the format's link syntax), so a template may use the format's own markup around them.
enum TemplateContext {
    static func make(_ alert: Alert, _ p: AlertPresentation, format: ChannelConfig.Format) -> [String: Any] {
        let esc: (String) -> String = switch format {
        case .slack: TextSafety.slack
        case .mattermost: TextSafety.mattermost
        case .discord: TextSafety.discord
        case .googlechat: TextSafety.googleChatText
        case .text: TextMessage.stripControls
        case .json, .teams: { $0 }
        }
        let link: (String) -> String = switch format {
        case .slack: SlackMessage.linkTarget
        case .mattermost, .discord, .teams: Markdown.target
        default: { $0 }
        }
        let sources: [[String: Any]] = p.sources.map {
            ["name": esc($0.name), "url": $0.url.map(link) ?? "", "headline": esc($0.headline ?? "")]
        }
        let event: [String: Any] = [
            "id": alert.event.id,
            "kind": alert.event.kind.rawValue,
            "status": alert.event.status.rawValue,
            "title": esc(alert.event.title),
            "date": alert.event.date?.value ?? "",
        ]
        return [
            "alert_id": alert.id,
            "rule": esc(p.rule),
            "change": alert.change.rawValue,
            "change_display": p.changeDisplay,
            "title": esc(p.title),
            "kind": p.kind,
            "status": p.status,
            "headline": esc(p.headline),
            "date_display": p.dateDisplay,
            "evidence": esc(p.evidence ?? ""),
            "has_evidence": p.evidence != nil,
            "url": p.url.map(link) ?? "",
            "has_url": p.url != nil,
            "event": event,
            "sources": sources,
            "reasons": p.reasons.map(esc),
        ]
    }
}
