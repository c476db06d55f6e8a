-- fenliu schema version 9: cases and decisions made anew, for ingest's sake.
-- SQLite checks `x IN ('a', 'b', 'c')` (three values or more) by building
-- a temporary index each time a statement inserts a row: for cases.channel
-- and decisions.procedure that was a quarter of what ingest spent storing a
-- filing.  Written with OR they say the same and cost nothing of the kind.
-- And cases.facts goes: the statement of facts is in the filing's raw
-- bytes (filings.raw, kept byte for byte), and keeping it twice was a fifth
-- of a typical database and of what ingest writes; fenliu reads it back
-- from the raw bytes.
-- A constraint cannot be changed in place, so both tables are made anew
-- and their rows copied (SQLite's procedure for other schema changes:
-- fenliu applies migrations with foreign keys off, and checks them all
-- before committing).  legacy_alter_table keeps the RENAME from rewriting
-- the view and triggers that name these tables: their names do not change.
PRAGMA legacy_alter_table = ON;

CREATE TABLE cases_new (
    id         INTEGER PRIMARY KEY,
    filing     INTEGER NOT NULL UNIQUE REFERENCES filings(id),
    case_no    TEXT UNIQUE,             -- given on acceptance (立案): (2026)川0191民初15号
    type       TEXT NOT NULL CHECK (type = 'civil' OR type = 'bankruptcy'),
    channel    TEXT NOT NULL
               CHECK (channel = 'online' OR channel = 'cross-region' OR channel = 'counter'),
    court      TEXT NOT NULL,
    court_code TEXT,
    cause      TEXT,
    submitted  TEXT NOT NULL            -- as the sender wrote it
);
INSERT INTO cases_new (id, filing, case_no, type, channel, court, court_code, cause, submitted)
    SELECT id, filing, case_no, type, channel, court, court_code, cause, submitted
    FROM cases ORDER BY id;
DROP TABLE cases;
ALTER TABLE cases_new RENAME TO cases;

-- Dropped with the old table: as in migration 007.
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

CREATE TABLE decisions_new (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    kind       TEXT NOT NULL CHECK (kind = 'proposal' OR kind = 'judge'),
    ruleset_id INTEGER REFERENCES rulesets(id),   -- proposals
    proposal   INTEGER REFERENCES decisions(id),  -- judge: the proposal overruled
    track      TEXT NOT NULL CHECK (track = 'simple' OR track = 'complex'),
    procedure  TEXT NOT NULL
               CHECK (procedure = 'small-claims' OR procedure = 'summary'
                      OR procedure = 'ordinary' OR procedure = 'simple'),
    flags      TEXT NOT NULL DEFAULT '',           -- space-separated, ruleset order
    amount_fen INTEGER,                            -- total claimed; NULL unknown
    decided_by TEXT,                               -- proposals: the deciding rule
    reason     TEXT,                               -- judge: why
    login      TEXT NOT NULL,
    at         TEXT NOT NULL
);
INSERT INTO decisions_new (id, case_id, kind, ruleset_id, proposal, track, procedure, flags,
                           amount_fen, decided_by, reason, login, at)
    SELECT id, case_id, kind, ruleset_id, proposal, track, procedure, flags, amount_fen,
           decided_by, reason, login, at
    FROM decisions ORDER BY id;
DROP TABLE decisions;
ALTER TABLE decisions_new RENAME TO decisions;
CREATE INDEX decisions_case ON decisions(case_id, id);

PRAGMA legacy_alter_table = OFF;
