-- Request counters of the rate limits, shared by every instance of the API:
-- one row per bucket (what is limited, and for whom: an address or a user)
-- and fixed window, counted with one atomic upsert per request. Windows that
-- are over are deleted from time to time (cloud/src/rateLimit.ts).
CREATE TABLE rate_limits (
  bucket text NOT NULL,
  window_start timestamptz NOT NULL,
  count integer NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_limits_window_start ON rate_limits (window_start);
