-- fenliu schema version 2: triage decisions.
-- Every classification is a decision row; a judge's change of track or
-- procedure is a new row of kind 'judge' with a reason, never an edit.
-- The case's current decision is its latest row (highest id): rows are
-- only ever added, so no pointer in cases needs updating.

-- Every ruleset that ever classified a case, as it was.
CREATE TABLE rulesets (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    version    TEXT NOT NULL,
    hash       TEXT NOT NULL UNIQUE,   -- hex BLAKE2b-256 of the file
    content    BLOB NOT NULL,
    first_used TEXT NOT NULL
);

CREATE TABLE decisions (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    kind       TEXT NOT NULL CHECK (kind IN ('proposal', 'judge')),
    ruleset_id INTEGER REFERENCES rulesets(id),   -- proposals
    proposal   INTEGER REFERENCES decisions(id),  -- judge: the proposal overruled
    track      TEXT NOT NULL CHECK (track IN ('simple', 'complex')),
    procedure  TEXT NOT NULL
               CHECK (procedure IN ('small-claims', 'summary', 'ordinary', 'simple')),
    flags      TEXT NOT NULL DEFAULT '',           -- space-separated, ruleset order
    amount_fen INTEGER,                            -- total claimed; NULL unknown
    decided_by TEXT,                               -- proposals: the deciding rule
    reason     TEXT,                               -- judge: why
    login      TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX decisions_case ON decisions(case_id, id);

-- The rules that fired for a proposal, with what they matched where.
CREATE TABLE decision_hits (
    decision_id INTEGER NOT NULL REFERENCES decisions(id),
    seq         INTEGER NOT NULL,
    rule        TEXT NOT NULL,
    field       TEXT NOT NULL,
    text        TEXT NOT NULL,
    offset      INTEGER,                           -- byte offset in the field; NULL for values
    PRIMARY KEY (decision_id, seq)
) WITHOUT ROWID;

-- Rules that could not be applied to the filing (a pattern hit its limits).
CREATE TABLE decision_failures (
    decision_id INTEGER NOT NULL REFERENCES decisions(id),
    rule        TEXT NOT NULL,
    message     TEXT NOT NULL,
    PRIMARY KEY (decision_id, rule)
) WITHOUT ROWID;

-- Settings of this database, e.g. active_ruleset: the rulesets.id that
-- classifies new filings (absent: the ruleset built into fenliu).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
