-- fenliu schema version 6: the queue at a million cases.
--
-- A page of the queue walks an index in the queue's order (most urgent
-- first; for a clerk, filings awaiting acceptance first) and stops when the
-- page is full; a filter on the judge, the state or the procedure walks
-- that column's index in the same order.  The indexes hold what the
-- filters test, so that no row has to be read to test them.
--
-- Totals and per-track counts come from queue_tally: how many status rows
-- there are of each state, track, procedure, judge, flags and cause, kept
-- by triggers, so that counting a million cases adds up a few hundred rows.
--
-- Search (in the case number, filing id and party names) uses case_words,
-- a full-text index of every suffix (up to 20 characters) of those texts:
-- a text is in a name when a suffix of the name starts with it, which the
-- index answers as a prefix query.  The tokens are made by fl_words(), a
-- function every fenliu connection defines (triage/db.c), so these tables
-- are written by fenliu only.  The cause is searched through queue_tally.

-- The cause, on the status row: searched and tallied with the rest.
ALTER TABLE case_status ADD COLUMN cause TEXT;
UPDATE case_status SET cause = (SELECT c.cause FROM cases c WHERE c.id = case_status.case_id);

-- The indexes of version 4 sorted by due date, not by the queue's order.
DROP INDEX case_status_due;
DROP INDEX case_status_track;
DROP INDEX case_status_judge;
DROP INDEX case_status_urgency;

-- The queue's order; covering every filter.
CREATE INDEX case_status_queue ON case_status(ifnull(due, '9999-12-31'), case_id,
    state, track, procedure, judge, flags, cause);
-- A clerk's: filings awaiting the decision on acceptance first.
CREATE INDEX case_status_queue_clerk ON case_status(
    state NOT IN ('filed', 'returned', 'pre-suit-mediation'), ifnull(due, '9999-12-31'),
    case_id, state, track, procedure, judge, flags, cause);
-- One judge's, state's, procedure's cases in the queue's order; flags and
-- causes for the few cases of a rare flag or cause.
CREATE INDEX case_status_judge_queue ON case_status(judge, ifnull(due, '9999-12-31'), case_id);
CREATE INDEX case_status_state_queue ON case_status(state, ifnull(due, '9999-12-31'), case_id);
CREATE INDEX case_status_procedure_queue ON case_status(procedure, ifnull(due, '9999-12-31'),
    case_id);
CREATE INDEX case_status_flags_queue ON case_status(flags, ifnull(due, '9999-12-31'), case_id);
CREATE INDEX case_status_cause_queue ON case_status(cause, ifnull(due, '9999-12-31'), case_id);

-- How many status rows have each combination ('' for NULL).
CREATE TABLE queue_tally (
    state     TEXT NOT NULL,
    track     TEXT NOT NULL,
    procedure TEXT NOT NULL,
    judge     TEXT NOT NULL,
    flags     TEXT NOT NULL,
    cause     TEXT NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (state, track, procedure, judge, flags, cause)
) WITHOUT ROWID;
INSERT INTO queue_tally
    SELECT state, ifnull(track, ''), ifnull(procedure, ''), ifnull(judge, ''), flags,
           ifnull(cause, ''), count(*)
    FROM case_status GROUP BY 1, 2, 3, 4, 5, 6;

CREATE TRIGGER queue_tally_insert AFTER INSERT ON case_status BEGIN
    INSERT INTO queue_tally VALUES (new.state, ifnull(new.track, ''),
        ifnull(new.procedure, ''), ifnull(new.judge, ''), new.flags, ifnull(new.cause, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER queue_tally_delete AFTER DELETE ON case_status BEGIN
    UPDATE queue_tally SET n = n - 1
    WHERE state = old.state AND track = ifnull(old.track, '')
      AND procedure = ifnull(old.procedure, '') AND judge = ifnull(old.judge, '')
      AND flags = old.flags AND cause = ifnull(old.cause, '');
    DELETE FROM queue_tally WHERE n = 0;
END;
CREATE TRIGGER queue_tally_update
AFTER UPDATE OF state, track, procedure, judge, flags, cause ON case_status
WHEN old.state IS NOT new.state OR old.track IS NOT new.track
  OR old.procedure IS NOT new.procedure OR old.judge IS NOT new.judge
  OR old.flags IS NOT new.flags OR old.cause IS NOT new.cause
BEGIN
    UPDATE queue_tally SET n = n - 1
    WHERE state = old.state AND track = ifnull(old.track, '')
      AND procedure = ifnull(old.procedure, '') AND judge = ifnull(old.judge, '')
      AND flags = old.flags AND cause = ifnull(old.cause, '');
    DELETE FROM queue_tally WHERE n = 0;
    INSERT INTO queue_tally VALUES (new.state, ifnull(new.track, ''),
        ifnull(new.procedure, ''), ifnull(new.judge, ''), new.flags, ifnull(new.cause, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

-- Searching: the words of a case (filing id, case number, party names),
-- indexed when its status row is made and again when it gets its number.
CREATE VIRTUAL TABLE case_words USING fts5(words, content='', detail=none, columnsize=0);
INSERT INTO case_words (rowid, words)
    SELECT c.id, fl_words(f.filing_id, c.case_no,
        (SELECT group_concat(p.name, char(10)) FROM parties p WHERE p.case_id = c.id))
    FROM case_status s JOIN cases c ON c.id = s.case_id JOIN filings f ON f.id = c.filing;

CREATE TRIGGER case_words_insert AFTER INSERT ON case_status BEGIN
    INSERT INTO case_words (rowid, words)
        SELECT c.id, fl_words(f.filing_id, c.case_no,
            (SELECT group_concat(p.name, char(10)) FROM parties p WHERE p.case_id = c.id))
        FROM cases c JOIN filings f ON f.id = c.filing WHERE c.id = new.case_id;
END;
CREATE TRIGGER case_words_delete AFTER DELETE ON case_status BEGIN
    INSERT INTO case_words (case_words, rowid, words)
        SELECT 'delete', c.id, fl_words(f.filing_id, c.case_no,
            (SELECT group_concat(p.name, char(10)) FROM parties p WHERE p.case_id = c.id))
        FROM cases c JOIN filings f ON f.id = c.filing WHERE c.id = old.case_id;
END;
CREATE TRIGGER case_words_number AFTER UPDATE OF case_no ON cases
WHEN old.case_no IS NOT new.case_no
 AND EXISTS (SELECT 1 FROM case_status s WHERE s.case_id = new.id)
BEGIN
    INSERT INTO case_words (case_words, rowid, words)
        SELECT 'delete', old.id, fl_words(f.filing_id, old.case_no,
            (SELECT group_concat(p.name, char(10)) FROM parties p WHERE p.case_id = old.id))
        FROM filings f WHERE f.id = old.filing;
    INSERT INTO case_words (rowid, words)
        SELECT new.id, fl_words(f.filing_id, new.case_no,
            (SELECT group_concat(p.name, char(10)) FROM parties p WHERE p.case_id = new.id))
        FROM filings f WHERE f.id = new.filing;
END;
