import DatelineCore
import Foundation
import Testing
@testable import DatelineRules

/// One rule with the given `match:` block (and extra rule lines) against one change.
private func fires(_ match: String, extra: String = "", _ change: EventChange) throws -> RuleMatch? {
    let engine = try Fixtures.engine("""
        rules:
          - name: r
            match: \(match)
            notify: [stdout]
        \(extra.isEmpty ? "" : "    " + extra)
        """)
    var state = RuleState()
    return engine.process(change, context: Fixtures.context, state: &state).matches.first
}

@Suite("Matching: each filter")
struct MatchingTests {
    let t0 = Fixtures.time()

    @Test("kinds")
    func kinds() throws {
        let resignation = Fixtures.change(1, Fixtures.event(id: 1, kind: .resignation), at: t0)
        let ruling = Fixtures.change(2, Fixtures.event(id: 2, kind: .ruling), at: t0)
        #expect(try fires("{kinds: [resignation, dismissal]}", resignation)?.reasons == ["new resignation event 1", "kind is resignation"])
        #expect(try fires("{kinds: [resignation, dismissal]}", ruling) == nil)
    }

    @Test("status and previous status")
    func status() throws {
        let expected = Fixtures.change(1, Fixtures.event(id: 1, kind: .resignation, status: .expected), at: t0)
        #expect(try fires("{status: [expected]}", expected) != nil)
        #expect(try fires("{status: [occurred]}", expected) == nil)
        let confirmed = Fixtures.change(2, Fixtures.event(id: 1, kind: .resignation, status: .occurred),
                                        kind: .statusChange, previous: .expected, at: t0)
        let match = try fires("{previous_status: [expected], status: [occurred]}", confirmed)
        #expect(match?.reasons.contains("status changed from expected to occurred") == true)
        #expect(try fires("{previous_status: [reported]}", confirmed) == nil)
        // A new event has no previous status.
        #expect(try fires("{previous_status: [expected]}", extra: "on: [new, status_change]", expected) == nil)
    }

    @Test("on: which changes a rule reacts to")
    func onChangeKinds() throws {
        let event = Fixtures.event(id: 1, kind: .hearing, status: .expected, date: .day(try #require(CalendarDate(iso: "2025-04-20"))))
        let refined = EventChange(sequence: 5, kind: .dateRefined, event: event, previousDate: .month(year: 2025, month: 4),
                                  recordedAt: t0)
        #expect(try fires("{kinds: [hearing]}", refined) == nil, "default is on: [new]")
        let match = try fires("{kinds: [hearing]}", extra: "on: [date_refined]", refined)
        #expect(match?.reasons.first == "hearing event 1 date refined from 2025-04 to 2025-04-20")
        #expect(try fires("{kinds: [hearing]}", extra: "on: [new, status_change]", refined) == nil)
    }

    @Test("entities resolve through aliases")
    func entities() throws {
        let change = Fixtures.change(1, Fixtures.event(id: 1, kind: .lawsuit, subject: Fixtures.justice, organization: Fixtures.irs), at: t0)
        #expect(try fires("{entities: [IRS]}", change)?.reasons.last == "involves IRS")
        #expect(try fires("{entities: [\"internal revenue  service\"]}", change) != nil)
        #expect(try fires("{entities: [Billy Long, Jane Roe]}", change) == nil)
    }

    @Test("watchlists")
    func watchlists() throws {
        let onList = Fixtures.change(1, Fixtures.event(id: 1, kind: .resignation, subject: Fixtures.werfel), at: t0)
        let offList = Fixtures.change(2, Fixtures.event(id: 2, kind: .resignation, subject: Fixtures.doe), at: t0)
        #expect(try fires("{watchlist: irs-leadership}", onList)?.reasons.last == "Danny Werfel on watchlist irs-leadership")
        #expect(try fires("{watchlist: irs-leadership}", offList) == nil)
        #expect(try fires("{watchlists: [cabinet, irs-leadership]}", onList) != nil)
    }

    @Test("organization and post are role-specific")
    func organizationAndPost() throws {
        let change = Fixtures.change(1, Fixtures.event(id: 1, kind: .dismissal, subject: Fixtures.werfel, organization: Fixtures.irs,
                                                       post: Fixtures.commissioner), at: t0)
        #expect(try fires("{organization: IRS}", change)?.reasons.last == "organization is IRS")
        #expect(try fires("{organization: Danny Werfel}", change) == nil, "the subject is not the organization")
        #expect(try fires("{posts: [Commissioner of Internal Revenue]}", change) != nil)
        #expect(try fires("{posts: [Internal Revenue Service]}", change) == nil)
    }

    @Test("event date windows: absolute and relative to the change's day, fuzzy dates overlap")
    func eventDate() throws {
        let april = try #require(FuzzyDate.month(year: 2025, month: 4))
        let change = Fixtures.change(1, Fixtures.event(id: 1, kind: .hearing, date: april), at: t0)  // recorded 2025-04-01
        #expect(try fires("{event_date: {from: 2025-04-15, to: 2025-05-31}}", change) != nil)
        #expect(try fires("{event_date: {from: 2025-05-01}}", change) == nil)
        #expect(try fires("{event_date: {from: today, to: +14d}}", change) != nil)
        #expect(try fires("{event_date: {to: -1d}}", change) == nil)
        let undated = Fixtures.change(2, Fixtures.event(id: 2, kind: .hearing), at: t0)
        #expect(try fires("{event_date: {from: 2025-01-01}}", undated) == nil)
    }

    @Test("reported_within compares the publication date with the day the change is recorded")
    func reportedWithin() throws {
        let event = Fixtures.event(id: 1, kind: .charge)
        let fresh = Fixtures.change(1, event, at: t0, published: CalendarDate(iso: "2025-03-28"))
        let stale = Fixtures.change(2, event, at: t0, published: CalendarDate(iso: "2025-01-10"))
        #expect(try fires("{reported_within: 7d}", fresh) != nil)
        #expect(try fires("{reported_within: 7d}", stale) == nil)
    }

    @Test("minimum sources and confidence")
    func minimums() throws {
        let change = Fixtures.change(1, Fixtures.event(id: 1, kind: .ruling, confidence: 0.62, sources: 2), at: t0)
        #expect(try fires("{min_sources: 2, min_confidence: 0.6}", change)?.reasons.suffix(2)
            == ["2 sources (at least 2)", "confidence 0.62 (at least 0.6)"])
        #expect(try fires("{min_sources: 3}", change) == nil)
        #expect(try fires("{min_confidence: 0.7}", change) == nil)
    }

    @Test("text conditions on the evidence sentences")
    func text() throws {
        let change = Fixtures.change(1, Fixtures.event(id: 1, kind: .lawsuit),
                                     evidence: ["The group sued over immigration detention rules on Monday."], at: t0)
        #expect(try fires("{text: \"ICE OR immigration\"}", change)?.reasons.last == "evidence matches ICE OR immigration")
        #expect(try fires("{text: \"immigration -detention\"}", change) == nil)
        #expect(try fires("{text: '\"detention rules\"'}", change) != nil)
    }

    @Test("a match carries channels, group key and a dedupe key of rule, event and change")
    func matchShape() throws {
        let change = Fixtures.change(42, Fixtures.event(id: 7, kind: .charge), at: t0)
        let match = try #require(try fires("{kinds: [charge]}", change))
        #expect(match.rule == "r" && match.channels == ["stdout"] && match.groupKey == "all")
        #expect(match.dedupeKey == "r/7/42")
        #expect(match.firedAt == t0 && match.trigger == .match)
    }

    @Test("ISO timestamps from the store become dates")
    func timestamps() throws {
        #expect(EventChange.date(iso: "2025-04-01T00:00:00Z") == t0)
        #expect(EventChange.date(iso: "2025-04-01T02:30:00.500+02:00") == t0.addingTimeInterval(1800.5))
        #expect(EventChange.date(iso: "2025-04-01") == nil)
        #expect(EventChange.date(iso: "2025-04-01T25:00:00Z") == nil)
    }
}
