-- fenliu schema version 11: the queue's tally kept in bulk for rows written in bulk.
-- queue_tally (migration 006) counts the status rows of each combination
-- of state, track, procedure, judge, flags and cause; triggers kept it one
-- status row at a time, a sixteenth of what ingest's writer spent.  A
-- connection writing staged status rows all at once (fl_db_commit) now
-- says so with fl_bulk(), an SQL function each fenliu connection defines,
-- and keeps the tally with two grouped statements; the triggers keep it
-- for every other write, as before.  (Like fl_words, fl_bulk exists only
-- in fenliu's connections: the sqlite3 shell cannot write status rows.)
DROP TRIGGER queue_tally_insert;
DROP TRIGGER queue_tally_delete;
DROP TRIGGER queue_tally_update;

CREATE TRIGGER queue_tally_insert AFTER INSERT ON case_status WHEN NOT fl_bulk() BEGIN
    INSERT INTO queue_tally VALUES (new.state, ifnull(new.track, ''),
        ifnull(new.procedure, ''), ifnull(new.judge, ''), new.flags, ifnull(new.cause, ''), 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER queue_tally_delete AFTER DELETE ON case_status WHEN NOT fl_bulk() BEGIN
    UPDATE queue_tally SET n = n - 1
    WHERE state = old.state AND track = ifnull(old.track, '')
      AND procedure = ifnull(old.procedure, '') AND judge = ifnull(old.judge, '')
      AND flags = old.flags AND cause = ifnull(old.cause, '');
    DELETE FROM queue_tally WHERE n = 0;
END;
CREATE TRIGGER queue_tally_update
AFTER UPDATE OF state, track, procedure, judge, flags, cause ON case_status
WHEN NOT fl_bulk() AND (old.state IS NOT new.state OR old.track IS NOT new.track
  OR old.procedure IS NOT new.procedure OR old.judge IS NOT new.judge
  OR old.flags IS NOT new.flags OR old.cause IS NOT new.cause)
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
