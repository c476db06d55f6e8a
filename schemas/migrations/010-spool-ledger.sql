-- fenliu schema version 10: the spool ledger.
--
-- Each file taken from a spool folder is recorded here in the transaction
-- that stores its filings and rejections.  The file moves to done/ or
-- rejected/ only after that commit, so an ingester killed in between (or
-- whose move failed) leaves a committed file in the spool: the next one
-- to take it finds it here by its identity, stores nothing again and only
-- finishes the move, with the destination and the .err text recorded.
-- The rows also tell an operator which file went where, and when.
CREATE TABLE spool_files (
    id          INTEGER PRIMARY KEY,
    dev         INTEGER NOT NULL,  -- the file's identity as it lay in the spool:
    ino         INTEGER NOT NULL,  --   device, inode (both kept by a rename),
    size        INTEGER NOT NULL,  --   size and modification time (so a reused
    mtime_ns    INTEGER NOT NULL,  --   inode is not taken for the old file)
    dir         TEXT NOT NULL,     -- the spool folder, as the ingester was given it
    name        TEXT NOT NULL,     -- the file's name in it
    destination TEXT NOT NULL,     -- relative to dir: done/NAME, rejected/NAME.1 ...
    err         TEXT,              -- the text of its .err (rejected/ only)
    run_id      INTEGER REFERENCES ingest_runs(id),
    at          TEXT NOT NULL      -- when it was committed, in the court's zone
);
CREATE INDEX spool_files_identity ON spool_files(ino, dev);
