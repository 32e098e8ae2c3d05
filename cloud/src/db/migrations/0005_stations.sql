-- Stations are edited by managers: a version for optimistic concurrency
-- (a stale edit is refused with 409, as for needs).
ALTER TABLE stations ADD COLUMN version integer NOT NULL DEFAULT 1;

-- Rendered QR codes (station codes, posters, mini-program codes, need receipt
-- codes), kept so a code is made once rather than per request: WeChat limits
-- wxacode.getUnlimited calls. The key is a hash of everything the image
-- depends on, so a changed station name or address gets a new entry.
CREATE TABLE qr_codes (
  key          text PRIMARY KEY,
  content_type text NOT NULL,
  body_base64  text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
