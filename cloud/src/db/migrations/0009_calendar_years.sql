-- The working-day calendar as data: one published schedule per year (the State
-- Council's 放假安排 notice), entered and corrected by managers from a version
-- (409 when stale), with every publication kept (who, when, what). Years
-- without a row count on the statutory holidays (computed by the server).
-- Seeded with the years the code knew (shared/src/calendar.ts HOLIDAY_SCHEDULES).
CREATE TABLE calendar_years (
  year         integer PRIMARY KEY CHECK (year BETWEEN 2025 AND 2100),
  source_title text NOT NULL,
  source_date  date,
  -- [{ "name": "春节", "from": "2027-02-05", "to": "2027-02-11" }, ...]
  holidays     jsonb NOT NULL,
  -- ["2027-02-14", ...]: weekend days worked (调休上班)
  workdays     jsonb NOT NULL,
  version      integer NOT NULL DEFAULT 1,
  published_at timestamptz NOT NULL DEFAULT now(),
  -- who published, encrypted like every stored name (NULL: the seed, the system's own data)
  published_by_enc text
);

CREATE TABLE calendar_publications (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  year         integer NOT NULL REFERENCES calendar_years (year),
  version      integer NOT NULL,
  source_title text NOT NULL,
  source_date  date,
  holidays     jsonb NOT NULL,
  workdays     jsonb NOT NULL,
  published_at timestamptz NOT NULL,
  published_by_enc text,
  UNIQUE (year, version)
);

INSERT INTO calendar_years (year, source_title, source_date, holidays, workdays, published_at) VALUES
  (2025, '国务院办公厅关于2025年部分节假日安排的通知', '2024-11-12',
   '[{"name":"元旦","from":"2025-01-01","to":"2025-01-01"},{"name":"春节","from":"2025-01-28","to":"2025-02-04"},{"name":"清明节","from":"2025-04-04","to":"2025-04-06"},{"name":"劳动节","from":"2025-05-01","to":"2025-05-05"},{"name":"端午节","from":"2025-05-31","to":"2025-06-02"},{"name":"国庆节、中秋节","from":"2025-10-01","to":"2025-10-08"}]',
   '["2025-01-26","2025-02-08","2025-04-27","2025-09-28","2025-10-11"]', '2024-11-12T00:00:00+08:00'),
  (2026, '国务院办公厅关于2026年部分节假日安排的通知', '2025-11-04',
   '[{"name":"元旦","from":"2026-01-01","to":"2026-01-03"},{"name":"春节","from":"2026-02-15","to":"2026-02-23"},{"name":"清明节","from":"2026-04-04","to":"2026-04-06"},{"name":"劳动节","from":"2026-05-01","to":"2026-05-05"},{"name":"端午节","from":"2026-06-19","to":"2026-06-21"},{"name":"中秋节","from":"2026-09-25","to":"2026-09-27"},{"name":"国庆节","from":"2026-10-01","to":"2026-10-07"}]',
   '["2026-01-04","2026-02-14","2026-02-28","2026-05-09","2026-09-20","2026-10-10"]', '2025-11-04T00:00:00+08:00');

INSERT INTO calendar_publications (year, version, source_title, source_date, holidays, workdays, published_at)
  SELECT year, version, source_title, source_date, holidays, workdays, published_at FROM calendar_years;
