-- The service workbench: internal notes, task responses and replacements,
-- the reviewer's sign-off, clock alerts (what the scheduled tick has already
-- flagged), WeChat subscribe-message consent and the outbox of sends.

-- A note only staff see (内部备注); every other event is shown to the parties.
ALTER TABLE need_events ADD COLUMN internal boolean NOT NULL DEFAULT false;

ALTER TABLE needs ADD COLUMN reviewed_at timestamptz;
CREATE INDEX needs_owner_idx ON needs (owner_id);

ALTER TABLE tasks
  ADD COLUMN responded_at  timestamptz,
  ADD COLUMN done_at       timestamptz,
  ADD COLUMN attachments   jsonb NOT NULL DEFAULT '[]',
  ADD COLUMN cancel_reason text,
  -- A declined (or cancelled) task is replaced by the first task of the re-dispatch after it.
  ADD COLUMN replaced_by   uuid REFERENCES tasks (id);
CREATE INDEX tasks_open_idx ON tasks (state, accept_by) WHERE state IN ('assigned', 'accepted');

ALTER TABLE notifications ADD COLUMN task_id uuid REFERENCES tasks (id);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- One row per clock flagged by the scheduled tick: (what, which clock, its due
-- day, overdue or due soon). The unique key makes the tick idempotent: a run
-- that finds the row already there (or being written by a concurrent run)
-- sends nothing.
CREATE TABLE clock_alerts (
  subject_kind text NOT NULL CHECK (subject_kind IN ('need', 'task')),
  subject_id   uuid NOT NULL,
  clock        text NOT NULL,
  due_on       date NOT NULL,
  level        text NOT NULL CHECK (level IN ('due_soon', 'overdue', 'rate_reminder')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subject_kind, subject_id, clock, due_on, level)
);

-- 订阅消息 consent: each acceptance in wx.requestSubscribeMessage allows one message.
CREATE TABLE subscriptions (
  user_id     uuid NOT NULL REFERENCES users (id),
  template_id text NOT NULL,
  credits     integer NOT NULL DEFAULT 0 CHECK (credits >= 0),
  accepted    integer NOT NULL DEFAULT 0,
  refused     integer NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, template_id)
);

-- Subscribe messages, written in the transaction that changes the need and
-- sent after it commits. A row is claimed (pending → sending) by exactly one
-- sender, so a message is never sent twice; the outcome is recorded.
CREATE TABLE wechat_messages (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users (id),
  need_id     uuid REFERENCES needs (id),
  template_id text NOT NULL,
  page        text,
  data        jsonb NOT NULL,
  status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  errcode     integer,
  errmsg      text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz
);
CREATE INDEX wechat_messages_pending_idx ON wechat_messages (created_at) WHERE status = 'pending';
