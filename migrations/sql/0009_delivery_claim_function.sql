-- The delivery claim as one round trip whose cost does not grow with the outbox.
--
-- Before: a transaction of five round trips (BEGIN, pick + lock, set_config, claim, COMMIT) whose
-- pick checked the other workers' leases once per due row: with a backlog of due rows (a burst,
-- or a receiver back after an outage) every batch walked the whole backlog and, per row, the
-- channel's leased rows (dead index entries included), 24 ms for a batch of 9 rows at 2,000 due.
--
-- Now the pick walks the channels that have pending rows (a skip scan of the index below, one
-- descent per channel, which also finds each channel's oldest pending row), checks the other
-- owners' leases once per channel, and takes at most `p_limit` of each open channel's oldest
-- due rows from the same index, starting at that oldest row: the work is bounded by channels ×
-- batch, not by the backlog or by the delivered history.
--
-- Old row versions (a claimed row's unleased version, a delivered row's leased one) stay in
-- these indexes until vacuum, ahead of the live rows; each is stepped over once per claim per
-- index, cheaply once a scan has marked it dead. The lease index leads with the owner, so a
-- worker checking the OTHER owners' leases never steps over its own past leases.
CREATE INDEX deliveries_pending_channel ON deliveries (channel_name, next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX deliveries_leased_by_owner ON deliveries (channel_name, lease_owner, lease_expires_at)
    WHERE state = 'pending' AND lease_owner IS NOT NULL;
-- The claim was the only reader of these two.
DROP INDEX deliveries_due;
DROP INDEX deliveries_leased;

-- Claims up to p_limit due deliveries for p_owner until p_until, counting the attempt, and
-- returns them with the alert payload and the channel's stored configuration (NULL config: the
-- channel is not configured). Semantics as the two-statement transaction it replaces:
--
-- 1. Pick the oldest due, unleased rows of channels on which no other owner holds an unexpired
--    lease, and take a transaction-level advisory lock (p_lock_space, hashtext(channel)) per
--    channel; channels another claim is locking are skipped.
-- 2. With a new snapshot (each statement of a VOLATILE function in READ COMMITTED takes one, so
--    it sees every claim that committed before our locks were taken), check the other owners'
--    leases again and claim (FOR UPDATE SKIP LOCKED). A claim that starts later cannot lock
--    these channels until we commit, and then sees our leases.
--
-- The lease checks are scalar subqueries, so each runs per channel (per picked row in the
-- claim) on the lease index: as NOT EXISTS they became anti joins that read every other owner's
-- leases of all channels, and a join to the open channels made the claim read the whole
-- channel's due range instead of the picked rows by id.
--
-- The caller runs it as a statement of its own (its implicit transaction holds the locks until
-- the commit). The commit does not wait for the WAL flush: a crash before the flush loses the
-- lease and the attempt count, so the delivery is due again and may be sent a second time under
-- the same webhook-id, which receivers de-duplicate. Bitmap scans are off inside: they neither
-- keep the index order the LIMITs rely on nor mark dead index entries, which a stale planner
-- estimate (a burst just enqueued) would otherwise pick. Plans are generic (planned once per
-- session): the statements' shape, not the parameters, bounds their work, and planning them
-- each time cost more than running them.
CREATE FUNCTION dateline_claim_deliveries(p_owner text, p_limit integer, p_now timestamptz, p_until timestamptz, p_lock_space integer)
RETURNS TABLE (id bigint, alert_id bigint, channel_name text, message_id text, attempts integer, payload text,
               config text, disabled_at timestamptz, disabled_reason text)
LANGUAGE plpgsql VOLATILE
SET enable_bitmapscan = off
SET plan_cache_mode = force_generic_plan
AS $claim$
DECLARE
    picked_ids bigint[];
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'claiming deliveries needs READ COMMITTED, not %', current_setting('transaction_isolation');
    END IF;
    WITH RECURSIVE pending_channels (name, first_at, first_id) AS (
        (SELECT d.channel_name, d.next_attempt_at, d.id FROM deliveries d WHERE d.state = 'pending'
         ORDER BY d.channel_name, d.next_attempt_at, d.id LIMIT 1)
        UNION ALL
        SELECT n.channel_name, n.next_attempt_at, n.id FROM pending_channels c
        CROSS JOIN LATERAL (
            SELECT d.channel_name, d.next_attempt_at, d.id FROM deliveries d
            WHERE d.state = 'pending' AND d.channel_name > c.name
            ORDER BY d.channel_name, d.next_attempt_at, d.id LIMIT 1
        ) n
    ), picked AS MATERIALIZED (
        SELECT p.id, p.channel_name FROM pending_channels c
        CROSS JOIN LATERAL (
            SELECT d.id, d.channel_name, d.next_attempt_at FROM deliveries d
            WHERE d.channel_name = c.name AND d.state = 'pending'
              AND (d.next_attempt_at, d.id) >= (c.first_at, c.first_id) AND d.next_attempt_at <= p_now
              AND (d.lease_expires_at IS NULL OR d.lease_expires_at < p_now)
            ORDER BY d.next_attempt_at, d.id
            LIMIT p_limit
        ) p
        WHERE (SELECT 1 FROM deliveries l
               WHERE l.channel_name = c.name AND l.state = 'pending' AND l.lease_owner IS NOT NULL
                 AND l.lease_owner < p_owner AND l.lease_expires_at >= p_now LIMIT 1) IS NULL
          AND (SELECT 1 FROM deliveries l
               WHERE l.channel_name = c.name AND l.state = 'pending' AND l.lease_owner IS NOT NULL
                 AND l.lease_owner > p_owner AND l.lease_expires_at >= p_now LIMIT 1) IS NULL
        ORDER BY p.next_attempt_at, p.id
        LIMIT p_limit
    )
    SELECT array_agg(k.id) INTO picked_ids FROM picked k
    WHERE pg_try_advisory_xact_lock(p_lock_space, hashtext(k.channel_name));
    IF picked_ids IS NULL THEN
        RETURN;
    END IF;
    PERFORM set_config('synchronous_commit', 'off', true);
    RETURN QUERY
    WITH due AS (
        SELECT d.id FROM deliveries d
        WHERE d.id = ANY(picked_ids) AND d.state = 'pending' AND d.next_attempt_at <= p_now
          AND (d.lease_expires_at IS NULL OR d.lease_expires_at < p_now)
          AND (SELECT 1 FROM deliveries l
               WHERE l.channel_name = d.channel_name AND l.state = 'pending' AND l.lease_owner IS NOT NULL
                 AND l.lease_owner < p_owner AND l.lease_expires_at >= p_now LIMIT 1) IS NULL
          AND (SELECT 1 FROM deliveries l
               WHERE l.channel_name = d.channel_name AND l.state = 'pending' AND l.lease_owner IS NOT NULL
                 AND l.lease_owner > p_owner AND l.lease_expires_at >= p_now LIMIT 1) IS NULL
        FOR UPDATE SKIP LOCKED
    ), claimed AS (
        UPDATE deliveries d SET lease_owner = p_owner, lease_expires_at = p_until, attempts = d.attempts + 1
        FROM due WHERE d.id = due.id
        RETURNING d.id, d.alert_id, d.channel_name, d.message_id, d.attempts, d.next_attempt_at
    )
    SELECT cl.id, cl.alert_id, cl.channel_name, cl.message_id, cl.attempts, a.payload::text,
           ch.config::text, ch.disabled_at, ch.disabled_reason
    FROM claimed cl
    JOIN alerts a ON a.id = cl.alert_id
    LEFT JOIN channels ch ON ch.name = cl.channel_name
    ORDER BY cl.next_attempt_at, cl.id;
END
$claim$;
