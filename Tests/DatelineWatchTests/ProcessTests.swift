import DatelineApp
import DatelineCore
import DatelineStorage
import DatelineTesting
import Foundation
import PostgresNIO
import Testing

/// The `--database-url` of a test database.
func databaseURL(_ endpoint: DatabaseEndpoint) throws -> String {
    try #require(TestDatabase.app(for: endpoint).configuration.databaseURL)
}

@Suite("The dateline watch and rules commands as real processes")
struct ProcessTests {
    @Test("killing the watcher with SIGKILL mid-batch and restarting loses and duplicates no alert")
    func killAndRestart() async throws {
        try await TestDatabase.withDatabase(cluster: .processes) { context in
            try await context.apply(WatcherTests.departures)
            // 40 articles, each its own transaction, 2 departures each: 80 alerts expected.
            var blockedEvent: Int64 = 0
            for index in 0..<40 {
                let stored = try await context.store(article("k\(index)", source: "Wire \(index % 3)", events: [
                    resignation("First Person \(index)"), resignation("Second Person \(index)", "Harbor Council"),
                ]))
                if index == 30 { blockedEvent = stored.first?.eventIDs.first ?? 0 }
            }
            // An open transaction holds the unique key of article 30's first alert: the watcher's
            // batch that writes it waits on it, mid-batch, for as long as the test wants. No timing.
            let change = try await context.count("SELECT min(id)::int FROM change_log WHERE event_id = \(blockedEvent)")
            let (held, hold) = AsyncStream.makeStream(of: Void.self)
            let (release, releasing) = AsyncStream.makeStream(of: Void.self)
            let blocker = Task {
                try? await context.client.withTransaction(logger: context.logger) { tx in
                    try await tx.query(
                        """
                        INSERT INTO alerts (rule_name, rule_version, dedupe_key, change, payload)
                        VALUES ('departures', 1, \("departures/\(blockedEvent)/\(change)"), 'new', '{}')
                        """,
                        logger: context.logger)
                    hold.yield()
                    for await _ in release { break }
                    throw CancellationError()  // roll back
                }
            }
            for await _ in held { break }
            let url = try databaseURL(context.endpoint)
            let first = try DatelineProcess(["watch", "--print", "--format", "json", "--batch-size", "3", "--database-url", url])
            // Kill it once it has committed the batches before article 30 and waits in the next one.
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(60)
            while clock.now < deadline {
                if try await context.count("SELECT count(*)::int FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%commit_mode AS%'") > 0
                    || !first.process.isRunning { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            kill(first.process.processIdentifier, SIGKILL)
            _ = try await first.finish()
            releasing.yield()
            await blocker.value
            // The killed watcher's statement may still finish on the server (all of its batch or
            // none of it); count only once it has.
            while clock.now < deadline {
                let running = try await context.count(
                    "SELECT count(*)::int FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%commit_mode AS%'")
                if running == 0 { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            let printedFirst = first.stdout.split(separator: "\n").count
            #expect(printedFirst >= 9)
            let before = try await context.count("SELECT count(*)::int FROM alerts")
            #expect(before < 80, "the first watcher should have been killed before finishing")
            let second = try DatelineProcess(["watch", "--once", "--print", "--format", "json", "--database-url", url])
            #expect(try await second.finish() == 0, "\(second.stderr)")
            // Every expected alert exactly once; each with its two deliveries; printed ids never repeat.
            let rows = try await context.client.query(
                "SELECT count(*)::int, count(DISTINCT event_id)::int, count(DISTINCT dedupe_key)::int FROM alerts")
            for try await (total, events, keys) in rows.decode((Int, Int, Int).self) {
                #expect(total == 80)
                #expect(events == 80)
                #expect(keys == 80)
            }
            #expect(try await context.count("SELECT count(*)::int FROM deliveries") == 160)
            let decoder = JSONDecoder()
            let printed = (first.stdout + second.stdout).split(separator: "\n").compactMap { try? decoder.decode(Alert.self, from: Data($0.utf8)) }
            #expect(Set(printed.map(\.id)).count == printed.count)
            #expect(second.stdout.split(separator: "\n").count == 80 - before)
        }
    }

    @Test("rules check prints every problem with file, line and column, and exits 2")
    func checkPositions() async throws {
        try await TestDatabase.withDatabase(cluster: .processes) { context in
            try await context.store(article("c1", source: "One", events: [resignation("Alma Reyes")]))
            try await context.watch("ports", "Alma Reyes")
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-check-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let bad = directory.appendingPathComponent("bad.yaml")
            try """
                rules:
                  - name: one
                    match: {kinds: [resignaton], watchlist: portz}
                    throttle: 2x
                    notify: [slak]
                """.write(to: bad, atomically: true, encoding: .utf8)
            let url = try databaseURL(context.endpoint)
            let check = try DatelineProcess(["rules", "check", bad.path, "--database-url", url])
            #expect(try await check.finish() == 2)
            let path = bad.path
            #expect(check.stderr.contains("\(path):3:21: ") && check.stderr.contains("resignaton"), "\(check.stderr)")
            #expect(check.stderr.contains("\(path):3:45: ") && check.stderr.contains("portz"), "\(check.stderr)")
            #expect(check.stderr.contains("\(path):4:15: "), "\(check.stderr)")
            #expect(check.stderr.contains("\(path):5:14: ") && check.stderr.contains("slak"), "\(check.stderr)")
            // A good file: one line per rule.
            let good = directory.appendingPathComponent("good.yaml")
            try """
                rules:
                  - name: ports-exits
                    match: {kinds: [resignation], watchlist: ports}
                    notify: [stdout]
                """.write(to: good, atomically: true, encoding: .utf8)
            let ok = try DatelineProcess(["rules", "check", good.path, "--database-url", url])
            #expect(try await ok.finish() == 0, "\(ok.stderr)")
            #expect(ok.stdout.hasPrefix("ports-exits: on new resignation events on watchlist ports → stdout"), "\(ok.stdout)")
            // Apply, list, show, and a changed file makes version 2.
            let apply = try DatelineProcess(["rules", "apply", good.path, "--database-url", url])
            #expect(try await apply.finish() == 0, "\(apply.stderr)")
            #expect(apply.stdout.contains("added: ports-exits"))
            try """
                rules:
                  - name: ports-exits
                    match: {kinds: [resignation, dismissal], watchlist: ports}
                    notify: [stdout]
                """.write(to: good, atomically: true, encoding: .utf8)
            _ = try await DatelineProcess(["rules", "apply", good.path, "--database-url", url]).finish()
            let list = try DatelineProcess(["rules", "list", "--database-url", url])
            #expect(try await list.finish() == 0)
            #expect(list.stdout.contains("ports-exits") && list.stdout.contains("v2"), "\(list.stdout)")
            let silence = try DatelineProcess(["rules", "silence", "ports-exits", "--for", "2h", "--database-url", url])
            #expect(try await silence.finish() == 0, "\(silence.stderr)")
            let listed = try await context.rules.list()
            #expect(listed.first?.silencedUntil != nil)
        }
    }
}
