-- Complaints get a version, so a handling step taken from a stale page is
-- refused (409) as need actions are.
ALTER TABLE complaints ADD COLUMN version integer NOT NULL DEFAULT 1;

-- The tick also watches complaints: acknowledged within 1, resolved within 10
-- working days (SPEC time limits), flagged to managers like needs and tasks.
ALTER TABLE clock_alerts DROP CONSTRAINT clock_alerts_subject_kind_check;
ALTER TABLE clock_alerts ADD CONSTRAINT clock_alerts_subject_kind_check CHECK (subject_kind IN ('need', 'task', 'complaint'));
