import DatelineApp
import DatelineCore
import DatelineExtraction
import DatelineNotify
import DatelineServer
import DatelineStorage
import DatelineTesting
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Runs `body` against the API on a live HTTP server over a fresh database, with a token per
/// scope and the database context (to run the watcher and a delivery worker). Tests that read
/// the change feed (watcher, backtest) use the `feed` cluster, which other suites' transactions
/// cannot hold back.
private func withAlertingAPI(
    cluster: TestDatabase.Cluster = .shared, _ body: @Sendable (any TestClientProtocol, [TokenScope: String], DatabaseContext) async throws -> Void
) async throws {
    try await TestDatabase.withDatabase(cluster: cluster) { context in
        var tokens: [TokenScope: String] = [:]
        for scope in TokenScope.allCases { tokens[scope] = try await context.tokens.create(name: "test-\(scope)", scope: scope).token }
        let api = APIServer(context: context, extractor: try Extractor(), maxArticleBytes: 100_000)
        let app = Application(router: api.makeRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: context.logger)
        let frozen = tokens
        try await app.test(.live) { client in try await body(client, frozen, context) }
    }
}

private func yamlHeaders(_ token: String?) -> HTTPFields {
    var headers = bearer(token)
    headers[.contentType] = "text/yaml"
    return headers
}

private func json(_ value: [String: Any]) -> ByteBuffer {
    ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data())
}

private func bodyText(_ buffer: ByteBuffer) -> String { String(buffer: buffer) }

private let hookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

/// Three appointment articles (sample text written for these tests).
private let appointmentArticles = [
    #"{"headline": "Port authority names director", "text": "The Harbor Port Authority appointed Lena Varga as executive director on Friday.", "published": "2026-03-09", "url": "https://example.org/a/1", "source": "Harbor Gazette"}"#,
    #"{"headline": "Water board picks chief", "text": "The Valley Water Board appointed Tomas Okafor as chief engineer on Monday.", "published": "2026-03-10", "url": "https://example.org/a/2", "source": "Valley Times"}"#,
    #"{"headline": "Library names head", "text": "The City Library Trust appointed Mira Castell as head librarian on Tuesday.", "published": "2026-03-11", "url": "https://example.org/a/3", "source": "City Post"}"#,
]

@Suite("Rules, channels, alerts and deliveries through the real HTTP stack")
struct AlertingAPITests {
    @Test("rules: validate explains or lists errors with line and column; apply is admin-only and versioned; list, show, silence")
    func rules() async throws {
        try await withAlertingAPI { client, tokens, _ in
            let good = """
                rules:
                  - name: appointments
                    match: {kinds: [appointment]}
                    notify: [stdout]
                """
            try await client.execute(uri: "/v1/rules/validate", method: .post, headers: yamlHeaders(nil), body: ByteBuffer(string: good)) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/rules/validate", method: .post, headers: yamlHeaders(tokens[.read]), body: ByteBuffer(string: good)) { response in
                #expect(response.status == .ok)
                let rules = object(response.body)["rules"] as? [[String: Any]] ?? []
                #expect(rules.first?["name"] as? String == "appointments")
                #expect((rules.first?["explanation"] as? String)?.contains("appointment") == true)
            }
            let bad = "rules:\n  - name: broken\n    match: {kinds: [apointment]}\n    notify: [nowhere]\n"
            try await client.execute(uri: "/v1/rules/validate", method: .post, headers: bearer(tokens[.read]), body: json(["yaml": bad])) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType] == "application/problem+json")
                let errors = object(response.body)["errors"] as? [[String: Any]] ?? []
                #expect(errors.count == 2)
                #expect(errors.first?["line"] as? Int == 3)
                #expect((errors.first?["column"] as? Int ?? 0) > 1)
                #expect(errors.contains { $0["code"] as? String == "unknown_channel" && $0["line"] as? Int == 4 })
            }
            try await client.execute(uri: "/v1/rules/validate", method: .post, headers: bearer(tokens[.read]), body: json(["yml": good])) {
                #expect($0.status == .unprocessableContent)
            }
            try await client.execute(uri: "/v1/rules/validate", method: .post, headers: bearer(tokens[.read]), body: ByteBuffer(string: "{nope")) {
                #expect($0.status == .badRequest)
            }
            // Apply: admin only, one transaction, versioned.
            try await client.execute(uri: "/v1/rules", method: .post, headers: yamlHeaders(tokens[.write]), body: ByteBuffer(string: good)) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v1/rules", method: .post, headers: yamlHeaders(tokens[.admin]), body: ByteBuffer(string: bad)) { response in
                #expect(response.status == .unprocessableContent)
                #expect((object(response.body)["errors"] as? [Any])?.count == 2)
            }
            try await client.execute(uri: "/v1/rules", method: .post, headers: yamlHeaders(tokens[.admin]), body: ByteBuffer(string: good)) { response in
                #expect(response.status == .ok)
                #expect(object(response.body)["added"] as? [String] == ["appointments"])
            }
            try await client.execute(uri: "/v1/rules", method: .post, headers: yamlHeaders(tokens[.admin]), body: ByteBuffer(string: good)) { response in
                #expect(object(response.body)["unchanged"] as? [String] == ["appointments"])
            }
            let changed = good.replacingOccurrences(of: "[appointment]", with: "[appointment, nomination]")
            try await client.execute(uri: "/v1/rules", method: .post, headers: bearer(tokens[.admin]), body: json(["yaml": changed])) { response in
                #expect(object(response.body)["updated"] as? [String] == ["appointments"])
            }
            // ${VAR} is never expanded from API input.
            let withVariable = good + "\nchannels:\n  - name: hook\n    type: webhook\n    url: ${HOME}\n"
            try await client.execute(uri: "/v1/rules", method: .post, headers: yamlHeaders(tokens[.admin]), body: ByteBuffer(string: withVariable)) { response in
                #expect(response.status == .unprocessableContent)
                let errors = object(response.body)["errors"] as? [[String: Any]] ?? []
                #expect(errors.first?["code"] as? String == "unset_variable")
                #expect(errors.first?["line"] as? Int == 8)
            }
            try await client.execute(uri: "/v1/rules", method: .get, headers: bearer(tokens[.read])) { response in
                let rules = object(response.body)["rules"] as? [[String: Any]] ?? []
                #expect(rules.count == 1)
                #expect(rules.first?["version"] as? Int == 2)
            }
            try await client.execute(uri: "/v1/rules/appointments", method: .get, headers: bearer(tokens[.read])) { response in
                #expect(response.status == .ok)
                let versions = object(response.body)["versions"] as? [[String: Any]] ?? []
                #expect(versions.map { $0["version"] as? Int } == [1, 2])
                #expect((versions.last?["definition"] as? [String: Any])?["name"] as? String == "appointments")
            }
            try await client.execute(uri: "/v1/rules/nothing-here", method: .get, headers: bearer(tokens[.read])) { #expect($0.status == .notFound) }
            // Silence.
            try await client.execute(uri: "/v1/rules/appointments/silence", method: .post, headers: bearer(tokens[.read]), body: json(["for": "2h"])) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v1/rules/appointments/silence", method: .post, headers: bearer(tokens[.write]), body: json(["for": "soon"])) { response in
                #expect(response.status == .unprocessableContent)
            }
            try await client.execute(uri: "/v1/rules/nothing-here/silence", method: .post, headers: bearer(tokens[.write]), body: json(["for": "2h"])) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/v1/rules/appointments/silence", method: .post, headers: bearer(tokens[.write]), body: json(["for": "2h"])) { response in
                #expect(response.status == .ok)
                #expect(object(response.body)["silenced_until"] is String)
            }
            try await client.execute(uri: "/v1/rules", method: .get, headers: bearer(tokens[.read])) { response in
                let rules = object(response.body)["rules"] as? [[String: Any]] ?? []
                #expect(rules.first?["silenced_until"] is String)
            }
        }
    }

    @Test("channels: PUT validates each field (422 naming it), never expands ${VAR}; GET never shows secrets; test hits a real receiver")
    func channels() async throws {
        try await withReceiver(secrets: [hookSecret], now: { Date().timeIntervalSince1970 }) { receiver in
            try await withAlertingAPI { client, tokens, context in
                let secretPath = "/hook?token=do-not-show-me"
                let hook: [String: Any] = [
                    "type": "webhook", "format": "json", "url": "http://127.0.0.1:\(receiver.port)\(secretPath)", "secret": hookSecret,
                    "allow_private_network": true, "retry": ["schedule": ["5s", "1m"]], "rate_limit": "2/s",
                ]
                try await client.execute(uri: "/v1/channels/hook", method: .put, headers: bearer(tokens[.write]), body: json(hook)) {
                    #expect($0.status == .forbidden)
                }
                try await client.execute(uri: "/v1/channels/hook", method: .put, headers: bearer(tokens[.admin]), body: json(hook)) { response in
                    #expect(response.status == .created)
                    #expect(!bodyText(response.body).contains(hookSecret))
                    #expect(!bodyText(response.body).contains("do-not-show-me"))
                    #expect(object(response.body)["secret_count"] as? Int == 1)
                }
                try await client.execute(uri: "/v1/channels/hook", method: .put, headers: bearer(tokens[.admin]), body: json(hook)) {
                    #expect($0.status == .ok)
                }
                // Field errors name the field; nothing is stored.
                let cases: [(String, Any, String)] = [
                    ("url", "ftp://example.org/x", "url"), ("format", "telegram", "format"), ("rate_limit", "lots", "rate_limit"),
                    ("retry", ["schedule": ["soon"]], "retry"), ("allow_private_network", "maybe", "allow_private_network"),
                    ("url", "${SLACK_WEBHOOK_URL}", "url"), ("colour", "red", "colour"), ("secret", "hunter2", "secret"),
                ]
                for (key, value, field) in cases {
                    var body = hook
                    body[key] = value
                    try await client.execute(uri: "/v1/channels/other", method: .put, headers: bearer(tokens[.admin]), body: json(body)) { response in
                        #expect(response.status == .unprocessableContent, "\(key)")
                        let errors = object(response.body)["errors"] as? [[String: Any]] ?? []
                        #expect(errors.contains { $0["field"] as? String == field }, "\(key): \(bodyText(response.body))")
                        #expect(!bodyText(response.body).contains("hunter2"))
                    }
                }
                try await client.execute(
                    uri: "/v1/channels/archive", method: .put, headers: bearer(tokens[.admin]), body: json(["type": "file", "path": "/etc/passwd"])
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect((object(response.body)["errors"] as? [[String: Any]])?.first?["field"] as? String == "path")
                }
                try await client.execute(uri: "/v1/channels/hook", method: .put, headers: bearer(tokens[.admin]), body: json(["type": "webhook", "name": "other"])) {
                    #expect($0.status == .unprocessableContent)
                }
                try await client.execute(uri: "/v1/channels/other", method: .get, headers: bearer(tokens[.read])) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/v1/channels", method: .get, headers: bearer(tokens[.read])) { response in
                    let channels = object(response.body)["channels"] as? [[String: Any]] ?? []
                    #expect(channels.map { $0["name"] as? String } == ["hook"])
                    #expect(channels.first?["url"] as? String == "http://127.0.0.1:\(receiver.port)/…")
                    #expect(channels.first?["rate_limit"] as? String == "2/1s")
                    #expect(channels.first?["retry_schedule"] as? [Double] == [5, 60])
                    #expect(!bodyText(response.body).contains(hookSecret) && !bodyText(response.body).contains("do-not-show-me"))
                }
                // One writer: an unchanged PUT keeps a disabled channel disabled, a changed one enables it.
                try await context.deliveries.setChannelDisabled("hook", reason: "410 Gone", now: Date())
                try await client.execute(uri: "/v1/channels/hook", method: .put, headers: bearer(tokens[.admin]), body: json(hook)) { response in
                    #expect(object(response.body)["enabled"] as? Bool == false)
                }
                var changed = hook
                changed["rate_limit"] = "1/s"
                try await client.execute(uri: "/v1/channels/hook", method: .put, headers: bearer(tokens[.admin]), body: json(changed)) { response in
                    #expect(object(response.body)["enabled"] as? Bool == true)
                }
                // Test: a signed message reaches the receiver; its answer is reported.
                try await client.execute(uri: "/v1/channels/hook/test", method: .post, headers: bearer(tokens[.read])) { #expect($0.status == .forbidden) }
                try await client.execute(uri: "/v1/channels/nothing/test", method: .post, headers: bearer(tokens[.write])) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/v1/channels/hook/test", method: .post, headers: bearer(tokens[.write])) { response in
                    #expect(response.status == .ok)
                    let body = object(response.body)
                    #expect(body["ok"] as? Bool == true)
                    #expect(body["status_code"] as? Int == 200)
                    #expect(body["latency_ms"] is Double)
                }
                let received = await receiver.received()
                #expect(received.count == 1)
                #expect(received.first?.signatureError == nil)
                await receiver.script([.status(500)])
                try await client.execute(uri: "/v1/channels/hook/test", method: .post, headers: bearer(tokens[.write])) { response in
                    let body = object(response.body)
                    #expect(body["ok"] as? Bool == false)
                    #expect(body["status_code"] as? Int == 500)
                    #expect(body["classification"] as? String == "retry")
                }
                // Preview renders a stored event without sending.
                var eventID = 0
                try await client.execute(uri: "/v1/articles", method: .post, headers: bearer(tokens[.write]), body: ByteBuffer(string: appointmentArticles[0])) { response in
                    eventID = (object(response.body)["events"] as? [[String: Any]])?.first?["id"] as? Int ?? 0
                }
                try await client.execute(uri: "/v1/channels/hook/preview?event=\(eventID)", method: .get, headers: bearer(tokens[.read])) { response in
                    #expect(response.status == .ok)
                    #expect((object(response.body)["body"] as? String)?.contains("Lena Varga") == true)
                    #expect(!bodyText(response.body).contains(hookSecret))
                }
                #expect(await receiver.received().count == 2)
                try await client.execute(uri: "/v1/channels/hook/preview", method: .get, headers: bearer(tokens[.read])) { #expect($0.status == .unprocessableContent) }
                try await client.execute(uri: "/v1/channels/hook/preview?event=999999", method: .get, headers: bearer(tokens[.read])) { #expect($0.status == .notFound) }
                // `rules apply` writes channels through the same writer: a changed channel is enabled again.
                try await context.deliveries.setChannelDisabled("hook", reason: "410 Gone", now: Date())
                let file = "rules: []\nchannels:\n  - name: hook\n    type: webhook\n    url: \(receiver.url)\n    allow_private_network: true\n"
                try await client.execute(uri: "/v1/rules", method: .post, headers: yamlHeaders(tokens[.admin]), body: ByteBuffer(string: file)) { response in
                    #expect(response.status == .ok)
                    #expect(object(response.body)["channels"] as? [String] == ["hook"])
                }
                try await client.execute(uri: "/v1/channels/hook", method: .get, headers: bearer(tokens[.read])) { response in
                    #expect(object(response.body)["enabled"] as? Bool == true)
                    #expect(object(response.body)["secret_count"] as? Int == 0)
                }
            }
        }
    }

    @Test("alerts and deliveries: filters, cursor pages, why it matched, attempts, retry (409 when delivered), retry-dead; backtest writes nothing")
    func alertsAndDeliveries() async throws {
        try await withReceiver(secrets: [hookSecret], now: { Date().timeIntervalSince1970 }) { receiver in
            try await withAlertingAPI(cluster: .feed) { client, tokens, context in
                let admin = bearer(tokens[.admin]), read = bearer(tokens[.read]), write = bearer(tokens[.write])
                let hook: [String: Any] = ["type": "webhook", "url": receiver.url, "secret": hookSecret, "allow_private_network": true]
                try await client.execute(uri: "/v1/channels/hook", method: .put, headers: admin, body: json(hook)) { #expect($0.status == .created) }
                let rules = "rules:\n  - name: appointments\n    match: {kinds: [appointment]}\n    notify: [hook]\n"
                try await client.execute(uri: "/v1/rules", method: .post, headers: yamlHeaders(tokens[.admin]), body: ByteBuffer(string: rules)) {
                    #expect($0.status == .ok)
                }
                for article in appointmentArticles {
                    try await client.execute(uri: "/v1/articles", method: .post, headers: write, body: ByteBuffer(string: article)) { #expect($0.status == .created) }
                }
                // Backtest the stored rules and a file: the alerts that would fire; nothing written.
                let window: [String: Any] = ["from": "2020-01-01", "to": "2100-01-01"]
                try await client.execute(uri: "/v1/rules/backtest", method: .post, headers: read, body: json(window)) { response in
                    #expect(response.status == .ok)
                    #expect(object(response.body)["count"] as? Int == 3)
                }
                var withFile = window
                withFile["yaml"] = "rules:\n  - name: none\n    match: {kinds: [resignation]}\n    notify: [stdout]\n"
                try await client.execute(uri: "/v1/rules/backtest", method: .post, headers: read, body: json(withFile)) { response in
                    #expect(object(response.body)["count"] as? Int == 0)
                }
                try await client.execute(uri: "/v1/rules/backtest", method: .post, headers: read, body: json(["from": "2026-03-10", "to": "2026-03-01"])) {
                    #expect($0.status == .unprocessableContent)
                }
                try await client.execute(uri: "/v1/rules/backtest", method: .post, headers: read, body: json(["to": "2026-03-01"])) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect((object(response.body)["detail"] as? String)?.hasPrefix("from") == true)
                }
                try await client.execute(uri: "/v1/alerts", method: .get, headers: read) { response in
                    #expect((object(response.body)["alerts"] as? [Any])?.isEmpty == true)
                }
                try await Watcher(client: context.client, logger: context.logger, options: WatcherOptions(once: true)).runOnce()

                // Alerts: pages of one, newest first, each alert once.
                var seen: [Int] = []
                var cursor: String?
                repeat {
                    let uri = "/v1/alerts?limit=1" + (cursor.map { "&cursor=\($0)" } ?? "")
                    try await client.execute(uri: uri, method: .get, headers: read) { response in
                        #expect(response.status == .ok)
                        let body = object(response.body)
                        seen += (body["alerts"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                        cursor = body["next_cursor"] as? String
                    }
                } while cursor != nil && seen.count < 10
                #expect(seen.count == 3)
                #expect(seen == seen.sorted(by: >))
                try await client.execute(uri: "/v1/alerts?rule=other", method: .get, headers: read) { response in
                    #expect((object(response.body)["alerts"] as? [Any])?.isEmpty == true)
                }
                try await client.execute(uri: "/v1/alerts?since=2000-01-01&until=2000-01-02", method: .get, headers: read) { response in
                    #expect((object(response.body)["alerts"] as? [Any])?.isEmpty == true)
                }
                try await client.execute(uri: "/v1/alerts?since=yesterday", method: .get, headers: read) { #expect($0.status == .unprocessableContent) }
                try await client.execute(uri: "/v1/alerts?cursor=garbage", method: .get, headers: read) { #expect($0.status == .unprocessableContent) }
                try await client.execute(uri: "/v1/alerts?event=0", method: .get, headers: read) { #expect($0.status == .unprocessableContent) }
                let alertID = seen.last ?? 0
                var eventID = 0
                try await client.execute(uri: "/v1/alerts/\(alertID)", method: .get, headers: read) { response in
                    #expect(response.status == .ok)
                    let body = object(response.body)
                    let alert = body["alert"] as? [String: Any] ?? [:]
                    #expect(alert["rule"] as? String == "appointments")
                    #expect((alert["reasons"] as? [String])?.isEmpty == false)
                    eventID = (body["event"] as? [String: Any])?["id"] as? Int ?? 0
                    #expect((body["mentions"] as? [[String: Any]])?.first?["sentence"] is String)
                    #expect((body["deliveries"] as? [[String: Any]])?.map { $0["channel"] as? String } == ["hook"])
                }
                try await client.execute(uri: "/v1/alerts?event=\(eventID)", method: .get, headers: read) { response in
                    #expect((object(response.body)["alerts"] as? [[String: Any]])?.map { $0["id"] as? Int } == [alertID])
                }
                try await client.execute(uri: "/v1/alerts/999999", method: .get, headers: read) { #expect($0.status == .notFound) }

                // Deliveries: one accepted, two refused (dead), then retried.
                await receiver.script([.status(200), .status(400), .status(400)])
                let notifier = ChannelNotifier(configuration: NotifyConfiguration(), logger: context.logger)
                let worker = DeliveryWorker(
                    store: context.deliveries, pipeline: DeliveryPipeline(notifier: notifier, gate: ChannelGate()),
                    configuration: DeliveryWorkerConfiguration(owner: "test", concurrency: 1, listen: false), client: context.client,
                    logger: context.logger)
                let drained = try await worker.drain()
                try await notifier.shutdown()
                #expect(drained == 3)
                var dead: [Int] = []
                var delivered = 0
                try await client.execute(uri: "/v1/deliveries?status=dead", method: .get, headers: read) { response in
                    dead = (object(response.body)["deliveries"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                }
                try await client.execute(uri: "/v1/deliveries?status=delivered&channel=hook", method: .get, headers: read) { response in
                    delivered = (object(response.body)["deliveries"] as? [[String: Any]])?.first?["id"] as? Int ?? 0
                }
                #expect(dead.count == 2)
                #expect(delivered > 0)
                var pages = 0
                cursor = nil
                repeat {
                    try await client.execute(uri: "/v1/deliveries?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), method: .get, headers: read) { response in
                        cursor = object(response.body)["next_cursor"] as? String
                        pages += 1
                    }
                } while cursor != nil && pages < 5
                #expect(pages == 2)
                try await client.execute(uri: "/v1/deliveries?status=lost", method: .get, headers: read) { #expect($0.status == .unprocessableContent) }
                try await client.execute(uri: "/v1/deliveries?cursor=\(seen.first ?? 0)", method: .get, headers: read) { #expect($0.status == .unprocessableContent) }
                try await client.execute(uri: "/v1/deliveries/\(dead[0])", method: .get, headers: read) { response in
                    #expect(response.status == .ok)
                    let attempts = object(response.body)["attempts"] as? [[String: Any]] ?? []
                    #expect(attempts.count == 1)
                    #expect(attempts.first?["status_code"] as? Int == 400)
                    #expect(attempts.first?["outcome"] as? String == "rejected")
                }
                try await client.execute(uri: "/v1/deliveries/999999", method: .get, headers: read) { #expect($0.status == .notFound) }
                try await client.execute(uri: "/v1/deliveries/\(dead[0])/retry", method: .post, headers: read) { #expect($0.status == .forbidden) }
                try await client.execute(uri: "/v1/deliveries/\(delivered)/retry", method: .post, headers: write) { response in
                    #expect(response.status == .conflict)
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
                try await client.execute(uri: "/v1/deliveries/\(dead[0])/retry", method: .post, headers: write) { response in
                    #expect(response.status == .ok)
                    #expect(object(response.body)["state"] as? String == "pending")
                    #expect(object(response.body)["attempts"] as? Int == 1)
                }
                try await client.execute(uri: "/v1/deliveries/retry-dead", method: .post, headers: write, body: json(["channel": "elsewhere"])) { response in
                    #expect(object(response.body)["retried"] as? Int == 0)
                }
                try await client.execute(uri: "/v1/deliveries/retry-dead", method: .post, headers: write, body: json(["chanel": "hook"])) {
                    #expect($0.status == .unprocessableContent)
                }
                try await client.execute(uri: "/v1/deliveries/retry-dead", method: .post, headers: write) { response in
                    #expect(response.status == .ok)
                    #expect(object(response.body)["retried"] as? Int == 1)
                }
                try await client.execute(uri: "/v1/deliveries?status=pending", method: .get, headers: read) { response in
                    #expect((object(response.body)["deliveries"] as? [Any])?.count == 2)
                }
                // No response of any route carried the secret.
                for uri in ["/v1/channels", "/v1/channels/hook", "/v1/alerts/\(alertID)", "/v1/deliveries/\(dead[0])", "/v1/rules/appointments"] {
                    try await client.execute(uri: uri, method: .get, headers: read) { #expect(!bodyText($0.body).contains(hookSecret), "\(uri)") }
                }
            }
        }
    }
}
