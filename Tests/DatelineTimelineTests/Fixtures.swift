import DatelineCore
@testable import DatelineTimeline

/// A fixed, fictional timeline: day, week, part-of-month, month, year and undated dates; all
/// four statuses; a status history; hostile text (markup, quotes, comma, newline).
enum Fixtures {
    static let generatedAt = "2025-05-20T09:30:00Z"

    static func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate {
        CalendarDate(year: y, month: m, day: d) ?? CalendarDate(dayNumber: 0)
    }

    static func p(_ id: Int64, _ kind: EntityKind, _ name: String, _ role: ParticipantRole) -> Participant {
        Participant(entityID: id, kind: kind, name: name, role: role)
    }

    static func mention(
        _ article: Int64, _ source: String?, _ published: CalendarDate?, _ url: String?, _ sentence: String,
        status: EventStatus = .occurred, headline: String? = nil
    ) -> Mention {
        Mention(articleID: article, url: url, source: source, headline: headline, published: published,
                sentence: sentence, start: 0, end: sentence.unicodeScalars.count, status: status, dateText: nil)
    }

    static func event(
        _ id: Int64, _ kind: EventKind, _ status: EventStatus, _ date: FuzzyDate?, _ participants: [Participant],
        sources: Int = 1, created: String, updated: String? = nil
    ) -> Event {
        Event(id: id, kind: kind, status: status, date: date, title: "", confidence: 0.9,
              participants: participants, sourceCount: sources, mentionCount: sources,
              createdAt: created, updatedAt: updated ?? created)
    }

    static let bureau = p(10, .organization, "Bureau of Coastal Permits", .organization)

    /// The hostile evidence sentence of the denied dismissal.
    static let trickySentence = "The bureau said the claim, first posted as <script>alert(\"x\")</script> & 'rumor',\nwas false."

    static let entries: [TimelineEntry] = [
        // 1. Expected resignation on a day, with a history reported → expected.
        TimelineEntry(
            event: event(1, .resignation, .expected, .day(day(2025, 4, 8)), [
                p(1, .person, "Dana Whitfield", .subject), bureau, p(20, .post, "Acting Director", .post),
            ], sources: 2, created: "2025-04-02T08:00:00Z", updated: "2025-04-05T10:15:00Z"),
            mentions: [
                mention(102, "Tidewater Wire", day(2025, 4, 5), "https://tidewater.example/2025/04/05/whitfield",
                        "Whitfield told staff she would step down on April 8.", status: .expected, headline: "Bureau chief to leave"),
                mention(101, "Harbor Gazette", day(2025, 4, 2), "https://harbor.example/news/whitfield-exit",
                        "Whitfield is said to be preparing to leave the bureau, two people familiar with the matter said.",
                        status: .reported),
            ],
            history: [
                StatusChange(from: nil, to: .reported, articleID: 101, at: "2025-04-02T08:00:00Z", note: nil),
                StatusChange(from: .reported, to: .expected, articleID: 102, at: "2025-04-05T10:15:00Z", note: "confirmed by her office"),
            ]),
        // 2. Appointment known to the month.
        TimelineEntry(
            event: event(2, .appointment, .occurred, .month(year: 2025, month: 4), [
                p(2, .person, "Luis Ortega", .subject), bureau, p(21, .post, "Director", .post),
            ], created: "2025-04-20T12:00:00Z"),
            mentions: [mention(103, "Harbor Gazette", day(2025, 4, 20), "https://harbor.example/news/ortega",
                               "Ortega was appointed director of the bureau this month.")]),
        // 3. Agreement in late April.
        TimelineEntry(
            event: event(3, .agreement, .occurred, .partOfMonth(year: 2025, month: 4, part: .late), [
                p(3, .organization, "Port Authority of Millbrook", .subject),
                p(4, .organization, "Riverside Shipping Co.", .counterparty),
            ], created: "2025-05-01T07:00:00Z"),
            mentions: [mention(104, "Millbrook Ledger", day(2025, 5, 1), "https://ledger.example/port-deal",
                               "The port and the shipping company signed a ten-year lease late last month.")]),
        // 4. Reported lawsuit on 1 April: same first day as the month of #2.
        TimelineEntry(
            event: event(4, .lawsuit, .reported, .day(day(2025, 4, 1)), [
                p(5, .organization, "Coastal Alliance", .subject), p(10, .organization, "Bureau of Coastal Permits", .counterparty),
            ], created: "2025-04-03T09:00:00Z"),
            mentions: [mention(105, "Tidewater Wire", day(2025, 4, 3), "https://tidewater.example/2025/04/03/suit",
                               "The group reportedly sued the bureau on April 1.", status: .reported)]),
        // 5. Investigation known to the year.
        TimelineEntry(
            event: event(5, .investigation, .occurred, .year(2025), [
                p(6, .organization, "State Inspector General", .subject), p(10, .organization, "Bureau of Coastal Permits", .counterparty),
            ], created: "2025-03-01T00:00:00Z"),
            mentions: [mention(106, "Harbor Gazette", day(2025, 3, 1), nil,
                               "The inspector general opened a review of the bureau earlier this year.")]),
        // 6. Denied dismissal with hostile text and an unsafe URL.
        TimelineEntry(
            event: event(6, .dismissal, .denied, .day(day(2025, 3, 14)), [
                p(7, .person, "Mara \"Mae\" Chen", .subject), bureau, p(22, .post, "Deputy Director", .post),
            ], created: "2025-03-15T16:45:00Z"),
            mentions: [mention(107, "Blog <b>Watch</b>, Inc.", day(2025, 3, 15), "javascript:alert(1)", trickySentence,
                               status: .denied, headline: "A \"rumor\" & a denial")]),
        // 7. Ruling in the week of 12 May.
        TimelineEntry(
            event: event(7, .ruling, .occurred, .week(containing: day(2025, 5, 14)), [
                p(8, .person, "Judge Harriet Olsen", .subject), p(5, .organization, "Coastal Alliance", .counterparty),
            ], created: "2025-05-16T11:00:00Z"),
            mentions: [mention(108, "Millbrook Ledger", day(2025, 5, 16), "https://ledger.example/ruling?id=7&lang=en",
                               "A judge ruled this week that the suit may proceed.")]),
        // 8. An expected hearing with no date.
        TimelineEntry(
            event: event(8, .hearing, .expected, nil, [
                p(9, .organization, "Senate Committee on Waterways", .subject),
            ], created: "2025-04-25T13:00:00Z"),
            mentions: [mention(109, "Tidewater Wire", day(2025, 4, 25), "https://tidewater.example/hearing",
                               "Lawmakers plan to question bureau officials at a hearing.", status: .expected)]),
    ]

    static var timeline: Timeline {
        TimelineAssembler.assemble(
            entries, title: "Bureau of Coastal Permits", selection: "entity: Bureau of Coastal Permits; year: 2025",
            generatedAt: generatedAt)
    }
}
