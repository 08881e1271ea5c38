import DatelineCore
import DatelineStorage
import DatelineTimeline

/// Stored event titles worded like timeline headlines ("Dana Whitfield expected to resign from
/// …"), so lists, alerts and timelines say the same thing.
public enum HeadlineTitles {
    /// A title maker from the bundled headline templates; the plain title when they cannot be
    /// loaded (a broken installation still stores events).
    public static let maker: EventTitleMaker = {
        guard let templates = try? HeadlineTemplates.bundled() else { return plainEventTitle }
        return { input in
            templates.headline(
                kind: input.kind, status: input.status, subject: input.subject, organization: input.organization,
                post: input.role, counterparty: input.counterparty)
        }
    }()
}
