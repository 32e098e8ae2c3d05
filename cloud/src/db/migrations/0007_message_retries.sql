-- A subscribe message WeChat could not take for a passing reason (busy, no
-- answer) is sent again by the tick, a few times at most.
ALTER TABLE wechat_messages ADD COLUMN attempts integer NOT NULL DEFAULT 0;
