-- A worker claims a channel's deliveries only while no other worker holds an unexpired lease on
-- one of that channel's pending rows (so "one request in flight per channel" holds across
-- processes). The claim looks those leases up per channel: index the few leased pending rows.
CREATE INDEX deliveries_leased ON deliveries (channel_name, lease_expires_at)
    WHERE state = 'pending' AND lease_owner IS NOT NULL;
