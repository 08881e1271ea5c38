-- Corrections pin fields: merging a new article reads, for each candidate event, which fields a
-- person corrected (and the date it had before), and event pages list corrections by event.
CREATE INDEX event_corrections_event ON event_corrections (event_id, field, id);
