-- Statistics at ten million needs (效能评估 within 200 ms): rollups derived
-- from those of migration 0014 and kept by triggers on them, so every path that
-- keeps 0014's tables (its triggers, stats_rebuild) keeps these too.
--
-- Why 0014 alone was slow (EXPLAIN ANALYZE at a million needs): its rows carry
-- every dimension at once (station × channel × region × category × state), so
-- a month has about as many rows as needs, and a year read tens of thousands of
-- rows per table; the durations were read as (submitted day, end day) pairs of
-- single days (a sequential scan of ~100 000 rows a year, each pair then
-- counted on the calendar in the service), the ratings as one row per question
-- and level. Here:
--
-- 1. stats_needs_dim: the need counts by one dimension at a time (channel,
--    region, state, category, total) per station and "category key" ('*': all
--    needs, each once; or one category), at the day, month and year spans. A
--    year of an overview without a channel or region filter reads a few
--    thousand rows, whatever the number of needs.
-- 2. stats_duration_hist: durations as histograms of working days, per station
--    and category key, at the three spans. Each pair is counted once, on the
--    calendar copied into stats_workdays (the working-day ordinal of every day
--    2000–2100, written by the service from the calendar in force:
--    services/stats/workdays.ts). stats_calendar_state holds the fingerprint
--    of the calendar they were counted on: when the calendar changes (a
--    publication, a provisional year filled in) the service recounts
--    (stats_duration_hist_rebuild); until then, and with a channel or region
--    filter, it counts the pairs as before.
-- 3. stats_rating_cube: the ratings pivoted, one row per dimension key with the
--    eighteen counts (each question by level, 问题是否解决), a tenth of the rows.

CREATE TABLE stats_workdays (
  day date PRIMARY KEY,
  -- working days from 2000-01-01 (excluded) up to this day (included): working days in (a, b] = ord(b) - ord(a)
  ord integer NOT NULL
);

CREATE TABLE stats_calendar_state (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  -- the calendar stats_workdays and stats_duration_hist were counted on; null: not counted (yet), read the pairs
  fingerprint text
);
INSERT INTO stats_calendar_state (fingerprint) VALUES (NULL);

CREATE TABLE stats_duration_hist (
  span    char(1) NOT NULL CHECK (span IN ('d', 'm', 'y')),
  day     date NOT NULL,
  station text NOT NULL,
  -- '*': every need once (its primary category's pairs); else the pairs of that category
  catkey  text NOT NULL,
  kind    text NOT NULL,
  days    integer NOT NULL,
  n       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (span, day, station, catkey, kind, days)
);

-- Adds n pairs of one stats_durations key (negative: removes them) to the histograms.
CREATE FUNCTION stats_duration_hist_apply(r stats_durations, n integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  w integer;
BEGIN
  IF n = 0 THEN RETURN; END IF;
  SELECT e.ord - s.ord INTO w FROM stats_workdays s, stats_workdays e WHERE s.day = r.day AND e.day = r.end_day;
  IF w IS NULL THEN
    -- a day the copied calendar does not cover: the histograms stop being read until a recount
    UPDATE stats_calendar_state SET fingerprint = NULL WHERE fingerprint IS NOT NULL;
    RETURN;
  END IF;
  INSERT INTO stats_duration_hist AS h
  SELECT sp.span, sp.day, r.station, k.catkey, r.kind, greatest(w, 0), n
    FROM stats_spans(r.day) sp,
         (SELECT r.category AS catkey UNION ALL SELECT '*' WHERE r.is_primary) k
  ON CONFLICT (span, day, station, catkey, kind, days) DO UPDATE SET n = h.n + excluded.n;
END $$;

CREATE FUNCTION stats_on_duration() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT fingerprint FROM stats_calendar_state) IS NULL THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM stats_duration_hist_apply(NEW, NEW.n);
  ELSIF TG_OP = 'UPDATE' THEN
    -- 0014 only ever changes n (the rest is its primary key)
    PERFORM stats_duration_hist_apply(OLD, -OLD.n);
    PERFORM stats_duration_hist_apply(NEW, NEW.n);
  ELSE
    PERFORM stats_duration_hist_apply(OLD, -OLD.n);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_durations_hist AFTER INSERT OR UPDATE OR DELETE ON stats_durations
  FOR EACH ROW EXECUTE FUNCTION stats_on_duration();

-- Recounts the histograms from the pairs on the calendar in stats_workdays (set-based) and records its
-- fingerprint; false (fingerprint left null) when a pair's day is not covered: the pairs are read then.
CREATE FUNCTION stats_duration_hist_rebuild(fp text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  UPDATE stats_calendar_state SET fingerprint = NULL;
  DELETE FROM stats_duration_hist;
  IF EXISTS (SELECT 1 FROM stats_durations d
              WHERE d.n <> 0 AND (NOT EXISTS (SELECT 1 FROM stats_workdays w WHERE w.day = d.day)
                                  OR NOT EXISTS (SELECT 1 FROM stats_workdays w WHERE w.day = d.end_day))) THEN
    RETURN false;
  END IF;
  INSERT INTO stats_duration_hist
  SELECT sp.span, sp.day, d.station, k.catkey, d.kind, greatest(e.ord - s.ord, 0), sum(d.n)
    FROM stats_durations d
    JOIN stats_workdays s ON s.day = d.day
    JOIN stats_workdays e ON e.day = d.end_day,
         LATERAL (SELECT d.category AS catkey UNION ALL SELECT '*' WHERE d.is_primary) k,
         stats_spans(d.day) sp
   WHERE d.n <> 0
   GROUP BY 1, 2, 3, 4, 5, 6;
  UPDATE stats_calendar_state SET fingerprint = fp;
  RETURN true;
END $$;

-- The need counts by one dimension at a time. catkey '*': every need once (dimensions channel, region,
-- state and total from the primary category's rows; dimension category from every category's rows);
-- catkey a category: the needs of that category (dimensions channel, region, state, total).
CREATE TABLE stats_needs_dim (
  span    char(1) NOT NULL CHECK (span IN ('d', 'm', 'y')),
  day     date NOT NULL,
  station text NOT NULL,
  catkey  text NOT NULL,
  dim     text NOT NULL CHECK (dim IN ('channel', 'region', 'state', 'category', 'total')),
  key     text NOT NULL,
  n              integer NOT NULL DEFAULT 0,
  answered       integer NOT NULL DEFAULT 0,
  accept_on_time integer NOT NULL DEFAULT 0,
  accept_late    integer NOT NULL DEFAULT 0,
  reply_on_time  integer NOT NULL DEFAULT 0,
  reply_late     integer NOT NULL DEFAULT 0,
  PRIMARY KEY (span, day, station, catkey, dim, key)
);

-- The (catkey, dim, key) rows one stats_needs row counts in.
CREATE FUNCTION stats_needs_dim_keys(category text, is_primary boolean, channel text, region text, state text)
RETURNS TABLE (catkey text, dim text, key text) LANGUAGE sql IMMUTABLE AS $$
  SELECT * FROM (VALUES ('*', 'channel', channel), ('*', 'region', region), ('*', 'state', state), ('*', 'total', '')) v
   WHERE is_primary
  UNION ALL
  VALUES ('*', 'category', category),
         (category, 'channel', channel), (category, 'region', region), (category, 'state', state), (category, 'total', '')
$$;

CREATE FUNCTION stats_needs_dim_apply(r stats_needs, sign integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO stats_needs_dim AS s
  SELECT r.span, r.day, r.station, k.catkey, k.dim, k.key, sign * r.n, sign * r.answered, sign * r.accept_on_time,
         sign * r.accept_late, sign * r.reply_on_time, sign * r.reply_late
    FROM stats_needs_dim_keys(r.category, r.is_primary, r.channel, r.region, r.state) k
  ON CONFLICT (span, day, station, catkey, dim, key) DO UPDATE
    SET n = s.n + excluded.n, answered = s.answered + excluded.answered,
        accept_on_time = s.accept_on_time + excluded.accept_on_time, accept_late = s.accept_late + excluded.accept_late,
        reply_on_time = s.reply_on_time + excluded.reply_on_time, reply_late = s.reply_late + excluded.reply_late
$$;

CREATE FUNCTION stats_on_needs_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM stats_needs_dim_apply(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM stats_needs_dim_apply(NEW, 1); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_needs_dims AFTER INSERT OR UPDATE OR DELETE ON stats_needs
  FOR EACH ROW EXECUTE FUNCTION stats_on_needs_row();

-- Recounts stats_needs_dim from stats_needs, set-based (after a bulk load with triggers off; the tests' reference).
CREATE FUNCTION stats_needs_dim_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM stats_needs_dim;
  INSERT INTO stats_needs_dim
  SELECT s.span, s.day, s.station, k.catkey, k.dim, k.key, sum(s.n), sum(s.answered), sum(s.accept_on_time),
         sum(s.accept_late), sum(s.reply_on_time), sum(s.reply_late)
    FROM stats_needs s, stats_needs_dim_keys(s.category, s.is_primary, s.channel, s.region, s.state) k
   GROUP BY 1, 2, 3, 4, 5, 6;
END $$;

CREATE TABLE stats_rating_cube (
  span       char(1) NOT NULL CHECK (span IN ('d', 'm', 'y')),
  day        date NOT NULL,
  station    text NOT NULL,
  channel    text NOT NULL,
  region     text NOT NULL,
  category   text NOT NULL,
  is_primary boolean NOT NULL,
  -- <question>_<level>: the Annex C questions by satisfaction level; resolved_yes / resolved_no: 问题是否解决
  timeliness_very_satisfied integer NOT NULL DEFAULT 0,
  timeliness_satisfied integer NOT NULL DEFAULT 0,
  timeliness_average integer NOT NULL DEFAULT 0,
  timeliness_dissatisfied integer NOT NULL DEFAULT 0,
  professionalism_very_satisfied integer NOT NULL DEFAULT 0,
  professionalism_satisfied integer NOT NULL DEFAULT 0,
  professionalism_average integer NOT NULL DEFAULT 0,
  professionalism_dissatisfied integer NOT NULL DEFAULT 0,
  courtesy_very_satisfied integer NOT NULL DEFAULT 0,
  courtesy_satisfied integer NOT NULL DEFAULT 0,
  courtesy_average integer NOT NULL DEFAULT 0,
  courtesy_dissatisfied integer NOT NULL DEFAULT 0,
  overall_very_satisfied integer NOT NULL DEFAULT 0,
  overall_satisfied integer NOT NULL DEFAULT 0,
  overall_average integer NOT NULL DEFAULT 0,
  overall_dissatisfied integer NOT NULL DEFAULT 0,
  resolved_yes integer NOT NULL DEFAULT 0,
  resolved_no integer NOT NULL DEFAULT 0,
  PRIMARY KEY (span, day, station, channel, region, category, is_primary)
);

CREATE FUNCTION stats_on_rating_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r stats_ratings;
  d integer;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; d := -OLD.n;
  ELSIF TG_OP = 'UPDATE' THEN r := NEW; d := NEW.n - OLD.n;
  ELSE r := NEW; d := NEW.n;
  END IF;
  IF d = 0 THEN RETURN NULL; END IF;
  -- the column is one of the table's (question and level come from 0014's fixed lists); format quotes it
  EXECUTE format(
    'INSERT INTO stats_rating_cube AS s (span, day, station, channel, region, category, is_primary, %1$I)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (span, day, station, channel, region, category, is_primary) DO UPDATE SET %1$I = s.%1$I + excluded.%1$I',
    r.question || '_' || r.level)
  USING r.span, r.day, r.station, r.channel, r.region, r.category, r.is_primary, d;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_ratings_cube AFTER INSERT OR UPDATE OR DELETE ON stats_ratings
  FOR EACH ROW EXECUTE FUNCTION stats_on_rating_row();

-- Recounts the pivot from stats_ratings, set-based (after a bulk load with triggers off; the tests' reference).
CREATE FUNCTION stats_rating_cube_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM stats_rating_cube;
  INSERT INTO stats_rating_cube
  SELECT span, day, station, channel, region, category, is_primary,
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'timeliness_very_satisfied'), 0),
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'timeliness_satisfied'), 0),
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'timeliness_average'), 0),
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'timeliness_dissatisfied'), 0),
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'professionalism_very_satisfied'), 0),
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'professionalism_satisfied'), 0),
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'professionalism_average'), 0),
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'professionalism_dissatisfied'), 0),
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'courtesy_very_satisfied'), 0),
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'courtesy_satisfied'), 0),
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'courtesy_average'), 0),
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'courtesy_dissatisfied'), 0),
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'overall_very_satisfied'), 0),
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'overall_satisfied'), 0),
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'overall_average'), 0),
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'overall_dissatisfied'), 0),
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'resolved_yes'), 0),
         coalesce(sum(n) FILTER (WHERE question || '_' || level = 'resolved_no'), 0)
    FROM stats_ratings
   GROUP BY 1, 2, 3, 4, 5, 6, 7;
END $$;

SELECT stats_rating_cube_rebuild();
SELECT stats_needs_dim_rebuild();
