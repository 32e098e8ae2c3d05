-- 到站登记: an enterprise user checks in at a station after scanning its code.
CREATE TABLE checkins (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id    uuid NOT NULL REFERENCES stations (id),
  user_id       uuid NOT NULL REFERENCES users (id),
  enterprise_id uuid REFERENCES enterprises (id),
  purpose       text,
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX checkins_station_idx ON checkins (station_id, at DESC);
