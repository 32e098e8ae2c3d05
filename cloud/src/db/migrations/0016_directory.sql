-- The directories managers keep (机构名录、专家库): institutions and experts
-- are edited at a version (409 when stale), experts carry the evidence of
-- their title and an integrity record, and every change is kept in an
-- append-only history (who, when, what). Contacts stay encrypted; the history
-- records that a contact changed, never its value.
ALTER TABLE institutions
  ADD COLUMN version    integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE experts
  ADD COLUMN version           integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at        timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN title_evidence    jsonb,
  ADD COLUMN integrity_records jsonb NOT NULL DEFAULT '[]';

CREATE TABLE directory_changes (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subject_kind   text NOT NULL CHECK (subject_kind IN ('institution', 'expert')),
  subject_id     uuid NOT NULL,
  version        integer NOT NULL,
  action         text NOT NULL CHECK (action IN ('create', 'update')),
  at             timestamptz NOT NULL DEFAULT now(),
  actor_id       uuid NOT NULL REFERENCES users (id),
  actor_name_enc text,
  changes        jsonb NOT NULL DEFAULT '[]',
  UNIQUE (subject_kind, subject_id, version)
);
CREATE INDEX directory_changes_subject_idx ON directory_changes (subject_id, version DESC);

CREATE TRIGGER directory_changes_append_only BEFORE UPDATE OR DELETE ON directory_changes
  FOR EACH ROW EXECUTE FUNCTION refuse_log_change();
CREATE TRIGGER directory_changes_no_truncate BEFORE TRUNCATE ON directory_changes
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_log_change();
