-- The improvement loop (持续改进, DB46 9.3): a bad rating's follow-up (回访)
-- gets an owner, a deadline in working days, its call-back records and a
-- resolution; rectifications (整改, DB46 9.3.2) arise from follow-ups,
-- complaints or the dynamic evaluation.

-- Follow-ups opened before this migration: owned by nobody yet (a manager
-- picks them up from the list), due a week after they were opened.
ALTER TABLE follow_ups
  ADD COLUMN state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'called_back', 'resolved')),
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN owner_id uuid REFERENCES users (id),
  ADD COLUMN due_on date,
  ADD COLUMN resolution text CHECK (resolution IN ('reopen', 'rectify', 'explain')),
  ADD COLUMN resolution_note text,
  ADD COLUMN resolved_by uuid REFERENCES users (id),
  ADD COLUMN resolved_by_enc text,
  ADD COLUMN rectification_id uuid,
  ADD COLUMN overdue_flagged_at timestamptz;
UPDATE follow_ups SET due_on = (created_at AT TIME ZONE 'Asia/Shanghai')::date + 7;
UPDATE follow_ups SET state = 'resolved', resolution = 'explain', resolution_note = '（迁移前已处理）' WHERE resolved_at IS NOT NULL;
ALTER TABLE follow_ups ALTER COLUMN due_on SET NOT NULL;
ALTER TABLE follow_ups ADD CONSTRAINT follow_ups_resolved_check
  CHECK ((state = 'resolved') = (resolved_at IS NOT NULL AND resolution IS NOT NULL));
CREATE INDEX follow_ups_owner ON follow_ups (owner_id, state);
CREATE INDEX follow_ups_need ON follow_ups (need_id);

-- 回访: when the enterprise was reached, how, and what it said. Append-only.
CREATE TABLE follow_up_callbacks (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  follow_up_id   uuid NOT NULL REFERENCES follow_ups (id),
  called_at      timestamptz NOT NULL,
  method         text NOT NULL CHECK (method IN ('phone', 'visit', 'wechat', 'other')),
  note           text NOT NULL,
  recorded_by    uuid NOT NULL REFERENCES users (id),
  recorded_by_enc text NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX follow_up_callbacks_follow_up ON follow_up_callbacks (follow_up_id, called_at);

-- 整改: what, who is responsible (a staff member, an institution or an
-- expert), by when, and when it was done with what. The source is a generic
-- reference (a follow-up, a complaint, an evaluation of a provider…): no
-- foreign key, so later sources need no migration.
CREATE TABLE rectifications (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source_kind      text NOT NULL CHECK (source_kind IN ('follow_up', 'complaint', 'evaluation')),
  source_id        uuid NOT NULL,
  need_id          uuid REFERENCES needs (id),
  subject          text NOT NULL,
  responsible_kind text NOT NULL CHECK (responsible_kind IN ('staff', 'institution', 'expert')),
  responsible_id   uuid NOT NULL,
  due_on           date NOT NULL,
  state            text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
  version          integer NOT NULL DEFAULT 1,
  done_on          date,
  done_note        text,
  done_by          uuid REFERENCES users (id),
  done_by_enc      text,
  done_at          timestamptz,
  created_by       uuid NOT NULL REFERENCES users (id),
  created_by_enc   text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  overdue_flagged_at timestamptz,
  CHECK ((state = 'done') = (done_on IS NOT NULL AND done_note IS NOT NULL AND done_at IS NOT NULL))
);
CREATE INDEX rectifications_source ON rectifications (source_kind, source_id);
CREATE INDEX rectifications_open ON rectifications (state, due_on);
CREATE INDEX rectifications_created ON rectifications (created_at);
ALTER TABLE follow_ups ADD CONSTRAINT follow_ups_rectification_fk FOREIGN KEY (rectification_id) REFERENCES rectifications (id);
