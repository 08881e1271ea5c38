-- Merge candidates for reports without a date, and undated stored facts for dated reports:
-- only the newest few of an identity key matter (an undated report joins the newest
-- compatible fact, standing facts before ones a person marked wrong), so they are read from
-- the start of an index on (identity_key, rejected, id DESC) instead of loading every fact of that
-- person and kind, which grew with the history (memory and time of every ingest batch).
-- The partial index keeps its predicate (the query repeats it literally) and gains the order.
DROP INDEX events_identity_wide;
CREATE INDEX events_identity_wide ON events (identity_key, rejected, id DESC)
    WHERE (date_range IS NULL OR upper(date_range) - lower(date_range) > 400);
CREATE INDEX events_identity_recent ON events (identity_key, rejected, id DESC);
