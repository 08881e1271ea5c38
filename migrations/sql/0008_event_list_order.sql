-- Event lists (`GET /v1/events`, `dateline events list`) and query timelines order by
-- coalesce(lower(date_range), 'infinity') so undated events come last. The indexes of 0001
-- were on lower(date_range), an expression those queries never use, so every page sorted the
-- whole table (50 ms at 200,000 events, growing). These index the expression the queries use:
-- a first page or a keyset page is now a short index range scan.
DROP INDEX events_date_order;
DROP INDEX events_kind_date;
CREATE INDEX events_list_order ON events ((coalesce(lower(date_range), 'infinity'::date)), id) WHERE NOT rejected;
CREATE INDEX events_kind_list_order ON events (kind, (coalesce(lower(date_range), 'infinity'::date)), id) WHERE NOT rejected;
