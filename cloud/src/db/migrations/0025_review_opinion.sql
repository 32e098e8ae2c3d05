-- The reviewer's sign-off (审核人, DB46 Annex B) keeps its opinion (审核意见)
-- beside who signed and when, for the need page and the archive; the
-- workbench lists the records waiting for it (待审核).
ALTER TABLE needs ADD COLUMN review_note text;
-- Needs signed off before this column: their opinion is the sign-off event's note.
UPDATE needs n SET review_note = e.note
  FROM need_events e
 WHERE e.need_id = n.id AND e.action = 'sign_off' AND n.reviewer_id IS NOT NULL AND n.review_note IS NULL;
-- 待审核 in the workbench: finished records not yet signed off, newest first.
CREATE INDEX needs_unreviewed_created_idx ON needs (created_at DESC, id DESC)
  WHERE reviewer_id IS NULL AND state IN ('completed', 'rated', 'closed');
