import DatelineApp
import DatelineCore
import DatelineRules
import DatelineStorage
import DatelineTesting
import Foundation
import PostgresNIO
import Synchronization
import Testing

@Suite("The watcher on a real PostgreSQL")
struct WatcherTests {
    static let departures = """
        rules:
          - name: departures
            match: {kinds: [resignation, dismissal]}
            notify: [stdout, archive]
        channels:
          - name: archive
            type: file
            path: alerts/archive.jsonl
        """

    @Test("an alert carries the rule, the conditions met, the event, its evidence and sources; one delivery per channel")
    func alertExplainsItself() async throws {
        try await TestDatabase.withDatabase(cluster: .feed) { context in
            try await context.apply(Self.departures)
            try await context.store(article("a1", source: "Harbor Daily", events: [resignation("Alma Reyes")]))
            let reported = try await context.watchOnce()
            let alerts = try await context.alerts()
            #expect(reported == alerts)
            let alert = try #require(alerts.first)
            #expect(alerts.count == 1)
            #expect(alert.rule == "departures")
            #expect(alert.change == .new)
            #expect(alert.event.name(for: .subject) == "Alma Reyes")
            #expect(alert.reasons.contains { $0.contains("new resignation event") })
            #expect(alert.reasons.contains { $0.contains("resignation") && $0.contains("kind") })
            #expect(alert.mentions.map(\.sentence) == ["Alma Reyes is leaving Bureau of Ports, officials said."])
            #expect(alert.mentions.first?.source == "Harbor Daily")
            // One pending delivery per channel, with a stable message id; stored channel configs decode.
            let rows = try await context.client.query(
                "SELECT channel_name, message_id, state FROM deliveries WHERE alert_id = \(alert.id) ORDER BY channel_name")
            var deliveries: [(String, String, String)] = []
            for try await row in rows.decode((String, String, String).self) { deliveries.append(row) }
            #expect(deliveries.map(\.0) == ["archive", "stdout"])
            #expect(deliveries.map(\.1) == ["archive", "stdout"].map { DeliveryQueue.messageID(alertID: alert.id, channel: $0) })
            #expect(deliveries.allSatisfy { $0.2 == "pending" })
            let channels = try await context.rules.channels()
            #expect(channels.map(\.name) == ["archive", "stdout"])
            #expect(channels.first?.type == .file)
            // A second run finds nothing new.
            #expect(try await context.watchOnce().isEmpty)
            #expect(try await context.alerts().count == 1)
        }
    }

    @Test("two transactions that commit out of order are both seen, each once")
    func outOfOrderCommits() async throws {
        try await TestDatabase.withDatabase(cluster: .feed) { context in
            try await context.apply(Self.departures)
            let client = context.client, logger = context.logger
            let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
            let (release, releaseContinuation) = AsyncStream.makeStream(of: Void.self)
            // T1 writes first (lower change id) and stays open; T2 writes after it and commits.
            async let slow: Void = client.withTransaction(logger: logger) { tx in
                try await tx.query(
                    "INSERT INTO events (id, kind, status, title, confidence, identity_key) VALUES (1001, 'resignation', 'occurred', 'first', 1, 'k1')",
                    logger: logger)
                try await tx.query("INSERT INTO change_log (event_id, change) VALUES (1001, 'new')", logger: logger)
                startedContinuation.yield()
                for await _ in release { break }
            }
            for await _ in started { break }
            try await client.withTransaction(logger: logger) { tx in
                try await tx.query(
                    "INSERT INTO events (id, kind, status, title, confidence, identity_key) VALUES (1002, 'resignation', 'occurred', 'second', 1, 'k2')",
                    logger: logger)
                try await tx.query("INSERT INTO change_log (event_id, change) VALUES (1002, 'new')", logger: logger)
            }
            // While T1 is open, T2's change is not final: the watcher must not move past it.
            #expect(try await context.watchOnce(settle: .milliseconds(300)).isEmpty)
            releaseContinuation.yield()
            try await slow
            let alerts = try await context.watchOnce()
            #expect(alerts.map(\.event.id).sorted() == [1001, 1002])
            #expect(try await context.watchOnce().isEmpty)
            #expect(try await context.alerts().count == 2)
        }
    }

    @Test("a status-change alert fires when a second article confirms a reported departure")
    func statusChange() async throws {
        try await TestDatabase.withDatabase(cluster: .feed) { context in
            try await context.apply("""
                rules:
                  - name: departures-confirmed
                    match:
                      kinds: [resignation, dismissal]
                      previous_status: [expected, reported]
                      status: [occurred]
                    notify: [stdout]
                """)
            try await context.store(article("s1", published: "2025-04-02", source: "One", events: [resignation("Alma Reyes", status: "expected")]))
            #expect(try await context.watchOnce().isEmpty)
            try await context.store(article("s2", published: "2025-04-09", source: "Two", events: [resignation("Alma Reyes", status: "occurred")]))
            let alerts = try await context.watchOnce()
            let alert = try #require(alerts.first)
            #expect(alerts.count == 1)
            #expect(alert.change == .statusChange)
            #expect(alert.event.status == .occurred)
            #expect(alert.reasons.first?.contains("changed status from expected to occurred") == true)
            #expect(alert.mentions.count == 2)
            #expect(Set(alert.mentions.compactMap(\.source)) == ["One", "Two"])
            #expect(alert.event.sourceCount == 2)
        }
    }

    @Test("watchlists follow aliases; a silenced rule holds its matches back")
    func watchlistsAndSilences() async throws {
        try await TestDatabase.withDatabase(cluster: .feed) { context in
            try await context.store(article("w0", source: "One", events: [resignation("Alma Reyes"), resignation("Tom Baird", "Harbor Council")]))
            try await context.watch("ports", "alma reyes")
            try await context.apply("""
                rules:
                  - name: watched
                    match: {kinds: [appointment], watchlist: ports}
                    notify: [stdout]
                  - name: council
                    match: {kinds: [appointment], organization: Harbor Council}
                    notify: [stdout]
                """)
            try await context.rules.silence(rule: "council", until: Date().addingTimeInterval(3600))
            _ = try await context.watchOnce()
            try await context.store(article("w1", source: "Two", events: [
                ["kind": "appointment", "subject": "Alma Reyes", "organization": "Harbor Council", "date": "2025-05-01", "status": "occurred",
                 "evidence": "Alma Reyes was named to the Harbor Council."],
                ["kind": "appointment", "subject": "Ned Olsen", "organization": "Grain Board", "date": "2025-05-01", "status": "occurred",
                 "evidence": "Ned Olsen joins the Grain Board."],
            ]))
            let alerts = try await context.watchOnce()
            #expect(alerts.map(\.rule) == ["watched"])
            #expect(alerts.first?.reasons.contains { $0.contains("watchlist ports") } == true)
        }
    }

    @Test("a threshold fires once when enough events fall in its window, counting by recorded time")
    func thresholdWindow() async throws {
        try await TestDatabase.withDatabase(cluster: .feed) { context in
            try await context.apply("""
                rules:
                  - name: exodus
                    match: {kinds: [resignation]}
                    threshold: {count: 3, within: 1d, group_by: organization}
                    notify: [stdout]
                """)
            // Two departures recorded three days ago: outside the window of later ones.
            let old = try await context.store(article("t1", source: "One", events: [resignation("Ann Old"), resignation("Bob Old")]))
            try await context.backdate(events: old.flatMap(\.eventIDs), by: 3 * 86_400)
            try await context.store(article("t2", source: "One", events: [resignation("Cy New")]))
            #expect(try await context.watchOnce().isEmpty)
            try await context.store(article("t3", source: "Two", events: [resignation("Di New")]))
            #expect(try await context.watchOnce().isEmpty)
            try await context.store(article("t4", source: "Three", events: [resignation("Ed New")]))
            let alerts = try await context.watchOnce()
            #expect(alerts.count == 1)
            #expect(alerts.first?.event.name(for: .subject) == "Ed New")
            #expect(alerts.first?.reasons.contains { $0.contains("3") } == true)
        }
    }

    @Test("a deadline fires on the wall clock once the feed is caught up, and not when the follow-up came")
    func deadlines() async throws {
        try await TestDatabase.withDatabase(cluster: .feed) { context in
            try await context.apply("""
                rules:
                  - name: confirmation-watch
                    deadline:
                      after: {kinds: [nomination]}
                      expect: {kinds: [hearing, appointment]}
                      within: 2d
                    notify: [stdout]
                """)
            func nomination(_ person: String) -> [String: Any] {
                ["kind": "nomination", "subject": person, "organization": "Harbor Council", "date": "2025-04-08", "status": "occurred",
                 "evidence": "\(person) was nominated to the Harbor Council."]
            }
            let clock = TestClock()
            try await context.store(article("d1", source: "One", events: [nomination("Ann Waits"), nomination("Bo Heard")]))
            #expect(try await context.watchOnce(clock: clock).isEmpty)
            try await context.store(article("d2", source: "One", events: [
                ["kind": "hearing", "subject": "Bo Heard", "organization": "Harbor Council", "date": "2025-04-20", "status": "expected",
                 "evidence": "Bo Heard will appear before the committee."],
            ]))
            clock.advance(by: 86_400)
            #expect(try await context.watchOnce(clock: clock).isEmpty)
            clock.advance(by: 2 * 86_400)
            let alerts = try await context.watchOnce(clock: clock)
            #expect(alerts.map(\.rule) == ["confirmation-watch"])
            #expect(alerts.first?.event.name(for: .subject) == "Ann Waits")
            #expect(alerts.first?.reasons.contains { $0.contains("no hearing/appointment event involving Ann Waits within 2d") } == true)
            #expect(alerts.first?.mentions.count == 1)
            // Fired once: later sweeps find nothing.
            clock.advance(by: 86_400)
            #expect(try await context.watchOnce(clock: clock).isEmpty)
            #expect(try await context.alerts().count == 1)
        }
    }

    @Test("a backtest of the stored history equals what live watching produced")
    func backtestEqualsLive() async throws {
        try await TestDatabase.withDatabase(cluster: .feed) { context in
            let yaml = """
                rules:
                  - name: departures
                    match: {kinds: [resignation]}
                    on: [new, status_change]
                    notify: [stdout]
                  - name: confirmed
                    match: {kinds: [resignation], previous_status: [expected], status: [occurred]}
                    notify: [stdout]
                  - name: busy-bureau
                    match: {kinds: [resignation, appointment]}
                    threshold: {count: 2, within: 7d, group_by: organization}
                    notify: [stdout]
                  - name: quiet-nominee
                    deadline: {after: {kinds: [nomination]}, expect: {kinds: [appointment]}, within: 1d}
                    notify: [stdout]
                """
            try await context.apply(yaml)
            let clock = TestClock()
            try await context.store(article("b1", published: "2025-04-01", source: "One", events: [
                resignation("Alma Reyes"), resignation("Tom Baird", "Harbor Council"),
                ["kind": "nomination", "subject": "Ivy Park", "organization": "Harbor Council", "date": "2025-04-01", "status": "occurred",
                 "evidence": "Ivy Park was nominated."],
            ]))
            _ = try await context.watchOnce(clock: clock)
            // From here on `departures` is silenced: live holds its matches back, and so must the replay.
            try await context.rules.silence(rule: "departures", until: Date().addingTimeInterval(3600))
            try await context.store(article("b2", published: "2025-04-03", source: "Two", events: [
                resignation("Alma Reyes", status: "occurred"),
                ["kind": "appointment", "subject": "Lee Moss", "organization": "Bureau of Ports", "date": "2025-04-03", "status": "occurred",
                 "evidence": "Lee Moss was appointed."],
            ]))
            try await context.store(article("b3", published: "2025-04-04", source: "Three", events: [resignation("Cara Dunn", "Harbor Council")]))
            _ = try await context.watchOnce(clock: clock)
            clock.advance(by: 2 * 86_400)
            _ = try await context.watchOnce(clock: clock)
            let live = try await context.alerts().map { "\($0.rule) \($0.event.id) \($0.change.rawValue)" }
            #expect(live.count >= 6)
            let now = Date()
            let replay = try await RuleCatalog.backtest(
                yaml: yaml, file: "rules.yaml", environment: [:], from: now.addingTimeInterval(-86_400), to: now.addingTimeInterval(86_400),
                until: clock.now, in: context)
            #expect(replay.alerts.map { "\($0.rule) \($0.change.event.id) \($0.change.kind.rawValue)" } == live)
            // What the silence held back is reported as such: b2's confirmation and b3's resignation.
            let held = replay.suppressed.filter { if case .silenced = $0.reason { true } else { false } }
            #expect(held.map(\.match.rule) == ["departures", "departures"])
            #expect(live.filter { $0.hasPrefix("departures ") }.count == 2)
            // Without the silences the replay alerts them too.
            let unsilenced = try await RuleCatalog.backtest(
                yaml: yaml, file: "rules.yaml", environment: [:], from: now.addingTimeInterval(-86_400), to: now.addingTimeInterval(86_400),
                until: clock.now, ignoreSilences: true, in: context)
            #expect(unsilenced.alerts.count == live.count + 2)
            // The backtest wrote nothing.
            #expect(try await context.alerts().count == live.count)
        }
    }

    @Test("two watchers at once share nothing twice: one works, the other waits")
    func twoWatchers() async throws {
        try await TestDatabase.withDatabase(cluster: .feed) { context in
            try await context.apply(Self.departures)
            let reported = Mutex<[Int64]>([])
            func makeWatcher() -> Watcher {
                Watcher(client: context.client, logger: context.logger,
                        options: WatcherOptions(batchSize: 2, sweepInterval: .milliseconds(50), lockRetryInterval: .milliseconds(50)), onAlerts: { alerts in
                    reported.withLock { $0 += alerts.map(\.id) }
                })
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                let first = makeWatcher(), second = makeWatcher()
                group.addTask { try await first.run() }
                group.addTask { try await second.run() }
                for index in 0..<10 {
                    try await context.store(article("p\(index)", source: "Wire", events: [resignation("Person \(index)"), resignation("Other \(index)")]))
                }
                // Wait (bounded) until all 20 alerts are written.
                for _ in 0..<600 {
                    if try await context.count("SELECT count(*)::int FROM alerts") >= 20 { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                group.cancelAll()
            }
            let ids = reported.withLock { $0 }
            #expect(ids.count == 20)
            #expect(Set(ids).count == 20)
            #expect(try await context.count("SELECT count(*)::int FROM alerts") == 20)
            #expect(try await context.count("SELECT count(*)::int FROM deliveries") == 40)
        }
    }

    @Test("a running watcher picks up watchlist members, silences and rules changed while it runs")
    func changesWhileRunning() async throws {
        try await TestDatabase.withDatabase(cluster: .feed) { context in
            try await context.store(article("l0", source: "One", events: [resignation("Alma Reyes")]))
            try await context.watch("ports", "alma reyes")
            try await context.apply("""
                rules:
                  - name: ports-exits
                    match: {kinds: [resignation, dismissal], watchlist: ports}
                    notify: [stdout]
                """)
            let reported = Mutex<[Alert]>([])
            let watcher = Watcher(
                client: context.client, logger: context.logger, options: WatcherOptions(sweepInterval: .milliseconds(200)),
                onAlerts: { alerts in reported.withLock { $0 += alerts } })
            /// Waits (bounded, generously) until the watcher's cursor has passed every stored change.
            func caughtUp() async throws {
                let clock = ContinuousClock()
                let deadline = clock.now + .seconds(60)
                while clock.now < deadline {
                    let behind = try await context.count(
                        """
                        SELECT count(*)::int FROM change_log c
                        WHERE NOT EXISTS (SELECT 1 FROM consumer_cursors k WHERE k.consumer = 'watcher' AND (c.xid, c.id) <= (k.last_xid, k.last_id))
                        """)
                    if behind == 0 { return }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await watcher.run() }
                try await caughtUp()
                // Not on the watchlist yet: nothing.
                try await context.store(article("l1", source: "Two", events: [resignation("Tom Baird", "Harbor Council")]))
                try await caughtUp()
                // On the watchlist now: the next change about him alerts, without a restart.
                try await PostgresWatchlistStore(client: context.client, logger: context.logger).add("ports", members: [(reference: "Tom Baird", kind: nil)])
                try await context.store(article("l2", source: "Three", events: [
                    ["kind": "dismissal", "subject": "Tom Baird", "organization": "Harbor Council", "date": "2025-04-09", "status": "occurred",
                     "evidence": "Tom Baird was dismissed by the Harbor Council."],
                ]))
                try await caughtUp()
                // Silenced: held back.
                try await context.rules.silence(rule: "ports-exits", until: Date().addingTimeInterval(3600))
                try await context.store(article("l3", source: "Four", events: [
                    ["kind": "dismissal", "subject": "Alma Reyes", "organization": "Bureau of Ports", "date": "2025-04-10", "status": "occurred",
                     "evidence": "Alma Reyes was dismissed from the Bureau of Ports."],
                ]))
                try await caughtUp()
                // A rule applied while running fires on the next change.
                try await context.apply("""
                    rules:
                      - name: council-appointments
                        match: {kinds: [appointment], organization: Harbor Council}
                        notify: [stdout]
                    """)
                try await context.store(article("l4", source: "Five", events: [
                    ["kind": "appointment", "subject": "Lee Moss", "organization": "Harbor Council", "date": "2025-04-11", "status": "occurred",
                     "evidence": "Lee Moss was appointed to the Harbor Council."],
                ]))
                try await caughtUp()
                // The cursor moves at commit; the callback runs just after: wait for it too.
                let clock = ContinuousClock()
                let deadline = clock.now + .seconds(60)
                while reported.withLock({ $0.count }) < 3 && clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
                group.cancelAll()
            }
            let alerts = reported.withLock { $0 }
            #expect(alerts.map(\.rule) == ["ports-exits", "ports-exits", "council-appointments"])
            #expect(alerts.map { $0.event.name(for: .subject) ?? "" } == ["Alma Reyes", "Tom Baird", "Lee Moss"])
            #expect(try await context.count("SELECT count(*)::int FROM alerts") == 3)
        }
    }
}
