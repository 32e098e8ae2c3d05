-- The WeChat access_token, shared by every instance of the API (serverless functions
-- included) so that they do not each fetch their own: one row per mini-program app id,
-- refreshed under an advisory lock a few minutes before it expires. The token is a
-- credential: stored encrypted with DATA_KEY, like contact details.
CREATE TABLE wechat_access_tokens (
  app_id text PRIMARY KEY,
  access_token_enc text NOT NULL,
  expires_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
