-- fenliu schema version 1: filings as received, the cases made of them,
-- and the log of every ingest run and every rejection.
-- Applied by triage/db.c inside one transaction; PRAGMA user_version records
-- the number of the last migration applied.

-- One run of `fenliu ingest` (or of the watcher): who ran it and what came of it.
CREATE TABLE ingest_runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,          -- ISO 8601 in the court's zone
    finished_at TEXT,                   -- NULL while running or after a crash
    login       TEXT NOT NULL,
    documents   INTEGER NOT NULL DEFAULT 0,
    accepted    INTEGER NOT NULL DEFAULT 0,
    duplicates  INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0
);

-- Every accepted filing, byte for byte as received.
CREATE TABLE filings (
    id           INTEGER PRIMARY KEY,
    filing_id    TEXT NOT NULL UNIQUE,  -- the sender's @id
    content_hash BLOB NOT NULL,         -- BLAKE2b-256 of the parsed content
    source       TEXT NOT NULL,         -- the file it came in
    line         INTEGER NOT NULL,      -- of its <filing> start tag there
    encoding     TEXT NOT NULL,         -- the document's encoding; raw is in it
    ns_context   TEXT,                  -- xmlns declarations inherited from <batch>
    raw          BLOB NOT NULL,         -- the <filing> element's bytes
    received_at  TEXT NOT NULL,
    run_id       INTEGER REFERENCES ingest_runs(id)
);

-- The case a filing opens, with the filing's parsed fields.
CREATE TABLE cases (
    id         INTEGER PRIMARY KEY,
    filing     INTEGER NOT NULL UNIQUE REFERENCES filings(id),
    case_no    TEXT UNIQUE,             -- given on acceptance (立案): (2026)川0191民初15号
    type       TEXT NOT NULL CHECK (type IN ('civil', 'bankruptcy')),
    channel    TEXT NOT NULL CHECK (channel IN ('online', 'cross-region', 'counter')),
    court      TEXT NOT NULL,
    court_code TEXT,
    cause      TEXT,
    submitted  TEXT NOT NULL,           -- as the sender wrote it
    facts      TEXT
);
CREATE INDEX cases_submitted ON cases(submitted);

CREATE TABLE parties (
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    seq            INTEGER NOT NULL,    -- 1-based, document order
    role           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    name           TEXT NOT NULL,
    idno           TEXT,
    nationality    TEXT,
    address        TEXT,
    representative TEXT,
    PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;

CREATE TABLE claims (
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    seq        INTEGER NOT NULL,
    amount_fen INTEGER,                 -- the amount attribute, in fen; NULL if absent
    text       TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;

CREATE TABLE requests (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    seq     INTEGER NOT NULL,
    kind    TEXT NOT NULL,
    text    TEXT,
    PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;

CREATE TABLE attachments (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    seq     INTEGER NOT NULL,
    name    TEXT NOT NULL,
    sha256  TEXT,
    PRIMARY KEY (case_id, seq)
) WITHOUT ROWID;

CREATE TABLE bankruptcy (
    case_id          INTEGER PRIMARY KEY REFERENCES cases(id),
    procedure        TEXT NOT NULL,
    petitioner       TEXT NOT NULL,
    assets_fen       INTEGER,
    assets_text      TEXT,
    liabilities_fen  INTEGER,
    liabilities_text TEXT,
    creditors        INTEGER,
    employees        INTEGER,
    unpaid_wages     INTEGER,           -- NULL not stated, 0 or 1
    statement        TEXT
);

-- The last case number given, per year, court and kind (民初, 破申, 破).
CREATE TABLE case_numbers (
    year  INTEGER NOT NULL,
    court TEXT NOT NULL,
    kind  TEXT NOT NULL,
    last  INTEGER NOT NULL,
    PRIMARY KEY (year, court, kind)
) WITHOUT ROWID;

-- Every rejected filing or document, with the reasons, so nothing is lost
-- even when the file itself is gone.
CREATE TABLE rejections (
    id        INTEGER PRIMARY KEY,
    run_id    INTEGER REFERENCES ingest_runs(id),
    source    TEXT NOT NULL,
    filing_id TEXT,                     -- NULL when the fault is outside any filing
    line      INTEGER,
    col       INTEGER,
    reasons   TEXT NOT NULL,            -- one per line: "LINE:COL: FIELD: message"
    raw       BLOB,                     -- the filing's bytes when they could be cut out
    at        TEXT NOT NULL
);
CREATE INDEX rejections_run ON rejections(run_id);
