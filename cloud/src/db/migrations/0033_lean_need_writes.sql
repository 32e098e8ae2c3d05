-- Need creation does less per row (issue 14: POST /api/needs against its
-- ceiling). Found in a profile of the database's backends under load:
--
-- need_number() was never inlined, so every new need ran it through the
-- SQL-function executor (7 % of a backend's time). Two things prevented it: it
-- was declared STRICT, and its CASE is not provably NULL on NULL input; and it
-- was declared IMMUTABLE while to_char is only STABLE (it may read the
-- locale). Now the day's digits come from extract (immutable) and the
-- function is not STRICT, so the planner writes its body into the INSERT as a
-- plain expression; it yields the same text, and NULL for a NULL day or
-- sequence, as before.
--
-- The triggers that refuse a plaintext name turned the whole new row into
-- JSON (to_jsonb(NEW)) on every insert, to look at one column that is always
-- NULL. A WHEN condition on that column now decides in the trigger's own test,
-- so the function runs only for a row it refuses.
CREATE OR REPLACE FUNCTION need_number(day date, seq integer) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 'QS-' || lpad((extract(year FROM day) * 10000 + extract(month FROM day) * 100 + extract(day FROM day))::text, 8, '0') || '-' ||
         CASE WHEN seq < 100000 THEN lpad(seq::text, 5, '0') ELSE chr(64 + length(seq::text)) || seq::text END
$$;

DROP TRIGGER users_no_plaintext_name ON users;
CREATE TRIGGER users_no_plaintext_name BEFORE INSERT ON users
  FOR EACH ROW WHEN (NEW.name_plain IS NOT NULL) EXECUTE FUNCTION refuse_plaintext_name('name_plain');
DROP TRIGGER need_events_no_plaintext_name ON need_events;
CREATE TRIGGER need_events_no_plaintext_name BEFORE INSERT ON need_events
  FOR EACH ROW WHEN (NEW.actor_name_plain IS NOT NULL) EXECUTE FUNCTION refuse_plaintext_name('actor_name_plain');
DROP TRIGGER complaint_events_no_plaintext_name ON complaint_events;
CREATE TRIGGER complaint_events_no_plaintext_name BEFORE INSERT ON complaint_events
  FOR EACH ROW WHEN (NEW.actor_name_plain IS NOT NULL) EXECUTE FUNCTION refuse_plaintext_name('actor_name_plain');
DROP TRIGGER settings_no_plaintext_name ON settings;
CREATE TRIGGER settings_no_plaintext_name BEFORE INSERT ON settings
  FOR EACH ROW WHEN (NEW.updated_by_plain IS NOT NULL) EXECUTE FUNCTION refuse_plaintext_name('updated_by_plain');
