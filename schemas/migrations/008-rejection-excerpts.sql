-- fenliu schema version 8: rejections keep an excerpt, not the whole.
-- A rejected filing's bytes were kept whole (a 100 MB document too); now
-- only the lines around its errors are, at most 64 KiB, the whole file
-- staying in the spool's rejected/ folder.  raw_line is the document line
-- the kept bytes start on (NULL: the filing's own line, LINE), raw_total
-- how long the filing was (NULL: RAW is all of it).
ALTER TABLE rejections ADD COLUMN raw_line INTEGER;
ALTER TABLE rejections ADD COLUMN raw_total INTEGER;
