import DatelineApp
import DatelineCore
import DatelineStorage
import DatelineTesting
import DatelineTimeline
import Foundation
import PostgresNIO

/// One article line of `events add` input.
func articleLine(_ name: String, published: String, source: String, events: [[String: Any]]) -> String {
    let object: [String: Any] = [
        "article": name, "url": "https://example.org/\(name)", "source": source, "headline": "Headline of \(name)",
        "published": published, "events": events,
    ]
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self)
}

/// A small newsroom story about the Bureau of Ports, written for these tests: fuzzy and undated
/// dates, a fact reported twice with a status change, a post and its later holder.
enum StoryFixture {
    static let articles: [String] = [
        articleLine("a1", published: "2025-04-09", source: "Daily One", events: [
            ["kind": "resignation", "subject": "Alma Reyes", "organization": "Bureau of Ports", "role": "Director",
             "date": "2025-04-08", "status": "expected", "evidence": "Director Alma Reyes of the Bureau of Ports will step down, aides said."],
            ["kind": "lawsuit", "subject": "Harbor Workers Union", "counterparty": "Bureau of Ports", "date": "2025-04",
             "status": "occurred", "evidence": "The Harbor Workers Union sued the Bureau of Ports this month over overtime pay."],
        ]),
        articleLine("a2", published: "2025-04-10", source: "Weekly Two", events: [
            ["kind": "resignation", "subject": "Alma Reyes", "organization": "Bureau of Ports", "role": "Director",
             "date": "2025-04-08", "status": "occurred", "evidence": "Alma Reyes resigned as director of the Bureau of Ports on Tuesday."],
            ["kind": "investigation", "subject": "Inspector General", "organization": "Bureau of Ports", "date": "2025",
             "status": "reported", "evidence": "The inspector general is said to be examining the bureau's dredging contracts this year."],
        ]),
        articleLine("a3", published: "2025-05-03", source: "Coast Herald", events: [
            ["kind": "appointment", "subject": "Ben Okafor", "organization": "Bureau of Ports", "role": "Director",
             "date": "2025-05-02", "status": "occurred", "evidence": "Ben Okafor was appointed director of the Bureau of Ports on Friday."],
            ["kind": "hearing", "subject": "Bureau of Ports", "status": "expected",
             "evidence": "The bureau is expected to face a budget hearing before the council."],
            ["kind": "agreement", "subject": "Canal Authority", "counterparty": "Dock Company", "date": "2025-03-02",
             "status": "occurred", "evidence": "The Canal Authority signed a lease with the Dock Company on March 2."],
        ]),
        articleLine("a4", published: "2025-06-12", source: "Daily One", events: [
            ["kind": "charge", "subject": "Ben Okafor", "date": "2025-06-10", "status": "denied",
             "evidence": "Okafor denied reports that he had been charged with misusing grant funds."],
            ["kind": "ruling", "subject": "Ben Okafor", "date": "2024-01-15", "status": "occurred",
             "evidence": "A county court ruled for Okafor in a zoning dispute in January 2024."],
            ["kind": "nomination", "subject": "Ben Okafor", "status": "reported",
             "evidence": "Okafor was reportedly considered for a seat on the harbor commission."],
        ]),
    ]

    /// Stores the articles one by one (each its own transaction, as a feed would), then makes
    /// sure Ben Okafor holds the post from 2 May 2025 (the write path records occupancies from
    /// occurred appointments; this pins it either way) and drops the appointment's organization
    /// participant, so the organization reaches it only through the post. Timestamps are pinned
    /// so outputs are reproducible.
    static func load(_ context: DatabaseContext) async throws {
        for line in articles {
            _ = try await context.events.write(try EventsFileParser.parse(Data(line.utf8), name: "story.jsonl"))
        }
        let client = context.client, logger = context.logger
        try await client.query(
            """
            INSERT INTO occupancies (post_id, person_id, started)
            SELECT p.id, h.id, daterange('2025-05-02', '2025-05-03')
            FROM entities p, entities h WHERE p.kind = 'post' AND p.name = 'Director, Bureau of Ports' AND h.name = 'Ben Okafor'
            ON CONFLICT (post_id, person_id, acting) DO UPDATE SET started = EXCLUDED.started, ended = NULL
            """, logger: logger)
        try await client.query(
            """
            DELETE FROM event_participants p USING events e
            WHERE p.event_id = e.id AND e.kind = 'appointment' AND p.role = 'organization'
            """, logger: logger)
        try await client.query(
            """
            UPDATE events SET created_at = timestamptz '2025-06-20 00:00:00+00' + id * interval '1 minute',
                              updated_at = timestamptz '2025-06-20 00:00:00+00' + id * interval '1 minute'
            """, logger: logger)
        try await client.query(
            "UPDATE event_status_history SET changed_at = timestamptz '2025-06-20 00:00:00+00' + id * interval '1 minute'",
            logger: logger)
    }

    static let generatedAt = "2025-07-01T12:00:00Z"
}

extension Timeline {
    /// The kinds of the dated entries, then of the undated ones.
    var kinds: [String] { entries.map(\.event.kind.rawValue) + ["|"] + undated.map(\.event.kind.rawValue) }
}
