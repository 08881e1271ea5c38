-- The write path looks for stored facts with the same identity (kind + principal) whose dates
-- could still agree with a new report: within a window of about a year around its date. With
-- only identity_key indexed, every stored fact of that person and kind was fetched from the
-- heap and most were thrown away; a fact-heavy beat (an agency sued every month) made each
-- write slower as history grew. Indexing the start date beside the key bounds the scan to the
-- window; facts with no date or a date wider than the window's slack (decades, multi-year
-- ranges) are few and have an index of their own.
CREATE INDEX events_identity_start ON events (identity_key, lower(date_range));
CREATE INDEX events_identity_wide ON events (identity_key)
    WHERE date_range IS NULL OR upper(date_range) - lower(date_range) > 400;
DROP INDEX events_identity;
