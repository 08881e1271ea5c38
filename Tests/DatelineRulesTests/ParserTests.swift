import DatelineCore
import Foundation
import Testing
@testable import DatelineRules

@Suite("AlertRule file parsing and validation")
struct ParserTests {
    let environment = [
        "SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T000/B000/XXXXSECRETPATH",
        "ALERTS_WEBHOOK_URL": "https://alerts.example.org/hooks/dateline?token=hunter2",
        "DATELINE_WEBHOOK_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    ]

    @Test("the sample newsroom file is valid and parses into rules and channels")
    func sampleFile() throws {
        let url = Fixtures.samplesDirectory.appendingPathComponent("newsroom.yaml")
        let yaml = try String(contentsOf: url, encoding: .utf8)
        let file = try RuleFileParser.parse(yaml: yaml, file: "newsroom.yaml", environment: environment,
                                            knownWatchlists: ["irs-leadership"])
        #expect(file.rules.map(\.name) == [
            "irs-leadership-exits", "exodus", "long-confirmation-watch", "departures-confirmed",
            "immigration-litigation", "upcoming-hearings",
        ])
        let slack = try #require(file.channel(named: "newsroom-slack"))
        #expect(slack.type == .webhook && slack.format == .slack)
        #expect(slack.url == environment["SLACK_WEBHOOK_URL"])
        #expect(slack.retrySchedule == ChannelConfig.defaultRetrySchedule)
        #expect(slack.rateLimit == ChannelConfig.RateLimit(count: 1, perSeconds: 1))
        let partner = try #require(file.channel(named: "partner-webhook"))
        #expect(partner.secrets == ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])
        #expect(partner.rateLimit == ChannelConfig.RateLimit(count: 30, perSeconds: 60))
        #expect(file.channel(named: "alerts-file")?.rotate == .size(bytes: 10 * 1_048_576))
        #expect(file.channel(named: "email-digest-file")?.rotate == .daily)
        let exits = try #require(file.rule(named: "irs-leadership-exits"))
        #expect(exits.on == [.new, .statusChange])
        #expect(exits.throttle?.seconds == 3600)
        #expect(exits.primaryFilter.kinds == [.resignation, .dismissal])
        #expect(exits.primaryFilter.statuses == [.expected, .reported, .occurred])
        #expect(exits.primaryFilter.minConfidence == 0.5)
        // previous_status alone makes the rule react to status changes.
        #expect(file.rule(named: "departures-confirmed")?.on == [.statusChange])
        #expect(file.rule(named: "upcoming-hearings")?.primaryFilter.eventDate == RuleFilter.DateWindow(from: .relativeDays(0), to: .relativeDays(14)))
    }

    @Test("the sample file with errors reports each one with its line and column")
    func sampleWithErrors() throws {
        let url = Fixtures.samplesDirectory.appendingPathComponent("with-errors.yaml")
        let yaml = try String(contentsOf: url, encoding: .utf8)
        let result = RuleFileParser.validate(yaml: yaml, file: "with-errors.yaml", environment: [:])
        #expect(result.ruleFile == nil)
        let found = result.diagnostics.map { "\($0.position.line):\($0.position.column) \($0.code)" }
        #expect(found == [
            "6:15 unknown_kind", "10:5 unknown_key", "14:15 bad_duration", "18:14 unknown_channel", "19:11 duplicate_name",
            "25:20 wrong_type", "30:13 bad_text_query", "36:10 unset_variable", "40:13 missing_key",
        ])
        #expect(result.diagnostics.allSatisfy { $0.position.file == "with-errors.yaml" })
    }

    @Test("unknown kind: position of the value and a suggestion")
    func unknownKind() throws {
        let diagnostics = Fixtures.diagnostics("""
            rules:
              - name: a
                match:
                  kinds: [resignation, dismisal]
                notify: [stdout]
            """)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.code == "unknown_kind")
        #expect((diagnostic.position.line, diagnostic.position.column) == (4, 28))
        #expect(diagnostic.message.contains("did you mean 'dismissal'?"))
        #expect(diagnostic.description.hasPrefix("test.yaml:4:28: "))
    }

    @Test("unknown watchlist only when a set of known watchlists is given")
    func unknownWatchlist() throws {
        let yaml = """
            rules:
              - name: a
                match: {watchlist: irs-leadrship}
                notify: [stdout]
            """
        #expect(Fixtures.diagnostics(yaml).isEmpty)
        let diagnostics = Fixtures.diagnostics(yaml, knownWatchlists: ["irs-leadership", "cabinet"])
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.code == "unknown_watchlist")
        #expect((diagnostic.position.line, diagnostic.position.column) == (3, 24))
        #expect(diagnostic.message.contains("did you mean 'irs-leadership'?"))
    }

    @Test("unknown key with a suggestion, at the key")
    func unknownKey() throws {
        let diagnostics = Fixtures.diagnostics("""
            rules:
              - name: exodus
                match: {kinds: [resignation]}
                treshold: {count: 3, within: 30d}
                notify: [stdout]
            """)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.code == "unknown_key")
        #expect((diagnostic.position.line, diagnostic.position.column) == (4, 5))
        #expect(diagnostic.message == "unknown key 'treshold' in rule 'exodus' (did you mean 'threshold'?)")
    }

    @Test("bad durations anywhere: throttle, threshold window, retry schedule")
    func badDurations() {
        let diagnostics = Fixtures.diagnostics("""
            rules:
              - name: a
                match: {kinds: [resignation]}
                threshold: {count: 3, within: 30days}
                throttle: 1x
                notify: [hook]
            channels:
              - name: hook
                type: webhook
                url: https://example.org/hook
                retry: {schedule: [5s, soon]}
            """)
        let found = diagnostics.map { "\($0.position.line):\($0.position.column) \($0.code)" }
        #expect(found == ["4:35 bad_duration", "5:15 bad_duration", "11:28 bad_duration"])
    }

    @Test("bad rate limits and sizes point at the value")
    func badRateAndSize() {
        let diagnostics = Fixtures.diagnostics("""
            rules: []
            channels:
              - name: hook
                type: webhook
                url: https://example.org/hook
                rate_limit: fast
              - name: log
                type: file
                path: a.jsonl
                rotate: size
                max_size: 10 parsecs
            """)
        #expect(diagnostics.map { "\($0.position.line):\($0.position.column) \($0.code)" } == ["6:17 bad_rate", "11:15 bad_size"])
        #expect(diagnostics.first?.message.contains("write a rate like 1/s, 30/m or 100/h") == true)
    }

    @Test("notify must name a channel of the file or a known one")
    func unknownChannel() throws {
        let yaml = """
            rules:
              - name: a
                match: {kinds: [ruling]}
                notify: [stdout, court-desk]
            """
        let diagnostic = try #require(Fixtures.diagnostics(yaml).first)
        #expect(diagnostic.code == "unknown_channel")
        #expect((diagnostic.position.line, diagnostic.position.column) == (4, 22))
        let known = RuleFileParser.validate(yaml: yaml, file: "t", environment: [:], knownChannels: ["stdout", "court-desk"])
        #expect(known.isValid)
    }

    @Test("wrong types say what was expected")
    func wrongType() throws {
        let diagnostics = Fixtures.diagnostics("""
            rules:
              - name: a
                match:
                  kinds: {resignation: yes}
                  min_confidence: high
                notify: stdout
            """)
        let found = diagnostics.map { "\($0.position.line):\($0.position.column) \($0.code)" }
        #expect(found == ["4:14 wrong_type", "5:23 wrong_type"])
        #expect(diagnostics.first?.message.contains("should be a list of values, not a mapping") == true)
    }

    @Test("duplicate rule names point at the second one and the first's line")
    func duplicateName() throws {
        let diagnostic = try #require(Fixtures.diagnostics("""
            rules:
              - name: a
                match: {kinds: [ruling]}
                notify: [stdout]
              - name: a
                match: {kinds: [charge]}
                notify: [stdout]
            """).first)
        #expect(diagnostic.code == "duplicate_name")
        #expect((diagnostic.position.line, diagnostic.position.column) == (5, 11))
        #expect(diagnostic.message.contains("first defined at line 2"))
    }

    @Test("YAML syntax errors carry the parser's position")
    func yamlSyntax() throws {
        let diagnostic = try #require(Fixtures.diagnostics("""
            rules:
              - name: a
                match: {kinds: [ruling]
                notify: [stdout]
            """).first)
        #expect(diagnostic.code == "yaml_syntax")
        #expect((diagnostic.position.line, diagnostic.position.column) == (4, 5))
        #expect(diagnostic.message.contains("(while parsing a flow mapping at line 3)"))
        let tab = try #require(Fixtures.diagnostics("rules:\n\t- name: a\n").first)
        #expect(tab.code == "yaml_syntax" && (tab.position.line, tab.position.column) == (2, 1))
        let duplicate = try #require(Fixtures.diagnostics("rules:\n  - name: a\n    notify: [stdout]\n    name: b\n").first)
        #expect(duplicate.code == "duplicate_key")
        #expect((duplicate.position.line, duplicate.position.column) == (2, 5))
        #expect(duplicate.message == "duplicate key 'name' in one mapping")
    }

    @Test("every problem is reported, not just the first")
    func allDiagnostics() {
        let diagnostics = Fixtures.diagnostics("""
            rules:
              - name: a
                match: {kinds: [resignaton], status: [confirmed]}
                on: [created]
                notify: [nowhere]
              - match: {kinds: [ruling]}
                notify: [stdout]
            """)
        #expect(diagnostics.map(\.code) == ["unknown_kind", "bad_value", "bad_value", "unknown_channel", "missing_key"])
    }

    @Test("rule shape: match or deadline, threshold needs match")
    func ruleShape() {
        let diagnostics = Fixtures.diagnostics("""
            rules:
              - name: neither
                notify: [stdout]
              - name: both
                match: {kinds: [ruling]}
                deadline: {after: {kinds: [nomination]}, expect: {kinds: [hearing]}, within: 60d}
                notify: [stdout]
              - name: incomplete-deadline
                deadline: {after: {kinds: [nomination]}}
                notify: [stdout]
            """)
        #expect(diagnostics.map(\.code) == ["missing_key", "bad_value", "missing_key", "missing_key"])
    }

    @Test("event_date and reported_within")
    func dateConditions() throws {
        let file = try Fixtures.ruleFile("""
            rules:
              - name: a
                match:
                  event_date: {from: 2025-01-01, to: -7d}
                  reported_within: 7d
                notify: [stdout]
            """)
        let filter = try #require(file.rules.first?.primaryFilter)
        #expect(filter.eventDate == RuleFilter.DateWindow(from: .date(try #require(CalendarDate(iso: "2025-01-01"))), to: .relativeDays(-7)))
        #expect(filter.reportedWithin?.seconds == 604_800)
        let diagnostics = Fixtures.diagnostics("""
            rules:
              - name: a
                match:
                  event_date: {from: 2025-13-01, to: -7h}
                notify: [stdout]
            """)
        #expect(diagnostics.map { "\($0.position.line):\($0.position.column) \($0.code)" } == ["4:26 bad_date", "4:42 bad_date"])
    }

    @Test("kinds a newsroom adds are accepted when passed as known kinds")
    func customKinds() throws {
        let yaml = """
            rules:
              - name: a
                match: {kinds: [merger]}
                notify: [stdout]
            """
        #expect(Fixtures.diagnostics(yaml).map(\.code) == ["unknown_kind"])
        let file = try RuleFileParser.parse(yaml: yaml, file: "t", environment: [:], knownKinds: RuleFileParser.builtInKinds.union(["merger"]))
        #expect(file.rules.first?.primaryFilter.kinds.map(\.rawValue) == ["merger"])
    }

    @Test("the thrown error lists every diagnostic and is an input error")
    func thrownError() {
        #expect {
            try RuleFileParser.parse(yaml: "rules:\n  - name: bad name!\n    match: {}\n", file: "x.yaml", environment: [:])
        } throws: { error in
            guard let error = error as? RulesError else { return false }
            return error.code == "invalid_rule_file" && error.category == .invalidInput && error.diagnostics.count == 2
                && error.message.hasPrefix("x.yaml: 2 problems in the rule file\nx.yaml:2:5: the rule needs a 'notify:'")
                && error.message.contains("\nx.yaml:2:11: rule name 'bad name!' should use only")
        }
    }

    @Test("empty files and unsupported versions")
    func emptyAndVersion() {
        #expect(Fixtures.diagnostics("").map(\.code) == ["empty"])
        #expect(Fixtures.diagnostics("# only a comment\n").map(\.code) == ["empty"])
        #expect(Fixtures.diagnostics("version: 2\nrules: []\n").map(\.code) == ["bad_value"])
        #expect(Fixtures.diagnostics("- a\n- b\n").map(\.code) == ["wrong_type"])
    }

    @Test("several files combine; a rule name defined twice is an error at the second")
    func combining() throws {
        let a = try RuleFileParser.parse(yaml: "rules:\n  - name: r1\n    match: {kinds: [ruling]}\n    notify: [stdout]\n",
                                         file: "a.yaml", environment: [:])
        let b = try RuleFileParser.parse(yaml: "rules:\n  - name: r2\n    match: {kinds: [charge]}\n    notify: [stdout]\n",
                                         file: "b.yaml", environment: [:])
        #expect(try RuleFile.combined([a, b]).rules.map(\.name) == ["r1", "r2"])
        #expect {
            try RuleFile.combined([a, b, a])
        } throws: { error in
            (error as? RulesError)?.diagnostics.map(\.description) == ["a.yaml:2:5: duplicate rule name 'r1' (first defined in a.yaml:2:5)"]
        }
    }

    @Test("YAML anchors and merge keys share settings between rules")
    func mergeKeys() throws {
        let file = try Fixtures.ruleFile("""
            rules:
              - &departures
                name: departures
                match: {kinds: [resignation, dismissal]}
                notify: [stdout]
                throttle: 1h
              - <<: *departures
                name: departures-quiet
                throttle: 1d
            """)
        #expect(file.rules.map(\.name) == ["departures", "departures-quiet"])
        #expect(file.rules.map { $0.throttle?.description } == ["1h", "1d"])
        #expect(file.rules[1].primaryFilter.kinds == [.resignation, .dismissal])
        let duplicate = Fixtures.diagnostics("""
            rules:
              - &departures
                name: departures
                match: {kinds: [resignation]}
                notify: [stdout]
              - <<: *departures
                throttle: 1d
            """)
        #expect(duplicate.map { "\($0.position.line):\($0.position.column) \($0.code)" } == ["6:5 duplicate_name"])
    }

    @Test("an empty notify list and an unknown change kind")
    func emptyNotifyAndUnknownOn() {
        let diagnostics = Fixtures.diagnostics("""
            rules:
              - name: a
                match: {kinds: [ruling]}
                on: [new, status_changed]
                notify:
            """)
        #expect(diagnostics.map(\.code) == ["bad_value", "missing_key"])
        #expect(diagnostics.first?.message.contains("did you mean 'status_change'?") == true)
        #expect(diagnostics.last?.message.contains("lists no channel") == true)
    }
}
