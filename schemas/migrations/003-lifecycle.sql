-- fenliu schema version 3: the case lifecycle (分调裁审) and the calendar.
-- Every step of a case is an event, never updated or deleted; a case's
-- state, procedure and clocks are replayed from its events.

CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    kind      TEXT NOT NULL,      -- accept, return, correct, mediate, ... (lifecycle.h)
    effective TEXT NOT NULL,      -- court-local date it takes effect, YYYY-MM-DD
    args      TEXT NOT NULL DEFAULT '',  -- "key=value" lines: procedure, judge, until…
    reason    TEXT,
    login     TEXT NOT NULL,
    at        TEXT NOT NULL       -- when it was recorded
);
CREATE INDEX events_case ON events(case_id, id);

-- Holiday notices loaded after the build (fenliu calendar load), whole.
CREATE TABLE calendar_documents (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    content   BLOB NOT NULL,
    login     TEXT NOT NULL,
    at        TEXT NOT NULL
);

-- A court's own closure days and extra working days (fenliu calendar set).
CREATE TABLE calendar_days (
    id        INTEGER PRIMARY KEY,
    date      TEXT NOT NULL,
    closed    INTEGER NOT NULL,   -- 1 closed, 0 open (a working day)
    reason    TEXT NOT NULL,
    login     TEXT NOT NULL,
    at        TEXT NOT NULL
);

-- Who may do what: the operating-system login and its role.  Approvals of
-- extensions and conversions need a president (院长 or 庭长).
CREATE TABLE users (
    login    TEXT PRIMARY KEY,
    role     TEXT NOT NULL CHECK (role IN ('clerk', 'judge', 'president', 'admin')),
    added_by TEXT NOT NULL,
    at       TEXT NOT NULL
) WITHOUT ROWID;
