-- Archives (一项一档): a need's whole record is kept for 3 years after it is
-- closed (DB46 7.5), as the needs row already is (0001 needs_retention).
-- Nothing of the record — its events, tasks, rating, attachments, complaints
-- and their handling record, and the archive's periodic reviews — may be
-- deleted while the need is open or within 3 years of its closing; TRUNCATE of
-- any of these tables is refused outright (it cannot be checked row by row).
-- After the retention period the rows may be deleted, children first, then
-- the need. The event logs stay append-only otherwise (0013): no UPDATE.
-- And the periodic review (复查, DB46 7.5.4): who reviewed the archive, when,
-- what they found.

-- Whether a need's record is still kept: open (never closed), or closed less than 3 years ago.
CREATE FUNCTION need_retained(need uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM needs WHERE id = need AND (closed_at IS NULL OR closed_at > now() - interval '3 years'))
$$;

-- A complaint about a need is kept with the need; one about a provider or a
-- staff member, until 3 years after it was resolved.
CREATE FUNCTION complaint_retained(complaint uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM complaints c
     WHERE c.id = complaint
       AND CASE WHEN c.need_id IS NOT NULL THEN need_retained(c.need_id)
                ELSE c.state <> 'resolved' OR c.updated_at > now() - interval '3 years' END)
$$;

-- An uploaded file is kept while a need that lists it (its form, an event such
-- as a supplement, or a task's result) is kept.
CREATE FUNCTION upload_retained(upload uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM needs n
     WHERE (n.closed_at IS NULL OR n.closed_at > now() - interval '3 years')
       AND (n.attachments @> jsonb_build_array(jsonb_build_object('url', '/api/uploads/' || upload))
            OR EXISTS (SELECT 1 FROM need_events e WHERE e.need_id = n.id
                          AND e.data -> 'attachments' @> jsonb_build_array(jsonb_build_object('url', '/api/uploads/' || upload)))
            OR EXISTS (SELECT 1 FROM tasks t WHERE t.need_id = n.id
                          AND t.attachments @> jsonb_build_array(jsonb_build_object('url', '/api/uploads/' || upload)))))
$$;

-- BEFORE DELETE: refuses to delete a row of a kept record. TG_ARGV[0] says how
-- the row reaches its need: 'need' (a need_id column), 'complaint' (a
-- complaint_id column), 'self_complaint' (the complaints table), 'upload'.
CREATE FUNCTION keep_need_record() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_json jsonb := to_jsonb(OLD);
  kept boolean;
BEGIN
  kept := CASE TG_ARGV[0]
    WHEN 'need' THEN need_retained((row_json ->> 'need_id')::uuid)
    WHEN 'complaint' THEN complaint_retained((row_json ->> 'complaint_id')::uuid)
    WHEN 'self_complaint' THEN complaint_retained((row_json ->> 'id')::uuid)
    WHEN 'upload' THEN upload_retained((row_json ->> 'id')::uuid)
  END;
  IF kept THEN
    RAISE EXCEPTION '% is append-only within the retention period (a need''s record is kept until 3 years after closing): DELETE is not allowed', TG_TABLE_NAME
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN OLD;
END $$;

-- TRUNCATE would take kept rows with it.
CREATE FUNCTION refuse_record_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% holds need records kept for their retention period: TRUNCATE is not allowed', TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END $$;

-- The event logs: still no UPDATE (0013's function, with the one encryption
-- exception); DELETE only after the retention period.
DROP TRIGGER need_events_append_only ON need_events;
CREATE TRIGGER need_events_append_only BEFORE UPDATE ON need_events
  FOR EACH ROW EXECUTE FUNCTION refuse_log_change('actor_name_plain', 'actor_name_enc');
CREATE TRIGGER need_events_retention BEFORE DELETE ON need_events
  FOR EACH ROW EXECUTE FUNCTION keep_need_record('need');

DROP TRIGGER complaint_events_append_only ON complaint_events;
CREATE TRIGGER complaint_events_append_only BEFORE UPDATE ON complaint_events
  FOR EACH ROW EXECUTE FUNCTION refuse_log_change('actor_name_plain', 'actor_name_enc');
CREATE TRIGGER complaint_events_retention BEFORE DELETE ON complaint_events
  FOR EACH ROW EXECUTE FUNCTION keep_need_record('complaint');

CREATE TRIGGER tasks_retention BEFORE DELETE ON tasks FOR EACH ROW EXECUTE FUNCTION keep_need_record('need');
CREATE TRIGGER tasks_no_truncate BEFORE TRUNCATE ON tasks FOR EACH STATEMENT EXECUTE FUNCTION refuse_record_truncate();
CREATE TRIGGER ratings_retention BEFORE DELETE ON ratings FOR EACH ROW EXECUTE FUNCTION keep_need_record('need');
CREATE TRIGGER ratings_no_truncate BEFORE TRUNCATE ON ratings FOR EACH STATEMENT EXECUTE FUNCTION refuse_record_truncate();
CREATE TRIGGER complaints_retention BEFORE DELETE ON complaints FOR EACH ROW EXECUTE FUNCTION keep_need_record('self_complaint');
CREATE TRIGGER complaints_no_truncate BEFORE TRUNCATE ON complaints FOR EACH STATEMENT EXECUTE FUNCTION refuse_record_truncate();
CREATE TRIGGER uploads_retention BEFORE DELETE ON uploads FOR EACH ROW EXECUTE FUNCTION keep_need_record('upload');
CREATE TRIGGER uploads_no_truncate BEFORE TRUNCATE ON uploads FOR EACH STATEMENT EXECUTE FUNCTION refuse_record_truncate();
CREATE TRIGGER needs_no_truncate BEFORE TRUNCATE ON needs FOR EACH STATEMENT EXECUTE FUNCTION refuse_record_truncate();

-- 复查 (DB46 7.5.4): each periodic review of an archive, append-only, kept with the need.
CREATE TABLE archive_reviews (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  need_id           uuid NOT NULL REFERENCES needs (id),
  at                timestamptz NOT NULL DEFAULT clock_timestamp(),
  reviewer_id       uuid NOT NULL REFERENCES users (id),
  reviewer_name_enc text,
  findings          text NOT NULL,
  complete          boolean NOT NULL
);
CREATE INDEX archive_reviews_need_idx ON archive_reviews (need_id, at);
CREATE TRIGGER archive_reviews_append_only BEFORE UPDATE ON archive_reviews
  FOR EACH ROW EXECUTE FUNCTION refuse_log_change();
CREATE TRIGGER archive_reviews_retention BEFORE DELETE ON archive_reviews
  FOR EACH ROW EXECUTE FUNCTION keep_need_record('need');
CREATE TRIGGER archive_reviews_no_truncate BEFORE TRUNCATE ON archive_reviews
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_record_truncate();

-- The archive search: by submission day, newest first.
CREATE INDEX needs_submitted_idx ON needs (submitted_on DESC, id DESC);
