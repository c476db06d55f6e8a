-- fenliu schema version 5: the intake desk.
-- A filing awaiting the court's decision on acceptance (filed, returned
-- for correction, in pre-suit mediation) sits in the section's inbox until
-- a `route` event puts it in a clerk's inbox.  The status row keeps that
-- clerk and when the filing was received, so that each inbox lists oldest
-- first by index; party names and ID numbers are indexed so that a clerk
-- reviewing a filing sees the other cases of the same parties.
ALTER TABLE case_status ADD COLUMN clerk TEXT;     -- intake: whose inbox; NULL: the section's
ALTER TABLE case_status ADD COLUMN received TEXT;  -- filings.received_at, for the inboxes' order
UPDATE case_status SET received = (SELECT f.received_at FROM cases c
                                   JOIN filings f ON f.id = c.filing
                                   WHERE c.id = case_status.case_id);
-- The inboxes: unassigned ('') or by clerk, oldest first, awaiting the decision only.
CREATE INDEX case_status_inbox ON case_status(ifnull(clerk, ''), received, case_id)
    WHERE state IN ('filed', 'returned', 'pre-suit-mediation');

CREATE INDEX parties_name ON parties(name);
CREATE INDEX parties_idno ON parties(idno) WHERE idno IS NOT NULL;

-- The encoding a rejected filing's bytes are in (NULL: not known, e.g. rows
-- from before this version), so that they can be shown decoded.
ALTER TABLE rejections ADD COLUMN encoding TEXT;
