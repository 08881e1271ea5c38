import DatelineCore

/// Orders entries into a timeline and pages through them with keyset cursors. Pure.
///
/// **Order.** Dated entries sort by
/// 1. the lower bound of the fuzzy date (the first day it may be);
/// 2. precision, **coarser first**: at the same first day, "2025" comes before "April 2025",
///    which comes before "early April 2025", which comes before "1 April 2025". A coarse date
///    frames the finer ones inside it, the way a reporter writes "In April … On 1 April …";
///    it is also where a reader scanning down expects the context to be;
/// 3. when the store first saw the event (`Event.createdAt`, ISO 8601 UTC, compared as text):
///    the earlier report first. This is the indexed column the storage layer pages by (the
///    earliest mention's publication date would need an aggregate, which no index can serve);
/// 4. the event id, so the order is total.
///
/// Undated entries come after all dated ones (their own section), ordered by 3 then 4. The
/// same key is the keyset cursor (`TimelineCursor`), so paging in SQL with
/// `WHERE (undated, lower, precision_rank, created_at, id) > (…)` gives exactly this order.
public enum TimelineAssembler {
    /// The sort rank of a precision: coarser precisions get smaller ranks, because they sort
    /// first. century 0, decade 1, year 2, season 3, quarter 4, month 5, part of month 6,
    /// week 7, day 8. The storage layer stores or computes the same numbers.
    public static func precisionSortRank(_ precision: DatePrecision) -> Int {
        switch precision {
        case .century: 0
        case .decade: 1
        case .year: 2
        case .season: 3
        case .quarter: 4
        case .month: 5
        case .partOfMonth: 6
        case .week: 7
        case .day: 8
        }
    }

    /// The position of an entry in timeline order, as a cursor value.
    public static func key(of entry: TimelineEntry) -> TimelineCursor {
        key(of: entry.event)
    }

    /// The position of an event in timeline order, as a cursor value.
    public static func key(of event: Event) -> TimelineCursor {
        TimelineCursor(
            lowerBound: event.date?.start,
            precisionRank: event.date.map { precisionSortRank($0.precision) } ?? 0,
            created: event.createdAt,
            id: event.id)
    }

    /// Sorts entries into timeline order (see the type's documentation).
    public static func order(_ entries: [TimelineEntry]) -> [TimelineEntry] {
        entries.map { (key(of: $0), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Builds a timeline (or one page of it) from entries in any order.
    ///
    /// - Parameters:
    ///   - after: only entries after this cursor (the previous page's `nextCursor`).
    ///   - limit: at most this many entries (dated and undated together, at least 1); `nil` =
    ///     all. When more remain, `nextCursor` is the cursor of the page's last entry.
    ///   - generatedAt: ISO 8601 UTC, stored as given.
    public static func assemble(
        _ entries: [TimelineEntry], title: String, selection: String = "", generatedAt: String,
        after: TimelineCursor? = nil, limit: Int? = nil
    ) -> Timeline {
        var keyed = entries.map { (key(of: $0), $0) }.sorted { $0.0 < $1.0 }
        if let after { keyed = keyed.filter { after < $0.0 } }
        var next: String?
        if let limit, keyed.count > max(limit, 1) {
            keyed = Array(keyed.prefix(max(limit, 1)))
            next = keyed.last?.0.encoded
        }
        let page = keyed.map(\.1)
        return Timeline(
            title: title, selection: selection,
            entries: page.filter { $0.event.date != nil },
            undated: page.filter { $0.event.date == nil },
            generatedAt: generatedAt, nextCursor: next)
    }
}
