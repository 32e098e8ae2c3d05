-- Need creation near the database's ceiling (issue 14).
--
-- need_number(day, seq): the unified number of a day's seq-th need, the same
-- text as formatNeedNumber (shared/src/numbering.ts): five digits for the first
-- 99 999, then a letter naming the width and the digits (F100000, …), so
-- string order stays date-and-sequence order. The creating transaction takes
-- the day's sequence and writes the need in its last statement, so the
-- counter's row lock is held from there to the commit only.
CREATE FUNCTION need_number(day date, seq integer) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT 'QS-' || to_char(day, 'YYYYMMDD') || '-' ||
         CASE WHEN seq < 100000 THEN lpad(seq::text, 5, '0') ELSE chr(64 + length(seq::text)) || seq::text END
$$;

-- A new need's statistics facts come from its own row (and its enterprise's
-- region): no event, rating or task can exist before it, so the view's joins
-- and the lateral search for a first response are skipped. Should facts exist
-- already (a trigger of the same statement got there first), the general
-- refresh decides, as before.
CREATE FUNCTION stats_on_need_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  f stats_need_facts;
BEGIN
  f.need_id := NEW.id;
  f.day := NEW.submitted_on;
  f.station := coalesce(NEW.station_id::text, '');
  f.channel := NEW.channel;
  SELECT coalesce(e.region, '') INTO f.region FROM enterprises e WHERE e.id = NEW.enterprise_id;
  f.region := coalesce(f.region, '');
  f.categories := NEW.categories;
  f.items := NEW.items;
  f.state := NEW.state;
  f.answered := false;
  f.completed_on := NEW.completed_on;
  f.reply_on_time := CASE WHEN NEW.completed_on IS NULL THEN NULL ELSE NEW.completed_on <= NEW.reply_by END;
  INSERT INTO stats_need_facts SELECT f.* ON CONFLICT (need_id) DO NOTHING;
  IF NOT FOUND THEN
    PERFORM stats_need_refresh(NEW.id);
  ELSE
    PERFORM stats_need_apply(f, 1);
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER needs_stats_insert ON needs;
CREATE TRIGGER needs_stats_insert AFTER INSERT ON needs FOR EACH ROW EXECUTE FUNCTION stats_on_need_insert();
