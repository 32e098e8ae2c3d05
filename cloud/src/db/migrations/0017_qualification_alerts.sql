-- The tick tells managers once about each qualification close to its last
-- valid day (30 days) and once when it has expired (from then on it no longer
-- counts for the service items it covered). One row per flag: a second run
-- finds it and does nothing.
CREATE TABLE qualification_alerts (
  institution_id uuid NOT NULL REFERENCES institutions (id),
  number         text NOT NULL,
  valid_to       date NOT NULL,
  level          text NOT NULL CHECK (level IN ('expiring', 'expired')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (institution_id, number, valid_to, level)
);
