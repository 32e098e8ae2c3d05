-- The rest of the overview by dimension too: service items, ratings and
-- provider tasks, beside the needs and durations of 0024/0029, kept by
-- triggers on 0014's tables (the fold of 0030 writes those).
--
-- Why: at a million needs the overview still took 200 ms, almost all of it
-- reading 0014's cubes of items, ratings and tasks, whose rows carry every
-- dimension at once (station × channel × region × category × …): a month has
-- tens of thousands of them. Here a row carries the station and one filter
-- key ('*', a category, 'channel:<channel>' or 'region:<region>'; items:
-- '*', channel or region, a category filter picks its items), so a year of
-- the overview reads a few thousand rows whatever the number of needs.

CREATE TABLE stats_items_dim (
  span    char(1) NOT NULL CHECK (span IN ('d', 'm', 'y')),
  day     date NOT NULL,
  station text NOT NULL,
  catkey  text NOT NULL,
  item    text NOT NULL,
  n       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (span, day, station, catkey, item)
);

CREATE TABLE stats_ratings_dim (
  span     char(1) NOT NULL CHECK (span IN ('d', 'm', 'y')),
  day      date NOT NULL,
  station  text NOT NULL,
  catkey   text NOT NULL,
  question text NOT NULL,
  level    text NOT NULL,
  n        integer NOT NULL DEFAULT 0,
  PRIMARY KEY (span, day, station, catkey, question, level)
);

CREATE TABLE stats_providers_dim (
  span          char(1) NOT NULL CHECK (span IN ('d', 'm', 'y')),
  day           date NOT NULL,
  station       text NOT NULL,
  catkey        text NOT NULL,
  provider_kind text NOT NULL,
  provider_id   uuid NOT NULL,
  task_state    text NOT NULL,
  n             integer NOT NULL DEFAULT 0,
  PRIMARY KEY (span, day, station, catkey, provider_kind, provider_id, task_state)
);

-- The filter keys of an items row (no category: a category filter selects its items).
CREATE FUNCTION stats_item_keys(channel text, region text) RETURNS TABLE (catkey text) LANGUAGE sql IMMUTABLE AS $$
  VALUES ('*'), ('channel:' || channel), ('region:' || region)
$$;

CREATE FUNCTION stats_on_items_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r stats_items;
  d integer;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; d := -OLD.n;
  ELSIF TG_OP = 'UPDATE' THEN r := NEW; d := NEW.n - OLD.n;
  ELSE r := NEW; d := NEW.n;
  END IF;
  IF d = 0 THEN RETURN NULL; END IF;
  INSERT INTO stats_items_dim AS s
  SELECT r.span, r.day, r.station, k.catkey, r.item, d FROM stats_item_keys(r.channel, r.region) k
  ON CONFLICT (span, day, station, catkey, item) DO UPDATE SET n = s.n + excluded.n;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_items_dims AFTER INSERT OR UPDATE OR DELETE ON stats_items
  FOR EACH ROW EXECUTE FUNCTION stats_on_items_row();

CREATE FUNCTION stats_on_ratings_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r stats_ratings;
  d integer;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; d := -OLD.n;
  ELSIF TG_OP = 'UPDATE' THEN r := NEW; d := NEW.n - OLD.n;
  ELSE r := NEW; d := NEW.n;
  END IF;
  IF d = 0 THEN RETURN NULL; END IF;
  INSERT INTO stats_ratings_dim AS s
  SELECT r.span, r.day, r.station, k.catkey, r.question, r.level, d
    FROM stats_duration_keys(r.category, r.is_primary, r.channel, r.region) k
  ON CONFLICT (span, day, station, catkey, question, level) DO UPDATE SET n = s.n + excluded.n;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_ratings_dims AFTER INSERT OR UPDATE OR DELETE ON stats_ratings
  FOR EACH ROW EXECUTE FUNCTION stats_on_ratings_row();

CREATE FUNCTION stats_on_providers_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r stats_providers;
  d integer;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; d := -OLD.n;
  ELSIF TG_OP = 'UPDATE' THEN r := NEW; d := NEW.n - OLD.n;
  ELSE r := NEW; d := NEW.n;
  END IF;
  IF d = 0 THEN RETURN NULL; END IF;
  INSERT INTO stats_providers_dim AS s
  SELECT r.span, r.day, r.station, k.catkey, r.provider_kind, r.provider_id, r.task_state, d
    FROM stats_duration_keys(r.category, r.is_primary, r.channel, r.region) k
  ON CONFLICT (span, day, station, catkey, provider_kind, provider_id, task_state) DO UPDATE SET n = s.n + excluded.n;
  RETURN NULL;
END $$;
CREATE TRIGGER stats_providers_dims AFTER INSERT OR UPDATE OR DELETE ON stats_providers
  FOR EACH ROW EXECUTE FUNCTION stats_on_providers_row();

-- Recounts the three from 0014's tables, set-based (after a bulk load with triggers off; the tests' reference).
CREATE FUNCTION stats_dims_rest_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM stats_items_dim;
  INSERT INTO stats_items_dim
  SELECT s.span, s.day, s.station, k.catkey, s.item, sum(s.n)
    FROM stats_items s, stats_item_keys(s.channel, s.region) k
   WHERE s.n <> 0
   GROUP BY 1, 2, 3, 4, 5;
  DELETE FROM stats_ratings_dim;
  INSERT INTO stats_ratings_dim
  SELECT s.span, s.day, s.station, k.catkey, s.question, s.level, sum(s.n)
    FROM stats_ratings s, stats_duration_keys(s.category, s.is_primary, s.channel, s.region) k
   WHERE s.n <> 0
   GROUP BY 1, 2, 3, 4, 5, 6;
  DELETE FROM stats_providers_dim;
  INSERT INTO stats_providers_dim
  SELECT s.span, s.day, s.station, k.catkey, s.provider_kind, s.provider_id, s.task_state, sum(s.n)
    FROM stats_providers s, stats_duration_keys(s.category, s.is_primary, s.channel, s.region) k
   WHERE s.n <> 0
   GROUP BY 1, 2, 3, 4, 5, 6, 7;
END $$;

SELECT stats_dims_rest_rebuild();
