-- The fractal a record was made from in the gallery (a zoom into part of it, the same region
-- rendered again, or with a new constant), so that a chain of zooms can be walked back. No foreign
-- key: a parent may be deleted later, by an administrator or the retention policy, and its
-- children keep the id (the API then answers 404 for it, and the gallery says the parent is gone).
-- The index serves the gallery's search for a fractal's children (q: parent == uuid).
ALTER TABLE fractal ADD COLUMN parent CHAR(36) NULL;

CREATE INDEX fractal_parent ON fractal (parent);
