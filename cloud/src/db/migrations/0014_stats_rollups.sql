-- Statistics (效能评估) read rollups, never the needs table: counts per day and
-- dimension, kept up to date by triggers in the same transaction as the change
-- (the services that write needs, events, ratings, tasks and complaints are
-- untouched). Working days are not counted here: durations are kept as
-- (start day, end day) pairs and counted on the working-day calendar by the
-- service, so a calendar publication applies to every figure at once.
--
-- Each count is kept at three spans: 'd' (day = the day), 'm' (day = the first
-- of the month) and 'y' (the first of the year), so a period reads whole years,
-- then whole months, then single days: a few thousand rows whatever its length.
-- Durations are kept per day pair (the calendar needs the days).
--
-- Dimensions: day = the need's submitted_on; station = station id as text
-- ('' = raised without a station); channel; region = the enterprise's region
-- when the need was raised; category = each of the need's categories, the
-- first one marked is_primary (totals sum primary rows, so a need with two
-- categories counts once; a category filter selects that category's rows).

-- What each need currently contributes: the rollups subtract it and add the new one.
CREATE TABLE stats_need_facts (
  -- no foreign key: a need deleted after its retention period is subtracted by its delete trigger
  need_id        uuid PRIMARY KEY,
  day            date NOT NULL,
  station        text NOT NULL,
  channel        text NOT NULL,
  region         text NOT NULL,
  categories     text[] NOT NULL,
  items          text[] NOT NULL,
  state          text NOT NULL,
  -- the first response to a submitted need: accepted, answered at once (即时答复) or rejected
  responded_on   date,
  answered       boolean NOT NULL,
  accept_on_time boolean,
  completed_on   date,
  reply_on_time  boolean,
  -- the Annex C rating, when given
  r_timeliness      text,
  r_professionalism text,
  r_courtesy        text,
  r_overall         text,
  r_resolved        boolean
);

CREATE TABLE stats_needs (
  span char(1) NOT NULL CHECK (span IN ('d', 'm', 'y')),
  day            date NOT NULL,
  station        text NOT NULL,
  channel        text NOT NULL,
  region         text NOT NULL,
  category       text NOT NULL,
  is_primary     boolean NOT NULL,
  state          text NOT NULL,
  n              integer NOT NULL DEFAULT 0,
  answered       integer NOT NULL DEFAULT 0,
  accept_on_time integer NOT NULL DEFAULT 0,
  accept_late    integer NOT NULL DEFAULT 0,
  reply_on_time  integer NOT NULL DEFAULT 0,
  reply_late     integer NOT NULL DEFAULT 0,
  PRIMARY KEY (span, day, station, channel, region, category, is_primary, state)
);

-- kind: 'accept' (submitted → first response) or 'complete' (submitted → completed)
CREATE TABLE stats_durations (
  day        date NOT NULL,
  station    text NOT NULL,
  channel    text NOT NULL,
  region     text NOT NULL,
  category   text NOT NULL,
  is_primary boolean NOT NULL,
  kind       text NOT NULL,
  end_day    date NOT NULL,
  n          integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, station, channel, region, category, is_primary, kind, end_day)
);

CREATE TABLE stats_items (
  span char(1) NOT NULL CHECK (span IN ('d', 'm', 'y')),
  day     date NOT NULL,
  station text NOT NULL,
  channel text NOT NULL,
  region  text NOT NULL,
  item    text NOT NULL,
  n       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (span, day, station, channel, region, item)
);

-- question: timeliness, professionalism, courtesy, overall (level: a satisfaction level)
-- or resolved (level: 'yes' / 'no')
CREATE TABLE stats_ratings (
  span char(1) NOT NULL CHECK (span IN ('d', 'm', 'y')),
  day        date NOT NULL,
  station    text NOT NULL,
  channel    text NOT NULL,
  region     text NOT NULL,
  category   text NOT NULL,
  is_primary boolean NOT NULL,
  question   text NOT NULL,
  level      text NOT NULL,
  n          integer NOT NULL DEFAULT 0,
  PRIMARY KEY (span, day, station, channel, region, category, is_primary, question, level)
);

-- Tasks per provider ('institution' / 'expert') and their outcome, by the need's dimensions.
CREATE TABLE stats_providers (
  span char(1) NOT NULL CHECK (span IN ('d', 'm', 'y')),
  day           date NOT NULL,
  station       text NOT NULL,
  channel       text NOT NULL,
  region        text NOT NULL,
  category      text NOT NULL,
  is_primary    boolean NOT NULL,
  provider_kind text NOT NULL,
  provider_id   uuid NOT NULL,
  task_state    text NOT NULL,
  n             integer NOT NULL DEFAULT 0,
  PRIMARY KEY (span, day, station, channel, region, category, is_primary, provider_kind, provider_id, task_state)
);

-- Complaints by the (Shanghai) day received, the station of the need complained about ('' none),
-- what they are about and where they stand; resolved late: resolved after resolve_by.
CREATE TABLE stats_complaints (
  span char(1) NOT NULL CHECK (span IN ('d', 'm', 'y')),
  day           date NOT NULL,
  station       text NOT NULL,
  target_kind   text NOT NULL,
  state         text NOT NULL,
  resolved_late boolean NOT NULL,
  n             integer NOT NULL DEFAULT 0,
  PRIMARY KEY (span, day, station, target_kind, state, resolved_late)
);

-- A need's facts as they stand, computed from its rows (one need, or all of them for a rebuild).
CREATE VIEW stats_need_facts_now AS
SELECT n.id AS need_id,
       n.submitted_on AS day,
       coalesce(n.station_id::text, '') AS station,
       n.channel,
       coalesce(e.region, '') AS region,
       n.categories,
       n.items,
       n.state,
       r1.responded_on,
       coalesce(r1.answered, false) AS answered,
       CASE WHEN r1.responded_on IS NULL THEN NULL ELSE r1.responded_on <= n.accept_by END AS accept_on_time,
       n.completed_on,
       CASE WHEN n.completed_on IS NULL THEN NULL ELSE n.completed_on <= n.reply_by END AS reply_on_time,
       rt.timeliness AS r_timeliness,
       rt.professionalism AS r_professionalism,
       rt.courtesy AS r_courtesy,
       rt.overall AS r_overall,
       rt.resolved AS r_resolved
  FROM needs n
  JOIN enterprises e ON e.id = n.enterprise_id
  LEFT JOIN ratings rt ON rt.need_id = n.id
  LEFT JOIN LATERAL (
    SELECT (ev.at AT TIME ZONE 'Asia/Shanghai')::date AS responded_on, ev.action = 'answer' AS answered
      FROM need_events ev
     WHERE ev.need_id = n.id AND ev.from_state = 'submitted' AND ev.action IN ('accept', 'answer', 'reject')
     ORDER BY ev.at
     LIMIT 1
  ) r1 ON true;

-- The three rows a day counts in: itself, its month, its year.
CREATE FUNCTION stats_spans(d date) RETURNS TABLE (span char(1), day date) LANGUAGE sql IMMUTABLE AS $$
  VALUES ('d'::char(1), d), ('m', date_trunc('month', d)::date), ('y', date_trunc('year', d)::date)
$$;

-- Adds (sign 1) or subtracts (sign -1) one need's contribution to the rollups.
CREATE FUNCTION stats_need_apply(f stats_need_facts, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  cat text;
  i integer;
  prim boolean;
  it text;
  q text;
  lvl text;
BEGIN
  FOR i IN 1 .. cardinality(f.categories) LOOP
    cat := f.categories[i];
    prim := i = 1;
    INSERT INTO stats_needs AS s (span, day, station, channel, region, category, is_primary, state, n, answered,
                                  accept_on_time, accept_late, reply_on_time, reply_late)
    SELECT sp.span, sp.day, f.station, f.channel, f.region, cat, prim, f.state, sign, sign * f.answered::int,
            sign * (f.accept_on_time IS TRUE)::int, sign * (f.accept_on_time IS FALSE)::int,
            sign * (f.reply_on_time IS TRUE)::int, sign * (f.reply_on_time IS FALSE)::int
      FROM stats_spans(f.day) sp
    ON CONFLICT (span, day, station, channel, region, category, is_primary, state) DO UPDATE
      SET n = s.n + excluded.n, answered = s.answered + excluded.answered,
          accept_on_time = s.accept_on_time + excluded.accept_on_time, accept_late = s.accept_late + excluded.accept_late,
          reply_on_time = s.reply_on_time + excluded.reply_on_time, reply_late = s.reply_late + excluded.reply_late;
    IF f.responded_on IS NOT NULL THEN
      INSERT INTO stats_durations AS s VALUES (f.day, f.station, f.channel, f.region, cat, prim, 'accept', f.responded_on, sign)
      ON CONFLICT (day, station, channel, region, category, is_primary, kind, end_day) DO UPDATE SET n = s.n + excluded.n;
    END IF;
    IF f.completed_on IS NOT NULL THEN
      INSERT INTO stats_durations AS s VALUES (f.day, f.station, f.channel, f.region, cat, prim, 'complete', f.completed_on, sign)
      ON CONFLICT (day, station, channel, region, category, is_primary, kind, end_day) DO UPDATE SET n = s.n + excluded.n;
    END IF;
    IF f.r_overall IS NOT NULL THEN
      FOR q, lvl IN VALUES ('timeliness', f.r_timeliness), ('professionalism', f.r_professionalism), ('courtesy', f.r_courtesy),
                           ('overall', f.r_overall), ('resolved', CASE WHEN f.r_resolved THEN 'yes' ELSE 'no' END) LOOP
        INSERT INTO stats_ratings AS s SELECT sp.span, sp.day, f.station, f.channel, f.region, cat, prim, q, lvl, sign FROM stats_spans(f.day) sp
        ON CONFLICT (span, day, station, channel, region, category, is_primary, question, level) DO UPDATE SET n = s.n + excluded.n;
      END LOOP;
    END IF;
  END LOOP;
  FOREACH it IN ARRAY f.items LOOP
    INSERT INTO stats_items AS s SELECT sp.span, sp.day, f.station, f.channel, f.region, it, sign FROM stats_spans(f.day) sp
    ON CONFLICT (span, day, station, channel, region, item) DO UPDATE SET n = s.n + excluded.n;
  END LOOP;
END $$;

-- Recomputes one need's facts and moves its contribution from the old facts to the new.
CREATE FUNCTION stats_need_refresh(id uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  old_f stats_need_facts;
  new_f stats_need_facts;
BEGIN
  SELECT * INTO old_f FROM stats_need_facts WHERE need_id = id FOR UPDATE;
  SELECT * INTO new_f FROM stats_need_facts_now WHERE need_id = id;
  IF old_f.need_id IS NOT NULL AND new_f IS NOT DISTINCT FROM old_f THEN
    RETURN;
  END IF;
  IF old_f.need_id IS NOT NULL THEN
    PERFORM stats_need_apply(old_f, -1);
    DELETE FROM stats_need_facts WHERE need_id = id;
  END IF;
  IF new_f.need_id IS NOT NULL THEN
    INSERT INTO stats_need_facts SELECT new_f.*;
    PERFORM stats_need_apply(new_f, 1);
  END IF;
END $$;

CREATE FUNCTION stats_on_need() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_need_refresh(NEW.id);
  RETURN NULL;
END $$;
CREATE TRIGGER needs_stats_insert AFTER INSERT ON needs FOR EACH ROW EXECUTE FUNCTION stats_on_need();
CREATE TRIGGER needs_stats_update AFTER UPDATE ON needs FOR EACH ROW
  WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.completed_on IS DISTINCT FROM NEW.completed_on
        OR OLD.station_id IS DISTINCT FROM NEW.station_id OR OLD.channel IS DISTINCT FROM NEW.channel
        OR OLD.categories IS DISTINCT FROM NEW.categories OR OLD.items IS DISTINCT FROM NEW.items
        OR OLD.accept_by IS DISTINCT FROM NEW.accept_by OR OLD.reply_by IS DISTINCT FROM NEW.reply_by
        OR OLD.submitted_on IS DISTINCT FROM NEW.submitted_on)
  EXECUTE FUNCTION stats_on_need();

CREATE FUNCTION stats_on_need_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_need_refresh(OLD.id);
  RETURN NULL;
END $$;
CREATE TRIGGER needs_stats_delete AFTER DELETE ON needs FOR EACH ROW EXECUTE FUNCTION stats_on_need_delete();

CREATE FUNCTION stats_on_need_child() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_need_refresh(NEW.need_id);
  RETURN NULL;
END $$;
CREATE TRIGGER need_events_stats AFTER INSERT ON need_events FOR EACH ROW
  WHEN (NEW.from_state = 'submitted') EXECUTE FUNCTION stats_on_need_child();
CREATE TRIGGER ratings_stats AFTER INSERT OR UPDATE ON ratings FOR EACH ROW EXECUTE FUNCTION stats_on_need_child();

-- Tasks: one row per task, under its need's dimensions at the time (facts are written first: the need exists).
CREATE FUNCTION stats_task_apply(t tasks, sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  f stats_need_facts;
  i integer;
BEGIN
  SELECT * INTO f FROM stats_need_facts WHERE need_id = t.need_id;
  IF f.need_id IS NULL THEN RETURN; END IF;
  FOR i IN 1 .. cardinality(f.categories) LOOP
    INSERT INTO stats_providers AS s
    SELECT sp.span, sp.day, f.station, f.channel, f.region, f.categories[i], i = 1,
           CASE WHEN t.institution_id IS NOT NULL THEN 'institution' ELSE 'expert' END,
           coalesce(t.institution_id, t.expert_id), t.state, sign
      FROM stats_spans(f.day) sp
    ON CONFLICT (span, day, station, channel, region, category, is_primary, provider_kind, provider_id, task_state)
      DO UPDATE SET n = s.n + excluded.n;
  END LOOP;
END $$;

CREATE FUNCTION stats_on_task() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.state IS NOT DISTINCT FROM NEW.state THEN RETURN NULL; END IF;
    PERFORM stats_task_apply(OLD, -1);
  END IF;
  PERFORM stats_task_apply(NEW, 1);
  RETURN NULL;
END $$;
CREATE TRIGGER tasks_stats AFTER INSERT OR UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION stats_on_task();

CREATE FUNCTION stats_complaint_apply(c complaints, sign integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_complaints AS s
  SELECT sp.span, sp.day,
         coalesce((SELECT n.station_id::text FROM needs n WHERE n.id = c.need_id), ''),
         c.target_kind, c.state,
         c.state = 'resolved' AND (c.updated_at AT TIME ZONE 'Asia/Shanghai')::date > c.resolve_by, sign
    FROM stats_spans((c.created_at AT TIME ZONE 'Asia/Shanghai')::date) sp
  ON CONFLICT (span, day, station, target_kind, state, resolved_late) DO UPDATE SET n = s.n + excluded.n;
END $$;

CREATE FUNCTION stats_on_complaint() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.state IS NOT DISTINCT FROM NEW.state THEN RETURN NULL; END IF;
    PERFORM stats_complaint_apply(OLD, -1);
  END IF;
  PERFORM stats_complaint_apply(NEW, 1);
  RETURN NULL;
END $$;
CREATE TRIGGER complaints_stats AFTER INSERT OR UPDATE ON complaints FOR EACH ROW EXECUTE FUNCTION stats_on_complaint();

-- Rebuilds every rollup from the rows, set-based: the backfill below, after a bulk load with
-- triggers off, and the reference the tests hold the incremental rollups to.
CREATE FUNCTION stats_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM stats_needs;
  DELETE FROM stats_durations;
  DELETE FROM stats_items;
  DELETE FROM stats_ratings;
  DELETE FROM stats_providers;
  DELETE FROM stats_complaints;
  DELETE FROM stats_need_facts;
  INSERT INTO stats_need_facts SELECT * FROM stats_need_facts_now;

  CREATE TEMP TABLE stats_fc ON COMMIT DROP AS
    SELECT f.*, c.cat, c.ord = 1 AS prim
      FROM stats_need_facts f, unnest(f.categories) WITH ORDINALITY AS c (cat, ord);

  INSERT INTO stats_needs
  SELECT sp.span, sp.day, station, channel, region, cat, prim, state, count(*),
         count(*) FILTER (WHERE answered),
         count(*) FILTER (WHERE accept_on_time IS TRUE), count(*) FILTER (WHERE accept_on_time IS FALSE),
         count(*) FILTER (WHERE reply_on_time IS TRUE), count(*) FILTER (WHERE reply_on_time IS FALSE)
    FROM stats_fc f, stats_spans(f.day) sp GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

  INSERT INTO stats_durations
  SELECT day, station, channel, region, cat, prim, 'accept', responded_on, count(*)
    FROM stats_fc WHERE responded_on IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 8;
  INSERT INTO stats_durations
  SELECT day, station, channel, region, cat, prim, 'complete', completed_on, count(*)
    FROM stats_fc WHERE completed_on IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 8;

  INSERT INTO stats_ratings
  SELECT sp.span, sp.day, station, channel, region, cat, prim, q.question, q.level, count(*)
    FROM stats_fc f, stats_spans(f.day) sp,
         LATERAL (VALUES ('timeliness', r_timeliness), ('professionalism', r_professionalism), ('courtesy', r_courtesy),
                         ('overall', r_overall), ('resolved', CASE WHEN r_resolved THEN 'yes' ELSE 'no' END)) AS q (question, level)
   WHERE r_overall IS NOT NULL
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;

  INSERT INTO stats_items
  SELECT sp.span, sp.day, station, channel, region, it, count(*)
    FROM stats_need_facts f, stats_spans(f.day) sp, unnest(items) AS it GROUP BY 1, 2, 3, 4, 5, 6;

  INSERT INTO stats_providers
  SELECT sp.span, sp.day, f.station, f.channel, f.region, f.cat, f.prim,
         CASE WHEN t.institution_id IS NOT NULL THEN 'institution' ELSE 'expert' END,
         coalesce(t.institution_id, t.expert_id), t.state, count(*)
    FROM tasks t JOIN stats_fc f ON f.need_id = t.need_id, stats_spans(f.day) sp
   GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;

  INSERT INTO stats_complaints
  SELECT sp.span, sp.day, coalesce(n.station_id::text, ''), c.target_kind, c.state,
         c.state = 'resolved' AND (c.updated_at AT TIME ZONE 'Asia/Shanghai')::date > c.resolve_by, count(*)
    FROM complaints c LEFT JOIN needs n ON n.id = c.need_id, stats_spans((c.created_at AT TIME ZONE 'Asia/Shanghai')::date) sp
   GROUP BY 1, 2, 3, 4, 5, 6;
  DROP TABLE stats_fc;
END $$;

SELECT stats_rebuild();
