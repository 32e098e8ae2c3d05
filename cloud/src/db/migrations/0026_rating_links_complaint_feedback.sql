-- 一次一评: an enterprise served at the window or by phone (no mini-program
-- account) rates through a one-time link staff hand it. Only the token's
-- SHA-256 is kept; one live link per need (issuing again replaces it). The
-- link expires with the need's rating window (needs.rate_by, read when used).
CREATE TABLE rating_links (
  need_id         uuid PRIMARY KEY REFERENCES needs (id),
  token_hash      text NOT NULL UNIQUE,
  issued_by       uuid NOT NULL REFERENCES users (id),
  issued_at       timestamptz NOT NULL,
  used_at         timestamptz,
  -- The Idempotency-Key of the submission that used it: a retry of that same
  -- submission is answered with its result, any other use is refused (410).
  used_key        text,
  CHECK ((used_at IS NULL) = (used_key IS NULL))
);

-- A rating made through a link has no account behind it.
ALTER TABLE ratings ALTER COLUMN user_id DROP NOT NULL;
ALTER TABLE ratings ADD COLUMN via_link boolean NOT NULL DEFAULT false;
ALTER TABLE ratings ADD CONSTRAINT ratings_rater_check CHECK (via_link OR user_id IS NOT NULL);

-- The complainant's word on a resolved complaint's outcome (GB/T 19012 反馈):
-- 满意 or 不满意 with an optional remark, once. 不满意 sends it back to the
-- managers: flagged on their list until one of them takes it up again.
ALTER TABLE complaints
  ADD COLUMN feedback text CHECK (feedback IN ('satisfied', 'dissatisfied')),
  ADD COLUMN feedback_note text,
  ADD COLUMN feedback_at timestamptz,
  ADD CONSTRAINT complaints_feedback_at_check CHECK ((feedback IS NULL) = (feedback_at IS NULL)),
  ADD CONSTRAINT complaints_feedback_state_check CHECK (feedback IS NULL OR state = 'resolved');
