-- Timelines: an organization's timeline includes its posts, found by entities.organization_id;
-- without this index that lookup reads every entity on each request.
CREATE INDEX entities_organization ON entities (organization_id) WHERE organization_id IS NOT NULL;
