-- People's names are encrypted at rest like contact names and phone numbers:
-- account names, the actor named by each need and complaint event, and who
-- last changed a setting. Only the application holds the key, so this
-- migration cannot encrypt: it moves each name to a `*_plain` column and adds
-- the `*_enc` column the application writes. At start (and after
-- `npm run migrate` when DATA_KEY is set) the application encrypts every
-- `*_plain` value into its `*_enc` column and clears it; nothing writes
-- `*_plain` again (a trigger refuses new rows that carry one).

ALTER TABLE users RENAME COLUMN name TO name_plain;
ALTER TABLE users ALTER COLUMN name_plain DROP NOT NULL;
ALTER TABLE users ADD COLUMN name_enc text;

ALTER TABLE need_events RENAME COLUMN actor_name TO actor_name_plain;
ALTER TABLE need_events ALTER COLUMN actor_name_plain DROP NOT NULL;
-- NULL: the system itself (the scheduled tick), not a person.
ALTER TABLE need_events ADD COLUMN actor_name_enc text;

ALTER TABLE complaint_events RENAME COLUMN actor_name TO actor_name_plain;
ALTER TABLE complaint_events ALTER COLUMN actor_name_plain DROP NOT NULL;
ALTER TABLE complaint_events ADD COLUMN actor_name_enc text;

ALTER TABLE settings RENAME COLUMN updated_by TO updated_by_plain;
ALTER TABLE settings ADD COLUMN updated_by_enc text;

-- A plaintext name arrives only from before this migration: new rows carry none.
CREATE FUNCTION refuse_plaintext_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) ->> TG_ARGV[0]) IS NOT NULL THEN
    RAISE EXCEPTION '%.% holds names from before encryption; write the encrypted column', TG_TABLE_NAME, TG_ARGV[0]
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER users_no_plaintext_name BEFORE INSERT ON users
  FOR EACH ROW EXECUTE FUNCTION refuse_plaintext_name('name_plain');
CREATE TRIGGER need_events_no_plaintext_name BEFORE INSERT ON need_events
  FOR EACH ROW EXECUTE FUNCTION refuse_plaintext_name('actor_name_plain');
CREATE TRIGGER complaint_events_no_plaintext_name BEFORE INSERT ON complaint_events
  FOR EACH ROW EXECUTE FUNCTION refuse_plaintext_name('actor_name_plain');
CREATE TRIGGER settings_no_plaintext_name BEFORE INSERT ON settings
  FOR EACH ROW EXECUTE FUNCTION refuse_plaintext_name('updated_by_plain');
