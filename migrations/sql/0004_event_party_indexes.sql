-- Merging entities (by hand, or when an article defines an acronym seen before) moves event
-- identity from one entity to another: find those events by index, not by scanning.
CREATE INDEX events_principal ON events (principal_id) WHERE principal_id IS NOT NULL;
CREATE INDEX events_counterparty ON events (counterparty_id) WHERE counterparty_id IS NOT NULL;
