-- Need creation at the database's pace: the statistics' rollups (0014, 0024,
-- 0029) are no longer written by the transaction that changes a need.
--
-- Why: every need of a day, station, channel, region and category adds to the
-- same rollup rows (its day, month and year), so each creating transaction
-- took the same row locks and held them to its commit: creations ran one at a
-- time (about 230 a second here whatever the number of connections, the raw
-- INSERT ceiling included, as it fires the same triggers).
--
-- Now a change to a need, its first response or its rating appends the need's
-- id to stats_queue (an insert, no row another transaction holds); the fold
-- (stats_fold) recounts each queued need's facts and moves its contribution,
-- as the triggers did (stats_need_refresh, unchanged). The statistics fold
-- before every read (services/stats/fold.ts) and the tick folds, so what they
-- show is what is committed. One fold at a time (an advisory lock); a task's
-- trigger, which counts the task under its need's facts, folds that need first
-- under the same lock.

CREATE TABLE stats_queue (
  seq     bigserial PRIMARY KEY,
  need_id uuid NOT NULL
);
CREATE INDEX stats_queue_need ON stats_queue (need_id);

-- 73 51 00 30: the fold's advisory lock (services/stats/fold.ts names it too).
CREATE FUNCTION stats_fold() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
  id uuid;
BEGIN
  PERFORM pg_advisory_xact_lock(73510030);
  -- what is committed now (an uncommitted change's row stays for the next fold)
  WITH taken AS (DELETE FROM stats_queue RETURNING need_id)
  SELECT array_agg(DISTINCT need_id) INTO ids FROM taken;
  IF ids IS NULL THEN RETURN 0; END IF;
  FOREACH id IN ARRAY ids LOOP
    PERFORM stats_need_refresh(id);
  END LOOP;
  RETURN cardinality(ids);
END $$;

-- One need's facts brought up to date now, when changes of it are queued (a task is counted under them).
CREATE FUNCTION stats_fold_need(id uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM stats_queue q WHERE q.need_id = id) THEN
    PERFORM pg_advisory_xact_lock(73510030);
    PERFORM stats_need_refresh(id);
  END IF;
END $$;

CREATE OR REPLACE FUNCTION stats_on_need() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_queue (need_id) VALUES (NEW.id);
  RETURN NULL;
END $$;

-- (0018's shortcut for a new need's facts goes: the fold recounts them as for any change)
CREATE OR REPLACE FUNCTION stats_on_need_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_queue (need_id) VALUES (NEW.id);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION stats_on_need_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_queue (need_id) VALUES (OLD.id);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION stats_on_need_child() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_queue (need_id) VALUES (NEW.need_id);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION stats_on_task() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.state IS NOT DISTINCT FROM NEW.state THEN RETURN NULL; END IF;
    PERFORM stats_fold_need(NEW.need_id);
    PERFORM stats_task_apply(OLD, -1);
  ELSE
    PERFORM stats_fold_need(NEW.need_id);
  END IF;
  PERFORM stats_task_apply(NEW, 1);
  RETURN NULL;
END $$;
