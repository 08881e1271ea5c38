import DatelineApp
import DatelineCore
import DatelineStorage
import DatelineTesting
import Foundation
import PostgresNIO
import Testing

@Suite("dateline serve as real processes")
struct ServeProcessTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    static func rules(_ url: String, timeout: String = "5s") -> String {
        """
        rules:
          - name: departures
            match: {kinds: [resignation]}
            notify: [hook]
        channels:
          - name: hook
            type: webhook
            url: \(url)
            secret: \(secret)
            allow_private_network: true
            timeout: \(timeout)
        """
    }

    @Test("two serve processes (one with every role, one watch,deliver) on one database deliver each alert exactly once; /metrics counts it")
    func twoProcessesDeliverOnce() async throws {
        try await TestDatabase.withDatabase(cluster: .processes) { context in
            try await withReceiver(secrets: [Self.secret], now: { Date().timeIntervalSince1970 }) { receiver in
                _ = try await RuleCatalog.apply(yaml: Self.rules(receiver.url), file: "rules.yaml", environment: [:], prune: false, in: context)
                let url = try #require(TestDatabase.app(for: context.endpoint).configuration.databaseURL)
                let fast = ["--set", "deliver.poll_seconds=0.2", "--set", "watch.sweep_seconds=0.2"]
                let first = try DatelineProcess(["serve", "--port", "0", "--database-url", url] + fast)
                let second = try DatelineProcess(["serve", "--port", "0", "--roles", "watch,deliver", "--database-url", url] + fast)
                let firstPort = try await first.listeningPort()
                let secondPort = try await second.listeningPort()
                // 12 articles, each its own transaction, one departure each.
                for index in 0..<12 {
                    try await context.events.write(try EventsFileParser.parse(
                        Data(articleLine("s\(index)", source: "Wire \(index % 3)", events: [resignationEvent("Person Number \(index)")]).utf8),
                        name: "test.jsonl"))
                }
                try await eventually("12 deliveries delivered") {
                    try await Self.count(context, "SELECT count(*)::int FROM deliveries WHERE state = 'delivered'") == 12
                }
                let received = await receiver.received()
                #expect(received.count == 12)
                #expect(Set(received.compactMap(\.webhookID)).count == 12)
                #expect(received.allSatisfy { $0.signatureError == nil })
                #expect(try await Self.count(context, "SELECT count(*)::int FROM alerts") == 12)

                // Probes answer on both; the worker-only process serves no API.
                #expect(try await httpGet(port: secondPort, path: "/healthz").status == 200)
                #expect(try await httpGet(port: secondPort, path: "/readyz").status == 200)
                #expect(try await httpGet(port: secondPort, path: "/v1/events").status == 404)
                #expect(try await httpGet(port: firstPort, path: "/v1/events").status == 401)
                // Counters across both processes add up to what happened.
                let metrics = [try await httpGet(port: firstPort, path: "/metrics"), try await httpGet(port: secondPort, path: "/metrics")]
                #expect(metrics.allSatisfy { $0.status == 200 })
                let text = metrics.map(\.body)
                #expect(text.map { metricSum($0, "dateline_deliveries_total", [#"outcome="delivered""#, #"channel="hook""#]) }.reduce(0, +) == 12)
                #expect(text.map { metricSum($0, "dateline_alerts_fired_total", [#"rule="departures""#]) }.reduce(0, +) == 12)
                #expect(metricSum(text[0], "hb_requests", [#"http_route="/v1/events""#, #"http_response_status_code="401""#]) == 1, "\(text[0])")
                #expect(text[1].contains("dateline_watch_lag_changes") || text[0].contains("dateline_watch_lag_changes"))

                first.terminate()
                second.terminate()
                #expect(try await first.finish() == 0, "\(first.stderr)")
                #expect(try await second.finish() == 0, "\(second.stderr)")
            }
        }
    }

    @Test("SIGTERM during a send the receiver never answers: exit 0 after the grace period, and the delivery is claimable at once")
    func sigtermReleasesLease() async throws {
        try await TestDatabase.withDatabase(cluster: .processes) { context in
            try await withReceiver(secrets: [Self.secret], now: { Date().timeIntervalSince1970 }) { receiver in
                await receiver.setFallback(.hang(seconds: 6))
                _ = try await RuleCatalog.apply(yaml: Self.rules(receiver.url, timeout: "100s"), file: "rules.yaml", environment: [:], prune: false, in: context)
                let url = try #require(TestDatabase.app(for: context.endpoint).configuration.databaseURL)
                let serve = try DatelineProcess([
                    "serve", "--port", "0", "--roles", "watch,deliver", "--database-url", url,
                    "--set", "deliver.shutdown_grace_seconds=0.5", "--set", "deliver.lease_seconds=600", "--set", "watch.sweep_seconds=0.2",
                ])
                _ = try await serve.listeningPort()
                try await context.events.write(try EventsFileParser.parse(
                    Data(articleLine("hang", source: "Wire", events: [resignationEvent("Slow Person")]).utf8), name: "test.jsonl"))
                await receiver.waitForRequests(1)
                #expect(try await Self.count(context, "SELECT count(*)::int FROM deliveries WHERE lease_owner IS NOT NULL") == 1)
                serve.terminate()
                #expect(try await serve.finish(timeout: .seconds(60)) == 0, "\(serve.stderr)")
                let claimed = try await context.deliveries.claim(owner: "next-worker", limit: 10, now: Date(), leaseSeconds: 60)
                #expect(claimed.count == 1, "the abandoned delivery should be claimable without waiting for its 600 s lease")
            }
        }
    }

    @Test("an unknown role exits 2 naming it")
    func unknownRole() async throws {
        let serve = try DatelineProcess(["serve", "--roles", "api,wach", "--database-url", "postgres://nobody@127.0.0.1:1/none"])
        #expect(try await serve.finish() == 2)
        #expect(serve.stderr.contains("roles: unknown value 'wach' (expected api, watch, deliver)"), "\(serve.stderr)")
    }

    @Test("config show through the CLI: the file from DATELINE_CONFIG, the environment over it, a flag over both; secrets masked")
    func configShow() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dateline-show-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/serve.yaml"
        try "port: 9000\nhost: 0.0.0.0\nroles: [watch]\nmetrics_token: file-secret\n".write(toFile: file, atomically: true, encoding: .utf8)
        let show = try DatelineProcess(
            ["config", "show", "--port", "9100", "--format", "json"],
            environment: ["DATELINE_CONFIG": file, "DATELINE_HOST": "10.1.2.3", "DATELINE_DATABASE_URL": "postgres://app:pa55@db/dateline"])
        #expect(try await show.finish() == 0, "\(show.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let settings = try #require(object["settings"] as? [String: [String: Any]])
        #expect(object["file"] as? String == file)
        #expect(settings["port"]?["source"] as? String == "flag")
        #expect(settings["host"]?["source"] as? String == "env")
        #expect(settings["roles"]?["source"] as? String == "file")
        #expect(settings["data_dir"]?["source"] as? String == "default")
        #expect(!show.stdout.contains("pa55") && !show.stdout.contains("file-secret"))
        // A typo in the file stops every command with file:line:column and the key.
        try "port: 9000\nwatch:\n  batch_sise: 5\n".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try DatelineProcess(["config", "show"], environment: ["DATELINE_CONFIG": file])
        #expect(try await bad.finish() == 2)
        #expect(bad.stderr.contains("\(file):3:3: watch.batch_sise: unknown key"), "\(bad.stderr)")
    }

    static func count(_ context: DatabaseContext, _ query: PostgresQuery) async throws -> Int {
        for try await value in try await context.client.query(query, logger: context.logger).decode(Int.self) { return value }
        return 0
    }
}
