-- The tick also watches complaints: acknowledged within 1, resolved within 10
-- working days (SPEC time limits), flagged to managers like needs and tasks.
ALTER TABLE clock_alerts DROP CONSTRAINT clock_alerts_subject_kind_check;
ALTER TABLE clock_alerts ADD CONSTRAINT clock_alerts_subject_kind_check CHECK (subject_kind IN ('need', 'task', 'complaint'));
