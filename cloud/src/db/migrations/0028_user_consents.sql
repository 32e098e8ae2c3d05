-- A user's consent to the 隐私保护指引 and 用户协议 (PIPL art. 14: informed,
-- given by the person, renewed when the rules change): one row per agreement
-- or withdrawal, with the versions agreed to, where (the mini-program's
-- privacy popup, or the H5 app before a first submission) and when. The
-- consent in force is the user's newest row. Append-only, like the other
-- audit records (0013): a withdrawal is a new row, never an edit.
CREATE TABLE user_consents (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id         uuid NOT NULL REFERENCES users (id),
  action          text NOT NULL CHECK (action IN ('agree', 'withdraw')),
  privacy_version text,
  terms_version   text,
  channel         text NOT NULL CHECK (channel IN ('weapp', 'h5', 'api')),
  at              timestamptz NOT NULL DEFAULT now(),
  CHECK ((action = 'agree') = (privacy_version IS NOT NULL AND terms_version IS NOT NULL))
);

CREATE INDEX user_consents_user_idx ON user_consents (user_id, at DESC, id DESC);

CREATE TRIGGER user_consents_append_only BEFORE UPDATE OR DELETE ON user_consents
  FOR EACH ROW EXECUTE FUNCTION refuse_log_change();
CREATE TRIGGER user_consents_no_truncate BEFORE TRUNCATE ON user_consents
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_log_change();
