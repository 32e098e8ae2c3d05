-- Reads at the size of a province (issue 14): every inbox view through an
-- index, the workbench counts kept as the transactions go, one audit row per
-- page of unmasked reads, and what the tick's retention needs.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The running staff clock's due day (shared NEED_CLOCKS: submitted → accept_by;
-- accepted, in service → reply_by; info_requested is paused, completed is the
-- enterprise's rating window, the rest have none), needs without one last.
-- The inbox's deadline order, its overdue and due-soon filters and the tick read it.
-- tests/cloud/inbox-plans.test.ts checks it against the inbox's CASE built from NEED_CLOCKS.
ALTER TABLE needs ADD COLUMN deadline_key date NOT NULL GENERATED ALWAYS AS (
  coalesce(CASE state WHEN 'submitted' THEN accept_by WHEN 'accepted' THEN reply_by WHEN 'in_service' THEN reply_by END,
           DATE '9999-12-31')
) STORED;
CREATE INDEX needs_deadline_idx ON needs (deadline_key, created_at, id);
-- The needs whose staff clock runs (a few in a hundred), newest first: overdue and due soon by the default order.
CREATE INDEX needs_running_created_idx ON needs (created_at DESC, id DESC) WHERE deadline_key < DATE '9999-12-31';

-- A filter by state, by owner or by channel, newest first, walks its own index.
CREATE INDEX needs_state_created_idx ON needs (state, created_at DESC, id DESC);
DROP INDEX needs_state_idx;
CREATE INDEX needs_owner_created_idx ON needs (owner_id, created_at DESC, id DESC);
-- A specialist's needs at a station outside its queues (the ones it owns there).
CREATE INDEX needs_owner_station_created_idx ON needs (owner_id, station_id, created_at DESC, id DESC);
DROP INDEX needs_owner_idx;
CREATE INDEX needs_channel_created_idx ON needs (channel, created_at DESC, id DESC);
-- A state by the deadline order (the deadline is constant over a state without a running clock).
CREATE INDEX needs_state_deadline_idx ON needs (state, deadline_key, created_at, id);

-- Search: a need number exactly or by its prefix; words in titles and enterprise names by trigrams.
CREATE INDEX needs_number_prefix_idx ON needs (number text_pattern_ops);
CREATE INDEX needs_title_trgm_idx ON needs USING gin (title gin_trgm_ops);
CREATE INDEX enterprises_name_trgm_idx ON enterprises USING gin (name gin_trgm_ops);

-- ---- the workbench counts, kept by the transactions --------------------------------
-- need_counts holds how many needs there are per (station, owner, state,
-- channel), need_category_counts per (station, owner, category) — every need
-- in exactly one row of the first, so a caller's visibility over station and
-- owner selects whole rows. A change to a need appends its -1 / +1 to
-- need_count_deltas (an INSERT: concurrent submissions never wait on one
-- another); the tick folds the deltas in (need_counts_fold). A read sums both.
CREATE TABLE need_counts (
  station_id uuid,
  owner_id   uuid,
  state      text NOT NULL,
  channel    text NOT NULL,
  n          bigint NOT NULL,
  UNIQUE NULLS NOT DISTINCT (station_id, owner_id, state, channel)
);
CREATE TABLE need_category_counts (
  station_id uuid,
  owner_id   uuid,
  category   text NOT NULL,
  n          bigint NOT NULL,
  UNIQUE NULLS NOT DISTINCT (station_id, owner_id, category)
);
CREATE TABLE need_count_deltas (
  station_id uuid,
  owner_id   uuid,
  state      text NOT NULL,
  channel    text NOT NULL,
  categories text[] NOT NULL,
  n          integer NOT NULL
);

CREATE FUNCTION need_counts_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO need_count_deltas VALUES (OLD.station_id, OLD.owner_id, OLD.state, OLD.channel, OLD.categories, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO need_count_deltas VALUES (NEW.station_id, NEW.owner_id, NEW.state, NEW.channel, NEW.categories, 1);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER needs_counts_insert_delete AFTER INSERT OR DELETE ON needs FOR EACH ROW EXECUTE FUNCTION need_counts_on_change();
CREATE TRIGGER needs_counts_update AFTER UPDATE ON needs FOR EACH ROW
  WHEN (OLD.station_id IS DISTINCT FROM NEW.station_id OR OLD.owner_id IS DISTINCT FROM NEW.owner_id
        OR OLD.state IS DISTINCT FROM NEW.state OR OLD.channel IS DISTINCT FROM NEW.channel
        OR OLD.categories IS DISTINCT FROM NEW.categories)
  EXECUTE FUNCTION need_counts_on_change();

-- Folds the deltas committed so far into the counts (the tick; after a bulk load).
CREATE FUNCTION need_counts_fold() RETURNS void LANGUAGE sql AS $$
  WITH moved AS (DELETE FROM need_count_deltas RETURNING *),
       by_state AS (
         INSERT INTO need_counts AS c
         SELECT station_id, owner_id, state, channel, sum(n) FROM moved GROUP BY 1, 2, 3, 4
         ON CONFLICT (station_id, owner_id, state, channel) DO UPDATE SET n = c.n + excluded.n)
  INSERT INTO need_category_counts AS c
  SELECT station_id, owner_id, category, sum(n) FROM moved, unnest(categories) AS category GROUP BY 1, 2, 3
  ON CONFLICT (station_id, owner_id, category) DO UPDATE SET n = c.n + excluded.n;
  DELETE FROM need_counts WHERE n = 0;
  DELETE FROM need_category_counts WHERE n = 0;
$$;

-- Recounts from the needs themselves (a bulk load with triggers off, a restore).
CREATE FUNCTION need_counts_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM need_count_deltas;
  DELETE FROM need_counts;
  DELETE FROM need_category_counts;
  INSERT INTO need_counts SELECT station_id, owner_id, state, channel, count(*) FROM needs GROUP BY 1, 2, 3, 4;
  INSERT INTO need_category_counts
  SELECT station_id, owner_id, category, count(*) FROM needs, unnest(categories) AS category GROUP BY 1, 2, 3;
$$;
SELECT need_counts_rebuild();

-- ---- unmasked reads: one row per page -------------------------------------------------
-- A page of needs shown in clear is one row naming them all (subject_ids; subject_id is the first).
ALTER TABLE pii_access_log ADD COLUMN subject_ids uuid[];
CREATE INDEX pii_access_log_subject_ids_idx ON pii_access_log USING gin (subject_ids);

-- ---- retention (the tick) -------------------------------------------------------------
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
CREATE INDEX notifications_read_idx ON notifications (read_at) WHERE read_at IS NOT NULL;
CREATE INDEX notifications_unread_created_idx ON notifications (created_at) WHERE read_at IS NULL;
