-- Staff accounts and enterprise members. Managers invite staff (roles,
-- stations, an institution or an expert) and an enterprise's first member
-- invites colleagues, each with a one-time binding code: only its SHA-256 is
-- kept. An invitation is single use, expires and can be withdrawn. A staff
-- account's roles are edited at a version, and every invitation, binding,
-- change, revocation and removal is one append-only row of account_changes.
ALTER TABLE users
  ADD COLUMN version          integer NOT NULL DEFAULT 1,
  ADD COLUMN enterprise_admin boolean NOT NULL DEFAULT false;

-- The enterprise's first member is its admin (who invites and removes
-- colleagues): whoever is bound first, by any path (profile, seed, window).
UPDATE users u SET enterprise_admin = true
 WHERE u.enterprise_id IS NOT NULL
   AND u.id = (SELECT v.id FROM users v WHERE v.enterprise_id = u.enterprise_id ORDER BY v.created_at, v.id LIMIT 1);

CREATE FUNCTION users_first_member_admin() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.enterprise_id IS NULL THEN
    NEW.enterprise_admin := false;
  ELSIF NOT NEW.enterprise_admin
        AND (TG_OP = 'INSERT' OR OLD.enterprise_id IS DISTINCT FROM NEW.enterprise_id)
        AND NOT EXISTS (SELECT 1 FROM users v WHERE v.enterprise_id = NEW.enterprise_id AND v.enterprise_admin AND v.id <> NEW.id) THEN
    NEW.enterprise_admin := true;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER users_first_member_admin BEFORE INSERT OR UPDATE OF enterprise_id ON users
  FOR EACH ROW EXECUTE FUNCTION users_first_member_admin();

CREATE TABLE invitations (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code_hash      text NOT NULL UNIQUE,
  kind           text NOT NULL CHECK (kind IN ('staff', 'member')),
  roles          text[] NOT NULL DEFAULT '{}',
  station_ids    uuid[] NOT NULL DEFAULT '{}',
  institution_id uuid REFERENCES institutions (id),
  expert_id      uuid REFERENCES experts (id),
  enterprise_id  uuid REFERENCES enterprises (id),
  note           text NOT NULL DEFAULT '',
  -- NULL: issued from the command line (npm run invite-manager), for a deployment's first manager.
  created_by     uuid REFERENCES users (id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  expires_at     timestamptz NOT NULL,
  used_at        timestamptz,
  used_by        uuid REFERENCES users (id),
  withdrawn_at   timestamptz,
  withdrawn_by   uuid REFERENCES users (id),
  CHECK ((kind = 'member') = (enterprise_id IS NOT NULL)),
  CHECK (institution_id IS NULL OR expert_id IS NULL),
  CHECK (used_at IS NULL OR withdrawn_at IS NULL)
);
CREATE INDEX invitations_created_idx ON invitations (kind, created_at DESC, id DESC);
CREATE INDEX invitations_enterprise_idx ON invitations (enterprise_id, created_at DESC);

CREATE TABLE account_changes (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  at             timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_id       uuid REFERENCES users (id),
  actor_name_enc text,
  subject_id     uuid REFERENCES users (id),
  action         text NOT NULL CHECK (action IN ('invite', 'withdraw', 'bind', 'change', 'revoke',
                                                 'member_invite', 'member_withdraw', 'member_bind', 'member_remove')),
  before         jsonb,
  after          jsonb,
  note           text,
  invitation_id  uuid REFERENCES invitations (id),
  enterprise_id  uuid REFERENCES enterprises (id)
);
CREATE INDEX account_changes_at_idx ON account_changes (at DESC, id DESC);
CREATE INDEX account_changes_subject_idx ON account_changes (subject_id, at DESC);

CREATE TRIGGER account_changes_append_only BEFORE UPDATE OR DELETE ON account_changes
  FOR EACH ROW EXECUTE FUNCTION refuse_log_change();
CREATE TRIGGER account_changes_no_truncate BEFORE TRUNCATE ON account_changes
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_log_change();
