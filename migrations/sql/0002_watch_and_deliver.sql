-- What newsrooms watch and how they hear about it: watchlists, rules, channels, alerts and their
-- deliveries (the outbox), API tokens and feeds.

CREATE TABLE watchlists (
    id           bigserial PRIMARY KEY,
    name         text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$'),
    description  text,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- Members are entities: people, organizations (which include their posts and holders) or posts
-- (which follow whoever holds them).
CREATE TABLE watchlist_members (
    watchlist_id  bigint NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
    entity_id     bigint NOT NULL REFERENCES entities (id),
    added_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (watchlist_id, entity_id)
);
CREATE INDEX watchlist_members_entity ON watchlist_members (entity_id);

-- Rules are versioned: applying a changed file adds a version; the newest enabled one is live.
CREATE TABLE rules (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL,
    version     integer NOT NULL,
    definition  jsonb NOT NULL,
    source      text NOT NULL,
    enabled     boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

CREATE TABLE rule_silences (
    rule_name   text PRIMARY KEY,
    until       timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Per-rule state the engine keeps between changes: threshold windows, throttles, open deadlines.
CREATE TABLE rule_state (
    rule_name   text NOT NULL,
    state_key   text NOT NULL,
    data        jsonb NOT NULL,
    due_at      timestamptz,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (rule_name, state_key)
);
CREATE INDEX rule_state_due ON rule_state (due_at) WHERE due_at IS NOT NULL;

CREATE TABLE channels (
    id               bigserial PRIMARY KEY,
    name             text NOT NULL UNIQUE,
    config           jsonb NOT NULL,
    disabled_at      timestamptz,
    disabled_reason  text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Exactly once: one alert per rule and dedupe key (rule + event + change, or the window).
CREATE TABLE alerts (
    id           bigserial PRIMARY KEY,
    rule_name    text NOT NULL,
    rule_version integer NOT NULL,
    dedupe_key   text NOT NULL,
    event_id     bigint REFERENCES events (id) ON DELETE SET NULL,
    change_id    bigint REFERENCES change_log (id) ON DELETE SET NULL,
    change       text NOT NULL,
    group_key    text,
    reasons      jsonb NOT NULL DEFAULT '[]',
    payload      jsonb NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (rule_name, dedupe_key)
);
CREATE INDEX alerts_created ON alerts (created_at, id);

-- The delivery outbox: one row per alert and channel, claimed with FOR UPDATE SKIP LOCKED.
CREATE TABLE deliveries (
    id                bigserial PRIMARY KEY,
    alert_id          bigint NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    channel_name      text NOT NULL,
    -- The Standard Webhooks webhook-id: stable across retries so receivers de-duplicate.
    message_id        text NOT NULL UNIQUE,
    state             text NOT NULL DEFAULT 'pending'
                          CHECK (state IN ('pending', 'delivered', 'dead', 'cancelled')),
    attempts          integer NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz NOT NULL DEFAULT now(),
    lease_owner       text,
    lease_expires_at  timestamptz,
    last_status_code  integer,
    last_error        text,
    delivered_at      timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (alert_id, channel_name)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX deliveries_channel ON deliveries (channel_name, state);

CREATE TABLE delivery_attempts (
    id           bigserial PRIMARY KEY,
    delivery_id  bigint NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    attempt      integer NOT NULL,
    started_at   timestamptz NOT NULL,
    status_code  integer,
    latency_ms   double precision,
    outcome      text NOT NULL,
    error        text,
    UNIQUE (delivery_id, attempt)
);

-- Bearer tokens for the API, stored as SHA-256 hashes; the token itself is shown once.
CREATE TABLE api_tokens (
    id            bigserial PRIMARY KEY,
    name          text NOT NULL,
    scope         text NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    token_hash    bytea NOT NULL UNIQUE,
    prefix        text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);

CREATE TABLE feeds (
    id              bigserial PRIMARY KEY,
    url             text NOT NULL UNIQUE,
    title           text,
    etag            text,
    last_modified   text,
    last_polled_at  timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE feed_items (
    feed_id     bigint NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    item_key    text NOT NULL,
    article_id  bigint REFERENCES articles (id),
    seen_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (feed_id, item_key)
);

-- Corrections people made to events (PATCH /v1/events/{id}, `dateline events correct`).
CREATE TABLE event_corrections (
    id          bigserial PRIMARY KEY,
    event_id    bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    field       text NOT NULL,
    old_value   text,
    new_value   text,
    actor       text,
    note        text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
