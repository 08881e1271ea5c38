import DatelineApp
import DatelineCore
import DatelineStorage
import DatelineTesting
import Foundation
import PostgresNIO
import Synchronization
import Testing

/// One line of `events add` input: an article and its events.
func article(_ name: String, published: String = "2025-04-09", source: String, events: [[String: Any]]) -> String {
    let object: [String: Any] = ["article": name, "url": "https://news.example/\(name)", "source": source, "published": published, "events": events]
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self)
}

/// A resignation of `person` at `organization`.
func resignation(_ person: String, _ organization: String = "Bureau of Ports", status: String = "expected", date: String = "2025-04-08") -> [String: Any] {
    ["kind": "resignation", "subject": person, "organization": organization, "date": date, "status": status,
     "evidence": "\(person) is leaving \(organization), officials said."]
}

/// A wall clock tests move by hand.
final class TestClock: Sendable {
    private let value: Mutex<Date>
    init(_ start: Date = Date()) { value = Mutex(start) }
    var now: Date { value.withLock { $0 } }
    func advance(by seconds: TimeInterval) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

extension DatabaseContext {
    /// Stores articles (JSON Lines) in one transaction, as `dateline events add` would.
    @discardableResult
    func store(_ lines: String...) async throws -> [SubmissionResult] {
        try await events.write(try EventsFileParser.parse(Data(lines.joined(separator: "\n").utf8), name: "test.jsonl"))
    }

    /// Applies a rule file.
    @discardableResult
    func apply(_ yaml: String, prune: Bool = false) async throws -> RuleApplySummary {
        try await RuleCatalog.apply(yaml: yaml, file: "rules.yaml", environment: [:], prune: prune, in: self)
    }

    /// Runs the watcher until the feed is drained; returns the alerts it reported.
    @discardableResult
    func watchOnce(clock: TestClock = TestClock(), consumer: String = "watcher", settle: Duration = .seconds(30)) async throws -> [Alert] {
        let reported = Mutex<[Alert]>([])
        let watcher = Watcher(client: client, logger: logger, options: WatcherOptions(consumer: consumer, once: true, onceSettleTimeout: settle), now: { clock.now }, onAlerts: { alerts in
            reported.withLock { $0 += alerts }
        })
        try await watcher.runOnce()
        return reported.withLock { $0 }
    }

    /// Creates a watchlist with one member.
    func watch(_ watchlist: String, _ member: String) async throws {
        let store = PostgresWatchlistStore(client: client, logger: logger)
        try await store.create(watchlist)
        try await store.add(watchlist, members: [(reference: member, kind: nil)])
    }

    /// Every stored alert, oldest first.
    func alerts() async throws -> [Alert] { try await AlertStore.list(client: client, logger: logger) }

    /// One integer from a query.
    func count(_ query: PostgresQuery) async throws -> Int {
        for try await value in try await client.query(query, logger: logger).decode(Int.self) { return value }
        return 0
    }

    /// Moves the recorded time of events' changes and mentions back by `seconds` (history).
    func backdate(events ids: [Int64], by seconds: Double) async throws {
        try await client.query(
            "UPDATE change_log SET created_at = created_at - make_interval(secs => \(seconds)) WHERE event_id = ANY(\(ids)::bigint[])",
            logger: logger)
        try await client.query(
            "UPDATE mentions SET created_at = created_at - make_interval(secs => \(seconds)) WHERE event_id = ANY(\(ids)::bigint[])",
            logger: logger)
    }
}

