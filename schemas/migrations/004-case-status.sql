-- fenliu schema version 4: each case's current status, kept beside its
-- history so that queues of a million cases sort and filter by index.
-- It is derived: every change (an event, a decision, a calendar notice,
-- new periods) rewrites a case's row from its events and decisions, and
-- `fenliu status rebuild` can rebuild the table from scratch.
CREATE TABLE case_status (
    case_id   INTEGER PRIMARY KEY REFERENCES cases(id),
    state     TEXT NOT NULL,
    track     TEXT,                 -- simple | complex (current decision)
    procedure TEXT,                 -- the lifecycle's procedure
    flags     TEXT NOT NULL DEFAULT '',
    judge     TEXT,
    clock     TEXT,                 -- the most pressing open clock, or NULL
    due       TEXT,                 -- its due date, YYYY-MM-DD; NULL: none
    paused    INTEGER NOT NULL DEFAULT 0,
    provisional INTEGER NOT NULL DEFAULT 0,
    updated   TEXT NOT NULL
);
CREATE INDEX case_status_due ON case_status(state, due);
CREATE INDEX case_status_track ON case_status(track, procedure, due);
CREATE INDEX case_status_judge ON case_status(judge, due);
-- Most urgent first: cases with no due date (no limit) last.
CREATE INDEX case_status_urgency ON case_status(ifnull(due, '9999-12-31'), case_id);

-- Notes on a case: shared with the court, or private to their author (a
-- judge's working notes).  Kept and attributed, never edited.
CREATE TABLE notes (
    id      INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id),
    author  TEXT NOT NULL,
    private INTEGER NOT NULL DEFAULT 0,
    text    TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX notes_case ON notes(case_id, id);
