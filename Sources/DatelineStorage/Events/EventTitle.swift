import DatelineCore

/// The names and state a one-line event headline is made from.
public struct EventTitleInput: Sendable {
    public var kind: EventKind
    public var status: EventStatus
    public var subject: String?
    public var organization: String?
    public var role: String?
    public var counterparty: String?

    public init(kind: EventKind, status: EventStatus, subject: String?, organization: String?, role: String?, counterparty: String?) {
        self.kind = kind
        self.status = status
        self.subject = subject
        self.organization = organization
        self.role = role
        self.counterparty = counterparty
    }
}

/// Makes an event's stored title; the application injects the timeline's headline generator,
/// and this plain one serves where none is given.
public typealias EventTitleMaker = @Sendable (EventTitleInput) -> String

/// A plain title: "Melanie Krause (Acting Commissioner, Internal Revenue Service): resignation, expected".
public let plainEventTitle: EventTitleMaker = { input in
    let who = input.subject ?? input.organization ?? "Unnamed party"
    var context: [String] = []
    if let role = input.role { context.append(role) }
    if let org = input.organization, org != who { context.append(org) }
    var text = who
    if !context.isEmpty { text += " (\(context.joined(separator: ", ")))" }
    if let other = input.counterparty { text += " and \(other)" }
    return "\(text): \(input.kind.rawValue.replacingUnderscores()), \(input.status.rawValue)"
}

extension String {
    func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
