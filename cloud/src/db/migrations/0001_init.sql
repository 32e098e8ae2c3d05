-- The base schema. Contact names and phone numbers are stored encrypted
-- (AES-GCM, `*_enc` columns, written by the application); ids are uuids.

CREATE TABLE enterprises (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seed_key    text UNIQUE,
  name        text NOT NULL,
  credit_code text UNIQUE,
  region      text NOT NULL DEFAULT '',
  address     text NOT NULL DEFAULT '',
  industry    text NOT NULL DEFAULT '',
  scale       text CHECK (scale IN ('micro', 'small', 'medium', 'large')),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX enterprises_name_idx ON enterprises (name);

CREATE TABLE stations (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code       text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9]{4,16}$'),
  kind       text NOT NULL CHECK (kind IN ('center', 'branch', 'post')),
  name       text NOT NULL,
  region     text NOT NULL DEFAULT '',
  address    text NOT NULL DEFAULT '',
  lat        double precision NOT NULL,
  lng        double precision NOT NULL,
  phone      text NOT NULL DEFAULT '',
  hours      jsonb NOT NULL DEFAULT '[]',
  notice     jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE institutions (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seed_key          text UNIQUE,
  name              text NOT NULL,
  credit_code       text UNIQUE,
  categories        text[] NOT NULL DEFAULT '{}',
  items             text[] NOT NULL DEFAULT '{}',
  region            text NOT NULL DEFAULT '',
  address           text NOT NULL DEFAULT '',
  contact_name_enc  text NOT NULL,
  contact_phone_enc text NOT NULL,
  agreement_date    date,
  status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'warned', 'suspended', 'exited')),
  qualifications    jsonb NOT NULL DEFAULT '[]',
  intro             text NOT NULL DEFAULT '',
  created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE experts (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seed_key          text UNIQUE,
  name              text NOT NULL,
  title             text NOT NULL,
  title_level       text NOT NULL CHECK (title_level IN ('senior', 'associate_senior')),
  fields            text[] NOT NULL DEFAULT '{}',
  items             text[] NOT NULL DEFAULT '{}',
  organisation      text NOT NULL DEFAULT '',
  region            text NOT NULL DEFAULT '',
  contact_name_enc  text NOT NULL,
  contact_phone_enc text NOT NULL,
  status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'warned', 'suspended', 'exited')),
  integrity         text NOT NULL DEFAULT '',
  intro             text NOT NULL DEFAULT '',
  created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  openid         text UNIQUE,
  persona        text UNIQUE,
  name           text NOT NULL,
  roles          text[] NOT NULL DEFAULT '{}',
  enterprise_id  uuid REFERENCES enterprises (id),
  institution_id uuid REFERENCES institutions (id),
  expert_id      uuid REFERENCES experts (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_login_at  timestamptz
);

-- Which specialists work at which station (their queue).
CREATE TABLE staff_stations (
  user_id    uuid NOT NULL REFERENCES users (id),
  station_id uuid NOT NULL REFERENCES stations (id),
  title      text NOT NULL DEFAULT '服务专员',
  PRIMARY KEY (user_id, station_id)
);

-- One row per Shanghai day: the last need number handed out that day. The
-- row lock held until commit makes numbering gap-free under concurrency.
CREATE TABLE need_number_counters (
  day      date PRIMARY KEY,
  last_seq integer NOT NULL
);

CREATE TABLE needs (
  id                  uuid PRIMARY KEY,
  number              text NOT NULL UNIQUE,
  state               text NOT NULL CHECK (state IN ('submitted', 'accepted', 'info_requested', 'in_service',
                        'completed', 'rated', 'closed', 'rejected', 'withdrawn')),
  version             integer NOT NULL DEFAULT 1,
  title               text NOT NULL,
  description         text NOT NULL,
  categories          text[] NOT NULL CHECK (cardinality(categories) >= 1),
  items               text[] NOT NULL DEFAULT '{}',
  channel             text NOT NULL CHECK (channel IN ('miniapp', 'station_qr', 'window', 'phone', 'visit', 'email', 'wechat')),
  station_id          uuid REFERENCES stations (id),
  enterprise_id       uuid NOT NULL REFERENCES enterprises (id),
  applicant           text NOT NULL,
  contact_name_enc    text NOT NULL,
  contact_phone_enc   text NOT NULL,
  desired_reply_by    date,
  attachments         jsonb NOT NULL DEFAULT '[]',
  created_by          uuid NOT NULL REFERENCES users (id),
  recorder_id         uuid REFERENCES users (id),
  owner_id            uuid REFERENCES users (id),
  reviewer_id         uuid REFERENCES users (id),
  submitted_on        date NOT NULL,
  accept_by           date NOT NULL,
  reply_by            date NOT NULL,
  rate_by             date,
  paused_on           date,
  paused_working_days integer NOT NULL DEFAULT 0,
  completed_on        date,
  requested_info      text[] NOT NULL DEFAULT '{}',
  service_period      text,
  answer              text,
  result              text,
  reject_reason       text,
  referral            text,
  closed_at           timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CHECK (channel <> 'station_qr' OR station_id IS NOT NULL)
);
CREATE INDEX needs_created_idx ON needs (created_at DESC, id DESC);
CREATE INDEX needs_enterprise_idx ON needs (enterprise_id, created_at DESC, id DESC);
CREATE INDEX needs_station_idx ON needs (station_id, created_at DESC, id DESC);
CREATE INDEX needs_state_idx ON needs (state);

-- Archives are kept: a need is never hard-deleted within 3 years of closing.
CREATE FUNCTION needs_forbid_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.closed_at IS NULL OR OLD.closed_at > now() - interval '3 years' THEN
    RAISE EXCEPTION 'need % is within its retention period and cannot be deleted', OLD.number
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER needs_retention BEFORE DELETE ON needs FOR EACH ROW EXECUTE FUNCTION needs_forbid_delete();

-- The audited process record: one row per transition (who, when, from, to, note).
CREATE TABLE need_events (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  need_id    uuid NOT NULL REFERENCES needs (id),
  at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_id   uuid REFERENCES users (id),
  actor_name text NOT NULL,
  actor_role text NOT NULL,
  action     text NOT NULL,
  from_state text,
  to_state   text NOT NULL,
  note       text,
  data       jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX need_events_need_idx ON need_events (need_id, at);

CREATE TABLE tasks (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  need_id        uuid NOT NULL REFERENCES needs (id),
  institution_id uuid REFERENCES institutions (id),
  expert_id      uuid REFERENCES experts (id),
  state          text NOT NULL DEFAULT 'assigned' CHECK (state IN ('assigned', 'accepted', 'done', 'declined', 'cancelled')),
  version        integer NOT NULL DEFAULT 1,
  note           text,
  assigned_by    uuid NOT NULL REFERENCES users (id),
  assigned_at    timestamptz NOT NULL DEFAULT now(),
  accept_by      date NOT NULL,
  decline_reason text,
  result         text,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((institution_id IS NULL) <> (expert_id IS NULL))
);
CREATE INDEX tasks_need_idx ON tasks (need_id);
CREATE INDEX tasks_institution_idx ON tasks (institution_id);
CREATE INDEX tasks_expert_idx ON tasks (expert_id);

-- DB46 Annex C: one rating per need.
CREATE TABLE ratings (
  need_id         uuid PRIMARY KEY REFERENCES needs (id),
  user_id         uuid NOT NULL REFERENCES users (id),
  timeliness      text NOT NULL,
  professionalism text NOT NULL,
  courtesy        text NOT NULL,
  overall         text NOT NULL,
  resolved        boolean NOT NULL,
  comment         text,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- Work for the manager: a rating that said 问题未解决 or 总体不满意.
CREATE TABLE follow_ups (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  need_id     uuid NOT NULL REFERENCES needs (id),
  reason      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);

CREATE TABLE complaints (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  need_id       uuid REFERENCES needs (id),
  target_kind   text NOT NULL CHECK (target_kind IN ('need', 'provider', 'staff')),
  target_id     uuid,
  user_id       uuid NOT NULL REFERENCES users (id),
  content       text NOT NULL,
  state         text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'acknowledged', 'investigated', 'resolved')),
  outcome       text,
  acknowledge_by date NOT NULL,
  resolve_by    date NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- A retried POST /api/needs with the same key returns the first need. The
-- foreign key is checked at commit, so the key row can be claimed first.
CREATE TABLE idempotency_keys (
  user_id      uuid NOT NULL REFERENCES users (id),
  key          text NOT NULL,
  request_hash text NOT NULL,
  need_id      uuid NOT NULL REFERENCES needs (id) DEFERRABLE INITIALLY DEFERRED,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);

-- Every unmasked read of a contact by staff (DB44 6.4).
CREATE TABLE pii_access_log (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  at           timestamptz NOT NULL DEFAULT now(),
  user_id      uuid NOT NULL REFERENCES users (id),
  subject_kind text NOT NULL,
  subject_id   uuid NOT NULL,
  purpose      text NOT NULL
);

CREATE TABLE notifications (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    uuid NOT NULL REFERENCES users (id),
  need_id    uuid REFERENCES needs (id),
  kind       text NOT NULL,
  title      text NOT NULL,
  body       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at    timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);

-- Manager-editable settings, e.g. the time limits (working days).
CREATE TABLE settings (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
