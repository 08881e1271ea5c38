import DatelineCore
import Foundation

/// Which stored alerts to list (`GET /v1/alerts`): every condition given must hold.
public struct AlertFilter: Hashable, Sendable {
    /// Only alerts of this rule.
    public var rule: String?
    /// Only alerts written at or after this time.
    public var since: Date?
    /// Only alerts written before this time.
    public var until: Date?
    /// Only alerts about this event.
    public var eventID: Int64?
    /// Page size (1–1000).
    public var limit: Int
    /// The `nextCursor` of the previous page.
    public var cursor: String?

    /// A filter; no conditions lists every alert, newest first.
    public init(rule: String? = nil, since: Date? = nil, until: Date? = nil, eventID: Int64? = nil, limit: Int = 100, cursor: String? = nil) {
        self.rule = rule
        self.since = since
        self.until = until
        self.eventID = eventID
        self.limit = limit
        self.cursor = cursor
    }
}

/// An `alerts` row: the columns and the payload the watcher wrote (the event as it was, the
/// mentions behind it and why the rule matched).
public struct StoredAlert: Hashable, Sendable {
    public var id: Int64
    /// The rule that fired.
    public var rule: String
    /// The rule's stored version that fired.
    public var ruleVersion: Int
    /// The event, while it still exists.
    public var eventID: Int64?
    public var change: ChangeKind
    /// The throttle or threshold group.
    public var groupKey: String?
    /// Why it matched, one line per condition met.
    public var reasons: [String]
    public var createdAt: Date
    /// The stored payload; `nil` when it cannot be read.
    public var alert: Alert?

    /// A stored alert (built by the store).
    public init(
        id: Int64, rule: String, ruleVersion: Int, eventID: Int64?, change: ChangeKind, groupKey: String?, reasons: [String],
        createdAt: Date, alert: Alert?
    ) {
        self.id = id
        self.rule = rule
        self.ruleVersion = ruleVersion
        self.eventID = eventID
        self.change = change
        self.groupKey = groupKey
        self.reasons = reasons
        self.createdAt = createdAt
        self.alert = alert
    }
}

/// A page of alerts, newest first, and the cursor of the next (older) page.
public struct AlertPage: Hashable, Sendable {
    public var alerts: [StoredAlert]
    /// `nil` on the last page.
    public var nextCursor: String?

    /// A page.
    public init(alerts: [StoredAlert], nextCursor: String?) {
        self.alerts = alerts
        self.nextCursor = nextCursor
    }
}

/// An alert with its deliveries, one per channel (`GET /v1/alerts/{id}`).
public struct AlertDetail: Hashable, Sendable {
    public var alert: StoredAlert
    /// By channel name.
    public var deliveries: [DeliverySummary]

    /// An alert's detail.
    public init(alert: StoredAlert, deliveries: [DeliverySummary]) {
        self.alert = alert
        self.deliveries = deliveries
    }
}

/// A page of deliveries, newest first, and the cursor of the next (older) page.
public struct DeliveryPage: Hashable, Sendable {
    public var deliveries: [DeliverySummary]
    /// `nil` on the last page.
    public var nextCursor: String?

    /// A page.
    public init(deliveries: [DeliverySummary], nextCursor: String?) {
        self.deliveries = deliveries
        self.nextCursor = nextCursor
    }
}
