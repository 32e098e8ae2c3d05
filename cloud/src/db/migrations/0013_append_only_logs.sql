-- The audit records are append-only, as a need is kept for its retention
-- period: the need event log, the complaint handling record and the log of
-- unmasked reads of personal data refuse UPDATE, DELETE and TRUNCATE. The one
-- change allowed is the application's one-time encryption of an actor's name
-- written before names were encrypted (0012): `*_plain` to NULL and `*_enc`
-- from NULL to a value, every other column unchanged.
CREATE FUNCTION refuse_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  plain text := TG_ARGV[0];
  enc   text := TG_ARGV[1];
BEGIN
  IF TG_OP = 'UPDATE' AND plain IS NOT NULL
     AND (to_jsonb(OLD) ->> plain) IS NOT NULL AND (to_jsonb(NEW) ->> plain) IS NULL
     AND (to_jsonb(OLD) ->> enc) IS NULL AND (to_jsonb(NEW) ->> enc) IS NOT NULL
     AND (to_jsonb(NEW) - plain - enc) = (to_jsonb(OLD) - plain - enc) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE TRIGGER need_events_append_only BEFORE UPDATE OR DELETE ON need_events
  FOR EACH ROW EXECUTE FUNCTION refuse_log_change('actor_name_plain', 'actor_name_enc');
CREATE TRIGGER need_events_no_truncate BEFORE TRUNCATE ON need_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_log_change();

CREATE TRIGGER complaint_events_append_only BEFORE UPDATE OR DELETE ON complaint_events
  FOR EACH ROW EXECUTE FUNCTION refuse_log_change('actor_name_plain', 'actor_name_enc');
CREATE TRIGGER complaint_events_no_truncate BEFORE TRUNCATE ON complaint_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_log_change();

CREATE TRIGGER pii_access_log_append_only BEFORE UPDATE OR DELETE ON pii_access_log
  FOR EACH ROW EXECUTE FUNCTION refuse_log_change();
CREATE TRIGGER pii_access_log_no_truncate BEFORE TRUNCATE ON pii_access_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_log_change();

-- The access log is read by managers and supervisors, newest first, by need or reader.
CREATE INDEX pii_access_log_at_idx ON pii_access_log (at DESC, id DESC);
CREATE INDEX pii_access_log_subject_idx ON pii_access_log (subject_id, at DESC);
CREATE INDEX pii_access_log_user_idx ON pii_access_log (user_id, at DESC);
