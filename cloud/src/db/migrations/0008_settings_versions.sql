-- Settings (the time limits) are edited by managers from a version, so two
-- editors cannot overwrite each other unseen (409), and say who changed them.
ALTER TABLE settings ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE settings ADD COLUMN updated_by text;
