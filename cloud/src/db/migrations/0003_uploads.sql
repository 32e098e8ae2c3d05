-- Attachments (DB46 Annex B 附件) uploaded before a need or a task result is
-- submitted, kept in the database with the need's archive; and what the
-- complaint flow needs beyond 0001: its handling record and retry-safe creation.

CREATE TABLE uploads (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id         uuid NOT NULL REFERENCES users (id),
  -- A retried upload with the same key returns the first one.
  idempotency_key text NOT NULL,
  name            text NOT NULL,
  mime            text NOT NULL,
  size            integer NOT NULL CHECK (size > 0),
  sha256          text NOT NULL,
  data            bytea NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, idempotency_key)
);

-- Retried complaint submissions (same Idempotency-Key) return the first complaint.
ALTER TABLE complaints ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX complaints_idempotency_idx ON complaints (user_id, idempotency_key);
CREATE INDEX complaints_user_idx ON complaints (user_id, created_at DESC);

-- The handling record of a complaint (GB/T 19012): one row per step, shown to the complainant.
CREATE TABLE complaint_events (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  complaint_id uuid NOT NULL REFERENCES complaints (id),
  at           timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_id     uuid REFERENCES users (id),
  actor_name   text NOT NULL,
  from_state   text,
  to_state     text NOT NULL,
  note         text
);
CREATE INDEX complaint_events_complaint_idx ON complaint_events (complaint_id, at);
