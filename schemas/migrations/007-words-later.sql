-- fenliu schema version 7: ingest leaves the search words for later.
--
-- Making a case's search words (version 6) and keeping its parties in
-- indexes by name and ID number cost more than storing the filing: with
-- them ingest ran four times slower.  Now (and cases_submitted, which no
-- query uses, is gone):
--
-- * The words of the cases up to case_words_done.upto (in id order) are
--   in case_words; a search checks the words of the cases after it
--   directly.  fenliu indexes those a batch at a time while a terminal
--   waits for keys or a watched spool is quiet, and all of them on
--   `fenliu index` (fl_db_index_words in triage/db.c).
-- * The words hold a key for each party's ID number as well (fl_word_keys:
--   one token, which no search text can make), and the other cases of the
--   same parties are found through case_words (a party's name is the
--   first of its words) and among the cases not indexed yet, not by
--   indexes of parties.
--
-- case_words_text gives the words of a case as they are now; a case
-- indexed gets its words again when it gets its number.

DROP TRIGGER case_words_insert;
DROP TRIGGER case_words_delete;
DROP TRIGGER case_words_number;
DROP INDEX parties_name;
DROP INDEX parties_idno;
-- No query orders or picks cases by the time the sender wrote; the index
-- only slowed ingest (its rows come in no order).
DROP INDEX cases_submitted;

CREATE VIEW case_words_text (case_id, words) AS
    SELECT c.id, fl_words(f.filing_id, c.case_no,
               (SELECT group_concat(p.name, char(10)) FROM parties p WHERE p.case_id = c.id))
           || ' ' || fl_word_keys((SELECT group_concat(p.idno, char(10)) FROM parties p
                                   WHERE p.case_id = c.id AND p.idno IS NOT NULL))
    FROM cases c JOIN filings f ON f.id = c.filing;

-- Every case indexed again, with its ID-number keys.
INSERT INTO case_words (case_words) VALUES ('delete-all');
INSERT INTO case_words (rowid, words)
    SELECT w.case_id, w.words FROM case_status s JOIN case_words_text w ON w.case_id = s.case_id;
CREATE TABLE case_words_done (
    one  INTEGER PRIMARY KEY CHECK (one = 1),
    upto INTEGER NOT NULL
);
INSERT INTO case_words_done VALUES (1, (SELECT ifnull(max(case_id), 0) FROM case_status));

-- A status row made again for a case already indexed (rows are made in id
-- order, so only after one was removed), or removed.
CREATE TRIGGER case_words_insert AFTER INSERT ON case_status
WHEN new.case_id <= (SELECT upto FROM case_words_done)
BEGIN
    INSERT INTO case_words (rowid, words)
        SELECT case_id, words FROM case_words_text WHERE case_id = new.case_id;
END;
CREATE TRIGGER case_words_delete AFTER DELETE ON case_status
WHEN old.case_id <= (SELECT upto FROM case_words_done)
BEGIN
    INSERT INTO case_words (case_words, rowid, words)
        SELECT 'delete', case_id, words FROM case_words_text WHERE case_id = old.case_id;
END;
-- A new case number: the words as they were out, as they are in.
CREATE TRIGGER case_words_unnumber BEFORE UPDATE OF case_no ON cases
WHEN old.case_no IS NOT new.case_no AND old.id <= (SELECT upto FROM case_words_done)
 AND EXISTS (SELECT 1 FROM case_status s WHERE s.case_id = old.id)
BEGIN
    INSERT INTO case_words (case_words, rowid, words)
        SELECT 'delete', case_id, words FROM case_words_text WHERE case_id = old.id;
END;
CREATE TRIGGER case_words_number AFTER UPDATE OF case_no ON cases
WHEN old.case_no IS NOT new.case_no AND new.id <= (SELECT upto FROM case_words_done)
 AND EXISTS (SELECT 1 FROM case_status s WHERE s.case_id = new.id)
BEGIN
    INSERT INTO case_words (rowid, words)
        SELECT case_id, words FROM case_words_text WHERE case_id = new.id;
END;
