import DatelineCore
import Logging
import PostgresNIO

/// Generated events for the timeline benchmark, loaded set-based (`INSERT … SELECT
/// generate_series`) into a scratch database: no articles, one mention and one history row
/// per event.
///
/// Entity `i` (1…entities) is an organization when `i % 10 == 1`, a post of organization `i - 1`
/// when `i % 10 == 2` (held by person `i + 1` since 2010), else a person. Every event has a
/// person as subject; every second one an organization, every tenth one that organization's
/// post. Dates spread over 2000–2024: 70 % days, 15 % months, 10 % years, 5 % undated.
public enum SyntheticTimelineData {
    /// Drops and recreates `name` on the cluster `admin` is connected to. `name` must be a
    /// plain identifier (letters, digits, `_`).
    public static func recreateDatabase(_ name: String, admin: PostgresClient, logger: Logger) async throws {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw StorageError.invalid("a scratch database name must be letters, digits and _: '\(name)'")
        }
        do {
            try await admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)"), logger: logger)
        } catch {
            throw StorageError.wrap(error, doing: "dropping the scratch database")
        }
        try await DatabaseClient.createDatabaseIfMissing(name, on: admin, logger: logger)
    }

    /// Loads the entities and events into a migrated, empty database and analyzes the tables.
    public static func load(events: Int, entities: Int, client: PostgresClient, logger: Logger) async throws {
        guard events >= 1, entities >= 10, entities % 10 == 0 else {
            throw StorageError.invalid("the benchmark needs at least 1 event and a multiple of 10 entities (10 or more)")
        }
        let groups = entities / 10
        let statements: [PostgresQuery] = [
            """
            INSERT INTO entities (id, kind, name, organization_id)
            SELECT i, CASE i % 10 WHEN 1 THEN 'organization' WHEN 2 THEN 'post' ELSE 'person' END,
                   CASE i % 10 WHEN 1 THEN 'Organization ' || i WHEN 2 THEN 'Director, Organization ' || (i - 1) ELSE 'Person ' || i END,
                   CASE i % 10 WHEN 2 THEN i - 1 END
            FROM generate_series(1, \(entities)) AS i
            """,
            "SELECT setval('entities_id_seq', \(entities))",
            "INSERT INTO aliases (entity_id, name, kind) SELECT id, name, 'name' FROM entities",
            """
            INSERT INTO occupancies (post_id, person_id, started)
            SELECT i, i + 1, daterange('2010-01-01', '2010-01-02') FROM generate_series(2, \(entities), 10) AS i
            """,
            """
            INSERT INTO events (id, kind, status, date_value, date_precision, date_range, title, confidence, identity_key,
                                principal_id, source_count, mention_count, created_at, updated_at)
            SELECT g, k, s,
                   CASE WHEN p = 'day' THEN to_char(d, 'YYYY-MM-DD') WHEN p = 'month' THEN to_char(d, 'YYYY-MM')
                        WHEN p = 'year' THEN to_char(d, 'YYYY') END,
                   p,
                   CASE WHEN p = 'day' THEN daterange(d, d + 1)
                        WHEN p = 'month' THEN daterange(date_trunc('month', d)::date, (date_trunc('month', d) + interval '1 month')::date)
                        WHEN p = 'year' THEN daterange(date_trunc('year', d)::date, (date_trunc('year', d) + interval '1 year')::date) END,
                   'Synthetic ' || k || ' ' || g, 0.9, 'syn:' || g, subject, 1 + g % 4, 1 + g % 4,
                   timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second',
                   timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second'
            FROM (
                SELECT g,
                       (ARRAY['resignation','dismissal','appointment','nomination','agreement','lawsuit','court_filing','ruling',
                              'charge','hearing','investigation'])[(1 + g % 11)::int] AS k,
                       (ARRAY['occurred','occurred','occurred','expected','reported','denied'])[(1 + g % 6)::int] AS s,
                       CASE WHEN g % 20 = 7 THEN NULL WHEN g % 20 IN (3, 13) THEN 'year'
                            WHEN g % 20 IN (1, 5, 9) THEN 'month' ELSE 'day' END AS p,
                       date '2000-01-01' + ((g::bigint * 7793) % 9131)::int AS d,
                       ((g::bigint * 7919) % \(groups)) * 10 + 3 + g % 7 AS subject
                FROM generate_series(1, \(events)) AS g
            ) x
            """,
            "SELECT setval('events_id_seq', \(events))",
            """
            INSERT INTO event_participants (event_id, entity_id, role, name, sort_date)
            SELECT e.id, e.principal_id, 'subject', 'Person ' || e.principal_id, lower(e.date_range) FROM events e
            UNION ALL
            SELECT e.id, ((e.id * 104729) % \(groups)) * 10 + 1, 'organization', 'Organization ' || (((e.id * 104729) % \(groups)) * 10 + 1),
                   lower(e.date_range)
            FROM events e WHERE e.id % 2 = 0
            UNION ALL
            SELECT e.id, ((e.id * 104729) % \(groups)) * 10 + 2, 'post', 'Director, Organization ' || (((e.id * 104729) % \(groups)) * 10 + 1),
                   lower(e.date_range)
            FROM events e WHERE e.id % 10 = 0
            """,
            """
            INSERT INTO mentions (event_id, article_id, sentence, start_offset, end_offset, status, date_value, confidence, publication)
            SELECT id, NULL, 'Report number ' || id || ' says the ' || replace(kind, '_', ' ') || ' of ' || title || ' happened.',
                   0, 40, status, date_value, 0.9, 'Wire ' || (id % 50)
            FROM events
            """,
            """
            INSERT INTO event_status_history (event_id, from_status, to_status, changed_at)
            SELECT id, NULL, status, created_at FROM events
            """,
            "ANALYZE",
        ]
        do {
            for statement in statements { try await client.query(statement, logger: logger) }
        } catch {
            throw StorageError.wrap(error, doing: "loading the synthetic timeline data")
        }
    }

    /// How many events the database holds (to reuse a loaded scratch database).
    public static func eventCount(client: PostgresClient, logger: Logger) async throws -> Int {
        do {
            let rows = try await client.query("SELECT count(*)::int8 FROM events", logger: logger)
            for try await count in rows.decode(Int.self) { return count }
            return 0
        } catch {
            throw StorageError.wrap(error, doing: "counting events")
        }
    }
}
