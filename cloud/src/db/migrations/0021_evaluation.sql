-- 动态评价: proposals the thresholds make from the figures (warn, suspend,
-- exit, restore), decided by a manager with a reason. A proposal keeps the
-- figures, window and thresholds version it was made from: the evidence of
-- the decision stays as it was when decided. At most one pending proposal per
-- provider; a newer reading supersedes it. The thresholds themselves are a
-- row of `settings` (key 'evaluation'), versioned like the time limits.
CREATE TABLE evaluation_proposals (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  version            integer NOT NULL DEFAULT 1,
  subject_kind       text NOT NULL CHECK (subject_kind IN ('institution', 'expert')),
  subject_id         uuid NOT NULL,
  kind               text NOT NULL CHECK (kind IN ('warn', 'suspend', 'exit', 'restore')),
  from_status        text NOT NULL CHECK (from_status IN ('active', 'warned', 'suspended', 'exited')),
  to_status          text NOT NULL CHECK (to_status IN ('active', 'warned', 'suspended', 'exited')),
  state              text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'rejected', 'superseded')),
  figures            jsonb NOT NULL,
  window_from        date NOT NULL,
  window_to          date NOT NULL,
  window_months      integer NOT NULL,
  thresholds_version integer NOT NULL,
  findings           jsonb NOT NULL DEFAULT '[]',
  created_at         timestamptz NOT NULL DEFAULT now(),
  decided_at         timestamptz,
  decided_by         uuid REFERENCES users (id),
  decided_by_enc     text,
  reason             text
);
CREATE UNIQUE INDEX evaluation_proposals_one_pending ON evaluation_proposals (subject_id) WHERE state = 'pending';
CREATE INDEX evaluation_proposals_subject_idx ON evaluation_proposals (subject_id, created_at DESC);
CREATE INDEX evaluation_proposals_state_idx ON evaluation_proposals (state, created_at DESC);

-- A complaint against a provider or a staff member is found 属实 (upheld) or
-- not when it is resolved; only upheld ones count in the evaluation.
ALTER TABLE complaints ADD COLUMN upheld boolean;
CREATE INDEX complaints_target_idx ON complaints (target_kind, target_id) WHERE target_id IS NOT NULL;
