/* Storage in SQLite (see db.h).  Every statement is prepared once per
 * connection with bound parameters; migrations are the only SQL text run
 * whole. */
#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "embedded.h"
#include "excerpt.h"
#include "parse.h"

#define BUSY_TIMEOUT_MS 120000

enum stmt {
    S_FIND_FILING,
    S_INSERT_FILING,
    S_NEXT_CASE_NO,
    S_INSERT_CASE,
    S_SET_CASE_NO,
    S_CASE_COURT_CODE,
    S_INSERT_PARTY,
    S_INSERT_CLAIM,
    S_INSERT_REQUEST,
    S_INSERT_ATTACHMENT,
    S_INSERT_HIT,
    S_INSERT_BANKRUPTCY,
    S_INSERT_REJECTION,
    S_RUN_START,
    S_RUN_FINISH,
    S_SPOOL_FIND,   /* SQL beside fl_db_spool_find */
    S_SPOOL_RECORD, /* SQL beside fl_db_spool_record */
    S_LIST_CASES,
    S_ADD_NOTE,
    S_CASE_NOTES,
    S_DATA_VERSION,
    /* the queue (fl_db_queue): counting, then a page of case ids by one
     * of several plans, then each row */
    S_QUEUE_TRACKS,
    S_QUEUE_WORDS_TRACKS,
    S_QUEUE_PLAN,
    S_QUEUE_WORDS_COUNT,
    S_QUEUE_IDS_WALK,
    S_QUEUE_IDS_WALK_DESC,
    S_QUEUE_IDS_CLERK,
    S_QUEUE_IDS_CLERK_DESC,
    S_QUEUE_IDS_JUDGE,
    S_QUEUE_IDS_JUDGE_DESC,
    S_QUEUE_IDS_STATE,
    S_QUEUE_IDS_STATE_DESC,
    S_QUEUE_IDS_PROCEDURE,
    S_QUEUE_IDS_PROCEDURE_DESC,
    S_QUEUE_IDS_PROCEDURE_CLERK,
    S_QUEUE_IDS_FLAGS,
    S_QUEUE_IDS_FLAGS_CLERK,
    S_QUEUE_IDS_SEARCH,
    S_QUEUE_IDS_SEARCH_CLERK,
    S_QUEUE_ROW,
    S_QUEUE_VALUES_TRACK,
    S_QUEUE_VALUES_PROCEDURE,
    S_QUEUE_VALUES_FLAGS,
    S_QUEUE_VALUES_JUDGE,
    S_QUEUE_VALUES_STATE,
    S_BEGIN_READ,
    S_COUNT_CASES,
    S_COUNT_FILINGS,
    S_COUNT_REJECTIONS,
    S_COUNT_RUNS,
    S_FIND_CASE,
    S_CASE_PARTIES,
    S_CASE_CLAIMS,
    S_CASE_REQUESTS,
    S_CASE_ATTACHMENTS,
    S_CASE_BANKRUPTCY,
    S_RULESET_FIND,
    S_RULESET_INSERT,
    S_INSERT_DECISION,
    S_INSERT_FAILURE,
    S_CASE_BY_KEY,
    S_LATEST_PROPOSAL,
    S_CASE_DECISIONS,
    S_DECISION_HITS,
    S_DECISION_FAILURES,
    S_RULE_STATS,
    S_CASES_PAGE,
    S_ACTIVE_RULESET,
    S_USER_ROLE,
    S_SET_USER,
    S_USER_COUNT,
    S_USERS,
    S_GET_SETTING,
    S_CAL_DOCS,
    S_CAL_DAYS,
    S_ADD_CAL_DOC,
    S_ADD_CAL_DAY,
    S_CASE_LIFE,
    S_CASE_EVENTS,
    S_ALL_LIVES,
    S_APPEND_EVENT,
    S_KEY_BY_CASE_NO,
    S_KEY_BY_FILING_ID,
    S_UPSERT_STATUS,
    S_CASE_IDS,
    S_WORDS_NEXT,
    S_WORDS_INDEX,
    S_WORDS_DONE,
    S_WORDS_LEFT,
    S_WORDS_ANY,
    S_SET_SETTING,
    /* the intake desk */
    S_INBOX,
    S_INBOX_COUNT,
    S_STAGE_STATUS,
    S_TALLY_OUT,
    S_FLUSH_STATUS,
    S_TALLY_IN,
    S_TALLY_EMPTY,
    S_CLEAR_STAGE,
    S_CLERK_LOADS,
    S_CLERK_LOADS_COUNT,
    S_RUNS,
    S_REJECTIONS,
    S_RUN_REJECTIONS,
    S_COUNT_RUN_REJECTIONS,
    S_REJECTION,
    S_SAME_PARTIES,
    S_SAME_PARTIES_COUNT,
    S_BEGIN,
    S_COMMIT,
    S_ROLLBACK,
    N_STMTS
};

/* Columns 0-11 of a listed case (read_case_row); the listing adds track,
 * procedure, flags and the triage amount as 12-15.  The claims' amounts
 * are added up with total(), not sum(): sum() fails the whole statement
 * with "integer overflow" on amounts an older fenliu stored, and one such
 * case must not stop every listing (exact below 2^53 fen, far past the
 * contract's ceiling; larger sums read back as the largest integer). */
#define CASE_ROW_COLUMNS                                                              \
    "SELECT c.id, c.case_no, f.filing_id, c.type, c.cause, c.court, c.submitted, "    \
    "f.received_at, "                                                                 \
    "(SELECT name FROM parties p WHERE p.case_id = c.id "                             \
    "  AND p.role IN ('plaintiff', 'petitioner') ORDER BY seq LIMIT 1), "             \
    "(SELECT name FROM parties p WHERE p.case_id = c.id "                             \
    "  AND p.role IN ('defendant', 'debtor') ORDER BY seq LIMIT 1), "                 \
    "(SELECT count(*) FROM parties p WHERE p.case_id = c.id), "                       \
    "(SELECT iif(count(amount_fen), total(amount_fen), NULL) FROM claims k "         \
    "  WHERE k.case_id = c.id), "

/* The filters of a queue on the status row (or row of queue_tally) T, each
 * off when its parameter is NULL (0): ?3 track, ?4 procedure, ?5 flag,
 * ?6 judge, ?7 state, ?8 open cases only. */
#define QUEUE_FILTERS_BUT_TRACK(t)                                                    \
    "(?4 IS NULL OR " t ".procedure = ?4) "                                           \
    "AND (?5 IS NULL OR ' ' || " t ".flags || ' ' LIKE '% ' || ?5 || ' %') "          \
    "AND (?6 IS NULL OR " t ".judge = ?6) AND (?7 IS NULL OR " t ".state = ?7) "      \
    "AND (?8 = 0 OR " t ".state NOT IN ('closed', 'not-accepted'))"
#define QUEUE_FILTERS(t) "(?3 IS NULL OR " t ".track = ?3) AND " QUEUE_FILTERS_BUT_TRACK(t)
/* The search for the text ?9 (ASCII in lower case): in the cause, or in
 * the words of the case (case_words: its filing id, number and party
 * names) by the prefix query ?10 made of its first characters; when the
 * text is longer than that (?11 = 1) the words are checked as well.  A
 * walk that passes few cases checks their words directly instead (?12 =
 * 1): the index would give every case the text is in.  The cases after
 * case_words_done.upto are not indexed yet: their words are checked. */
#define QUEUE_CAUSE_MATCH "instr(lower(ifnull(s.cause, '')), ?9)"
#define QUEUE_WORDS_HOLD                                                              \
    "(EXISTS (SELECT 1 FROM cases c JOIN filings f ON f.id = c.filing "               \
    "  WHERE c.id = s.case_id AND (instr(lower(ifnull(c.case_no, '')), ?9) "          \
    "  OR instr(lower(f.filing_id), ?9))) "                                           \
    "  OR EXISTS (SELECT 1 FROM parties p WHERE p.case_id = s.case_id "               \
    "  AND instr(lower(p.name), ?9)))"
#define WORDS_UPTO "(SELECT upto FROM case_words_done)"
#define QUEUE_WORDS_CANDIDATES                                                        \
    "SELECT rowid FROM case_words WHERE case_words MATCH ?10 UNION ALL "              \
    "SELECT x.case_id FROM case_status x WHERE x.case_id > " WORDS_UPTO
#define QUEUE_WORDS_INDEXED                                                           \
    "s.case_id IN (" QUEUE_WORDS_CANDIDATES ") "                                      \
    "AND ((?11 = 0 AND s.case_id <= " WORDS_UPTO ") OR " QUEUE_WORDS_HOLD ")"
#define QUEUE_WORDS_MATCH                                                             \
    "((?12 = 1 AND " QUEUE_WORDS_HOLD ") OR (?12 = 0 AND " QUEUE_WORDS_INDEXED "))"
#define QUEUE_WHERE                                                                   \
    QUEUE_FILTERS("s") " AND (?9 IS NULL OR " QUEUE_CAUSE_MATCH " OR (" QUEUE_WORDS_MATCH "))"
/* The queue's order, most urgent first (no due date: last), and a
 * clerk's: filings awaiting the decision on acceptance first.  The
 * indexes of migration 006 have the same expressions. */
#define QUEUE_ORDER "ifnull(s.due, '9999-12-31'), s.case_id"
#define QUEUE_ORDER_DESC "ifnull(s.due, '9999-12-31') DESC, s.case_id DESC"
#define QUEUE_PENDING "s.state NOT IN ('filed', 'returned', 'pre-suit-mediation')"
#define QUEUE_CLERK_ORDER QUEUE_PENDING ", " QUEUE_ORDER
#define QUEUE_CLERK_ORDER_DESC QUEUE_PENDING " DESC, " QUEUE_ORDER_DESC
/* A page of the ids of the matching cases (?1 rows after ?2), walking
 * INDEX where COND holds. */
#define QUEUE_IDS(index, cond, order)                                                 \
    "SELECT s.case_id FROM case_status s INDEXED BY " index " WHERE " cond QUEUE_WHERE \
    " ORDER BY " order " LIMIT ?1 OFFSET ?2"
#define QUEUE_FLAGS_IN                                                                \
    "s.flags IN (SELECT t.flags FROM queue_tally t "                                  \
    "  WHERE ' ' || t.flags || ' ' LIKE '% ' || ?5 || ' %') AND "
#define QUEUE_IDS_SEARCH(order)                                                       \
    "SELECT s.case_id FROM case_status s WHERE s.case_id IN ("                        \
    QUEUE_WORDS_CANDIDATES " UNION ALL "                                              \
    "  SELECT x.case_id FROM case_status x INDEXED BY case_status_cause_queue "       \
    "  WHERE x.cause IN (SELECT t.cause FROM queue_tally t "                          \
    "                    WHERE instr(lower(t.cause), ?9))) "                          \
    "AND " QUEUE_WHERE " ORDER BY " order " LIMIT ?1 OFFSET ?2"
#define QUEUE_VALUES(col)                                                             \
    "SELECT DISTINCT t." col " FROM queue_tally t WHERE t." col " <> '' AND "           \
    QUEUE_FILTERS("t") " ORDER BY 1"

/* Writing a status row over the one there. */
#define STATUS_UPSERT                                                                 \
    "ON CONFLICT (case_id) DO UPDATE SET state = excluded.state, "                    \
    "track = excluded.track, procedure = excluded.procedure, flags = excluded.flags, " \
    "judge = excluded.judge, clock = excluded.clock, due = excluded.due, "            \
    "paused = excluded.paused, provisional = excluded.provisional, "                  \
    "updated = excluded.updated, clerk = excluded.clerk, cause = excluded.cause, "    \
    "received = excluded.received"

/* The intake desk: filings awaiting the decision on acceptance (the
 * partial index case_status_inbox has the same condition). */
#define INBOX_WHERE "s.state IN ('filed', 'returned', 'pre-suit-mediation')"

/* Each clerk's load: users with the role clerk, and any other login
 * holding filings (a president who took some; a user since removed). */
#define CLERK_LOADS                                                                   \
    "WITH held AS (SELECT s.clerk, count(*) AS n, min(s.received) AS oldest "         \
    "  FROM case_status s WHERE " INBOX_WHERE " AND ifnull(s.clerk, '') <> '' "       \
    "  GROUP BY ifnull(s.clerk, '')) "                                                \
    "SELECT u.login, u.role, ifnull(h.n, 0), h.oldest FROM users u "                  \
    "LEFT JOIN held h ON h.clerk = u.login WHERE u.role = 'clerk' OR h.n > 0 "        \
    "UNION ALL SELECT h.clerk, NULL, h.n, h.oldest FROM held h "                      \
    "WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.login = h.clerk)"

#define REJECTION_COLUMNS \
    "id, run_id, source, filing_id, line, col, reasons, at, encoding, raw_line, raw_total"

/* Parties of other cases with the name or the ID number of a party of
 * case ?1: among the cases whose words (case_words) hold the names or the
 * keys of the ID numbers (fl_word_match), and those not indexed yet. */
#define SAME_PARTIES                                                                  \
    "WITH mine AS (SELECT name, idno FROM parties WHERE case_id = ?1), "              \
    "cand AS (SELECT rowid AS case_id FROM case_words WHERE case_words MATCH "        \
    "           (SELECT group_concat(fl_word_match(name, idno), ' OR ') FROM mine) "  \
    "         UNION SELECT x.case_id FROM case_status x WHERE x.case_id > "           \
    WORDS_UPTO "), "                                                                  \
    "m AS (SELECT o.case_id, o.name, 0 AS by_idno FROM cand "                         \
    "      JOIN parties o ON o.case_id = cand.case_id "                               \
    "      JOIN mine ON o.name = mine.name WHERE o.case_id <> ?1 "                    \
    "      UNION SELECT o.case_id, o.name, 1 FROM cand "                              \
    "      JOIN parties o ON o.case_id = cand.case_id "                               \
    "      JOIN mine ON o.idno = mine.idno "                                          \
    "      WHERE mine.idno IS NOT NULL AND o.case_id <> ?1) "

static const char *const SQL[N_STMTS] = {
    [S_FIND_FILING] = "SELECT content_hash FROM filings WHERE filing_id = ?1",
    [S_INSERT_FILING] =
        "INSERT INTO filings (filing_id, content_hash, source, line, encoding, ns_context, "
        "raw, received_at, run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
        "ON CONFLICT (filing_id) DO NOTHING",
    [S_NEXT_CASE_NO] = "INSERT INTO case_numbers (year, court, kind, last) VALUES (?1, ?2, ?3, 1) "
                       "ON CONFLICT (year, court, kind) DO UPDATE SET last = last + 1 "
                       "RETURNING last",
    [S_INSERT_CASE] = "INSERT INTO cases (filing, case_no, type, channel, court, court_code, "
                      "cause, submitted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [S_SET_CASE_NO] = "UPDATE cases SET case_no = ?2 WHERE id = ?1",
    [S_CASE_COURT_CODE] = "SELECT court_code FROM cases WHERE id = ?1",
    [S_INSERT_PARTY] = "INSERT INTO parties (case_id, seq, role, kind, name, idno, nationality, "
                       "address, representative) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [S_INSERT_CLAIM] =
        "INSERT INTO claims (case_id, seq, amount_fen, text) VALUES (?1, ?2, ?3, ?4)",
    [S_INSERT_REQUEST] =
        "INSERT INTO requests (case_id, seq, kind, text) VALUES (?1, ?2, ?3, ?4)",
    [S_INSERT_ATTACHMENT] =
        "INSERT INTO attachments (case_id, seq, name, sha256) VALUES (?1, ?2, ?3, ?4)",
    [S_INSERT_HIT] = "INSERT INTO decision_hits (decision_id, seq, rule, field, text, offset) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [S_INSERT_BANKRUPTCY] =
        "INSERT INTO bankruptcy (case_id, procedure, petitioner, assets_fen, assets_text, "
        "liabilities_fen, liabilities_text, creditors, employees, unpaid_wages, statement) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [S_INSERT_REJECTION] =
        "INSERT INTO rejections (run_id, source, filing_id, line, col, reasons, raw, at, "
        "encoding, raw_line, raw_total) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [S_RUN_START] = "INSERT INTO ingest_runs (started_at, login) VALUES (?1, ?2)",
    [S_RUN_FINISH] = "UPDATE ingest_runs SET finished_at = ?2, documents = ?3, accepted = ?4, "
                     "duplicates = ?5, rejected = ?6 WHERE id = ?1",
    [S_LIST_CASES] =
        CASE_ROW_COLUMNS
        "d.track, d.procedure, d.flags, d.amount_fen "
        "FROM cases c JOIN filings f ON f.id = c.filing "
        "LEFT JOIN decisions d ON d.id = (SELECT max(id) FROM decisions x "
        "                                 WHERE x.case_id = c.id) "
        "ORDER BY c.id DESC LIMIT ?1 OFFSET ?2",
    /* Counting: the cases of each track from queue_tally (with a search,
     * those whose cause holds the text), then those the words of the case
     * alone match. */
    [S_QUEUE_TRACKS] = "SELECT t.track, sum(t.n) FROM queue_tally t WHERE "
                       QUEUE_FILTERS_BUT_TRACK("t")
                       " AND (?9 IS NULL OR instr(lower(t.cause), ?9)) GROUP BY t.track",
    [S_QUEUE_WORDS_TRACKS] =
        "SELECT count(*) FILTER (WHERE s.track = 'simple'), "
        "count(*) FILTER (WHERE s.track = 'complex'), "
        "count(*) FILTER (WHERE s.track IS NULL OR s.track NOT IN ('simple', 'complex')) "
        "FROM case_status s WHERE " QUEUE_WORDS_INDEXED " AND NOT " QUEUE_CAUSE_MATCH
        " AND " QUEUE_FILTERS_BUT_TRACK("s"),
    /* What each plan would read: every case, and those of each filter. */
    [S_QUEUE_PLAN] =
        "SELECT ifnull(sum(n), 0), ifnull(sum(n) FILTER (WHERE judge = ?6), 0), "
        "ifnull(sum(n) FILTER (WHERE state = ?7), 0), "
        "ifnull(sum(n) FILTER (WHERE procedure = ?4), 0), "
        "ifnull(sum(n) FILTER (WHERE ' ' || flags || ' ' LIKE '% ' || ?5 || ' %'), 0), "
        "ifnull(sum(n) FILTER (WHERE instr(lower(cause), ?9)), 0) FROM queue_tally",
    [S_QUEUE_WORDS_COUNT] =
        "SELECT (SELECT count(*) FROM case_words WHERE case_words MATCH ?1) + "
        "(SELECT count(*) FROM case_status WHERE case_id > " WORDS_UPTO ")",
    /* The plans: walk the queue's order (all cases, or one judge's, state's
     * or procedure's), forwards or backwards (the last pages); or gather
     * the few cases of a flag, a procedure or a search and sort them. */
    [S_QUEUE_IDS_WALK] = QUEUE_IDS("case_status_queue", "", QUEUE_ORDER),
    [S_QUEUE_IDS_WALK_DESC] = QUEUE_IDS("case_status_queue", "", QUEUE_ORDER_DESC),
    [S_QUEUE_IDS_CLERK] = QUEUE_IDS("case_status_queue_clerk", "", QUEUE_CLERK_ORDER),
    [S_QUEUE_IDS_CLERK_DESC] =
        QUEUE_IDS("case_status_queue_clerk", "", QUEUE_CLERK_ORDER_DESC),
    [S_QUEUE_IDS_JUDGE] = QUEUE_IDS("case_status_judge_queue", "s.judge = ?6 AND ", QUEUE_ORDER),
    [S_QUEUE_IDS_JUDGE_DESC] =
        QUEUE_IDS("case_status_judge_queue", "s.judge = ?6 AND ", QUEUE_ORDER_DESC),
    [S_QUEUE_IDS_STATE] = QUEUE_IDS("case_status_state_queue", "s.state = ?7 AND ", QUEUE_ORDER),
    [S_QUEUE_IDS_STATE_DESC] =
        QUEUE_IDS("case_status_state_queue", "s.state = ?7 AND ", QUEUE_ORDER_DESC),
    [S_QUEUE_IDS_PROCEDURE] =
        QUEUE_IDS("case_status_procedure_queue", "s.procedure = ?4 AND ", QUEUE_ORDER),
    [S_QUEUE_IDS_PROCEDURE_DESC] =
        QUEUE_IDS("case_status_procedure_queue", "s.procedure = ?4 AND ", QUEUE_ORDER_DESC),
    [S_QUEUE_IDS_PROCEDURE_CLERK] =
        QUEUE_IDS("case_status_procedure_queue", "s.procedure = ?4 AND ", QUEUE_CLERK_ORDER),
    [S_QUEUE_IDS_FLAGS] = QUEUE_IDS("case_status_flags_queue", QUEUE_FLAGS_IN, QUEUE_ORDER),
    [S_QUEUE_IDS_FLAGS_CLERK] =
        QUEUE_IDS("case_status_flags_queue", QUEUE_FLAGS_IN, QUEUE_CLERK_ORDER),
    [S_QUEUE_IDS_SEARCH] = QUEUE_IDS_SEARCH(QUEUE_ORDER),
    [S_QUEUE_IDS_SEARCH_CLERK] = QUEUE_IDS_SEARCH(QUEUE_CLERK_ORDER),
    [S_QUEUE_ROW] =
        CASE_ROW_COLUMNS
        "s.track, s.procedure, s.flags, "
        "(SELECT amount_fen FROM decisions x WHERE x.case_id = c.id ORDER BY id DESC LIMIT 1), "
        "s.state, s.judge, s.clock, s.due, s.paused, s.provisional "
        "FROM case_status s JOIN cases c ON c.id = s.case_id JOIN filings f ON f.id = c.filing "
        "WHERE s.case_id = ?1",
    [S_QUEUE_VALUES_TRACK] = QUEUE_VALUES("track"),
    [S_QUEUE_VALUES_PROCEDURE] = QUEUE_VALUES("procedure"),
    [S_QUEUE_VALUES_FLAGS] = QUEUE_VALUES("flags"),
    [S_QUEUE_VALUES_JUDGE] = QUEUE_VALUES("judge"),
    [S_QUEUE_VALUES_STATE] = QUEUE_VALUES("state"),
    [S_ADD_NOTE] = "INSERT INTO notes (case_id, author, private, text, at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)",
    [S_CASE_NOTES] = "SELECT author, private, text, at FROM notes WHERE case_id = ?1 "
                     "AND (private = 0 OR author = ?2) ORDER BY id",
    [S_DATA_VERSION] = "PRAGMA data_version",
    [S_COUNT_CASES] = "SELECT count(*) FROM cases",
    [S_COUNT_FILINGS] = "SELECT count(*) FROM filings",
    [S_COUNT_REJECTIONS] = "SELECT count(*) FROM rejections",
    [S_COUNT_RUNS] = "SELECT count(*) FROM ingest_runs",
    [S_FIND_CASE] =
        "SELECT c.id, c.case_no, f.source, f.received_at, f.line, f.filing_id, c.type, "
        "c.channel, c.court, c.court_code, c.cause, c.submitted, NULL, f.encoding, "
        "f.ns_context, f.raw, f.content_hash, d.track, d.procedure "
        "FROM cases c JOIN filings f ON f.id = c.filing "
        "LEFT JOIN decisions d ON d.id = (SELECT max(id) FROM decisions x "
        "                                 WHERE x.case_id = c.id) "
        "WHERE c.id = ?1",
    [S_CASE_PARTIES] = "SELECT role, kind, name, idno, nationality, address, representative "
                       "FROM parties WHERE case_id = ?1 ORDER BY seq",
    [S_CASE_CLAIMS] = "SELECT amount_fen, text FROM claims WHERE case_id = ?1 ORDER BY seq",
    [S_CASE_REQUESTS] = "SELECT kind, text FROM requests WHERE case_id = ?1 ORDER BY seq",
    [S_CASE_ATTACHMENTS] =
        "SELECT name, sha256 FROM attachments WHERE case_id = ?1 ORDER BY seq",
    [S_CASE_BANKRUPTCY] =
        "SELECT procedure, petitioner, assets_fen, assets_text, liabilities_fen, "
        "liabilities_text, creditors, employees, unpaid_wages, statement "
        "FROM bankruptcy WHERE case_id = ?1",
    [S_RULESET_FIND] = "SELECT id FROM rulesets WHERE hash = ?1",
    [S_RULESET_INSERT] = "INSERT INTO rulesets (name, version, hash, content, first_used) "
                         "VALUES (?1, ?2, ?3, ?4, ?5)",
    [S_INSERT_DECISION] =
        "INSERT INTO decisions (case_id, kind, ruleset_id, proposal, track, procedure, flags, "
        "amount_fen, decided_by, reason, login, at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [S_INSERT_FAILURE] =
        "INSERT INTO decision_failures (decision_id, rule, message) VALUES (?1, ?2, ?3)",
    [S_CASE_BY_KEY] = "SELECT c.id, c.type FROM cases c JOIN filings f ON f.id = c.filing "
                      "WHERE c.id = ?1",
    [S_LATEST_PROPOSAL] =
        "SELECT max(id) FROM decisions WHERE case_id = ?1 AND kind = 'proposal'",
    [S_CASE_DECISIONS] =
        "SELECT d.id, d.kind, d.track, d.procedure, d.flags, d.decided_by, d.reason, d.login, "
        "d.at, r.name, r.version, r.hash, d.amount_fen, d.proposal "
        "FROM decisions d LEFT JOIN rulesets r ON r.id = d.ruleset_id "
        "WHERE d.case_id = ?1 ORDER BY d.id",
    [S_DECISION_HITS] = "SELECT rule, field, text, offset FROM decision_hits "
                        "WHERE decision_id = ?1 ORDER BY seq",
    [S_DECISION_FAILURES] =
        "SELECT rule || ': ' || message FROM decision_failures WHERE decision_id = ?1",
    [S_RULE_STATS] =
        "WITH cur AS (SELECT max(id) AS id FROM decisions WHERE kind = 'proposal' "
        "             GROUP BY case_id), "
        "judged AS (SELECT j.proposal, j.track, j.procedure FROM decisions j "
        "           WHERE j.kind = 'judge' AND j.id = (SELECT max(id) FROM decisions k "
        "                 WHERE k.case_id = j.case_id AND k.kind = 'judge')), "
        "moved AS (SELECT p.id FROM judged JOIN decisions p ON p.id = judged.proposal "
        "          WHERE p.track <> judged.track OR p.procedure <> judged.procedure) "
        "SELECT h.rule, count(DISTINCT h.decision_id), "
        "count(DISTINCT CASE WHEN d.decided_by = h.rule THEN h.decision_id END), "
        "count(DISTINCT CASE WHEN d.decided_by = h.rule AND h.decision_id IN moved "
        "      THEN h.decision_id END), "
        "count(DISTINCT CASE WHEN h.decision_id IN moved THEN h.decision_id END) "
        "FROM decision_hits h JOIN cur ON cur.id = h.decision_id "
        "JOIN decisions d ON d.id = h.decision_id "
        "GROUP BY h.rule ORDER BY 2 DESC, h.rule",
    [S_CASES_PAGE] =
        "SELECT c.id, c.case_no, f.filing_id, f.encoding, f.ns_context, f.raw, d.track, "
        "d.procedure, r.hash, "
        "EXISTS (SELECT 1 FROM decisions j WHERE j.case_id = c.id AND j.kind = 'judge') "
        "FROM cases c JOIN filings f ON f.id = c.filing "
        "LEFT JOIN decisions d ON d.id = (SELECT max(id) FROM decisions x "
        "                                 WHERE x.case_id = c.id) "
        "LEFT JOIN decisions p ON p.id = (SELECT max(id) FROM decisions q "
        "     WHERE q.case_id = c.id AND q.kind = 'proposal') "
        "LEFT JOIN rulesets r ON r.id = p.ruleset_id "
        "WHERE c.id > ?1 ORDER BY c.id LIMIT ?2",
    [S_ACTIVE_RULESET] = "SELECT r.content FROM settings s JOIN rulesets r "
                         "ON r.id = CAST(s.value AS INTEGER) WHERE s.key = 'active_ruleset'",
    [S_USER_ROLE] = "SELECT role FROM users WHERE login = ?1",
    [S_SET_USER] = "INSERT INTO users (login, role, added_by, at) VALUES (?1, ?2, ?3, ?4) "
                   "ON CONFLICT (login) DO UPDATE SET role = excluded.role, "
                   "added_by = excluded.added_by, at = excluded.at",
    [S_USER_COUNT] = "SELECT count(*) FROM users",
    [S_USERS] = "SELECT login, role, added_by, at FROM users ORDER BY login",
    [S_GET_SETTING] = "SELECT value FROM settings WHERE key = ?1",
    [S_CAL_DOCS] = "SELECT name, content FROM calendar_documents ORDER BY id",
    [S_CAL_DAYS] = "SELECT date, closed, reason FROM calendar_days ORDER BY id",
    [S_ADD_CAL_DOC] = "INSERT INTO calendar_documents (name, content, login, at) "
                      "VALUES (?1, ?2, ?3, ?4)",
    [S_ADD_CAL_DAY] = "INSERT INTO calendar_days (date, closed, reason, login, at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)",
    [S_CASE_LIFE] =
        "SELECT c.id, f.filing_id, c.case_no, c.type, substr(f.received_at, 1, 10), "
        "d.procedure, ' ' || d.flags || ' ', d.track, d.id "
        "FROM cases c JOIN filings f ON f.id = c.filing "
        "LEFT JOIN decisions d ON d.id = (SELECT max(id) FROM decisions x "
        "                                 WHERE x.case_id = c.id) "
        "WHERE c.id = ?1",
    [S_CASE_EVENTS] = "SELECT id, kind, effective, args, reason, login, at FROM events "
                      "WHERE case_id = ?1 ORDER BY id",
    [S_ALL_LIVES] =
        "SELECT c.id, f.filing_id, c.case_no, c.type, substr(f.received_at, 1, 10), "
        "d.procedure, ' ' || d.flags || ' ', d.track, e.id, e.kind, e.effective, e.args, "
        "e.reason, e.login, e.at "
        "FROM cases c JOIN filings f ON f.id = c.filing "
        "LEFT JOIN decisions d ON d.id = (SELECT max(id) FROM decisions x "
        "                                 WHERE x.case_id = c.id) "
        "LEFT JOIN events e ON e.case_id = c.id ORDER BY c.id, e.id",
    /* A case's status row; the intake desk's part too: whose inbox (?12),
     * and since when. */
    [S_UPSERT_STATUS] =
        "INSERT INTO case_status (case_id, state, track, procedure, flags, judge, clock, due, "
        "paused, provisional, updated, clerk, cause, received) "
        "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, c.cause, f.received_at "
        "FROM cases c JOIN filings f ON f.id = c.filing WHERE c.id = ?1 "
        STATUS_UPSERT,
    /* Ingest stages the rows in memory (status_stage, made by
     * fl_db_stage_status) and writes them all before committing: one
     * statement for thousands of rows keeps the queue's indexes warm. */
    [S_STAGE_STATUS] = "INSERT OR REPLACE INTO temp.status_stage (case_id, state, track, "
                       "procedure, flags, judge, clock, due, paused, provisional, updated, "
                       "clerk) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    /* The staged rows' present values leave the tally, their new ones
     * enter it (the triggers stand aside: fl_bulk()).  CROSS JOIN keeps
     * the few staged rows outside: the planner would walk every status row. */
    [S_TALLY_OUT] =
        "UPDATE queue_tally SET n = n - g.k FROM ("
        "  SELECT s.state AS st, ifnull(s.track, '') AS tr, ifnull(s.procedure, '') AS pr, "
        "         ifnull(s.judge, '') AS ju, s.flags AS fl, ifnull(s.cause, '') AS ca, "
        "         count(*) AS k "
        "  FROM temp.status_stage t CROSS JOIN case_status s ON s.case_id = t.case_id "
        "  GROUP BY 1, 2, 3, 4, 5, 6) g "
        "WHERE state = g.st AND track = g.tr AND procedure = g.pr AND judge = g.ju "
        "AND flags = g.fl AND cause = g.ca",
    [S_TALLY_IN] =
        "INSERT INTO queue_tally "
        "SELECT s.state, ifnull(s.track, ''), ifnull(s.procedure, ''), ifnull(s.judge, ''), "
        "       s.flags, ifnull(s.cause, ''), count(*) "
        "FROM temp.status_stage t CROSS JOIN case_status s ON s.case_id = t.case_id "
        "GROUP BY 1, 2, 3, 4, 5, 6 ON CONFLICT DO UPDATE SET n = n + excluded.n",
    [S_TALLY_EMPTY] = "DELETE FROM queue_tally WHERE n = 0",
    [S_FLUSH_STATUS] =
        "INSERT INTO case_status (case_id, state, track, procedure, flags, judge, clock, due, "
        "paused, provisional, updated, clerk, cause, received) "
        "SELECT t.case_id, t.state, t.track, t.procedure, t.flags, t.judge, t.clock, t.due, "
        "t.paused, t.provisional, t.updated, t.clerk, c.cause, f.received_at "
        "FROM temp.status_stage t JOIN cases c ON c.id = t.case_id "
        "JOIN filings f ON f.id = c.filing WHERE true ORDER BY t.case_id " STATUS_UPSERT,
    [S_CLEAR_STAGE] = "DELETE FROM temp.status_stage",
    [S_CASE_IDS] = "SELECT id FROM cases WHERE id > ?1 ORDER BY id LIMIT ?2",
    /* Indexing the words of the next ?1 cases after case_words_done.upto
     * (the last of them, and how many), then recording how far it went. */
    [S_WORDS_NEXT] = "SELECT max(case_id), count(*) FROM (SELECT case_id FROM case_status "
                     "WHERE case_id > " WORDS_UPTO " ORDER BY case_id LIMIT ?1)",
    [S_WORDS_INDEX] = "INSERT INTO case_words (rowid, words) SELECT w.case_id, w.words "
                      "FROM case_status s JOIN case_words_text w ON w.case_id = s.case_id "
                      "WHERE s.case_id > " WORDS_UPTO " AND s.case_id <= ?1",
    [S_WORDS_DONE] = "UPDATE case_words_done SET upto = ?1",
    [S_WORDS_LEFT] = "SELECT count(*) FROM case_status WHERE case_id > " WORDS_UPTO,
    [S_WORDS_ANY] = "SELECT EXISTS (SELECT 1 FROM case_status WHERE case_id > " WORDS_UPTO ")",
    [S_KEY_BY_CASE_NO] = "SELECT id FROM cases WHERE case_no = ?1",
    [S_KEY_BY_FILING_ID] = "SELECT c.id FROM filings f JOIN cases c ON c.filing = f.id "
                           "WHERE f.filing_id = ?1",
    [S_APPEND_EVENT] = "INSERT INTO events (case_id, kind, effective, args, reason, login, at) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [S_SET_SETTING] = "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [S_INBOX] =
        "SELECT c.id, f.filing_id, c.type, c.cause, "
        "(SELECT name FROM parties p WHERE p.case_id = c.id "
        "  AND p.role IN ('plaintiff', 'petitioner') ORDER BY seq LIMIT 1), "
        "(SELECT name FROM parties p WHERE p.case_id = c.id "
        "  AND p.role IN ('defendant', 'debtor') ORDER BY seq LIMIT 1), "
        "s.received, s.state, s.clerk, s.track, s.procedure, s.due "
        "FROM case_status s JOIN cases c ON c.id = s.case_id JOIN filings f ON f.id = c.filing "
        "WHERE " INBOX_WHERE " AND ifnull(s.clerk, '') = ?1 "
        "ORDER BY s.received, s.case_id LIMIT ?2 OFFSET ?3",
    [S_INBOX_COUNT] = "SELECT count(*) FROM case_status s WHERE " INBOX_WHERE
                      " AND ifnull(s.clerk, '') = ?1",
    [S_CLERK_LOADS] = CLERK_LOADS " ORDER BY 3 DESC, 1 LIMIT ?1 OFFSET ?2",
    [S_CLERK_LOADS_COUNT] = "SELECT count(*) FROM (" CLERK_LOADS ")",
    [S_RUNS] = "SELECT r.id, r.started_at, r.finished_at, r.login, r.documents, r.accepted, "
               "r.duplicates, r.rejected, (SELECT count(*) FROM rejections j "
               "  WHERE j.run_id = r.id AND j.reasons LIKE '%: conflict: %') "
               "FROM ingest_runs r ORDER BY r.id DESC LIMIT ?1 OFFSET ?2",
    [S_REJECTIONS] = "SELECT " REJECTION_COLUMNS ", raw IS NOT NULL FROM rejections "
                     "ORDER BY id DESC LIMIT ?1 OFFSET ?2",
    [S_RUN_REJECTIONS] = "SELECT " REJECTION_COLUMNS ", raw IS NOT NULL FROM rejections "
                         "WHERE run_id = ?3 ORDER BY id DESC LIMIT ?1 OFFSET ?2",
    [S_COUNT_RUN_REJECTIONS] = "SELECT count(*) FROM rejections WHERE run_id = ?1",
    [S_REJECTION] = "SELECT " REJECTION_COLUMNS ", raw IS NOT NULL, raw FROM rejections "
                    "WHERE id = ?1",
    [S_SAME_PARTIES] =
        SAME_PARTIES
        "SELECT c.id, c.case_no, f.filing_id, c.cause, s.state, f.received_at, "
        "group_concat(DISTINCT CASE WHEN m.by_idno = 0 THEN m.name END), "
        "group_concat(DISTINCT CASE WHEN m.by_idno = 1 THEN m.name END) "
        "FROM m JOIN cases c ON c.id = m.case_id JOIN filings f ON f.id = c.filing "
        "LEFT JOIN case_status s ON s.case_id = c.id "
        "GROUP BY c.id ORDER BY c.id DESC LIMIT ?2",
    [S_SAME_PARTIES_COUNT] = SAME_PARTIES "SELECT count(DISTINCT case_id) FROM m",
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_BEGIN_READ] = "BEGIN",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
};

struct fl_db {
    sqlite3 *h;
    char *path;
    sqlite3_stmt *stmts[N_STMTS];
    char ruleset_hash[65]; /* the last ruleset looked up, and its row */
    int64_t ruleset_id;
    struct fl_buf queue_key; /* the last queue counted (queue_key), and its counts */
    struct fl_queue_counts queue_counts;
    int busy_ms;    /* how long a write waits for another's to end */
    bool staging;   /* status rows go to temp.status_stage (fl_db_stage_status) ... */
    int64_t staged; /* ... and this many are there, to write before committing */
    bool bulk;        /* flush_staged is writing: fl_bulk() */
    char txn_now[40]; /* the time the write transaction began, "" outside one */
    char now[40];     /* db_now's answer outside one */
};

/* ---- helpers ----------------------------------------------------------- */

static enum fl_status db_fail(struct fl_db *db, struct fl_error *err, const char *what)
{
    int code = sqlite3_extended_errcode(db->h);
    if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
        return fl_fail(err, FL_EBUSY,
                       "%s: the database is busy (another terminal or an ingest is writing) "
                       "while %s: nothing was changed; try again",
                       db->path, what);
    return fl_fail(err, FL_EDB, "%s: %s: %s (SQLite error %d)", db->path, what,
                   sqlite3_errmsg(db->h), code);
}

/* The prepared statement WHICH (of TEXT), reset and unbound, or NULL
 * (error set).  Prepared once per connection. */
static sqlite3_stmt *stmt_of(struct fl_db *db, enum stmt which, const char *text,
                             struct fl_error *err)
{
    sqlite3_stmt *s = db->stmts[which];
    if (!s) {
        if (sqlite3_prepare_v3(db->h, text, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) !=
            SQLITE_OK) {
            db_fail(db, err, "preparing a statement");
            return NULL;
        }
        db->stmts[which] = s;
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
}

/* The same for a statement of the SQL table above. */
static sqlite3_stmt *stmt(struct fl_db *db, enum stmt which, struct fl_error *err)
{
    return stmt_of(db, which, SQL[which], err);
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static void bind_opt_int(sqlite3_stmt *s, int i, bool present, int64_t v)
{
    if (present)
        sqlite3_bind_int64(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

/* Run a statement that returns no rows. */
static enum fl_status exec_done(struct fl_db *db, sqlite3_stmt *s, struct fl_error *err,
                                const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return db_fail(db, err, what);
    return FL_OK;
}

static const char *col_text(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

static void fullwidth_parens(const char *key, char *out, size_t size);
static void sql_words(sqlite3_context *ctx, int argc, sqlite3_value **argv);
static void sql_word_keys(sqlite3_context *ctx, int argc, sqlite3_value **argv);
static void sql_word_match(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/* fl_bulk(): whether this connection is writing staged status rows, and
 * keeps the queue's tally itself (migration 011). */
static void sql_bulk(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    const struct fl_db *db = sqlite3_user_data(ctx);
    sqlite3_result_int(ctx, db->bulk);
}

/* The id of the case whose number or filing id is KEY (each lookup by an
 * index: a million cases must not be scanned to open one).  FL_ENOTFOUND
 * with a message when there is none. */
static enum fl_status resolve_key(struct fl_db *db, const char *key, int64_t *id,
                                  struct fl_error *err);

static void now_text(char *out, size_t size)
{
    fl_format_local(fl_now(), out, size);
}

/* The time rows written now record: a write transaction's start (a chunk
 * of 2,000 filings is received at one moment, and the clock is not read
 * and formatted for every row); outside one, the time now. */
static const char *db_now(struct fl_db *db)
{
    if (db->txn_now[0])
        return db->txn_now;
    now_text(db->now, sizeof db->now);
    return db->now;
}

/* ---- opening and migrating ---------------------------------------------- */

char *fl_db_path_alloc(const char *path)
{
    if (path && *path)
        return strdup(path);
    const char *env = getenv("FENLIU_DB");
    if (env && *env)
        return strdup(env);
    struct fl_buf b = FL_BUF_INIT;
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg == '/')
        fl_buf_printf(&b, "%s/fenliu/fenliu.db", xdg);
    else
        fl_buf_printf(&b, "%s/.local/share/fenliu/fenliu.db", home && *home ? home : ".");
    if (b.failed) {
        fl_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* mkdir -p of PATH's folder. */
static int make_parent_dirs(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return -1;
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            free(copy);
            return -1;
        }
        *p = '/';
    }
    free(copy);
    return 0;
}

static int migration_number(const char *name)
{
    const char *prefix = "schemas/migrations/";
    size_t n = strlen(prefix);
    if (strncmp(name, prefix, n) != 0)
        return 0;
    return atoi(name + n);
}

int fl_db_schema_latest(void)
{
    int latest = 0;
    for (const struct fl_embedded *e = fl_embedded_files; e->name; e++) {
        int n = migration_number(e->name);
        if (n > latest)
            latest = n;
    }
    return latest;
}

/* PRAGMA user_version into *V; returns the SQLite result code (the
 * connection keeps the message). */
static int read_version(sqlite3 *h, int *v)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &s, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        *v = sqlite3_column_int(s, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return rc;
}

int fl_db_schema_version(struct fl_db *db)
{
    int v = -1;
    return read_version(db->h, &v) == SQLITE_OK ? v : -1;
}

static enum fl_status apply_migration(struct fl_db *db, int n, struct fl_error *err)
{
    const struct fl_embedded *m = NULL;
    for (const struct fl_embedded *e = fl_embedded_files; e->name; e++)
        if (migration_number(e->name) == n)
            m = e;
    if (!m)
        return fl_fail(err, FL_EDB, "migration %03d is missing from this build", n);
    char *msg = NULL;
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", n);
    if (sqlite3_exec(db->h, (const char *)m->data, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db->h, pragma, NULL, NULL, &msg) != SQLITE_OK) {
        enum fl_status st = fl_fail(err, FL_EDB, "%s: migration %s failed: %s", db->path,
                                    m->name, msg ? msg : "unknown error");
        sqlite3_free(msg);
        return st;
    }
    return FL_OK;
}

static enum fl_status newer_fail(const char *path, int v, struct fl_error *err)
{
    return fl_fail(err, FL_ENEWER,
                   "%s has schema version %d, but this fenliu knows versions up to %d: "
                   "it was written by a newer fenliu; use that version (or newer); "
                   "the database was left as it is",
                   path, v, fl_db_schema_latest());
}

/* Whether schema version V of PATH may be opened in MODE: the same
 * answer from the file's header (before SQLite opens it) and from the
 * connection (after). */
static enum fl_status check_version(const char *path, enum fl_db_mode mode, int v,
                                    struct fl_error *err)
{
    int latest = fl_db_schema_latest();
    if (v < 0)
        return fl_fail(err, FL_EINVAL,
                       "%s: schema version %d is not one fenliu writes; this is not a fenliu "
                       "database or it is damaged (it was left as it is)",
                       path, v);
    if (v > latest)
        return newer_fail(path, v, err);
    if (v == latest || mode == FL_DB_CREATE)
        return FL_OK;
    /* Version 0 is an SQLite file no fenliu has made its own (another
     * program's, or a mistyped --db): only init turns it into one. */
    if (v == 0)
        return fl_fail(err, FL_EINVAL,
                       "%s is an SQLite database but not a fenliu one (no fenliu schema): "
                       "`fenliu init --db %s` makes it one, or name another with --db or "
                       "FENLIU_DB (it was left as it is)",
                       path, path);
    /* The queries need the current schema, and reading must not migrate. */
    if (mode == FL_DB_READ)
        return fl_fail(err, FL_EINVAL,
                       "%s has schema version %d, older than this fenliu's %d, and this "
                       "command only reads: `fenliu init --db %s` upgrades it (nothing was "
                       "changed)",
                       path, v, latest, path);
    return FL_OK;
}

/* After the migrations, before they commit: every foreign key still
 * points at a row (they ran with the checks off). */
static enum fl_status check_foreign_keys(struct fl_db *db, struct fl_error *err)
{
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &s, NULL) != SQLITE_OK)
        return db_fail(db, err, "checking the foreign keys");
    int rc = sqlite3_step(s);
    char table[64] = "";
    if (rc == SQLITE_ROW)
        snprintf(table, sizeof table, "%s", col_text(s, 0) ? col_text(s, 0) : "?");
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW)
        return fl_fail(err, FL_EDB,
                       "%s: upgrading the schema would leave a row of %s pointing at nothing; "
                       "nothing was changed",
                       db->path, table);
    return rc == SQLITE_DONE ? FL_OK : db_fail(db, err, "checking the foreign keys");
}

static enum fl_status migrate(struct fl_db *db, struct fl_error *err)
{
    int latest = fl_db_schema_latest();
    if (fl_db_schema_version(db) == latest)
        return FL_OK;
    /* A migration may make a table anew (SQLite's procedure for changes
     * ALTER TABLE cannot make), which needs the foreign keys off; they
     * can only be switched outside a transaction, and are checked inside. */
    sqlite3_exec(db->h, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
    /* Take the write lock, then look again: another process may have
     * migrated in the meantime (perhaps a newer fenliu). */
    enum fl_status st = fl_db_begin(db, err);
    int v = -1;
    if (st == FL_OK && read_version(db->h, &v) != SQLITE_OK)
        st = db_fail(db, err, "reading the schema version");
    else if (st == FL_OK && v > latest)
        st = newer_fail(db->path, v, err);
    for (int n = v + 1; n <= latest && st == FL_OK; n++)
        st = apply_migration(db, n, err);
    if (st == FL_OK)
        st = check_foreign_keys(db, err);
    if (st == FL_OK)
        st = fl_db_commit(db, err);
    else
        fl_db_rollback(db);
    if (sqlite3_exec(db->h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK &&
        st == FL_OK)
        st = db_fail(db, err, "turning the foreign keys on again");
    return st;
}

/* What PATH holds, from its first bytes, read before SQLite sees it:
 * SQLite takes a missing or empty file for an empty database, and the
 * first PRAGMA of a writer (journal_mode) changes the file. */
struct db_file {
    bool fresh;   /* missing or empty: no database yet */
    bool wal;     /* the header says WAL mode (bytes 18 and 19 are 2) */
    bool current; /* no -wal file with frames: the header's version holds */
    int version;  /* user_version in the header (bytes 60-63, big-endian) */
};

/* Whether PATH-wal holds frames (changes not yet in PATH); when that
 * cannot be told, yes. */
static bool wal_has_frames(const char *path)
{
    struct fl_buf b = FL_BUF_INIT;
    fl_buf_printf(&b, "%s-wal", path);
    struct stat sb;
    bool frames = b.failed || (stat(b.data, &sb) == 0 && sb.st_size > 0);
    fl_buf_free(&b);
    return frames;
}

static enum fl_status read_header(const char *path, struct db_file *f, struct fl_error *err)
{
    unsigned char h[100];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = fd < 0 ? -1 : read(fd, h, sizeof h);
    int errnum = errno;
    if (fd >= 0)
        close(fd);
    if (n < 0)
        return fl_fail(err, FL_EIO, "cannot read %s: %s", path, strerror(errnum));
    if ((size_t)n < sizeof h || memcmp(h, "SQLite format 3", 16) != 0)
        return fl_fail(err, FL_EINVAL,
                       "%s is not a database (not an SQLite file), and was left as it is: "
                       "name the fenliu database with --db or FENLIU_DB",
                       path);
    f->wal = h[18] == 2 && h[19] == 2;
    uint32_t u = (uint32_t)h[60] << 24 | (uint32_t)h[61] << 16 | (uint32_t)h[62] << 8 | h[63];
    int32_t v;
    memcpy(&v, &u, sizeof v);
    f->version = v;
    f->current = !wal_has_frames(path);
    return FL_OK;
}

/* Look at PATH: only init (FL_DB_CREATE) goes on without a database. */
static enum fl_status inspect_file(const char *path, enum fl_db_mode mode, struct db_file *f,
                                   struct fl_error *err)
{
    memset(f, 0, sizeof *f);
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno != ENOENT)
            return fl_fail(err, FL_EIO, "cannot reach %s: %s", path, strerror(errno));
        f->fresh = true;
        if (mode != FL_DB_CREATE)
            return fl_fail(err, FL_ENOTFOUND,
                           "there is no database at %s: `fenliu init --db %s` creates one, or "
                           "name another with --db or FENLIU_DB (nothing was created)",
                           path, path);
        return FL_OK;
    }
    if (!S_ISREG(sb.st_mode))
        return fl_fail(err, FL_EINVAL,
                       "%s is not a file, so not a database: name the database with --db or "
                       "FENLIU_DB",
                       path);
    if (sb.st_size > 0)
        return read_header(path, f, err);
    f->fresh = true;
    if (mode != FL_DB_CREATE)
        return fl_fail(err, FL_ENOTFOUND,
                       "%s is an empty file, not a database: `fenliu init --db %s` makes it "
                       "one, or name another with --db or FENLIU_DB (the file was left as it "
                       "is)",
                       path, path);
    return FL_OK;
}

/* PATH as a URI that opens it immutable (SQLite then takes no lock and
 * opens no -wal or -shm file), or NULL when out of memory. */
static char *immutable_uri(const char *path)
{
    struct fl_buf b = FL_BUF_INIT;
    /* "file:///abs" (an empty authority): "file://x" would name a host. */
    fl_buf_puts(&b, path[0] == '/' ? "file://" : "file:");
    for (const char *p = path; *p; p++)
        if (*p == '%' || *p == '?' || *p == '#')
            fl_buf_printf(&b, "%%%02X", (unsigned char)*p);
        else
            fl_buf_putc(&b, *p);
    fl_buf_puts(&b, "?immutable=1");
    if (b.failed) {
        fl_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* Open NAME (the path, or a URI) on DB with its connection's settings and
 * the SQL functions the schema and the queries use. */
static enum fl_status open_handle(struct fl_db *db, const char *name, int flags,
                                  struct fl_error *err)
{
    if (sqlite3_open_v2(name, &db->h, flags, NULL) != SQLITE_OK)
        return db_fail(db, err, "cannot open the database");
    sqlite3_extended_result_codes(db->h, 1);
    fl_db_set_busy_timeout(db, BUSY_TIMEOUT_MS);
    const int fn = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    if (sqlite3_create_function_v2(db->h, "fl_words", -1, fn, NULL, sql_words, NULL, NULL,
                                   NULL) != SQLITE_OK)
        return db_fail(db, err, "defining fl_words");
    if (sqlite3_create_function_v2(db->h, "fl_word_keys", 1, fn, NULL, sql_word_keys, NULL,
                                   NULL, NULL) != SQLITE_OK ||
        sqlite3_create_function_v2(db->h, "fl_word_match", 2, fn, NULL, sql_word_match, NULL,
                                   NULL, NULL) != SQLITE_OK)
        return db_fail(db, err, "defining fl_word_keys");
    if (sqlite3_create_function_v2(db->h, "fl_bulk", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, db,
                                   sql_bulk, NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(db, err, "defining fl_bulk");
    return FL_OK;
}

/* A result code that means "this file, folder or medium cannot be written". */
static bool unwritable(int rc)
{
    return (rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN;
}

static enum fl_status cannot_write(struct fl_db *db, struct fl_error *err)
{
    return fl_fail(err, FL_EIO,
                   "%s cannot be written (the file, its folder or the medium is read-only) "
                   "and this command records changes: nothing was changed; the commands "
                   "that only read (cases, case show, deadlines…) still work",
                   db->path);
}

/* A reader on a WAL database needs its -shm file, and SQLite creates it
 * when it is missing; in a folder this login may not write it cannot.
 * With no frames in the -wal file the database file holds everything,
 * and reading it immutable is safe: nobody can be writing it (a writer
 * keeps the -shm file while it works).  Frames in the -wal file are
 * changes that need the -shm file to be read. */
static enum fl_status reopen_immutable(struct fl_db *db, int *v, struct fl_error *err)
{
    if (wal_has_frames(db->path))
        return fl_fail(err, FL_EIO,
                       "%s cannot be read here: its folder cannot be written, and its "
                       "write-ahead log (%s-wal) holds changes SQLite reads only with a -shm "
                       "file beside it; run a command that writes (e.g. `fenliu index`) where "
                       "the folder can be written, or copy the database with its -wal file",
                       db->path, db->path);
    sqlite3_close(db->h);
    db->h = NULL;
    char *uri = immutable_uri(db->path);
    if (!uri)
        return fl_fail(err, FL_ENOMEM, "out of memory");
    enum fl_status st =
        open_handle(db, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, err);
    free(uri);
    if (st == FL_OK && read_version(db->h, v) != SQLITE_OK)
        st = db_fail(db, err, "reading the schema version");
    return st;
}

/* Open DB->path in MODE and read its schema version into *V, before any
 * statement that could write. */
static enum fl_status open_connection(struct fl_db *db, enum fl_db_mode mode,
                                      const struct db_file *f, int *v, struct fl_error *err)
{
    int flags = SQLITE_OPEN_NOMUTEX;
    if (mode == FL_DB_READ)
        flags |= SQLITE_OPEN_READONLY;
    else
        flags |= SQLITE_OPEN_READWRITE | (mode == FL_DB_CREATE ? SQLITE_OPEN_CREATE : 0);
    enum fl_status st = open_handle(db, db->path, flags, err);
    if (st != FL_OK)
        return st;
    int rc = read_version(db->h, v);
    if (rc == SQLITE_OK)
        return FL_OK;
    if (unwritable(rc) && mode == FL_DB_READ && f->wal)
        return reopen_immutable(db, v, err);
    if (unwritable(rc) && mode != FL_DB_READ)
        return cannot_write(db, err);
    return db_fail(db, err, "reading the schema version");
}

/* The connection's settings; a writer's also set the file's. */
static enum fl_status configure(struct fl_db *db, enum fl_db_mode mode, struct fl_error *err)
{
    static const char *const writer[] = {
        /* Filings are kilobytes each: 16 KiB pages keep most rows out of
         * overflow chains (ingest 25% faster than with 4 KiB).  Only takes
         * effect when the database is created. */
        "PRAGMA page_size = 16384",
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = NORMAL", /* durable at each checkpoint; safe with WAL */
        "PRAGMA foreign_keys = ON",
        "PRAGMA cache_size = -8192",        /* KiB: bounds memory; more buys nothing */
        "PRAGMA wal_autocheckpoint = 2048", /* pages: checkpoint every 32 MiB */
    };
    /* A reader changes nothing in the file: no journal mode, no page size. */
    static const char *const reader[] = {"PRAGMA cache_size = -8192"};
    const char *const *pragmas = mode == FL_DB_READ ? reader : writer;
    size_t n = mode == FL_DB_READ ? sizeof reader / sizeof *reader : sizeof writer / sizeof *writer;
    for (size_t i = 0; i < n; i++) {
        char *msg = NULL;
        /* Switching to WAL needs the database to itself, and SQLite does
         * not wait for that (when two processes create the database at
         * once): retry for as long as the busy timeout. */
        int rc;
        for (int waited = 0;; waited += 20) {
            rc = sqlite3_exec(db->h, pragmas[i], NULL, NULL, &msg);
            if ((rc & 0xff) != SQLITE_BUSY || waited >= BUSY_TIMEOUT_MS)
                break;
            sqlite3_free(msg);
            msg = NULL;
            sqlite3_sleep(20);
        }
        if (rc != SQLITE_OK) {
            enum fl_status st = unwritable(rc)
                                    ? cannot_write(db, err)
                                    : fl_fail(err, FL_EDB, "%s: %s failed: %s", db->path,
                                              pragmas[i], msg ? msg : sqlite3_errstr(rc));
            sqlite3_free(msg);
            return st;
        }
    }
    return FL_OK;
}

/* Everything after the checks on the file: open, check the schema
 * version again (the header's may be stale), then a writer's settings and
 * migrations. */
static enum fl_status open_checked(struct fl_db *db, enum fl_db_mode mode,
                                   const struct db_file *f, struct fl_error *err)
{
    int v = -1;
    enum fl_status st = open_connection(db, mode, f, &v, err);
    if (st == FL_OK)
        st = check_version(db->path, mode, v, err);
    /* SQLite opens a write-protected file read-only without a word. */
    if (st == FL_OK && mode != FL_DB_READ && sqlite3_db_readonly(db->h, "main") == 1)
        st = cannot_write(db, err);
    if (st == FL_OK)
        st = configure(db, mode, err);
    if (st == FL_OK && mode != FL_DB_READ)
        st = migrate(db, err);
    return st;
}

enum fl_status fl_db_open(const char *path, enum fl_db_mode mode, struct fl_db **out,
                          struct fl_error *err)
{
    *out = NULL;
    struct db_file f;
    enum fl_status st = inspect_file(path, mode, &f, err);
    /* Refuse what the header already tells, before SQLite touches it. */
    if (st == FL_OK && !f.fresh && f.current)
        st = check_version(path, mode, f.version, err);
    if (st != FL_OK)
        return st;
    if (f.fresh && make_parent_dirs(path) != 0)
        return fl_fail(err, FL_EIO, "cannot create the folder for %s: %s", path,
                       strerror(errno));
    struct fl_db *db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(path))) {
        free(db);
        return fl_fail(err, FL_ENOMEM, "out of memory");
    }
    st = open_checked(db, mode, &f, err);
    if (st != FL_OK) {
        fl_db_close(db);
        return st;
    }
    *out = db;
    return FL_OK;
}

void fl_db_close(struct fl_db *db)
{
    if (!db)
        return;
    for (int i = 0; i < N_STMTS; i++)
        sqlite3_finalize(db->stmts[i]);
    sqlite3_close(db->h);
    fl_buf_free(&db->queue_key);
    free(db->path);
    free(db);
}

enum fl_status fl_db_begin(struct fl_db *db, struct fl_error *err)
{
    sqlite3_stmt *s = stmt(db, S_BEGIN, err);
    enum fl_status st = s ? exec_done(db, s, err, "starting a transaction") : FL_EDB;
    if (st == FL_OK)
        now_text(db->txn_now, sizeof db->txn_now);
    return st;
}

enum fl_status fl_db_stage_status(struct fl_db *db, bool on, struct fl_error *err)
{
    if (on && !db->staging) {
        char *msg = NULL;
        /* fenliu deletes nothing a filing brought (events, decisions and
         * filings are kept for ever); what it overwrites is derived (status
         * rows, the tally, the staged rows), so zeroing the freed space, as
         * Debian's SQLite does by default, protects nothing and cost a
         * twentieth of ingest's writer. */
        if (sqlite3_exec(db->h,
                         "PRAGMA secure_delete = OFF; "
                         "CREATE TEMP TABLE IF NOT EXISTS status_stage ("
                         "case_id INTEGER PRIMARY KEY, state TEXT NOT NULL, track TEXT, "
                         "procedure TEXT, flags TEXT NOT NULL, judge TEXT, clock TEXT, "
                         "due TEXT, paused INTEGER NOT NULL, provisional INTEGER NOT NULL, "
                         "updated TEXT NOT NULL, clerk TEXT)",
                         NULL, NULL, &msg) != SQLITE_OK) {
            enum fl_status st = fl_fail(err, FL_EDB, "%s: preparing the ingest: %s", db->path,
                                        msg ? msg : sqlite3_errmsg(db->h));
            sqlite3_free(msg);
            return st;
        }
    }
    db->staging = on; /* rows staged already are written by the next commit all the same */
    return FL_OK;
}

/* Write the staged status rows (fl_db_stage_status) into case_status. */
static enum fl_status flush_staged(struct fl_db *db, struct fl_error *err)
{
    if (!db->staged)
        return FL_OK;
    static const enum stmt steps[] = {S_TALLY_OUT, S_FLUSH_STATUS, S_TALLY_IN, S_TALLY_EMPTY,
                                      S_CLEAR_STAGE};
    enum fl_status st = FL_OK;
    db->bulk = true;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && st == FL_OK; i++) {
        sqlite3_stmt *s = stmt(db, steps[i], err);
        st = s ? exec_done(db, s, err, "recording the cases' status") : FL_EDB;
    }
    db->bulk = false;
    if (st == FL_OK)
        db->staged = 0;
    return st;
}

enum fl_status fl_db_commit(struct fl_db *db, struct fl_error *err)
{
    enum fl_status st = flush_staged(db, err);
    if (st != FL_OK)
        return st;
    sqlite3_stmt *s = stmt(db, S_COMMIT, err);
    st = s ? exec_done(db, s, err, "committing") : FL_EDB;
    if (st == FL_OK)
        db->txn_now[0] = '\0';
    return st;
}

void fl_db_rollback(struct fl_db *db)
{
    db->ruleset_hash[0] = '\0'; /* a ruleset row may have gone with it */
    db->staged = 0;             /* the staged rows too (a temporary table's) */
    db->txn_now[0] = '\0';
    if (sqlite3_get_autocommit(db->h))
        return;
    sqlite3_stmt *s = stmt(db, S_ROLLBACK, NULL);
    if (s)
        exec_done(db, s, NULL, "rolling back");
}

/* ---- ingest runs ------------------------------------------------------- */


enum fl_status fl_db_run_start(struct fl_db *db, const char *login, int64_t *run_id,
                               struct fl_error *err)
{
    char now[40];
    now_text(now, sizeof now);
    sqlite3_stmt *s = stmt(db, S_RUN_START, err);
    if (!s)
        return FL_EDB;
    bind_text(s, 1, now);
    bind_text(s, 2, login);
    enum fl_status st = exec_done(db, s, err, "recording the ingest run");
    if (st == FL_OK)
        *run_id = sqlite3_last_insert_rowid(db->h);
    return st;
}

enum fl_status fl_db_run_finish(struct fl_db *db, int64_t run_id,
                                const struct fl_run_counts *c, struct fl_error *err)
{
    char now[40];
    now_text(now, sizeof now);
    sqlite3_stmt *s = stmt(db, S_RUN_FINISH, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, run_id);
    bind_text(s, 2, now);
    sqlite3_bind_int64(s, 3, c->documents);
    sqlite3_bind_int64(s, 4, c->accepted);
    sqlite3_bind_int64(s, 5, c->duplicates);
    sqlite3_bind_int64(s, 6, c->rejected);
    return exec_done(db, s, err, "recording the end of the ingest run");
}

/* ---- the spool ledger (migration 010) ----------------------------------------- */

/* Size and time as well as the inode, so that a file whose inode was
 * freed (done/ emptied) and reused is not taken for the old one. */
static const char SPOOL_FIND_SQL[] =
    "SELECT destination, err FROM spool_files "
    "WHERE ino = ?2 AND dev = ?1 AND size = ?3 AND mtime_ns = ?4 ORDER BY id DESC LIMIT 1";

enum fl_status fl_db_spool_find(struct fl_db *db, const struct fl_spool_key *k, bool *found,
                                struct fl_buf *dest, struct fl_buf *errtext,
                                struct fl_error *err)
{
    sqlite3_stmt *s = stmt_of(db, S_SPOOL_FIND, SPOOL_FIND_SQL, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, k->dev);
    sqlite3_bind_int64(s, 2, k->ino);
    sqlite3_bind_int64(s, 3, k->size);
    sqlite3_bind_int64(s, 4, k->mtime_ns);
    int rc = sqlite3_step(s);
    *found = rc == SQLITE_ROW;
    if (*found) {
        fl_buf_reset(dest);
        fl_buf_reset(errtext);
        fl_buf_puts(dest, col_text(s, 0));
        if (col_text(s, 1))
            fl_buf_puts(errtext, col_text(s, 1));
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(db, err, "looking up the spool file");
    if (dest->failed || errtext->failed)
        return fl_fail(err, FL_ENOMEM, "out of memory");
    return FL_OK;
}

static const char SPOOL_RECORD_SQL[] =
    "INSERT INTO spool_files (dev, ino, size, mtime_ns, dir, name, destination, err, run_id, "
    "at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

enum fl_status fl_db_spool_record(struct fl_db *db, const struct fl_spool_key *k,
                                  const char *dir, const char *name, const char *dest,
                                  const char *errtext, int64_t run_id, struct fl_error *err)
{
    char now[40];
    now_text(now, sizeof now);
    sqlite3_stmt *s = stmt_of(db, S_SPOOL_RECORD, SPOOL_RECORD_SQL, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, k->dev);
    sqlite3_bind_int64(s, 2, k->ino);
    sqlite3_bind_int64(s, 3, k->size);
    sqlite3_bind_int64(s, 4, k->mtime_ns);
    bind_text(s, 5, dir);
    bind_text(s, 6, name);
    bind_text(s, 7, dest);
    bind_text(s, 8, errtext);
    bind_opt_int(s, 9, run_id > 0, run_id);
    bind_text(s, 10, now);
    return exec_done(db, s, err, "recording the spool file");
}

/* ---- storing a filing ---------------------------------------------------- */

/* Province abbreviations used in case numbers, by the first two digits of
 * the court's administrative division code (SPC rules on case numbers). */
static const char *province_abbrev(const char *code)
{
    static const struct { const char *code, *abbr; } table[] = {
        {"11", "京"}, {"12", "津"}, {"13", "冀"}, {"14", "晋"}, {"15", "内"}, {"21", "辽"},
        {"22", "吉"}, {"23", "黑"}, {"31", "沪"}, {"32", "苏"}, {"33", "浙"}, {"34", "皖"},
        {"35", "闽"}, {"36", "赣"}, {"37", "鲁"}, {"41", "豫"}, {"42", "鄂"}, {"43", "湘"},
        {"44", "粤"}, {"45", "桂"}, {"46", "琼"}, {"50", "渝"}, {"51", "川"}, {"52", "黔"},
        {"53", "云"}, {"54", "藏"}, {"61", "陕"}, {"62", "甘"}, {"63", "青"}, {"64", "宁"},
        {"65", "新"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strncmp(code, table[i].code, 2) == 0)
            return table[i].abbr;
    return NULL;
}

/* A case number in the form the SPC prescribes, e.g. (2026)川0191民初15号:
 * the year of acceptance, the court's code (CODE when given, else from the
 * filing's six-digit division code: province abbreviation + its last four
 * digits), the type (KIND: 民初 first-instance civil, 破申 bankruptcy
 * petition, 破 accepted bankruptcy) and a sequence per year, court and type.
 * Stored on the case, inside the caller's transaction. */
enum fl_status fl_db_number_case(struct fl_db *db, int64_t case_id, const char *kind,
                                 const char *code, char *out, size_t size,
                                 struct fl_error *err)
{
    time_t now = fl_now() + FL_COURT_UTC_OFFSET_MIN * 60;
    struct tm tm;
    gmtime_r(&now, &tm);
    int year = tm.tm_year + 1900;
    char court[64] = "";
    if (code && *code) {
        snprintf(court, sizeof court, "%s", code);
    } else {
        sqlite3_stmt *q = stmt(db, S_CASE_COURT_CODE, err);
        if (!q)
            return FL_EDB;
        sqlite3_bind_int64(q, 1, case_id);
        const char *division = sqlite3_step(q) == SQLITE_ROW ? col_text(q, 0) : NULL;
        const char *abbr = division ? province_abbrev(division) : NULL;
        if (abbr && strlen(division) == 6 && strspn(division, "0123456789") == 6)
            snprintf(court, sizeof court, "%s%s", abbr, division + 2);
        sqlite3_reset(q);
    }
    sqlite3_stmt *s = stmt(db, S_NEXT_CASE_NO, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int(s, 1, year);
    bind_text(s, 2, court);
    bind_text(s, 3, kind);
    if (sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_reset(s);
        return db_fail(db, err, "numbering the case");
    }
    long long seq = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    snprintf(out, size, "(%d)%s%s%lld号", year, court, kind, seq);
    if (!(s = stmt(db, S_SET_CASE_NO, err)))
        return FL_EDB;
    sqlite3_bind_int64(s, 1, case_id);
    bind_text(s, 2, out);
    return exec_done(db, s, err, "numbering the case");
}

static enum fl_status insert_filing_row(struct fl_db *db, const struct fl_filing *f,
                                        const char *source, int64_t run_id,
                                        struct fl_error *err)
{
    const char *now = db_now(db);
    sqlite3_stmt *s = stmt(db, S_INSERT_FILING, err);
    if (!s)
        return FL_EDB;
    bind_text(s, 1, f->id);
    sqlite3_bind_blob(s, 2, f->hash, FL_HASH_BYTES, SQLITE_STATIC);
    bind_text(s, 3, source);
    sqlite3_bind_int64(s, 4, f->line);
    bind_text(s, 5, f->encoding ? f->encoding : "UTF-8");
    bind_text(s, 6, f->ns_context);
    sqlite3_bind_blob64(s, 7, f->raw, f->raw_len, SQLITE_STATIC);
    bind_text(s, 8, now);
    bind_opt_int(s, 9, run_id > 0, run_id);
    return exec_done(db, s, err, "storing the filing");
}

static enum fl_status insert_case_row(struct fl_db *db, const struct fl_filing *f,
                                      int64_t filing_row, struct fl_error *err)
{
    sqlite3_stmt *s = stmt(db, S_INSERT_CASE, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, filing_row);
    sqlite3_bind_null(s, 2); /* numbered on acceptance */
    bind_text(s, 3, f->type);
    bind_text(s, 4, f->channel ? f->channel : "online");
    bind_text(s, 5, f->court);
    bind_text(s, 6, f->court_code);
    bind_text(s, 7, f->cause);
    bind_text(s, 8, f->submitted); /* the facts stay in the raw bytes only (migration 009) */
    return exec_done(db, s, err, "storing the case");
}

/* Bind row I (0-based) of a filing's parties, claims or a decision's hits
 * to the parameters of S from FIRST. */
typedef void (*bind_row_fn)(sqlite3_stmt *s, int first, int64_t owner, const void *rows,
                            size_t i);

/* Every such row begins with its owner's id and its 1-based place. */
static void bind_owner(sqlite3_stmt *s, int first, int64_t owner, size_t i)
{
    sqlite3_bind_int64(s, first, owner);
    sqlite3_bind_int64(s, first + 1, (int64_t)i + 1);
}

static void bind_party(sqlite3_stmt *s, int first, int64_t owner, const void *rows, size_t i)
{
    const struct fl_party *p = (const struct fl_party *)rows + i;
    bind_owner(s, first, owner, i);
    const char *v[] = {p->role, p->kind, p->name, p->idno, p->nationality, p->address,
                       p->representative};
    for (int k = 0; k < 7; k++)
        bind_text(s, first + 2 + k, v[k]);
}

static void bind_claim(sqlite3_stmt *s, int first, int64_t owner, const void *rows, size_t i)
{
    const struct fl_claim *c = (const struct fl_claim *)rows + i;
    bind_owner(s, first, owner, i);
    bind_opt_int(s, first + 2, c->has_amount, c->amount_fen);
    bind_text(s, first + 3, c->text);
}

static void bind_request(sqlite3_stmt *s, int first, int64_t owner, const void *rows, size_t i)
{
    const struct fl_request *r = (const struct fl_request *)rows + i;
    bind_owner(s, first, owner, i);
    bind_text(s, first + 2, r->kind);
    bind_text(s, first + 3, r->text);
}

static void bind_attachment(sqlite3_stmt *s, int first, int64_t owner, const void *rows,
                            size_t i)
{
    const struct fl_attachment *a = (const struct fl_attachment *)rows + i;
    bind_owner(s, first, owner, i);
    bind_text(s, first + 2, a->name);
    bind_text(s, first + 3, a->sha256);
}

static void bind_hit(sqlite3_stmt *s, int first, int64_t owner, const void *rows, size_t i)
{
    const struct fl_hit *h = (const struct fl_hit *)rows + i;
    bind_owner(s, first, owner, i);
    bind_text(s, first + 2, h->rule);
    bind_text(s, first + 3, h->field);
    bind_text(s, first + 4, h->text);
    bind_opt_int(s, first + 5, h->offset >= 0, h->offset);
}

/* Insert N rows with statement WHICH, one row a statement: a statement of
 * several rows needs a statement journal (it could fail half-way, and the
 * foreign keys are checked at its end), which SQLite writes to a
 * temporary file: 1.2 GB for 19,000 filings, five times the database. */
static enum fl_status insert_rows(struct fl_db *db, enum stmt which, int64_t owner,
                                  const void *rows, size_t n, bind_row_fn bind,
                                  const char *what, struct fl_error *err)
{
    enum fl_status st = FL_OK;
    for (size_t i = 0; i < n && st == FL_OK; i++) {
        sqlite3_stmt *s = stmt(db, which, err);
        if (!s)
            return FL_EDB;
        bind(s, 1, owner, rows, i);
        st = exec_done(db, s, err, what);
    }
    return st;
}

static enum fl_status insert_parts(struct fl_db *db, const struct fl_filing *f, int64_t c,
                                   struct fl_error *err)
{
    enum fl_status st = insert_rows(db, S_INSERT_PARTY, c, f->parties, f->nparties, bind_party,
                                    "storing a party", err);
    if (st == FL_OK)
        st = insert_rows(db, S_INSERT_CLAIM, c, f->claims, f->nclaims, bind_claim, "storing a claim",
                         err);
    if (st == FL_OK)
        st = insert_rows(db, S_INSERT_REQUEST, c, f->requests, f->nrequests, bind_request,
                         "storing a request", err);
    if (st == FL_OK)
        st = insert_rows(db, S_INSERT_ATTACHMENT, c, f->attachments, f->nattachments,
                         bind_attachment, "storing an attachment", err);
    return st;
}

static enum fl_status insert_bankruptcy(struct fl_db *db, const struct fl_bankruptcy *b,
                                        int64_t c, struct fl_error *err)
{
    sqlite3_stmt *s = stmt(db, S_INSERT_BANKRUPTCY, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, c);
    bind_text(s, 2, b->procedure);
    bind_text(s, 3, b->petitioner);
    bind_opt_int(s, 4, b->has_assets_value, b->assets_fen);
    bind_text(s, 5, b->assets_text);
    bind_opt_int(s, 6, b->has_liabilities_value, b->liabilities_fen);
    bind_text(s, 7, b->liabilities_text);
    bind_opt_int(s, 8, b->has_creditors, b->creditors);
    bind_opt_int(s, 9, b->has_employees, b->employees);
    bind_opt_int(s, 10, b->unpaid_wages >= 0, b->unpaid_wages);
    bind_text(s, 11, b->statement);
    return exec_done(db, s, err, "storing the bankruptcy details");
}

/* F's id was received before: the same content (a duplicate) or not. */
static enum fl_status known_filing(struct fl_db *db, const struct fl_filing *f,
                                   enum fl_store_result *result, struct fl_error *err)
{
    sqlite3_stmt *s = stmt(db, S_FIND_FILING, err);
    if (!s)
        return FL_EDB;
    bind_text(s, 1, f->id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        return rc == SQLITE_DONE ? fl_fail(err, FL_EDB, "filing %s is neither new nor stored",
                                           f->id)
                                 : db_fail(db, err, "looking up the filing id");
    }
    const void *h = sqlite3_column_blob(s, 0);
    bool same = sqlite3_column_bytes(s, 0) == FL_HASH_BYTES && h &&
                memcmp(h, f->hash, FL_HASH_BYTES) == 0;
    sqlite3_reset(s);
    *result = same ? FL_STORE_DUPLICATE : FL_STORE_CONFLICT;
    return FL_OK;
}

enum fl_status fl_db_store_filing(struct fl_db *db, const struct fl_filing *f,
                                  const struct fl_proposal *prop, const char *source,
                                  int64_t run_id, enum fl_store_result *result,
                                  int64_t *case_id, struct fl_error *err)
{
    /* Most filings are new: insert, and look the id up only when it was
     * taken (one probe of the index instead of two). */
    enum fl_status st = insert_filing_row(db, f, source, run_id, err);
    if (st != FL_OK)
        return st;
    if (sqlite3_changes(db->h) == 0)
        return known_filing(db, f, result, err);
    int64_t filing_row = sqlite3_last_insert_rowid(db->h);
    if (st == FL_OK)
        st = insert_case_row(db, f, filing_row, err);
    int64_t case_row = sqlite3_last_insert_rowid(db->h);
    if (st == FL_OK)
        st = insert_parts(db, f, case_row, err);
    if (st == FL_OK && f->has_bankruptcy)
        st = insert_bankruptcy(db, &f->bk, case_row, err);
    if (st == FL_OK && prop)
        st = fl_db_store_proposal(db, case_row, prop, err);
    if (st != FL_OK)
        return st;
    if (case_id)
        *case_id = case_row;
    *result = FL_STORE_ACCEPTED;
    return FL_OK;
}

enum fl_status fl_db_store_rejection(struct fl_db *db, const struct fl_filing *f,
                                     const char *source, int64_t run_id,
                                     struct fl_error *err)
{
    struct fl_buf reasons = FL_BUF_INIT;
    for (size_t i = 0; i < f->nproblems; i++) {
        const struct fl_problem *p = &f->problems[i];
        fl_buf_printf(&reasons, "%s%ld:%ld: %s%s%s", i ? "\n" : "", p->line, p->column,
                      p->field && *p->field ? p->field : "", p->field && *p->field ? ": " : "",
                      p->msg);
    }
    if (reasons.failed) {
        fl_buf_free(&reasons);
        return fl_fail(err, FL_ENOMEM, "out of memory");
    }
    const char *now = db_now(db);
    /* The lines around the errors, not a hostile document's megabytes: the
     * whole stays in the spool's rejected/ folder. */
    struct fl_excerpt x = {0, f->raw_len, f->line, false};
    if (f->raw && f->nproblems)
        fl_excerpt_find(f->raw, f->raw_len, f->line, f->problems[0].line,
                        f->problems[f->nproblems - 1].line, FL_EXCERPT_MAX, &x);
    bool cut = x.len < f->raw_len;
    enum fl_status st = FL_EDB;
    sqlite3_stmt *s = stmt(db, S_INSERT_REJECTION, err);
    if (s) {
        bind_opt_int(s, 1, run_id > 0, run_id);
        bind_text(s, 2, source);
        bind_text(s, 3, f->id);
        bind_opt_int(s, 4, f->line > 0, f->line);
        bind_opt_int(s, 5, f->column > 0, f->column);
        bind_text(s, 6, fl_buf_str(&reasons));
        if (f->raw)
            sqlite3_bind_blob64(s, 7, f->raw + x.start, x.len, SQLITE_STATIC);
        bind_text(s, 8, now);
        bind_text(s, 9, f->raw ? f->encoding : NULL);
        bind_opt_int(s, 10, cut, x.first_line);
        bind_opt_int(s, 11, cut, (int64_t)f->raw_len);
        st = exec_done(db, s, err, "logging the rejection");
    }
    fl_buf_free(&reasons);
    return st;
}

/* ---- decisions ------------------------------------------------------------------ */

static enum fl_status ruleset_row(struct fl_db *db, const struct fl_rules *r, int64_t *id,
                                  struct fl_error *err)
{
    const char *hash = fl_rules_hash(r);
    if (strcmp(db->ruleset_hash, hash) == 0) {
        *id = db->ruleset_id;
        return FL_OK;
    }
    sqlite3_stmt *s = stmt(db, S_RULESET_FIND, err);
    if (!s)
        return FL_EDB;
    bind_text(s, 1, hash);
    int rc = sqlite3_step(s);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(db, err, "looking up the ruleset");
    if (rc == SQLITE_DONE) {
        char now[40];
        now_text(now, sizeof now);
        size_t len;
        const unsigned char *content = fl_rules_content(r, &len);
        if (!(s = stmt(db, S_RULESET_INSERT, err)))
            return FL_EDB;
        bind_text(s, 1, fl_rules_name(r));
        bind_text(s, 2, fl_rules_version(r));
        bind_text(s, 3, hash);
        sqlite3_bind_blob64(s, 4, content, len, SQLITE_STATIC);
        bind_text(s, 5, now);
        enum fl_status st = exec_done(db, s, err, "recording the ruleset");
        if (st != FL_OK)
            return st;
        *id = sqlite3_last_insert_rowid(db->h);
    }
    /* fl_db_rollback forgets this, since the row may go with it. */
    snprintf(db->ruleset_hash, sizeof db->ruleset_hash, "%s", hash);
    db->ruleset_id = *id;
    return FL_OK;
}

static enum fl_status insert_decision(struct fl_db *db, int64_t case_id, const char *kind,
                                      int64_t ruleset, int64_t proposal, const char *track,
                                      const char *procedure, const char *flags, bool has_amount,
                                      int64_t amount, const char *decided_by,
                                      const char *reason, const char *login, int64_t *id,
                                      struct fl_error *err)
{
    const char *now = db_now(db);
    sqlite3_stmt *s = stmt(db, S_INSERT_DECISION, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, case_id);
    bind_text(s, 2, kind);
    bind_opt_int(s, 3, ruleset > 0, ruleset);
    bind_opt_int(s, 4, proposal > 0, proposal);
    bind_text(s, 5, track);
    bind_text(s, 6, procedure);
    bind_text(s, 7, flags);
    bind_opt_int(s, 8, has_amount, amount);
    bind_text(s, 9, decided_by);
    bind_text(s, 10, reason);
    bind_text(s, 11, login ? login : "");
    bind_text(s, 12, now);
    enum fl_status st = exec_done(db, s, err, "recording the decision");
    if (st != FL_OK)
        return st;
    *id = sqlite3_last_insert_rowid(db->h);
    return FL_OK;
}

static enum fl_status insert_evidence(struct fl_db *db, int64_t decision,
                                      const struct fl_classification *c, struct fl_error *err)
{
    enum fl_status st = insert_rows(db, S_INSERT_HIT, decision, c->hits, c->nhits, bind_hit,
                                    "recording a rule hit", err);
    for (size_t i = 0; i < c->nfailures && st == FL_OK; i++) {
        sqlite3_stmt *s = stmt(db, S_INSERT_FAILURE, err);
        if (!s)
            return FL_EDB;
        sqlite3_bind_int64(s, 1, decision);
        bind_text(s, 2, c->failures[i].rule);
        bind_text(s, 3, c->failures[i].msg);
        st = exec_done(db, s, err, "recording a rule failure");
    }
    return st;
}

enum fl_status fl_db_store_proposal(struct fl_db *db, int64_t case_id,
                                    const struct fl_proposal *p, struct fl_error *err)
{
    const struct fl_classification *c = p->c;
    if (!c->track)
        return fl_fail(err, FL_EINVAL, "the ruleset decided no track for case %lld",
                       (long long)case_id);
    int64_t ruleset, id;
    enum fl_status st = ruleset_row(db, p->rules, &ruleset, err);
    struct fl_buf flags = FL_BUF_INIT;
    for (size_t i = 0; i < c->nflags; i++)
        fl_buf_printf(&flags, "%s%s", i ? " " : "", c->flags[i]);
    if (st == FL_OK)
        st = insert_decision(db, case_id, "proposal", ruleset, 0, c->track, c->procedure,
                             fl_buf_str(&flags), c->has_amount, c->amount_fen, c->decided_by,
                             NULL, p->login, &id, err);
    fl_buf_free(&flags);
    if (st == FL_OK)
        st = insert_evidence(db, id, c, err);
    return st;
}

static bool procedure_fits(const char *type, const char *track, const char *procedure)
{
    bool bankruptcy = strcmp(type, "bankruptcy") == 0;
    bool simple_proc = strcmp(procedure, "small-claims") == 0 ||
                       strcmp(procedure, "summary") == 0 || strcmp(procedure, "simple") == 0;
    bool known = bankruptcy ? (strcmp(procedure, "simple") == 0 ||
                               strcmp(procedure, "ordinary") == 0)
                            : (strcmp(procedure, "small-claims") == 0 ||
                               strcmp(procedure, "summary") == 0 ||
                               strcmp(procedure, "ordinary") == 0);
    return known && strcmp(track, simple_proc ? "simple" : "complex") == 0;
}

static enum fl_status find_case_key(struct fl_db *db, const char *key, int64_t *id,
                                    char *type, size_t type_size, struct fl_error *err);

enum fl_status fl_db_add_judge_decision(struct fl_db *db, const char *key, const char *track,
                                        const char *procedure, const char *flags,
                                        const char *reason, const char *login,
                                        int64_t *decision_id, struct fl_error *err)
{
    if (!reason || !*reason)
        return fl_fail(err, FL_EINVAL, "a judge's decision needs a reason");
    enum fl_status st;
    int64_t case_id, proposal = 0;
    char type[16];
    st = find_case_key(db, key, &case_id, type, sizeof type, err);
    if (st == FL_OK && !procedure_fits(type, track, procedure))
        st = fl_fail(err, FL_EINVAL,
                     "track %s with procedure %s does not fit a %s case (civil: simple track "
                     "with small-claims or summary, complex with ordinary; bankruptcy: simple "
                     "with simple, complex with ordinary)",
                     track, procedure, type);
    sqlite3_stmt *s = st == FL_OK ? stmt(db, S_LATEST_PROPOSAL, err) : NULL;
    if (s) {
        sqlite3_bind_int64(s, 1, case_id);
        if (sqlite3_step(s) == SQLITE_ROW)
            proposal = sqlite3_column_int64(s, 0);
        sqlite3_reset(s);
    }
    if (st == FL_OK)
        st = insert_decision(db, case_id, "judge", 0, proposal, track, procedure,
                             flags ? flags : "", false, 0, NULL, reason, login, decision_id, err);
    return st;
}

static enum fl_status decision_details(
    struct fl_db *db, const struct fl_decision_row *d,
    int (*fn)(void *, const struct fl_decision_row *, const struct fl_hit_row *, size_t,
              const char *const *, size_t),
    void *ctx, int *stop, struct fl_error *err)
{
    sqlite3_stmt *s = stmt(db, S_DECISION_HITS, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, d->id);
    struct fl_hit_row *hits = NULL;
    char **fails = NULL;
    size_t nhits = 0, nfails = 0;
    bool oom = false;
    while (!oom && sqlite3_step(s) == SQLITE_ROW) {
        struct fl_hit_row *p = realloc(hits, (nhits + 1) * sizeof *p);
        oom = !p;
        if (p) {
            hits = p;
            hits[nhits++] = (struct fl_hit_row){
                strdup(col_text(s, 0)), strdup(col_text(s, 1)), strdup(col_text(s, 2)),
                sqlite3_column_type(s, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 3)};
        }
    }
    sqlite3_reset(s);
    if (!oom && (s = stmt(db, S_DECISION_FAILURES, err)) != NULL) {
        sqlite3_bind_int64(s, 1, d->id);
        while (!oom && sqlite3_step(s) == SQLITE_ROW) {
            char **p = realloc(fails, (nfails + 1) * sizeof *p);
            oom = !p;
            if (p) {
                fails = p;
                fails[nfails++] = strdup(col_text(s, 0));
            }
        }
        sqlite3_reset(s);
    }
    if (!oom)
        *stop = fn(ctx, d, hits, nhits, (const char *const *)fails, nfails);
    for (size_t i = 0; i < nhits; i++) {
        free((char *)hits[i].rule);
        free((char *)hits[i].field);
        free((char *)hits[i].text);
    }
    for (size_t i = 0; i < nfails; i++)
        free(fails[i]);
    free(hits);
    free(fails);
    return oom ? fl_fail(err, FL_ENOMEM, "out of memory") : FL_OK;
}

enum fl_status fl_db_case_decisions(
    struct fl_db *db, int64_t case_id,
    int (*fn)(void *ctx, const struct fl_decision_row *d, const struct fl_hit_row *hits,
              size_t nhits, const char *const *failures, size_t nfailures),
    void *ctx, struct fl_error *err)
{
    /* Read the decisions first: the details use other statements. */
    sqlite3_stmt *s = stmt(db, S_CASE_DECISIONS, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, case_id);
    struct row {
        struct fl_decision_row d;
        char *text[11];
    } *rows = NULL;
    size_t n = 0;
    bool oom = false;
    while (!oom && sqlite3_step(s) == SQLITE_ROW) {
        struct row *p = realloc(rows, (n + 1) * sizeof *p);
        if (!(oom = !p)) {
            rows = p;
            struct row *r = &rows[n++];
            for (int i = 0; i < 11; i++) {
                const char *v = col_text(s, i + 1);
                r->text[i] = v ? strdup(v) : NULL;
            }
            r->d = (struct fl_decision_row){
                .id = sqlite3_column_int64(s, 0),
                .kind = r->text[0], .track = r->text[1], .procedure = r->text[2],
                .flags = r->text[3], .decided_by = r->text[4], .reason = r->text[5],
                .login = r->text[6], .at = r->text[7], .ruleset_name = r->text[8],
                .ruleset_version = r->text[9], .ruleset_hash = r->text[10],
                .has_amount = sqlite3_column_type(s, 12) != SQLITE_NULL,
                .amount_fen = sqlite3_column_int64(s, 12),
                .proposal = sqlite3_column_int64(s, 13),
            };
        }
    }
    sqlite3_reset(s);
    enum fl_status st = oom ? fl_fail(err, FL_ENOMEM, "out of memory") : FL_OK;
    int stop = 0;
    for (size_t i = 0; i < n; i++) {
        if (st == FL_OK && !stop)
            st = decision_details(db, &rows[i].d, fn, ctx, &stop, err);
        for (int k = 0; k < 11; k++)
            free(rows[i].text[k]);
    }
    free(rows);
    return st;
}

enum fl_status fl_db_rule_stats(struct fl_db *db,
                                int (*fn)(void *ctx, const struct fl_rule_stat *s), void *ctx,
                                struct fl_error *err)
{
    sqlite3_stmt *s = stmt(db, S_RULE_STATS, err);
    if (!s)
        return FL_EDB;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct fl_rule_stat r = {col_text(s, 0), sqlite3_column_int64(s, 1),
                                 sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3),
                                 sqlite3_column_int64(s, 4)};
        if (fn(ctx, &r))
            break;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(db, err, "counting rule hits");
    return FL_OK;
}

enum fl_status fl_db_cases_page(struct fl_db *db, int64_t after_id, int64_t limit,
                                int (*fn)(void *ctx, const struct fl_stored_case *c),
                                void *ctx, int64_t *count, struct fl_error *err)
{
    sqlite3_stmt *s = stmt(db, S_CASES_PAGE, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, after_id);
    sqlite3_bind_int64(s, 2, limit);
    int rc;
    *count = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct fl_stored_case c = {
            .id = sqlite3_column_int64(s, 0),
            .case_no = col_text(s, 1),
            .filing_id = col_text(s, 2),
            .encoding = col_text(s, 3),
            .ns_context = col_text(s, 4),
            .raw = sqlite3_column_blob(s, 5),
            .raw_len = (size_t)sqlite3_column_bytes(s, 5),
            .track = col_text(s, 6),
            .procedure = col_text(s, 7),
            .ruleset_hash = col_text(s, 8),
            .judge_decided = sqlite3_column_int(s, 9) != 0,
        };
        (*count)++;
        if (fn(ctx, &c))
            break;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(db, err, "reading cases");
    return FL_OK;
}

enum fl_status fl_db_active_ruleset(struct fl_db *db, struct fl_rules **out,
                                    struct fl_error *err)
{
    *out = NULL;
    sqlite3_stmt *s = stmt(db, S_ACTIVE_RULESET, err);
    if (!s)
        return FL_EDB;
    int rc = sqlite3_step(s);
    enum fl_status st = FL_OK;
    struct fl_rules_diags diags = {0};
    if (rc == SQLITE_ROW)
        st = fl_rules_load(sqlite3_column_blob(s, 0), (size_t)sqlite3_column_bytes(s, 0),
                           "the database's active ruleset", out, &diags, err);
    else if (rc != SQLITE_DONE)
        st = db_fail(db, err, "reading the active ruleset");
    sqlite3_reset(s);
    /* A ruleset an older fenliu accepted can fail a newer check (\C): say
     * what is wrong and how to go on, since no `rules check` output shows it. */
    if (st == FL_EINVAL && diags.count)
        fl_fail(err, st, "the database's active ruleset no longer loads (line %ld%s%s: %s); "
                         "make a sound one active with `fenliu rules use FILE`",
                diags.items[0].line, diags.items[0].rule[0] ? ", rule " : "",
                diags.items[0].rule, diags.items[0].msg);
    fl_rules_diags_free(&diags);
    if (st == FL_OK && !*out)
        st = fl_rules_load_default(out, err);
    return st;
}

enum fl_status fl_db_set_active_ruleset(struct fl_db *db, const struct fl_rules *r,
                                        struct fl_error *err)
{
    enum fl_status st = fl_db_begin(db, err);
    if (st != FL_OK)
        return st;
    int64_t id;
    st = ruleset_row(db, r, &id, err);
    sqlite3_stmt *s = st == FL_OK ? stmt(db, S_SET_SETTING, err) : NULL;
    if (s) {
        char v[32];
        snprintf(v, sizeof v, "%lld", (long long)id);
        bind_text(s, 1, "active_ruleset");
        bind_text(s, 2, v);
        st = exec_done(db, s, err, "activating the ruleset");
    } else if (st == FL_OK) {
        st = FL_EDB;
    }
    if (st == FL_OK)
        return fl_db_commit(db, err);
    fl_db_rollback(db);
    return st;
}

/* ---- users -------------------------------------------------------------------- */

/* The text in the first column of statement WHICH for the key V. */
static bool lookup_text(struct fl_db *db, enum stmt which, const char *v, char *out,
                        size_t size)
{
    sqlite3_stmt *s = stmt(db, which, NULL);
    if (!s)
        return false;
    bind_text(s, 1, v);
    bool found = sqlite3_step(s) == SQLITE_ROW;
    if (found)
        snprintf(out, size, "%s", col_text(s, 0));
    sqlite3_reset(s);
    return found;
}

bool fl_db_user_role(struct fl_db *db, const char *login, char *out, size_t size)
{
    return lookup_text(db, S_USER_ROLE, login, out, size);
}

enum fl_status fl_db_set_user(struct fl_db *db, const char *login, const char *role,
                              const char *by, struct fl_error *err)
{
    char now[40];
    now_text(now, sizeof now);
    sqlite3_stmt *s = stmt(db, S_SET_USER, err);
    if (!s)
        return FL_EDB;
    bind_text(s, 1, login);
    bind_text(s, 2, role);
    bind_text(s, 3, by);
    bind_text(s, 4, now);
    if (sqlite3_step(s) != SQLITE_DONE) {
        sqlite3_reset(s);
        if (sqlite3_extended_errcode(db->h) == SQLITE_CONSTRAINT_CHECK)
            return fl_fail(err, FL_EINVAL,
                           "role \"%s\" is not one of clerk, judge, president, admin", role);
        return db_fail(db, err, "recording the user");
    }
    sqlite3_reset(s);
    return FL_OK;
}

int64_t fl_db_user_count(struct fl_db *db)
{
    sqlite3_stmt *s = stmt(db, S_USER_COUNT, NULL);
    int64_t n = 0;
    if (s && sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    if (s)
        sqlite3_reset(s);
    return n;
}

enum fl_status fl_db_users(struct fl_db *db,
                           int (*fn)(void *ctx, const char *login, const char *role,
                                     const char *added_by, const char *at),
                           void *ctx, struct fl_error *err)
{
    sqlite3_stmt *s = stmt(db, S_USERS, err);
    if (!s)
        return FL_EDB;
    while (sqlite3_step(s) == SQLITE_ROW)
        if (fn(ctx, col_text(s, 0), col_text(s, 1), col_text(s, 2), col_text(s, 3)))
            break;
    sqlite3_reset(s);
    return FL_OK;
}

/* ---- settings and the calendar ---------------------------------------------- */

bool fl_db_setting(struct fl_db *db, const char *key, char *out, size_t size)
{
    return lookup_text(db, S_GET_SETTING, key, out, size);
}

enum fl_status fl_db_set_setting(struct fl_db *db, const char *key, const char *value,
                                 struct fl_error *err)
{
    sqlite3_stmt *s = stmt(db, S_SET_SETTING, err);
    if (!s)
        return FL_EDB;
    bind_text(s, 1, key);
    bind_text(s, 2, value);
    return exec_done(db, s, err, "recording the setting");
}

enum fl_status fl_db_calendar(struct fl_db *db, struct fl_calendar **out, struct fl_error *err)
{
    enum fl_status st = fl_calendar_load_default(out, err);
    sqlite3_stmt *s = st == FL_OK ? stmt(db, S_CAL_DOCS, err) : NULL;
    while (s && st == FL_OK && sqlite3_step(s) == SQLITE_ROW)
        st = fl_calendar_merge(*out, sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1),
                               col_text(s, 0), err);
    if (s)
        sqlite3_reset(s);
    s = st == FL_OK ? stmt(db, S_CAL_DAYS, err) : NULL;
    while (s && st == FL_OK && sqlite3_step(s) == SQLITE_ROW) {
        fl_date d;
        if (fl_date_parse(col_text(s, 0), &d))
            st = fl_calendar_set_day(*out, d, sqlite3_column_int(s, 1) != 0,
                                     *col_text(s, 2) ? col_text(s, 2) : "(no reason recorded)",
                                     err);
    }
    if (s)
        sqlite3_reset(s);
    if (st != FL_OK) {
        fl_calendar_free(*out);
        *out = NULL;
    }
    return st;
}

enum fl_status fl_db_add_calendar_document(struct fl_db *db, const char *name, const char *xml,
                                           size_t len, const char *login,
                                           struct fl_error *err)
{
    char now[40];
    now_text(now, sizeof now);
    sqlite3_stmt *s = stmt(db, S_ADD_CAL_DOC, err);
    if (!s)
        return FL_EDB;
    bind_text(s, 1, name);
    sqlite3_bind_blob64(s, 2, xml, len, SQLITE_STATIC);
    bind_text(s, 3, login);
    bind_text(s, 4, now);
    return exec_done(db, s, err, "keeping the calendar notice");
}

enum fl_status fl_db_add_calendar_day(struct fl_db *db, fl_date d, bool closed,
                                      const char *reason, const char *login,
                                      struct fl_error *err)
{
    char now[40], date[11];
    now_text(now, sizeof now);
    fl_date_format(d, date);
    sqlite3_stmt *s = stmt(db, S_ADD_CAL_DAY, err);
    if (!s)
        return FL_EDB;
    bind_text(s, 1, date);
    sqlite3_bind_int(s, 2, closed);
    bind_text(s, 3, reason);
    bind_text(s, 4, login);
    bind_text(s, 5, now);
    return exec_done(db, s, err, "recording the calendar day");
}

enum fl_status fl_db_periods(struct fl_db *db, struct fl_periods **out, struct fl_error *err)
{
    sqlite3_stmt *s = stmt(db, S_GET_SETTING, err);
    if (!s)
        return FL_EDB;
    bind_text(s, 1, "periods_document");
    enum fl_status st;
    if (sqlite3_step(s) == SQLITE_ROW)
        st = fl_periods_load(col_text(s, 0), (size_t)sqlite3_column_bytes(s, 0),
                             "the database's periods", out, err);
    else
        st = fl_periods_load_default(out, err);
    sqlite3_reset(s);
    return st;
}

enum fl_status fl_db_set_periods(struct fl_db *db, const char *xml, size_t len,
                                 struct fl_error *err)
{
    char *copy = strndup(xml, len);
    if (!copy)
        return fl_fail(err, FL_ENOMEM, "out of memory");
    enum fl_status st = fl_db_set_setting(db, "periods_document", copy, err);
    free(copy);
    return st;
}

enum fl_status fl_db_clock_data(struct fl_db *db, struct fl_calendar **cal,
                                struct fl_periods **periods, struct fl_error *err)
{
    *cal = NULL;
    *periods = NULL;
    enum fl_status st = fl_db_calendar(db, cal, err);
    if (st == FL_OK && (st = fl_db_periods(db, periods, err)) != FL_OK) {
        fl_calendar_free(*cal);
        *cal = NULL;
    }
    return st;
}

/* ---- the lifecycle ---------------------------------------------------------------- */

void fl_case_life_free(struct fl_case_life *c)
{
    if (!c)
        return;
    free(c->events);
    if (c->strings) {
        fl_buf_free(c->strings);
        free(c->strings);
    }
    memset(c, 0, sizeof *c);
}

/* Columns 0..6 of S_CASE_LIFE / S_ALL_LIVES into C. */
static void fill_life(struct fl_case_life *c, sqlite3_stmt *s)
{
    c->case_id = sqlite3_column_int64(s, 0);
    snprintf(c->filing_id, sizeof c->filing_id, "%s", col_text(s, 1));
    snprintf(c->case_no, sizeof c->case_no, "%s", col_text(s, 2) ? col_text(s, 2) : "");
    snprintf(c->type, sizeof c->type, "%s", col_text(s, 3));
    if (!fl_date_parse(col_text(s, 4), &c->received))
        c->received = fl_date_today();
    fl_life_start(c->type, col_text(s, 5), col_text(s, 6), c->procedure, sizeof c->procedure,
                  &c->foreign);
    const char *flags = col_text(s, 6) ? col_text(s, 6) : "";
    size_t n = strlen(flags);
    while (n && flags[n - 1] == ' ')
        n--;
    while (*flags == ' ')
        flags++, n--;
    snprintf(c->flags, sizeof c->flags, "%.*s", (int)(n > 0 ? n : 0), flags);
    snprintf(c->track, sizeof c->track, "%s", col_text(s, 7) ? col_text(s, 7) : "");
}

/* Append the event in columns FIRST.. of S to C; its strings are offsets
 * into C->strings until fix_strings turns them into pointers. */
static bool add_event(struct fl_case_life *c, sqlite3_stmt *s, int first)
{
    if (!c->strings && !(c->strings = calloc(1, sizeof *c->strings)))
        return false;
    struct fl_event *p = realloc(c->events, (c->nevents + 1) * sizeof *p);
    if (!p)
        return false;
    c->events = p;
    struct fl_event *e = &c->events[c->nevents++];
    e->id = sqlite3_column_int64(s, first);
    if (!fl_date_parse(col_text(s, first + 2), &e->effective))
        e->effective = 0;
    const char **fields[] = {&e->kind, &e->args, &e->reason, &e->login, &e->at};
    const int cols[] = {1, 3, 4, 5, 6};
    for (int i = 0; i < 5; i++) {
        const char *v = col_text(s, first + cols[i]);
        *fields[i] = (const char *)(uintptr_t)(c->strings->len + 1); /* offset + 1; 0: NULL */
        if (!v)
            *fields[i] = NULL;
        fl_buf_append(c->strings, v ? v : "", v ? strlen(v) + 1 : 0);
    }
    return !c->strings->failed;
}

static void fix_strings(struct fl_case_life *c)
{
    for (size_t i = 0; i < c->nevents; i++) {
        struct fl_event *e = &c->events[i];
        const char **fields[] = {&e->kind, &e->args, &e->reason, &e->login, &e->at};
        for (int k = 0; k < 5; k++)
            if (*fields[k])
                *fields[k] = c->strings->data + ((uintptr_t)*fields[k] - 1);
    }
}

static enum fl_status case_life(struct fl_db *db, const char *key, int64_t key_id,
                                struct fl_case_life *out, struct fl_error *err);

enum fl_status fl_db_case_life(struct fl_db *db, const char *key, struct fl_case_life *out,
                               struct fl_error *err)
{
    return case_life(db, key, -1, out, err);
}

static enum fl_status case_life(struct fl_db *db, const char *key, int64_t key_id,
                                struct fl_case_life *out, struct fl_error *err)
{
    memset(out, 0, sizeof *out);
    if (key_id < 0) {
        enum fl_status rst = resolve_key(db, key, &key_id, err);
        if (rst != FL_OK)
            return rst;
    }
    sqlite3_stmt *s = stmt(db, S_CASE_LIFE, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, key_id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        fill_life(out, s);
        out->decision_id = sqlite3_column_int64(s, 8); /* 0 (NULL): none */
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE
                   ? fl_fail(err, FL_ENOTFOUND, "no case has the number or filing id \"%s\"", key)
                   : db_fail(db, err, "looking up the case");
    if (!(s = stmt(db, S_CASE_EVENTS, err)))
        return FL_EDB;
    sqlite3_bind_int64(s, 1, out->case_id);
    bool ok = true;
    while (ok && sqlite3_step(s) == SQLITE_ROW)
        ok = add_event(out, s, 0);
    sqlite3_reset(s);
    if (!ok) {
        fl_case_life_free(out);
        return fl_fail(err, FL_ENOMEM, "out of memory");
    }
    fix_strings(out);
    return FL_OK;
}

enum fl_status fl_db_append_event(struct fl_db *db, int64_t case_id, const char *kind,
                                  fl_date effective, const char *args, const char *reason,
                                  const char *login, struct fl_error *err)
{
    char now[40], date[11];
    now_text(now, sizeof now);
    fl_date_format(effective, date);
    sqlite3_stmt *s = stmt(db, S_APPEND_EVENT, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, case_id);
    bind_text(s, 2, kind);
    bind_text(s, 3, date);
    bind_text(s, 4, args ? args : "");
    bind_text(s, 5, reason);
    bind_text(s, 6, login ? login : "");
    bind_text(s, 7, now);
    return exec_done(db, s, err, "recording the event");
}

enum fl_status fl_db_put_status(struct fl_db *db, int64_t case_id, const char *track,
                                const char *flags, const struct fl_case_status *status,
                                struct fl_error *err)
{
    char due[11] = "";
    if (status->due)
        fl_date_format(status->due, due);
    sqlite3_stmt *s = stmt(db, db->staging ? S_STAGE_STATUS : S_UPSERT_STATUS, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, case_id);
    bind_text(s, 2, fl_state_name(status->state));
    bind_text(s, 3, track && track[0] ? track : NULL);
    bind_text(s, 4, status->procedure);
    bind_text(s, 5, flags ? flags : "");
    bind_text(s, 6, status->judge[0] ? status->judge : NULL);
    bind_text(s, 7, status->clock);
    bind_text(s, 8, due[0] ? due : NULL);
    sqlite3_bind_int(s, 9, status->paused);
    sqlite3_bind_int(s, 10, status->provisional);
    bind_text(s, 11, db_now(db));
    bind_text(s, 12, status->clerk[0] ? status->clerk : NULL);
    enum fl_status st = exec_done(db, s, err, "recording the case's status");
    if (st == FL_OK && db->staging)
        db->staged++;
    return st;
}

enum fl_status fl_db_refresh_status(struct fl_db *db, int64_t case_id,
                                    const struct fl_calendar *cal,
                                    const struct fl_periods *periods, struct fl_error *err)
{
    struct fl_case_life c;
    enum fl_status st = case_life(db, "", case_id, &c, err);
    if (st != FL_OK)
        return st;
    struct fl_life life;
    fl_life_replay(&life, c.received, c.procedure, c.foreign, c.events, c.nevents);
    struct fl_case_status status;
    fl_life_status(&life, cal, periods, fl_date_today(), &status);
    st = fl_db_put_status(db, case_id, c.track, c.flags, &status, err);
    fl_case_life_free(&c);
    return st;
}

fl_date fl_db_received_date(struct fl_db *db)
{
    fl_date d = 0;
    char day[11];
    snprintf(day, sizeof day, "%.10s", db_now(db)); /* YYYY-MM-DD of the ISO 8601 time */
    return fl_date_parse(day, &d) ? d : 0;
}

enum fl_status fl_db_refresh_all_status(struct fl_db *db, const struct fl_calendar *cal,
                                        const struct fl_periods *periods, int64_t *count,
                                        struct fl_error *err)
{
    int64_t last = 0, ids[1000];
    *count = 0;
    bool staging = db->staging;
    enum fl_status st = fl_db_stage_status(db, true, err);
    while (st == FL_OK) {
        sqlite3_stmt *s = stmt(db, S_CASE_IDS, err);
        if (!s) {
            st = FL_EDB;
            break;
        }
        sqlite3_bind_int64(s, 1, last);
        sqlite3_bind_int64(s, 2, 1000);
        size_t n = 0;
        while (n < 1000 && sqlite3_step(s) == SQLITE_ROW)
            ids[n++] = sqlite3_column_int64(s, 0);
        sqlite3_reset(s);
        if (!n)
            break;
        st = fl_db_begin(db, err);
        for (size_t i = 0; i < n && st == FL_OK; i++)
            st = fl_db_refresh_status(db, ids[i], cal, periods, err);
        if (st == FL_OK)
            st = fl_db_commit(db, err);
        else
            fl_db_rollback(db);
        if (st == FL_OK) {
            *count += (int64_t)n;
            last = ids[n - 1];
        }
    }
    fl_db_stage_status(db, staging, NULL);
    return st;
}

enum fl_status fl_db_each_case_life(struct fl_db *db,
                                    int (*fn)(void *ctx, const struct fl_case_life *c),
                                    void *ctx, struct fl_error *err)
{
    sqlite3_stmt *s = stmt(db, S_ALL_LIVES, err);
    if (!s)
        return FL_EDB;
    struct fl_case_life cur = {0};
    bool have = false, ok = true, stop = false;
    int rc;
    while (ok && !stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        if (have && id != cur.case_id) {
            fix_strings(&cur);
            stop = fn(ctx, &cur) != 0;
            fl_case_life_free(&cur);
            have = false;
        }
        if (!have) {
            fill_life(&cur, s);
            have = true;
        }
        if (sqlite3_column_type(s, 8) != SQLITE_NULL)
            ok = add_event(&cur, s, 8);
    }
    if (ok && !stop && have) {
        fix_strings(&cur);
        fn(ctx, &cur);
    }
    fl_case_life_free(&cur);
    sqlite3_reset(s);
    return ok ? FL_OK : fl_fail(err, FL_ENOMEM, "out of memory");
}

/* ---- reading --------------------------------------------------------------- */

enum fl_status fl_db_count(struct fl_db *db, enum fl_count what, int64_t *n,
                           struct fl_error *err)
{
    static const enum stmt which[] = {
        [FL_COUNT_CASES] = S_COUNT_CASES,
        [FL_COUNT_FILINGS] = S_COUNT_FILINGS,
        [FL_COUNT_REJECTIONS] = S_COUNT_REJECTIONS,
        [FL_COUNT_RUNS] = S_COUNT_RUNS,
    };
    sqlite3_stmt *s = stmt(db, which[what], err);
    if (!s)
        return FL_EDB;
    if (sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_reset(s);
        return db_fail(db, err, "counting");
    }
    *n = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return FL_OK;
}

/* Columns 0-15 of a listing (CASE_ROW_COLUMNS and what follows). */
static struct fl_case_row read_case_row(sqlite3_stmt *s)
{
    struct fl_case_row r = {
        .id = sqlite3_column_int64(s, 0),
        .case_no = col_text(s, 1),
        .filing_id = col_text(s, 2),
        .type = col_text(s, 3),
        .cause = col_text(s, 4),
        .court = col_text(s, 5),
        .submitted = col_text(s, 6),
        .received_at = col_text(s, 7),
        .first_plaintiff = col_text(s, 8),
        .first_defendant = col_text(s, 9),
        .nparties = sqlite3_column_int64(s, 10),
        .track = col_text(s, 12),
        .procedure = col_text(s, 13),
        .flags = col_text(s, 14),
        .has_claimed = sqlite3_column_type(s, 15) != SQLITE_NULL,
        .claimed_fen = sqlite3_column_int64(s, 15),
    };
    if (!r.track) { /* never classified: the amount attributes only */
        r.has_claimed = sqlite3_column_type(s, 11) != SQLITE_NULL;
        r.claimed_fen = sqlite3_column_int64(s, 11);
    }
    return r;
}

/* ---- search words ------------------------------------------------------------------ */

/* case_words (migration 006) indexes each suffix of up to WORD_CHARS
 * characters of a case's filing id, number and party names: a text is in
 * a name when it starts a suffix, a prefix query of the index. */
#define WORD_CHARS 20

/* The byte after the UTF-8 character at AT of S (N bytes). */
static size_t char_next(const char *s, size_t n, size_t at)
{
    unsigned char c = (unsigned char)s[at];
    size_t len = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    return at + len < n ? at + len : n;
}

/* The end of the WORD_CHARS characters of S (N bytes) from byte AT. */
static size_t word_end(const char *s, size_t n, size_t at)
{
    for (int chars = 0; at < n && chars < WORD_CHARS; chars++)
        at = char_next(s, n, at);
    return at;
}

/* S (N bytes) as a token: hexadecimal (no tokenizer splits it), ASCII
 * letters in lower case, as the search text is. */
static void put_word_hex(struct fl_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        char pair[2] = {hex[c >> 4], hex[c & 15]};
        fl_buf_append(b, pair, 2);
    }
}

/* The key of an ID number: KEY_MARK and its first characters, a token no
 * search of printable text makes (ID numbers are not searched by text). */
#define KEY_MARK "\x01"

/* The tokens of each line of T (N bytes) into B, separated by spaces:
 * every suffix of the line, or (KEYS) one key for it. */
static void put_line_words(struct fl_buf *b, const char *t, size_t n, bool keys)
{
    for (size_t at = 0; t && at < n;) {
        const char *nl = memchr(t + at, '\n', n - at);
        size_t line_end = nl ? (size_t)(nl - t) : n;
        for (size_t k = at; k < line_end; k = keys ? line_end : char_next(t, line_end, k)) {
            if (b->len)
                fl_buf_putc(b, ' ');
            if (keys)
                put_word_hex(b, KEY_MARK, 1);
            put_word_hex(b, t + k, word_end(t, line_end, k) - k);
        }
        at = line_end + 1;
    }
}

/* B as the result of an SQL function (NULL when EMPTY_NULL and empty). */
static void result_words(sqlite3_context *ctx, struct fl_buf *b, bool empty_null)
{
    if (b->failed)
        sqlite3_result_error_nomem(ctx);
    else if (!b->len && empty_null)
        sqlite3_result_null(ctx);
    else
        sqlite3_result_text(ctx, b->data ? b->data : "", (int)b->len, SQLITE_TRANSIENT);
    fl_buf_free(b);
}

/* fl_words(TEXT, ...): the tokens of case_words for each line of each
 * TEXT (NULL ones skipped), separated by spaces. */
static void sql_words(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    struct fl_buf b = FL_BUF_INIT;
    for (int i = 0; i < argc; i++)
        put_line_words(&b, (const char *)sqlite3_value_text(argv[i]),
                       (size_t)sqlite3_value_bytes(argv[i]), false);
    result_words(ctx, &b, false);
}

/* fl_word_keys(TEXT): a key for each line of TEXT, separated by spaces. */
static void sql_word_keys(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    struct fl_buf b = FL_BUF_INIT;
    put_line_words(&b, (const char *)sqlite3_value_text(argv[0]),
                   (size_t)sqlite3_value_bytes(argv[0]), true);
    result_words(ctx, &b, false);
}

enum fl_status fl_db_index_words(struct fl_db *db, int64_t most, bool wait, int64_t *indexed,
                                 struct fl_error *err)
{
    *indexed = 0;
    /* Nothing to do: no need to take the write lock. */
    sqlite3_stmt *s = stmt(db, S_WORDS_ANY, err);
    if (!s)
        return FL_EDB;
    int rc = sqlite3_step(s);
    bool any = rc == SQLITE_ROW && sqlite3_column_int(s, 0);
    sqlite3_reset(s);
    if (rc != SQLITE_ROW)
        return db_fail(db, err, "indexing the words of the cases");
    if (!any)
        return FL_OK;
    if (!wait)
        sqlite3_busy_timeout(db->h, 0);
    enum fl_status st = fl_db_begin(db, err);
    if (!wait)
        sqlite3_busy_timeout(db->h, db->busy_ms);
    if (st != FL_OK)
        return st;
    s = stmt(db, S_WORDS_NEXT, err);
    int64_t upto = 0, n = 0;
    if (s) {
        sqlite3_bind_int64(s, 1, most);
        if (sqlite3_step(s) == SQLITE_ROW) {
            upto = sqlite3_column_int64(s, 0);
            n = sqlite3_column_int64(s, 1);
        } else {
            st = db_fail(db, err, "indexing the words of the cases");
        }
        sqlite3_reset(s);
    } else {
        st = FL_EDB;
    }
    enum stmt steps[] = {S_WORDS_INDEX, S_WORDS_DONE};
    for (size_t i = 0; i < 2 && st == FL_OK && n > 0; i++) {
        if (!(s = stmt(db, steps[i], err))) {
            st = FL_EDB;
            break;
        }
        sqlite3_bind_int64(s, 1, upto);
        st = exec_done(db, s, err, "indexing the words of the cases");
    }
    if (st == FL_OK)
        st = fl_db_commit(db, err);
    if (st != FL_OK) {
        fl_db_rollback(db);
        return st;
    }
    *indexed = n;
    return FL_OK;
}

enum fl_status fl_db_words_left(struct fl_db *db, int64_t *left, struct fl_error *err)
{
    sqlite3_stmt *s = stmt(db, S_WORDS_LEFT, err);
    if (!s)
        return FL_EDB;
    enum fl_status st = FL_OK;
    if (sqlite3_step(s) == SQLITE_ROW)
        *left = sqlite3_column_int64(s, 0);
    else
        st = db_fail(db, err, "counting the cases to index");
    sqlite3_reset(s);
    return st;
}

/* fl_word_match(NAME, IDNO): the query of case_words for the cases with a
 * party of that name (its first word: a prefix of every name that starts
 * so) or that ID number (its key). */
static void sql_word_match(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    struct fl_buf b = FL_BUF_INIT;
    for (int i = 0; i < 2; i++) {
        const char *t = (const char *)sqlite3_value_text(argv[i]);
        size_t n = (size_t)sqlite3_value_bytes(argv[i]);
        if (!t || !n)
            continue;
        fl_buf_puts(&b, b.len ? " OR \"" : "\"");
        if (i == 1)
            put_word_hex(&b, KEY_MARK, 1);
        put_word_hex(&b, t, word_end(t, n, 0));
        fl_buf_putc(&b, '"');
    }
    result_words(ctx, &b, true);
}

/* ---- the queue -------------------------------------------------------------------- */

/* A queue's filter as its statements take it: empty strings are no
 * filter, the search text is in lower case (ASCII) with the prefix query
 * of case_words made of its first WORD_CHARS characters. */
struct queue_args {
    struct fl_queue_filter f;
    char *search, *match;
    bool long_text; /* the text is longer than the words indexed */
    bool direct;    /* check the words of each case passed, not by index */
};

static const char *nonempty(const char *s) { return s && *s ? s : NULL; }

static enum fl_status queue_args(struct queue_args *q, const struct fl_queue_filter *f,
                                 struct fl_error *err)
{
    memset(q, 0, sizeof *q);
    if (f)
        q->f = *f;
    q->f.track = nonempty(q->f.track);
    q->f.procedure = nonempty(q->f.procedure);
    q->f.flag = nonempty(q->f.flag);
    q->f.judge = nonempty(q->f.judge);
    q->f.state = nonempty(q->f.state);
    const char *text = nonempty(q->f.search);
    if (!text)
        return FL_OK;
    size_t n = strlen(text);
    struct fl_buf m = FL_BUF_INIT;
    fl_buf_putc(&m, '"');
    size_t end = word_end(text, n, 0);
    put_word_hex(&m, text, end);
    fl_buf_puts(&m, "\"*");
    q->long_text = end < n;
    q->search = strdup(text);
    if (m.failed || !q->search) {
        fl_buf_free(&m);
        free(q->search);
        return fl_fail(err, FL_ENOMEM, "out of memory");
    }
    for (char *p = q->search; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    q->match = m.data;
    return FL_OK;
}

static void queue_args_free(struct queue_args *q)
{
    free(q->search);
    free(q->match);
}

/* Bind Q's filters (the track's only when WITH_TRACK) to S; parameters S
 * does not have are left alone. */
static void bind_filter(sqlite3_stmt *s, const struct queue_args *q, bool with_track)
{
    int n = sqlite3_bind_parameter_count(s);
    const char *text[] = {with_track ? q->f.track : NULL, q->f.procedure, q->f.flag,
                          q->f.judge, q->f.state};
    for (int i = 3; i <= 7 && i <= n; i++)
        bind_text(s, i, text[i - 3]);
    if (n >= 8)
        sqlite3_bind_int(s, 8, q->f.open_only);
    if (n >= 9)
        bind_text(s, 9, q->search);
    if (n >= 10)
        bind_text(s, 10, q->match);
    if (n >= 11)
        sqlite3_bind_int(s, 11, q->long_text);
    if (n >= 12)
        sqlite3_bind_int(s, 12, q->direct);
}

/* Add the (track, count) rows of S to OUT. */
static int add_track_counts(sqlite3_stmt *s, struct fl_queue_counts *out)
{
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *t = col_text(s, 0);
        int64_t n = sqlite3_column_int64(s, 1);
        if (t && strcmp(t, "simple") == 0)
            out->simple += n;
        else if (t && strcmp(t, "complex") == 0)
            out->complex += n;
        else
            out->unclassified += n;
    }
    sqlite3_reset(s);
    return rc;
}

/* The key of the last queue counted: its filter, and the database as it
 * was (others' commits change data_version, this connection's its total
 * changes). */
static void queue_key(struct fl_db *db, const struct queue_args *q, struct fl_buf *key)
{
    const char *parts[] = {q->f.procedure, q->f.flag, q->f.judge, q->f.state, q->search};
    fl_buf_printf(key, "%lld %d %d", (long long)fl_db_data_version(db),
                  sqlite3_total_changes(db->h), q->f.open_only);
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        fl_buf_putc(key, '\x1f');
        fl_buf_puts(key, parts[i] ? parts[i] : "\x1e");
    }
}

static enum fl_status queue_count(struct fl_db *db, const struct queue_args *q,
                                  struct fl_queue_counts *out, struct fl_error *err)
{
    struct fl_buf key = FL_BUF_INIT;
    queue_key(db, q, &key);
    if (!key.failed && db->queue_key.len == key.len &&
        memcmp(db->queue_key.data, key.data, key.len) == 0) {
        *out = db->queue_counts;
        fl_buf_free(&key);
        return FL_OK;
    }
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = stmt(db, S_QUEUE_TRACKS, err);
    int rc = SQLITE_DONE;
    if (s) {
        bind_filter(s, q, false);
        rc = add_track_counts(s, out);
    }
    /* One pass, no sorting: a search may be in half a million names. */
    if (s && rc == SQLITE_DONE && q->search && (s = stmt(db, S_QUEUE_WORDS_TRACKS, err))) {
        bind_filter(s, q, false);
        if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            out->simple += sqlite3_column_int64(s, 0);
            out->complex += sqlite3_column_int64(s, 1);
            out->unclassified += sqlite3_column_int64(s, 2);
            rc = SQLITE_DONE;
        }
        sqlite3_reset(s);
    }
    if (!s || rc != SQLITE_DONE) {
        fl_buf_free(&key);
        return s ? db_fail(db, err, "counting the queue") : FL_EDB;
    }
    fl_buf_free(&db->queue_key);
    db->queue_key = key;
    db->queue_counts = *out;
    return FL_OK;
}

enum fl_status fl_db_queue_counts(struct fl_db *db, const struct fl_queue_filter *f,
                                  struct fl_queue_counts *out, struct fl_error *err)
{
    struct queue_args q;
    memset(out, 0, sizeof *out);
    enum fl_status st = queue_args(&q, f, err);
    if (st == FL_OK)
        st = queue_count(db, &q, out, err);
    queue_args_free(&q);
    return st;
}

/* The ways to a page of the queue. */
enum queue_plan {
    PLAN_WALK,      /* the queue's order, every case */
    PLAN_JUDGE,     /* ... one judge's cases */
    PLAN_STATE,     /* ... one state's */
    PLAN_PROCEDURE, /* ... one procedure's (sorted, for a clerk) */
    PLAN_FLAGS,     /* the cases of the flag, sorted */
    PLAN_SEARCH,    /* the cases of the search, sorted */
};

/* Choose the plan that reads fewest index entries for rows [OFFSET,
 * OFFSET+WANT) of TOTAL, and whether to walk backwards (*DESC). */
static enum fl_status queue_plan(struct fl_db *db, const struct queue_args *q, int64_t total,
                                 int64_t offset, int64_t want, enum stmt *which,
                                 bool *direct, struct fl_error *err)
{
    sqlite3_stmt *s = stmt(db, S_QUEUE_PLAN, err);
    if (!s)
        return FL_EDB;
    bind_filter(s, q, false);
    if (sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_reset(s);
        return db_fail(db, err, "planning the queue");
    }
    int64_t n[6];
    for (int i = 0; i < 6; i++)
        n[i] = sqlite3_column_int64(s, i);
    sqlite3_reset(s);
    /* A walk reads the matching rows it passes and those between them:
     * (rows passed) x (rows of the index) / (matching rows).  Sorting
     * reads every row of its index and sorts them: twice as dear. */
    bool clerk = q->f.pending_first;
    int64_t ahead = offset + want, behind = total - offset;
    bool back = behind < ahead;
    double pass = (double)(back ? behind : ahead) / (double)total;
    struct {
        bool usable, walk;
        int64_t rows;
        enum stmt fwd, rev;
    } plans[] = {
        [PLAN_WALK] = {true, true, n[0], clerk ? S_QUEUE_IDS_CLERK : S_QUEUE_IDS_WALK,
                       clerk ? S_QUEUE_IDS_CLERK_DESC : S_QUEUE_IDS_WALK_DESC},
        [PLAN_JUDGE] = {q->f.judge, true, n[1], S_QUEUE_IDS_JUDGE, S_QUEUE_IDS_JUDGE_DESC},
        [PLAN_STATE] = {q->f.state, true, n[2], S_QUEUE_IDS_STATE, S_QUEUE_IDS_STATE_DESC},
        [PLAN_PROCEDURE] = {q->f.procedure, !clerk, n[3],
                            clerk ? S_QUEUE_IDS_PROCEDURE_CLERK : S_QUEUE_IDS_PROCEDURE,
                            S_QUEUE_IDS_PROCEDURE_DESC},
        [PLAN_FLAGS] = {q->f.flag, false, n[4],
                        clerk ? S_QUEUE_IDS_FLAGS_CLERK : S_QUEUE_IDS_FLAGS, 0},
        [PLAN_SEARCH] = {q->search, false, n[5],
                         clerk ? S_QUEUE_IDS_SEARCH_CLERK : S_QUEUE_IDS_SEARCH, 0},
    };
    double best = -1;
    for (size_t i = 0; i < sizeof plans / sizeof plans[0]; i++) {
        if (!plans[i].usable)
            continue;
        /* Gathering a search's cases reads every case its text is in (at
         * least TOTAL): count them only when that could be cheaper. */
        if (i == PLAN_SEARCH && best >= 0 && 2.0 * (double)total >= best)
            continue;
        if (i == PLAN_SEARCH) {
            if (!(s = stmt(db, S_QUEUE_WORDS_COUNT, err)))
                return FL_EDB;
            bind_text(s, 1, q->match);
            int rc = sqlite3_step(s);
            plans[i].rows += rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
            sqlite3_reset(s);
            if (rc != SQLITE_ROW)
                return db_fail(db, err, "searching the queue");
        }
        double cost = plans[i].walk ? pass * (double)plans[i].rows : 2.0 * (double)plans[i].rows;
        if (best < 0 || cost < best) {
            best = cost;
            *which = plans[i].walk && back ? plans[i].rev : plans[i].fwd;
            /* Checking a case's words directly costs a few lookups: fine
             * for the few thousand cases a walk passes. */
            *direct = plans[i].walk && cost < 5000;
        }
    }
    return FL_OK;
}

static bool plan_is_backwards(enum stmt which)
{
    return which == S_QUEUE_IDS_WALK_DESC || which == S_QUEUE_IDS_CLERK_DESC ||
           which == S_QUEUE_IDS_JUDGE_DESC || which == S_QUEUE_IDS_STATE_DESC ||
           which == S_QUEUE_IDS_PROCEDURE_DESC;
}

/* The case ids of rows [OFFSET, OFFSET+WANT) of TOTAL, in order, into IDS
 * (WANT of them at most; *N gets how many). */
static enum fl_status queue_ids(struct fl_db *db, const struct queue_args *q, int64_t total,
                                int64_t offset, int64_t want, int64_t *ids, int64_t *n,
                                struct fl_error *err)
{
    enum stmt which = S_QUEUE_IDS_WALK;
    struct queue_args walk = *q;
    enum fl_status st = queue_plan(db, q, total, offset, want, &which, &walk.direct, err);
    sqlite3_stmt *s = st == FL_OK ? stmt(db, which, err) : NULL;
    if (!s)
        return st == FL_OK ? FL_EDB : st;
    bool back = plan_is_backwards(which);
    bind_filter(s, &walk, true);
    sqlite3_bind_int64(s, 1, want);
    sqlite3_bind_int64(s, 2, back ? total - offset - want : offset);
    int rc;
    *n = 0;
    while (*n < want && (rc = sqlite3_step(s)) == SQLITE_ROW)
        ids[(*n)++] = sqlite3_column_int64(s, 0);
    if (*n == want)
        rc = SQLITE_DONE;
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return db_fail(db, err, "listing the queue");
    for (int64_t i = 0; back && i < *n / 2; i++) {
        int64_t t = ids[i];
        ids[i] = ids[*n - 1 - i];
        ids[*n - 1 - i] = t;
    }
    return FL_OK;
}

/* Call FN with the row of each case of IDS (N); FN's non-zero stops. */
static enum fl_status queue_rows(struct fl_db *db, const int64_t *ids, int64_t n,
                                 int (*fn)(void *ctx, const struct fl_case_row *row), void *ctx,
                                 struct fl_error *err)
{
    for (int64_t i = 0; i < n; i++) {
        sqlite3_stmt *s = stmt(db, S_QUEUE_ROW, err);
        if (!s)
            return FL_EDB;
        sqlite3_bind_int64(s, 1, ids[i]);
        int rc = sqlite3_step(s);
        if (rc == SQLITE_DONE) /* gone since it was counted */
            continue;
        if (rc != SQLITE_ROW) {
            sqlite3_reset(s);
            return db_fail(db, err, "reading a case of the queue");
        }
        struct fl_case_row r = read_case_row(s);
        r.state = col_text(s, 16);
        r.judge = col_text(s, 17);
        r.clock = col_text(s, 18);
        r.due = col_text(s, 19);
        r.paused = sqlite3_column_int(s, 20) != 0;
        r.provisional = sqlite3_column_int(s, 21) != 0;
        int stop = fn(ctx, &r);
        sqlite3_reset(s);
        if (stop)
            break;
    }
    return FL_OK;
}

enum fl_status fl_db_queue(struct fl_db *db, const struct fl_queue_filter *f, int64_t limit,
                           int64_t offset, int64_t *total,
                           int (*fn)(void *ctx, const struct fl_case_row *row), void *ctx,
                           struct fl_error *err)
{
    struct queue_args q;
    enum fl_status st = queue_args(&q, f, err);
    if (total)
        *total = 0;
    if (st != FL_OK)
        return st;
    /* One snapshot for the counts and the page. */
    bool own = sqlite3_get_autocommit(db->h);
    sqlite3_stmt *s = own ? stmt(db, S_BEGIN_READ, err) : NULL;
    if (own && (!s || exec_done(db, s, err, "reading the queue") != FL_OK)) {
        queue_args_free(&q);
        return FL_EDB;
    }
    struct fl_queue_counts c;
    int64_t *ids = NULL, n = 0, all = 0, want = 0;
    st = queue_count(db, &q, &c, err);
    if (st == FL_OK) {
        all = !q.f.track                        ? c.simple + c.complex + c.unclassified
              : strcmp(q.f.track, "simple") == 0  ? c.simple
              : strcmp(q.f.track, "complex") == 0 ? c.complex
                                                  : 0;
        if (total)
            *total = all;
        offset = offset < 0 ? 0 : offset;
        want = offset >= all ? 0 : limit > 0 && limit < all - offset ? limit : all - offset;
    }
    if (st == FL_OK && fn && want > 0) {
        if (!(ids = malloc((size_t)want * sizeof *ids)))
            st = fl_fail(err, FL_ENOMEM, "out of memory");
        if (st == FL_OK)
            st = queue_ids(db, &q, all, offset, want, ids, &n, err);
    }
    if (own && (s = stmt(db, S_COMMIT, NULL)))
        exec_done(db, s, NULL, "reading the queue");
    if (st == FL_OK && n)
        st = queue_rows(db, ids, n, fn, ctx, err);
    free(ids);
    queue_args_free(&q);
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

enum fl_status fl_db_queue_values(struct fl_db *db, enum fl_queue_field field,
                                  const struct fl_queue_filter *f,
                                  int (*fn)(void *ctx, const char *value), void *ctx,
                                  struct fl_error *err)
{
    static const enum stmt which[] = {
        [FL_QF_TRACK] = S_QUEUE_VALUES_TRACK, [FL_QF_PROCEDURE] = S_QUEUE_VALUES_PROCEDURE,
        [FL_QF_FLAG] = S_QUEUE_VALUES_FLAGS,  [FL_QF_JUDGE] = S_QUEUE_VALUES_JUDGE,
        [FL_QF_STATE] = S_QUEUE_VALUES_STATE,
    };
    if ((unsigned)field >= sizeof which / sizeof which[0])
        return fl_fail(err, FL_EINVAL, "no such field of the queue: %d", (int)field);
    struct queue_args q;
    struct fl_queue_filter g = f ? *f : (struct fl_queue_filter){0};
    g.search = NULL;
    const char **own[] = {[FL_QF_TRACK] = &g.track, [FL_QF_PROCEDURE] = &g.procedure,
                          [FL_QF_FLAG] = &g.flag, [FL_QF_JUDGE] = &g.judge,
                          [FL_QF_STATE] = &g.state};
    *own[field] = NULL;
    enum fl_status st = queue_args(&q, &g, err);
    sqlite3_stmt *s = st == FL_OK ? stmt(db, which[field], err) : NULL;
    if (!s) {
        queue_args_free(&q);
        return st == FL_OK ? FL_EDB : st;
    }
    bind_filter(s, &q, true);
    /* Flags come as the sets in use ("ip many-parties"): one by one. */
    char **vals = NULL;
    size_t nvals = 0, cap = 0;
    int rc;
    bool failed = false;
    while (!failed && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *v = col_text(s, 0);
        while (v && *v) {
            size_t len = field == FL_QF_FLAG ? strcspn(v, " ") : strlen(v);
            if (len && nvals == cap) {
                char **more = realloc(vals, (cap = cap ? 2 * cap : 16) * sizeof *vals);
                failed = !more;
                vals = more ? more : vals;
            }
            if (len && !failed)
                failed = !(vals[nvals++] = strndup(v, len));
            v += len;
            v += *v == ' ';
        }
    }
    sqlite3_reset(s);
    queue_args_free(&q);
    if (!failed && rc != SQLITE_DONE && rc != SQLITE_ROW)
        st = db_fail(db, err, "listing the values of a queue's field");
    else if (failed)
        st = fl_fail(err, FL_ENOMEM, "out of memory");
    if (field == FL_QF_FLAG && nvals)
        qsort(vals, nvals, sizeof *vals, cmp_str);
    bool stop = false;
    for (size_t i = 0; i < nvals; i++)
        if (st == FL_OK && !stop && !(i && strcmp(vals[i], vals[i - 1]) == 0))
            stop = fn(ctx, vals[i]) != 0;
    for (size_t i = 0; i < nvals; i++)
        free(vals[i]);
    free(vals);
    return st;
}

enum fl_status fl_db_list_cases(struct fl_db *db, int64_t limit, int64_t offset,
                                int64_t *total,
                                int (*fn)(void *ctx, const struct fl_case_row *row),
                                void *ctx, struct fl_error *err)
{
    if (total && fl_db_count(db, FL_COUNT_CASES, total, err) != FL_OK)
        return FL_EDB;
    sqlite3_stmt *s = stmt(db, S_LIST_CASES, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, limit > 0 ? limit : -1);
    sqlite3_bind_int64(s, 2, offset);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct fl_case_row r = read_case_row(s);
        if (fn(ctx, &r) != 0)
            break;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(db, err, "listing cases");
    return FL_OK;
}

void fl_case_free(struct fl_case *c)
{
    if (!c)
        return;
    fl_filing_free(c->filing);
    free(c);
}

/* A copy of column I in F's arena (NULL stays NULL). */
static char *dup_col(struct fl_filing *f, sqlite3_stmt *s, int i, bool *oom)
{
    const char *v = col_text(s, i);
    if (!v)
        return NULL;
    char *p = fl_filing_strdup(f, v, (size_t)sqlite3_column_bytes(s, i));
    if (!p)
        *oom = true;
    return p;
}

static enum fl_status load_parties(struct fl_db *db, struct fl_case *c, bool *oom,
                                   struct fl_error *err)
{
    struct fl_filing *f = c->filing;
    sqlite3_stmt *s = stmt(db, S_CASE_PARTIES, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, c->id);
    while (sqlite3_step(s) == SQLITE_ROW) {
        struct fl_party *p = fl_filing_add_party(f);
        if (!p) {
            *oom = true;
            break;
        }
        p->role = dup_col(f, s, 0, oom);
        p->kind = dup_col(f, s, 1, oom);
        p->name = dup_col(f, s, 2, oom);
        p->idno = dup_col(f, s, 3, oom);
        p->nationality = dup_col(f, s, 4, oom);
        p->address = dup_col(f, s, 5, oom);
        p->representative = dup_col(f, s, 6, oom);
    }
    sqlite3_reset(s);
    return FL_OK;
}

static enum fl_status load_lists(struct fl_db *db, struct fl_case *c, bool *oom,
                                 struct fl_error *err)
{
    struct fl_filing *f = c->filing;
    sqlite3_stmt *s = stmt(db, S_CASE_CLAIMS, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, c->id);
    while (sqlite3_step(s) == SQLITE_ROW) {
        struct fl_claim *k = fl_filing_add_claim(f);
        if (!k) {
            *oom = true;
            break;
        }
        k->has_amount = sqlite3_column_type(s, 0) != SQLITE_NULL;
        k->amount_fen = sqlite3_column_int64(s, 0);
        k->text = dup_col(f, s, 1, oom);
    }
    if (!(s = stmt(db, S_CASE_REQUESTS, err)))
        return FL_EDB;
    sqlite3_bind_int64(s, 1, c->id);
    while (sqlite3_step(s) == SQLITE_ROW) {
        struct fl_request *r = fl_filing_add_request(f);
        if (!r) {
            *oom = true;
            break;
        }
        r->kind = dup_col(f, s, 0, oom);
        r->text = dup_col(f, s, 1, oom);
    }
    if (!(s = stmt(db, S_CASE_ATTACHMENTS, err)))
        return FL_EDB;
    sqlite3_bind_int64(s, 1, c->id);
    while (sqlite3_step(s) == SQLITE_ROW) {
        struct fl_attachment *a = fl_filing_add_attachment(f);
        if (!a) {
            *oom = true;
            break;
        }
        a->name = dup_col(f, s, 0, oom);
        a->sha256 = dup_col(f, s, 1, oom);
    }
    sqlite3_reset(s);
    return FL_OK;
}

static enum fl_status load_bankruptcy(struct fl_db *db, struct fl_case *c, bool *oom,
                                      struct fl_error *err)
{
    struct fl_filing *f = c->filing;
    sqlite3_stmt *s = stmt(db, S_CASE_BANKRUPTCY, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, c->id);
    if (sqlite3_step(s) == SQLITE_ROW) {
        struct fl_bankruptcy *b = &f->bk;
        f->has_bankruptcy = true;
        b->procedure = dup_col(f, s, 0, oom);
        b->petitioner = dup_col(f, s, 1, oom);
        b->has_assets_value = sqlite3_column_type(s, 2) != SQLITE_NULL;
        b->assets_fen = sqlite3_column_int64(s, 2);
        b->assets_text = dup_col(f, s, 3, oom);
        b->has_liabilities_value = sqlite3_column_type(s, 4) != SQLITE_NULL;
        b->liabilities_fen = sqlite3_column_int64(s, 4);
        b->liabilities_text = dup_col(f, s, 5, oom);
        b->has_creditors = sqlite3_column_type(s, 6) != SQLITE_NULL;
        b->creditors = sqlite3_column_int64(s, 6);
        b->has_employees = sqlite3_column_type(s, 7) != SQLITE_NULL;
        b->employees = sqlite3_column_int64(s, 7);
        b->unpaid_wages =
            sqlite3_column_type(s, 8) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 8);
        b->statement = dup_col(f, s, 9, oom);
    }
    sqlite3_reset(s);
    return FL_OK;
}

/* The statement of facts is kept once, in the filing's raw bytes (they
 * are tens of kilobytes, a fifth of a typical database when they were kept
 * twice): read them back from there. */
static int take_facts(void *ctx, struct fl_filing *parsed)
{
    struct fl_filing *f = ctx;
    if (parsed->facts && !f->facts)
        f->facts = fl_filing_strdup(f, parsed->facts, strlen(parsed->facts));
    fl_filing_free(parsed);
    return 0;
}

static enum fl_status load_facts(struct fl_filing *f, bool *oom)
{
    struct fl_error perr;
    if (f->raw_len && fl_parse_stored(f->raw, f->raw_len, f->encoding, f->ns_context, f->id,
                                      take_facts, f, &perr) == FL_ENOMEM)
        *oom = true;
    return FL_OK;
}

/* Copy the main row of the case into C. */
static bool fill_case(struct fl_case *c, sqlite3_stmt *s)
{
    struct fl_filing *f = c->filing;
    bool oom = false;
    c->id = sqlite3_column_int64(s, 0);
    c->case_no = dup_col(f, s, 1, &oom);
    c->source = dup_col(f, s, 2, &oom);
    c->received_at = dup_col(f, s, 3, &oom);
    c->line = (long)sqlite3_column_int64(s, 4);
    f->line = c->line;
    char **fields[] = {&f->id, &f->type, &f->channel, &f->court, &f->court_code,
                       &f->cause, &f->submitted, &f->facts, &f->encoding, &f->ns_context};
    for (int i = 0; i < 10; i++)
        *fields[i] = dup_col(f, s, 5 + i, &oom);
    int n = sqlite3_column_bytes(s, 15);
    const void *raw = sqlite3_column_blob(s, 15);
    f->raw = malloc(n > 0 ? (size_t)n : 1);
    if (!f->raw)
        return false;
    if (n > 0)
        memcpy(f->raw, raw, (size_t)n);
    f->raw_len = (size_t)n;
    if (sqlite3_column_bytes(s, 16) == FL_HASH_BYTES)
        memcpy(f->hash, sqlite3_column_blob(s, 16), FL_HASH_BYTES);
    c->track = dup_col(f, s, 17, &oom);
    c->procedure = dup_col(f, s, 18, &oom);
    return !oom;
}

/* Case numbers are stored with ASCII parentheses, as the SPC's form is
 * usually typed; accept the full-width ones of printed documents too. */
static void fullwidth_parens(const char *key, char *out, size_t size)
{
    size_t j = 0;
    for (size_t i = 0; key[i] && j + 2 < size;) {
        if (strncmp(key + i, "（", 3) == 0 || strncmp(key + i, "）", 3) == 0) {
            out[j++] = key[i + 2] == '\x88' ? '(' : ')';
            i += 3;
        } else {
            out[j++] = key[i++];
        }
    }
    out[j] = '\0';
}

enum fl_status fl_db_load_case(struct fl_db *db, const char *key, struct fl_case **out,
                               struct fl_error *err)
{
    *out = NULL;
    int64_t id;
    enum fl_status rst = resolve_key(db, key, &id, err);
    if (rst != FL_OK)
        return rst;
    sqlite3_stmt *s = stmt(db, S_FIND_CASE, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            return db_fail(db, err, "looking up the case");
        return fl_fail(err, FL_ENOTFOUND, "no case has the number or filing id \"%s\"", key);
    }
    struct fl_case *c = calloc(1, sizeof *c);
    if (c)
        c->filing = fl_filing_alloc();
    bool ok = c && c->filing && fill_case(c, s);
    sqlite3_reset(s);
    bool oom = !ok;
    enum fl_status st = FL_OK;
    if (ok)
        st = load_parties(db, c, &oom, err);
    if (ok && st == FL_OK)
        st = load_lists(db, c, &oom, err);
    if (ok && st == FL_OK)
        st = load_bankruptcy(db, c, &oom, err);
    if (ok && st == FL_OK)
        st = load_facts(c->filing, &oom);
    if (st == FL_OK && oom)
        st = fl_fail(err, FL_ENOMEM, "out of memory loading the case");
    if (st != FL_OK) {
        fl_case_free(c);
        return st;
    }
    *out = c;
    return FL_OK;
}

static enum fl_status find_case_key(struct fl_db *db, const char *key, int64_t *id,
                                    char *type, size_t type_size, struct fl_error *err)
{
    enum fl_status rst = resolve_key(db, key, id, err);
    if (rst != FL_OK)
        return rst;
    sqlite3_stmt *s = stmt(db, S_CASE_BY_KEY, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, *id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(s, 0);
        snprintf(type, type_size, "%s", col_text(s, 1));
    }
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return FL_OK;
    if (rc != SQLITE_DONE)
        return db_fail(db, err, "looking up the case");
    return fl_fail(err, FL_ENOTFOUND, "no case has the number or filing id \"%s\"", key);
}

static bool lookup_id(struct fl_db *db, enum stmt which, const char *v, int64_t *id)
{
    sqlite3_stmt *s = stmt(db, which, NULL);
    if (!s)
        return false;
    bind_text(s, 1, v);
    bool found = sqlite3_step(s) == SQLITE_ROW;
    if (found)
        *id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return found;
}

static enum fl_status resolve_key(struct fl_db *db, const char *key, int64_t *id,
                                  struct fl_error *err)
{
    char alt[256];
    fullwidth_parens(key, alt, sizeof alt);
    if (lookup_id(db, S_KEY_BY_CASE_NO, key, id) || lookup_id(db, S_KEY_BY_CASE_NO, alt, id) ||
        lookup_id(db, S_KEY_BY_FILING_ID, key, id))
        return FL_OK;
    return fl_fail(err, FL_ENOTFOUND, "no case has the number or filing id \"%s\"", key);
}

/* ---- notes and changes ----------------------------------------------------------- */

enum fl_status fl_db_add_note(struct fl_db *db, const char *key, const char *author,
                              bool private_note, const char *text, struct fl_error *err)
{
    if (!text || !*text)
        return fl_fail(err, FL_EINVAL, "a note needs some text");
    int64_t id;
    enum fl_status st = fl_db_begin(db, err);
    if (st == FL_OK)
        st = resolve_key(db, key, &id, err);
    sqlite3_stmt *s = st == FL_OK ? stmt(db, S_ADD_NOTE, err) : NULL;
    if (s) {
        char now[40];
        now_text(now, sizeof now);
        sqlite3_bind_int64(s, 1, id);
        bind_text(s, 2, author);
        sqlite3_bind_int(s, 3, private_note);
        bind_text(s, 4, text);
        bind_text(s, 5, now);
        st = exec_done(db, s, err, "keeping the note");
    } else if (st == FL_OK) {
        st = FL_EDB;
    }
    if (st == FL_OK)
        return fl_db_commit(db, err);
    fl_db_rollback(db);
    return st;
}

enum fl_status fl_db_case_notes(struct fl_db *db, int64_t case_id, const char *reader,
                                int (*fn)(void *ctx, const char *author, bool private_note,
                                          const char *text, const char *at),
                                void *ctx, struct fl_error *err)
{
    sqlite3_stmt *s = stmt(db, S_CASE_NOTES, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, case_id);
    bind_text(s, 2, reader);
    while (sqlite3_step(s) == SQLITE_ROW)
        if (fn(ctx, col_text(s, 0), sqlite3_column_int(s, 1) != 0, col_text(s, 2),
               col_text(s, 3)))
            break;
    sqlite3_reset(s);
    return FL_OK;
}

void fl_db_start_writeback(struct fl_db *db)
{
    for (int i = 0; i < 2; i++) {
        struct fl_buf p = FL_BUF_INIT;
        fl_buf_printf(&p, "%s%s", db->path, i ? "-wal" : "");
        int fd = p.failed ? -1 : open(p.data, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd >= 0) {
            /* Asynchronous: it only starts the writing (Linux). */
            sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
            close(fd);
        }
        fl_buf_free(&p);
    }
}

void fl_db_set_busy_timeout(struct fl_db *db, int ms)
{
    db->busy_ms = ms;
    sqlite3_busy_timeout(db->h, ms);
}

int64_t fl_db_data_version(struct fl_db *db)
{
    sqlite3_stmt *s = stmt(db, S_DATA_VERSION, NULL);
    int64_t v = -1;
    if (s && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    if (s)
        sqlite3_reset(s);
    return v;
}

/* ---- the intake desk ---------------------------------------------------------------- */

/* Step S (its parameters bound), calling ROW for each result row until it
 * returns non-zero; WHAT names the work for an error. */
static enum fl_status each_row(struct fl_db *db, sqlite3_stmt *s, const char *what,
                               int (*row)(void *ctx, sqlite3_stmt *s), void *ctx,
                               struct fl_error *err)
{
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        if (row(ctx, s) != 0)
            break;
    sqlite3_reset(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(db, err, what);
    return FL_OK;
}

/* The single number statement WHICH gives (its first parameter TEXT or
 * ID), into *N. */
static enum fl_status count_of(struct fl_db *db, enum stmt which, const char *text, int64_t id,
                               int64_t *n, struct fl_error *err)
{
    sqlite3_stmt *s = stmt(db, which, err);
    if (!s)
        return FL_EDB;
    if (text)
        bind_text(s, 1, text);
    else if (id)
        sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    *n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? FL_OK : db_fail(db, err, "counting");
}

struct row_cb {
    void (*fn)(void);
    void *ctx;
};

static int inbox_row(void *ctx, sqlite3_stmt *s)
{
    struct row_cb *cb = ctx;
    struct fl_intake_row r = {
        .case_id = sqlite3_column_int64(s, 0),
        .filing_id = col_text(s, 1),
        .type = col_text(s, 2),
        .cause = col_text(s, 3),
        .first_plaintiff = col_text(s, 4),
        .first_defendant = col_text(s, 5),
        .received = col_text(s, 6),
        .state = col_text(s, 7),
        .clerk = col_text(s, 8),
        .track = col_text(s, 9),
        .procedure = col_text(s, 10),
        .due = col_text(s, 11),
    };
    return ((int (*)(void *, const struct fl_intake_row *))cb->fn)(cb->ctx, &r);
}

enum fl_status fl_db_inbox(struct fl_db *db, const char *clerk, int64_t limit, int64_t offset,
                           int64_t *total,
                           int (*fn)(void *ctx, const struct fl_intake_row *row), void *ctx,
                           struct fl_error *err)
{
    const char *who = clerk ? clerk : "";
    if (total && count_of(db, S_INBOX_COUNT, who, 0, total, err) != FL_OK)
        return FL_EDB;
    if (!fn)
        return FL_OK;
    sqlite3_stmt *s = stmt(db, S_INBOX, err);
    if (!s)
        return FL_EDB;
    bind_text(s, 1, who);
    sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
    sqlite3_bind_int64(s, 3, offset);
    struct row_cb cb = {(void (*)(void))fn, ctx};
    return each_row(db, s, "listing the inbox", inbox_row, &cb, err);
}

static int load_row(void *ctx, sqlite3_stmt *s)
{
    struct row_cb *cb = ctx;
    struct fl_clerk_load r = {
        .login = col_text(s, 0),
        .role = col_text(s, 1),
        .filings = sqlite3_column_int64(s, 2),
        .oldest = col_text(s, 3),
    };
    return ((int (*)(void *, const struct fl_clerk_load *))cb->fn)(cb->ctx, &r);
}

enum fl_status fl_db_clerk_loads(struct fl_db *db, int64_t limit, int64_t offset,
                                 int64_t *total,
                                 int (*fn)(void *ctx, const struct fl_clerk_load *row),
                                 void *ctx, struct fl_error *err)
{
    if (total && count_of(db, S_CLERK_LOADS_COUNT, NULL, 0, total, err) != FL_OK)
        return FL_EDB;
    if (!fn)
        return FL_OK;
    sqlite3_stmt *s = stmt(db, S_CLERK_LOADS, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, limit > 0 ? limit : -1);
    sqlite3_bind_int64(s, 2, offset);
    struct row_cb cb = {(void (*)(void))fn, ctx};
    return each_row(db, s, "listing the clerks' loads", load_row, &cb, err);
}

static int run_row(void *ctx, sqlite3_stmt *s)
{
    struct row_cb *cb = ctx;
    struct fl_run_row r = {
        .id = sqlite3_column_int64(s, 0),
        .started_at = col_text(s, 1),
        .finished_at = col_text(s, 2),
        .login = col_text(s, 3),
        .documents = sqlite3_column_int64(s, 4),
        .accepted = sqlite3_column_int64(s, 5),
        .duplicates = sqlite3_column_int64(s, 6),
        .rejected = sqlite3_column_int64(s, 7),
        .conflicts = sqlite3_column_int64(s, 8),
    };
    return ((int (*)(void *, const struct fl_run_row *))cb->fn)(cb->ctx, &r);
}

enum fl_status fl_db_runs(struct fl_db *db, int64_t limit, int64_t offset, int64_t *total,
                          int (*fn)(void *ctx, const struct fl_run_row *row), void *ctx,
                          struct fl_error *err)
{
    if (total && fl_db_count(db, FL_COUNT_RUNS, total, err) != FL_OK)
        return FL_EDB;
    if (!fn)
        return FL_OK;
    sqlite3_stmt *s = stmt(db, S_RUNS, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, limit > 0 ? limit : -1);
    sqlite3_bind_int64(s, 2, offset);
    struct row_cb cb = {(void (*)(void))fn, ctx};
    return each_row(db, s, "listing the ingest runs", run_row, &cb, err);
}

static int rejection_row(void *ctx, sqlite3_stmt *s)
{
    struct row_cb *cb = ctx;
    struct fl_rejection_row r = {
        .id = sqlite3_column_int64(s, 0),
        .run_id = sqlite3_column_int64(s, 1),
        .source = col_text(s, 2),
        .filing_id = col_text(s, 3),
        .line = (long)sqlite3_column_int64(s, 4),
        .column = (long)sqlite3_column_int64(s, 5),
        .reasons = col_text(s, 6),
        .at = col_text(s, 7),
        .encoding = col_text(s, 8),
        .raw_line = (long)sqlite3_column_int64(s, 9),
        .raw_total = sqlite3_column_int64(s, 10),
        .has_raw = sqlite3_column_int(s, 11) != 0,
    };
    if (sqlite3_column_count(s) > 12 && r.has_raw) {
        r.raw = sqlite3_column_blob(s, 12);
        r.raw_len = (size_t)sqlite3_column_bytes(s, 12);
    }
    return ((int (*)(void *, const struct fl_rejection_row *))cb->fn)(cb->ctx, &r);
}

enum fl_status fl_db_rejections(struct fl_db *db, int64_t run_id, int64_t limit,
                                int64_t offset, int64_t *total,
                                int (*fn)(void *ctx, const struct fl_rejection_row *row),
                                void *ctx, struct fl_error *err)
{
    enum fl_status st = FL_OK;
    if (total)
        st = run_id ? count_of(db, S_COUNT_RUN_REJECTIONS, NULL, run_id, total, err)
                    : fl_db_count(db, FL_COUNT_REJECTIONS, total, err);
    if (st != FL_OK || !fn)
        return st;
    sqlite3_stmt *s = stmt(db, run_id ? S_RUN_REJECTIONS : S_REJECTIONS, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, limit > 0 ? limit : -1);
    sqlite3_bind_int64(s, 2, offset);
    if (run_id)
        sqlite3_bind_int64(s, 3, run_id);
    struct row_cb cb = {(void (*)(void))fn, ctx};
    return each_row(db, s, "listing the rejections", rejection_row, &cb, err);
}

struct found {
    struct row_cb cb;
    bool any;
};

static int found_rejection(void *ctx, sqlite3_stmt *s)
{
    struct found *f = ctx;
    f->any = true;
    return rejection_row(&f->cb, s);
}

enum fl_status fl_db_rejection(struct fl_db *db, int64_t id,
                               int (*fn)(void *ctx, const struct fl_rejection_row *row),
                               void *ctx, struct fl_error *err)
{
    sqlite3_stmt *s = stmt(db, S_REJECTION, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, id);
    struct found f = {{(void (*)(void))fn, ctx}, false};
    enum fl_status st = each_row(db, s, "reading the rejection", found_rejection, &f, err);
    if (st == FL_OK && !f.any)
        return fl_fail(err, FL_ENOTFOUND, "no rejection has the number %lld", (long long)id);
    return st;
}

static int related_row(void *ctx, sqlite3_stmt *s)
{
    struct row_cb *cb = ctx;
    struct fl_related_case r = {
        .id = sqlite3_column_int64(s, 0),
        .case_no = col_text(s, 1),
        .filing_id = col_text(s, 2),
        .cause = col_text(s, 3),
        .state = col_text(s, 4),
        .received = col_text(s, 5),
        .by_name = col_text(s, 6),
        .by_idno = col_text(s, 7),
    };
    return ((int (*)(void *, const struct fl_related_case *))cb->fn)(cb->ctx, &r);
}

enum fl_status fl_db_same_parties(struct fl_db *db, int64_t case_id, int64_t limit,
                                  int64_t *total,
                                  int (*fn)(void *ctx, const struct fl_related_case *row),
                                  void *ctx, struct fl_error *err)
{
    if (total && count_of(db, S_SAME_PARTIES_COUNT, NULL, case_id, total, err) != FL_OK)
        return FL_EDB;
    if (!fn)
        return FL_OK;
    sqlite3_stmt *s = stmt(db, S_SAME_PARTIES, err);
    if (!s)
        return FL_EDB;
    sqlite3_bind_int64(s, 1, case_id);
    sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
    struct row_cb cb = {(void (*)(void))fn, ctx};
    return each_row(db, s, "looking for cases with the same parties", related_row, &cb, err);
}
