-- A statement that counts its own request against the rate limits (need
-- creation: rateLimit.ts PendingCount) writes first and counts last, so the
-- rate-limit rows every request of an address shares are locked at the end of
-- the statement only, not through all of it. Over a limit the statement is
-- undone whole by this function's error (SQLSTATE QI429), answered with 429.
CREATE FUNCTION refuse_over_rate_limit(over boolean) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF over THEN
    RAISE EXCEPTION 'a rate limit is passed' USING ERRCODE = 'QI429';
  END IF;
  RETURN false;
END $$;
