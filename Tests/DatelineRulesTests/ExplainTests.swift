import Testing
@testable import DatelineRules

@Suite("Explaining rules in plain English")
struct ExplainTests {
    @Test("one line per rule")
    func explainLines() throws {
        let file = try Fixtures.ruleFile("""
            rules:
              - name: irs-leadership-exits
                match:
                  kinds: [resignation, dismissal]
                  watchlist: irs-leadership
                  status: [expected, reported, occurred]
                  min_sources: 1
                  min_confidence: 0.5
                  text: "ICE OR immigration"
                on: [new, status_change]
                notify: [newsroom-slack, stdout]
                throttle: 1h
              - name: exodus
                match: {kinds: [resignation, dismissal], watchlist: irs-leadership}
                threshold: {count: 3, within: 30d, group_by: organization}
                notify: [newsroom-slack]
              - name: long-confirmation-watch
                deadline: {after: {kinds: [nomination], entities: ["Billy Long"]},
                           expect: {kinds: [hearing, appointment]}, within: 60d}
                notify: [stdout]
            channels:
              - name: newsroom-slack
                type: webhook
                format: slack
                url: https://hooks.slack.com/services/x
            """)
        #expect(file.explain() == [
            "irs-leadership-exits: on new or status-changed resignation/dismissal events on watchlist irs-leadership with status expected/reported/occurred, ≥1 source, confidence ≥ 0.5, evidence matching ICE OR immigration → newsroom-slack, stdout; at most once per 1h",
            "exodus: when at least 3 new resignation/dismissal events on watchlist irs-leadership arrive within 30d per organization → newsroom-slack",
            "long-confirmation-watch: after new nomination events involving Billy Long, expect hearing/appointment events involving the same principal within 60d; alert at the deadline if none arrives → stdout",
        ])
    }
}
