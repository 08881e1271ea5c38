import DatelineCore
import Testing
@testable import DatelineTimeline

@Suite struct AssemblyTests {
    @Test func ordersByLowerBoundThenCoarserFirstThenCreatedThenID() {
        let t = Fixtures.timeline
        // March 14 (day), 2025 (year, Jan 1 .. ) — the year starts first.
        #expect(t.entries.map(\.id) == [5, 6, 2, 4, 1, 3, 7])
        #expect(t.undated.map(\.id) == [8])
    }

    @Test func monthComesBeforeADayOnItsFirstDay() {
        // The month of April and 1 April share their first day: the month frames the day.
        let ids = Fixtures.timeline.entries.map(\.id)
        let month = ids.firstIndex(of: 2) ?? -1, day = ids.firstIndex(of: 4) ?? -1
        #expect(month < day)
    }

    @Test func tiesBreakOnCreatedThenID() {
        let d = FuzzyDate.day(Fixtures.day(2025, 6, 1))
        func e(_ id: Int64, _ created: String) -> TimelineEntry {
            TimelineEntry(event: Fixtures.event(id, .ruling, .occurred, d, [], created: created))
        }
        let ordered = TimelineAssembler.order([e(3, "2025-06-02T00:00:00Z"), e(9, "2025-06-01T00:00:00Z"), e(1, "2025-06-02T00:00:00Z")])
        #expect(ordered.map(\.id) == [9, 1, 3])
    }

    @Test func partOfMonthSitsBetweenMonthAndDay() {
        let month = FuzzyDate.month(year: 2025, month: 7)
        let early = FuzzyDate.partOfMonth(year: 2025, month: 7, part: .early)
        let first = FuzzyDate.day(Fixtures.day(2025, 7, 1))
        let entries = [(1, first), (2, early), (3, month)].map { id, date in
            TimelineEntry(event: Fixtures.event(Int64(id), .hearing, .occurred, date, [], created: "2025-07-01T00:00:00Z"))
        }
        #expect(TimelineAssembler.order(entries).map(\.id) == [3, 2, 1])
    }

    @Test func pagesCoverEverythingOnceInOrder() throws {
        var seen: [Int64] = []
        var cursor: TimelineCursor?
        var pages = 0
        repeat {
            let page = TimelineAssembler.assemble(Fixtures.entries, title: "T", generatedAt: Fixtures.generatedAt, after: cursor, limit: 3)
            seen += page.allEntries.map(\.id)
            cursor = try page.nextCursor.map { try TimelineCursor(encoded: $0) }
            pages += 1
        } while cursor != nil && pages < 10
        #expect(seen == [5, 6, 2, 4, 1, 3, 7, 8])
        #expect(pages == 3)
    }

    @Test func aZeroLimitStillMakesProgress() throws {
        let page = TimelineAssembler.assemble(Fixtures.entries, title: "T", generatedAt: Fixtures.generatedAt, limit: 0)
        #expect(page.allEntries.map(\.id) == [5])
        #expect(page.nextCursor != nil)
    }

    @Test func cursorRoundTripsAndIsURLSafe() throws {
        for entry in Fixtures.entries {
            let key = TimelineAssembler.key(of: entry)
            let text = key.encoded
            #expect(text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" })
            #expect(try TimelineCursor(encoded: text) == key)
        }
        let undated = try TimelineCursor(encoded: TimelineAssembler.key(of: Fixtures.entries[7]).encoded)
        #expect(undated.isUndated)
    }

    @Test(arguments: ["", "not a cursor!", "djF8eHx8", "AAAA", "djJ8MXwxfHh8MQ", String(repeating: "A", count: 600)])
    func invalidCursorsThrowAClearError(text: String) {
        do {
            _ = try TimelineCursor(encoded: text)
            Issue.record("accepted \(text)")
        } catch let error as TimelineError {
            #expect(error.code == "invalid_cursor")
            #expect(error.category == .invalidInput)
            #expect(error.message.hasPrefix("Invalid timeline cursor"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func undatedSortsAfterEveryDatedPosition() {
        let dated = TimelineCursor(lowerBound: Fixtures.day(9999, 12, 31), precisionRank: 8, created: "z", id: .max)
        let undated = TimelineCursor(lowerBound: nil, precisionRank: 0, created: "", id: 0)
        #expect(dated < undated)
    }
}

@Suite struct CursorEdgeTests {
    @Test func createdWithAPipeStillRoundTrips() throws {
        let cursor = TimelineCursor(lowerBound: nil, precisionRank: 0, created: "a|b", id: 7)
        #expect(try TimelineCursor(encoded: cursor.encoded) == cursor)
    }
}

@Suite struct SelectionTests {
    @Test func describesTheFiltersInWords() {
        let s = TimelineSelection(entities: ["Internal Revenue Service"], kinds: [.resignation, .appointment], statuses: [.expected],
                                  from: Fixtures.day(2025, 1, 1), to: Fixtures.day(2025, 12, 31))
        #expect(s.summary == "entity: Internal Revenue Service; kinds: resignation, appointment; status: expected; dates: 2025-01-01 to 2025-12-31")
        #expect(TimelineSelection().summary == "all events")
        #expect(TimelineSelection(from: Fixtures.day(2025, 4, 1)).summary == "dates: from 2025-04-01")
    }
}
