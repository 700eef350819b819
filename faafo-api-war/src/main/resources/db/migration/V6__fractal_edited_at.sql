-- When the administrator last changed a record (PUT): such a record is one someone cared about, so
-- the retention policy never deletes it. NULL for every record nobody edited.
ALTER TABLE fractal ADD COLUMN edited_at DATETIME(3) NULL;
