-- A channel or a region filter on the statistics read the by-dimension rollups of
-- migration 0024 too, as a category filter does, instead of 0014's cube and
-- its per-day duration pairs (at a million needs 500 ms, growing with them).
--
-- The "category key" of stats_needs_dim and stats_duration_hist becomes a
-- filter key: '*' (every need once), a category code (that category's needs),
-- 'channel:<channel>' or 'region:<region>' (the needs of that channel or
-- region, each once, from its primary-category rows). The dimension rows under
-- a channel or region key are those of '*' restricted to it. Two filters at
-- once (say a category and a channel) still read the cube.

CREATE OR REPLACE FUNCTION stats_needs_dim_keys(category text, is_primary boolean, channel text, region text, state text)
RETURNS TABLE (catkey text, dim text, key text) LANGUAGE sql IMMUTABLE AS $$
  SELECT f.catkey, v.dim, v.key
    FROM (VALUES ('*'), ('channel:' || channel), ('region:' || region)) f (catkey),
         (VALUES ('channel', channel), ('region', region), ('state', state), ('total', '')) v (dim, key)
   WHERE is_primary
  UNION ALL
  VALUES ('*', 'category', category), ('channel:' || channel, 'category', category), ('region:' || region, 'category', category),
         (category, 'channel', channel), (category, 'region', region), (category, 'state', state), (category, 'total', '')
$$;

-- The filter keys one stats_durations row counts in (see stats_needs_dim_keys).
CREATE FUNCTION stats_duration_keys(category text, is_primary boolean, channel text, region text)
RETURNS TABLE (catkey text) LANGUAGE sql IMMUTABLE AS $$
  SELECT category
  UNION ALL
  SELECT k FROM (VALUES ('*'), ('channel:' || channel), ('region:' || region)) v (k) WHERE is_primary
$$;

CREATE OR REPLACE FUNCTION stats_duration_hist_apply(r stats_durations, n integer) RETURNS void LANGUAGE plpgsql AS $$
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
    FROM stats_spans(r.day) sp, stats_duration_keys(r.category, r.is_primary, r.channel, r.region) k
  ON CONFLICT (span, day, station, catkey, kind, days) DO UPDATE SET n = h.n + excluded.n;
END $$;

CREATE OR REPLACE FUNCTION stats_duration_hist_rebuild(fp text) RETURNS boolean LANGUAGE plpgsql AS $$
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
         stats_duration_keys(d.category, d.is_primary, d.channel, d.region) k,
         stats_spans(d.day) sp
   WHERE d.n <> 0
   GROUP BY 1, 2, 3, 4, 5, 6;
  UPDATE stats_calendar_state SET fingerprint = fp;
  RETURN true;
END $$;

-- The new keys for what is there: the dimension rows recounted, the histograms recounted by the
-- service on its next read (stats_calendar_state's fingerprint cleared: the pairs are read until then).
SELECT stats_needs_dim_rebuild();
UPDATE stats_calendar_state SET fingerprint = NULL;
DELETE FROM stats_duration_hist;
