-- Dateline's store: articles, entities and their aliases, events with fuzzy dates, participants,
-- mentions (the evidence) and status history, and the change log the rules engine reads.
-- Every later feature (watchlists, rules, alerts, deliveries, tokens, feeds) has its tables in
-- 0002; they are created now so later work extends rather than rewrites.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE articles (
    id            bigserial PRIMARY KEY,
    url           text UNIQUE,
    source        text,
    headline      text,
    published     date,
    body          text NOT NULL,
    content_hash  text NOT NULL UNIQUE CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    ingested_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX articles_published ON articles (published);

-- People, organizations and posts. A merged entity keeps its row as a redirect (merged_into).
CREATE TABLE entities (
    id               bigserial PRIMARY KEY,
    kind             text NOT NULL CHECK (kind IN ('person', 'organization', 'post')),
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 400),
    -- For a post: the organization it belongs to ("Commissioner" of the IRS).
    organization_id  bigint REFERENCES entities (id),
    merged_into      bigint REFERENCES entities (id),
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entities_merged_into ON entities (merged_into) WHERE merged_into IS NOT NULL;

-- Every name an entity goes by, its canonical name included (kind 'name').
CREATE TABLE aliases (
    id          bigserial PRIMARY KEY,
    entity_id   bigint NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 400),
    kind        text NOT NULL CHECK (kind IN ('name', 'acronym', 'alias', 'previous')),
    normalized  text GENERATED ALWAYS AS (lower(name)) STORED,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (entity_id, normalized)
);
CREATE INDEX aliases_normalized ON aliases (normalized);

-- Who held which post when: start and end are fuzzy dates (ranges) as known from events.
CREATE TABLE occupancies (
    id               bigserial PRIMARY KEY,
    post_id          bigint NOT NULL REFERENCES entities (id),
    person_id        bigint NOT NULL REFERENCES entities (id),
    acting           boolean NOT NULL DEFAULT false,
    started          daterange,
    ended            daterange,
    start_event_id   bigint,
    end_event_id     bigint,
    UNIQUE (post_id, person_id, acting)
);
CREATE INDEX occupancies_person ON occupancies (person_id);

-- One row per real-world fact, however many articles report it.
CREATE TABLE events (
    id                bigserial PRIMARY KEY,
    kind              text NOT NULL CHECK (kind ~ '^[a-z0-9_]{1,40}$'),
    status            text NOT NULL CHECK (status IN ('occurred', 'expected', 'reported', 'denied')),
    -- The fuzzy date: the normalized value, its precision and the days it covers. All or none.
    date_value        text,
    date_precision    text CHECK (date_precision IN
                          ('day', 'week', 'part_of_month', 'month', 'quarter', 'season', 'year', 'decade', 'century')),
    date_range        daterange,
    title             text NOT NULL,
    summary           text,
    confidence        real NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    -- Identity for merging reports of one fact: kind + principal entity (+ counterparty).
    identity_key      text NOT NULL,
    principal_id      bigint REFERENCES entities (id),
    counterparty_id   bigint REFERENCES entities (id),
    source_count      integer NOT NULL DEFAULT 0,
    mention_count     integer NOT NULL DEFAULT 0,
    -- A person marked it as not a real event (kept, hidden from timelines and rules).
    rejected          boolean NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((date_value IS NULL) = (date_range IS NULL) AND (date_value IS NULL) = (date_precision IS NULL))
);
CREATE INDEX events_date_range ON events USING gist (date_range);
CREATE INDEX events_identity ON events (identity_key);
CREATE INDEX events_kind_date ON events (kind, lower(date_range), id);
CREATE INDEX events_date_order ON events (lower(date_range), id);

-- Entities' parts in events. sort_date mirrors lower(events.date_range) so an entity's
-- timeline is one index range scan (entity_id, sort_date, event_id) with keyset paging.
CREATE TABLE event_participants (
    event_id   bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    entity_id  bigint NOT NULL REFERENCES entities (id),
    role       text NOT NULL CHECK (role IN ('subject', 'organization', 'counterparty', 'post')),
    name       text NOT NULL,
    sort_date  date,
    PRIMARY KEY (event_id, role, entity_id)
);
CREATE INDEX event_participants_timeline ON event_participants (entity_id, sort_date, event_id);

-- One article's report of an event: the evidence.
CREATE TABLE mentions (
    id            bigserial PRIMARY KEY,
    event_id      bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    article_id    bigint REFERENCES articles (id),
    sentence      text NOT NULL,
    start_offset  integer NOT NULL CHECK (start_offset >= 0),
    end_offset    integer NOT NULL CHECK (end_offset >= start_offset),
    status        text NOT NULL CHECK (status IN ('occurred', 'expected', 'reported', 'denied')),
    date_text     text,
    date_value    text,
    confidence    real NOT NULL,
    -- The publication the report came from, for counting sources once per publication.
    publication   text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX mentions_once ON mentions (event_id, coalesce(article_id, 0), start_offset);
CREATE INDEX mentions_article ON mentions (article_id);
CREATE INDEX mentions_sentence_fts ON mentions USING gin (to_tsvector('english', sentence));

CREATE TABLE event_status_history (
    id           bigserial PRIMARY KEY,
    event_id     bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    from_status  text,
    to_status    text NOT NULL,
    article_id   bigint REFERENCES articles (id),
    note         text,
    changed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_status_history_event ON event_status_history (event_id, id);

-- The change feed. Readers consume rows in (xid, id) order and only below the oldest running
-- transaction (pg_snapshot_xmin), so a transaction that commits late is never skipped.
CREATE TABLE change_log (
    id          bigserial PRIMARY KEY,
    xid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
    event_id    bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    change      text NOT NULL CHECK (change IN ('new', 'status_change', 'date_refined', 'new_source', 'corrected')),
    article_id  bigint REFERENCES articles (id),
    old_status  text,
    new_status  text,
    old_date    text,
    new_date    text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_log_order ON change_log (xid, id);

-- Where each consumer of the change feed is; advanced in the consumer's own transaction.
CREATE TABLE consumer_cursors (
    consumer    text PRIMARY KEY,
    last_xid    xid8 NOT NULL DEFAULT '0',
    last_id     bigint NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
