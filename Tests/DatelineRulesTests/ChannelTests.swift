import DatelineCore
import Testing
@testable import DatelineRules

@Suite("Channels: environment expansion, secrets and masking")
struct ChannelTests {
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    let hookURL = "https://hooks.slack.com/services/T000/B000/XXXXSECRETPATH"

    @Test("${VAR} is expanded in url, secret and path from the injected environment")
    func expansion() throws {
        let file = try Fixtures.ruleFile("""
            rules:
              - name: a
                match: {kinds: [ruling]}
                notify: [hook, log]
            channels:
              - name: hook
                type: webhook
                url: ${HOOK_URL}
                secret: ["${NEW_SECRET}", "${OLD_SECRET}"]   # quoted: { starts a mapping in [ ]
              - name: log
                type: file
                path: ${ALERT_DIR}/alerts.jsonl
            """, environment: [
                "HOOK_URL": hookURL, "NEW_SECRET": secret, "OLD_SECRET": "whsec_b2xkc2VjcmV0b2xkc2VjcmV0", "ALERT_DIR": "/var/dateline",
            ])
        let hook = try #require(file.channel(named: "hook"))
        #expect(hook.url == hookURL)
        #expect(hook.secrets == [secret, "whsec_b2xkc2VjcmV0b2xkc2VjcmV0"])
        #expect(hook.format == .json)
        #expect(file.channel(named: "log")?.path == "/var/dateline/alerts.jsonl")
    }

    @Test("an unset variable is an error naming it, at the value")
    func unsetVariable() throws {
        let diagnostic = try #require(Fixtures.diagnostics("""
            rules: []
            channels:
              - name: hook
                type: webhook
                url: ${SLACK_WEBHOOK_URL}
            """).first)
        #expect(diagnostic.code == "unset_variable")
        #expect((diagnostic.position.line, diagnostic.position.column) == (5, 10))
        #expect(diagnostic.message.contains("SLACK_WEBHOOK_URL is not set"))
    }

    @Test("secrets and URL paths never appear in messages")
    func masking() {
        let leaked = "whsec_not base64 at all!"
        let diagnostics = Fixtures.diagnostics("""
            rules: []
            channels:
              - name: hook
                type: webhook
                url: ${HOOK_URL}
                secret: ${SECRET}
            """, environment: ["HOOK_URL": "ftp://files.example.org/private/token-123", "SECRET": leaked])
        #expect(diagnostics.map(\.code) == ["bad_value", "bad_value"])
        let text = diagnostics.map(\.description).joined(separator: "\n")
        #expect(!text.contains("token-123"))
        #expect(!text.contains("not base64"))
        #expect(text.contains("ftp://files.example.org/…"))
        let error = RulesError.invalidRuleFile(file: "f", diagnostics: diagnostics)
        #expect(!error.message.contains("token-123") && !error.message.contains("not base64"))
    }

    @Test("printing a rule file never shows secrets or webhook paths")
    func descriptionIsMasked() throws {
        let file = try Fixtures.ruleFile("""
            rules:
              - name: a
                match: {kinds: [ruling]}
                notify: [hook]
            channels:
              - name: hook
                type: webhook
                url: ${HOOK_URL}
                secret: ${SECRET}
                rate_limit: 30/m
            """, environment: ["HOOK_URL": hookURL, "SECRET": secret])
        for text in [String(describing: file), String(reflecting: file), "\(file)"] {
            #expect(!text.contains("XXXXSECRETPATH") && !text.contains(secret))
        }
        #expect(file.explainChannels() == ["hook: webhook, json to https://hooks.slack.com/…, signed (1 secret), at most 30 per 60s"])
    }

    @Test("channel options: defaults, type-specific keys, rotation")
    func options() throws {
        let file = try Fixtures.ruleFile("""
            rules: []
            channels:
              - name: console
                type: stdout
              - name: teams
                type: webhook
                format: teams
                url: https://example.webhook.office.com/x
                allow_private_network: true
                max_in_flight: 4
                timeout: 30s
                template: templates/teams.mustache
            """)
        #expect(file.channel(named: "console")?.format == .text)
        let teams = try #require(file.channel(named: "teams"))
        #expect(teams.allowPrivateNetwork && teams.maxInFlight == 4 && teams.timeoutSeconds == 30)
        #expect(teams.template == "templates/teams.mustache")
        let diagnostics = Fixtures.diagnostics("""
            rules: []
            channels:
              - name: console
                type: stdout
                format: slack
                path: out.txt
              - name: log
                type: file
                path: a.jsonl
                rotate: size
                max_size: lots
              - name: hook
                type: webhok
            """)
        #expect(diagnostics.map { "\($0.position.line):\($0.position.column) \($0.code)" }
            == ["5:13 bad_value", "6:11 bad_value", "11:15 bad_size", "13:11 bad_value"])
        #expect(diagnostics.last?.message.contains("did you mean 'webhook'?") == true)
    }
}
