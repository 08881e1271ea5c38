-- The claim's second step looks the picked rows up by primary key.
--
-- 0009 wrote it as `d.id = ANY(picked_ids)` beside the pending conditions. Planned generically
-- (the function forces generic plans), that became a scan of the whole pending index
-- (`deliveries_pending_channel`, with only `next_attempt_at <= p_now` as its condition) that
-- filtered every due row of every channel against the array: work growing with the backlog,
-- once per claim (813 rows stepped over for a batch of 12 in the benchmark, thousands while a
-- receiver is back from an outage). A plain join of the array to the rows was planned the same
-- way, and so was a lateral subquery per id while it held the pending conditions (they match
-- the partial index). Now each picked id is locked by primary key alone (a subquery with a row
-- lock is not flattened, and one with a LIMIT is not given the outer conditions, which would
-- bring the pending index back), and the conditions are checked on
-- the locked row: one probe per picked row, whatever the estimates. A row another claim took
-- meanwhile stays locked, unclaimed, until this claim commits. Nothing else changes; 0009
-- describes the claim.
CREATE OR REPLACE FUNCTION dateline_claim_deliveries(p_owner text, p_limit integer, p_now timestamptz, p_until timestamptz, p_lock_space integer)
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
        SELECT r.id FROM unnest(picked_ids) AS p (id)
        CROSS JOIN LATERAL (
            SELECT d.id, d.channel_name, d.state, d.next_attempt_at, d.lease_expires_at FROM deliveries d
            WHERE d.id = p.id
            LIMIT 1
            FOR UPDATE SKIP LOCKED
        ) r
        WHERE r.state = 'pending' AND r.next_attempt_at <= p_now
          AND (r.lease_expires_at IS NULL OR r.lease_expires_at < p_now)
          AND (SELECT 1 FROM deliveries l
               WHERE l.channel_name = r.channel_name AND l.state = 'pending' AND l.lease_owner IS NOT NULL
                 AND l.lease_owner < p_owner AND l.lease_expires_at >= p_now LIMIT 1) IS NULL
          AND (SELECT 1 FROM deliveries l
               WHERE l.channel_name = r.channel_name AND l.state = 'pending' AND l.lease_owner IS NOT NULL
                 AND l.lease_owner > p_owner AND l.lease_expires_at >= p_now LIMIT 1) IS NULL
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
