/* The terminal interface: a generic engine of screens (views) on ncursesw.
 *
 * A screen is one file (ui/screen_*.c) ending in a static struct
 * tui_view_ops, filled by field name, and TUI_DEFINE_VIEW.  The engine
 * (ui/tui.c) owns everything else: the stack of open views, their lines,
 * scrolling and the cursor, paging list rows in from the database, column
 * layout, wrapping, colours, the title and status lines, keys, resizing,
 * and the headless mode the tests drive (docs/ui.md).
 *
 * Two kinds of view:
 *   TUI_LIST   rows with a cursor.  With a fetch callback the rows live in
 *              the database: the engine keeps a window of them around what
 *              is shown and asks fetch for [offset, offset+limit) as the
 *              cursor moves, so a list of a million cases costs a screenful.
 *              The view draws each row with tui_draw_cell in the columns of
 *              its table, which the engine fits to the width.
 *   TUI_PAGER  text lines (tui_add_line…) the engine wraps to the width and
 *              scrolls; no draw callback needed.
 *
 * Text: every character reaches the terminal through one helper that
 * sanitizes it (fl_utf8_sanitize: case text can never move the cursor or
 * change colours) and measures it with the engine's widths
 * (fl_codepoint_width, fl_utf8_pad), so columns of Chinese text line up.
 *
 * Keys: the X-macro TUI_ACTIONS is the one list of actions; it generates
 * the action enum, the default key bindings, the help screen and the key
 * table of docs/ui.md (`fenliu ui --keys`).  A screen never looks at keys:
 * it gets actions in its request callback.
 *
 * Labels (i18n.h): the static strings of a view's ops — noun, noun_one,
 * empty and the column titles — are marked N_() by the screen and
 * translated by the engine when it shows them; strings a screen makes at
 * run time (its title, messages, questions' labels) it passes through _()
 * itself.  The key table's groups and help are translated on the help
 * screen; `make pot` finds them in TUI_ACTIONS unmarked (docs/ui.md,
 * "Languages"), and the key table of the docs stays English.
 *
 * Errors: functions return enum fl_status and fill a struct fl_error
 * (error.h); nothing here prints to stdout/stderr or exits.  A failure
 * inside a screen (a database error on opening a case) becomes a message
 * on the status line; only a failure to start (no terminal, a bad script)
 * ends tui_run with an error.
 *
 * Not thread-safe: one interface per process, on the calling thread. */
#ifndef FL_TUI_H
#define FL_TUI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "calendar.h"
#include "db.h"
#include "error.h"
#include "periods.h"

/* ---- actions and keys --------------------------------------------------- */

/* X(ID, name, default keys, group, what it does).  Keys are names as in a
 * headless script, separated by spaces: one character, or <Enter>, <Down>,
 * <Up>, <Left>, <Right>, <PgDn>, <PgUp>, <Home>, <End>, <Space>, <Tab>,
 * <Esc>, <Backspace>, <C-x> (Ctrl+x).  Groups appear in the help in the
 * order they first occur here. */
#define TUI_ACTIONS(X)                                                                         \
    X(MOVE_DOWN, "move-down", "j <Down>", "Moving", "next line")                               \
    X(MOVE_UP, "move-up", "k <Up>", "Moving", "previous line")                                 \
    X(PAGE_DOWN, "page-down", "<PgDn> <Space>", "Moving", "next page")                         \
    X(PAGE_UP, "page-up", "<PgUp> b", "Moving", "previous page")                               \
    X(FIRST, "first", "g <Home>", "Moving", "first line")                                      \
    X(LAST, "last", "G <End>", "Moving", "last line")                                          \
    X(SEARCH, "search", "/", "Lists", "search: case number, filing id, cause or party")        \
    X(FILTER, "filter", "f", "Lists", "filter by track, procedure, flag, judge or state")      \
    X(CLEAR, "clear-filters", "F", "Lists", "clear the filters and the search")               \
    X(MARK, "mark", "m", "Lists", "mark or unmark the row (to assign several at once)")       \
    X(NEXT_LIST, "next-list", "<Tab>", "Lists", "the next list of the screen (intake)")       \
    X(OPEN, "open", "<Enter>", "Screens", "open what the cursor is on (a case in the queue)")  \
    X(INTAKE, "intake", "i", "Screens", "the intake desk: filings awaiting review")           \
    X(RAW, "raw", "x", "Screens", "the filing's raw XML")                                     \
    X(BACK, "back", "q", "Screens", "back to the screen before; in the queue: quit")           \
    X(QUIT, "quit", "Q", "Screens", "quit fenliu")                                             \
    X(HELP, "help", "?", "Screens", "this help: every key")                                    \
    X(RELOAD, "reload", "R", "Screens", "read the screen again from the database")             \
    X(REDRAW, "redraw", "<C-l>", "Screens", "redraw the terminal")                          \
    X(ACT, "act", "a", "Actions", "take a step on the case: those your role may take now")   \
    X(NOTE, "note", "n", "Actions", "add a note to the case (shared, or private to you)")    \
    X(TAKE, "take", "t", "Actions", "intake: take the filing into your own inbox")           \
    X(ASSIGN, "assign", "s", "Actions", "intake: assign the marked filings (or this one) to a clerk")

enum tui_action {
#define TUI_X_ENUM(id, name, keys, group, help) TUI_A_##id,
    TUI_ACTIONS(TUI_X_ENUM)
#undef TUI_X_ENUM
    TUI_NACTIONS
};

struct tui_action_info {
    const char *name, *keys, *group, *help;
};
/* The row of TUI_ACTIONS for A. */
const struct tui_action_info *tui_action_info(enum tui_action a);

/* A key: a Unicode code point, or one of these. */
typedef int32_t tui_key;
enum {
    TUI_KEY_NONE = -1,
    TUI_KEY_UP = 0x110000,
    TUI_KEY_DOWN,
    TUI_KEY_LEFT,
    TUI_KEY_RIGHT,
    TUI_KEY_PGUP,
    TUI_KEY_PGDN,
    TUI_KEY_HOME,
    TUI_KEY_END,
    TUI_KEY_BACKSPACE,
    TUI_KEY_RESIZE, /* the terminal changed size */
};

/* Parse one key name (see TUI_ACTIONS) of LEN bytes at S; TUI_KEY_NONE
 * when it is not one. */
tui_key tui_key_parse(const char *s, size_t len);
/* Append the name of KEY to B. */
void tui_key_name(struct fl_buf *b, tui_key key);

/* The key table as Markdown (a table of keys, action and help), for
 * docs/ui.md and `fenliu ui --keys`. */
void tui_keys_markdown(struct fl_buf *b);

/* ---- styles ------------------------------------------------------------- */

/* How text looks; tui.c maps each to colours, and to bold/reverse/underline
 * when the terminal has no colours (or $NO_COLOR is set). */
#define TUI_STYLES(X)                                                                          \
    X(NORMAL) X(TITLE) X(STATUS) X(HEADING) X(SECTION) X(LABEL) X(DIM) X(MATCH) X(ERROR)      \
    X(OK) X(WARNING) X(URGENT) X(OVERDUE)

enum tui_style {
#define TUI_X_STYLE(id) TUI_S_##id,
    TUI_STYLES(TUI_X_STYLE)
#undef TUI_X_STYLE
    TUI_NSTYLES
};

/* ---- what every screen may use ------------------------------------------ */

/* Owned by the caller of tui_run; outlives every view. */
struct tui_env {
    struct fl_db *db;
    const struct fl_calendar *cal;
    const struct fl_periods *periods;
    fl_date today;
    const char *login; /* the operating-system login */
    const char *role;  /* its role (clerk, judge, president, admin); "" when
                        * the login is not a user: read-only */
};

/* ---- views --------------------------------------------------------------- */

struct tui_app;
struct tui_view;

enum tui_kind { TUI_PAGER, TUI_LIST };
enum tui_result { TUI_UNHANDLED, TUI_HANDLED };

/* One line of a view.  Pager lines have TEXT (sanitized, owned by the
 * engine); list rows have DATA (the screen's row, one malloc'd block the
 * engine frees with free()). */
struct tui_line {
    char *text;
    void *data;
    enum tui_style style;
    int hang;                   /* wrapped rows of TEXT start at this column */
    size_t span_start, span_len; /* bytes of TEXT drawn in SPAN_STYLE */
    enum tui_style span_style;
};

/* A list column.  The engine gives each shown column its preferred width,
 * shrinks them towards MIN when the screen is narrow (growing ones first),
 * hands spare columns to those with GROW (in proportion), and when even
 * that does not fit drops columns, highest DROP first (0: never). */
struct tui_column {
    const char *title;
    int min, pref, grow, drop;
    bool right; /* right-aligned */
};

#define TUI_MAX_COLUMNS 12

struct tui_view_ops {
    const char *name;  /* "queue": in the status line */
    enum tui_kind kind;
    size_t priv_size;  /* bytes of private state, zeroed, freed with the view */
    const char *noun;  /* what the rows are, for the title: "cases" */
    const char *noun_one; /* one of them: "case" (the title says "1 case");
                           * NULL: NOUN whatever the count */
    const char *empty; /* what the body says when there is nothing */
    const struct tui_column *columns; /* TUI_LIST */
    size_t ncolumns;
    /* Set v->title, and for a pager add its lines.  ARG is what tui_open
     * got (may be NULL).  On failure the view is not shown. */
    enum fl_status (*open)(struct tui_view *v, const char *arg, struct fl_error *err);
    /* TUI_LIST from the database: add rows OFFSET.. (at most LIMIT) with
     * tui_add_row and give the number of rows with tui_set_total. */
    enum fl_status (*fetch)(struct tui_view *v, int64_t offset, int64_t limit,
                            struct fl_error *err);
    /* TUI_LIST: draw LINE on screen row Y with tui_draw_cell. */
    void (*draw)(struct tui_view *v, const struct tui_line *line, int y, bool selected);
    /* An action, before the engine's own handling of it. */
    enum tui_result (*request)(struct tui_view *v, enum tui_action a);
    /* The cursor is on LINE: append what the status line says about it. */
    void (*select)(struct tui_view *v, const struct tui_line *line, struct fl_buf *status);
    /* The questions of tui_ask (TAG as given there) were answered:
     * ANSWERS[0..N) (choices expanded to the full choice; "" for an
     * optional question left empty). */
    void (*answer)(struct tui_view *v, int tag, char *const *answers, size_t n);
    /* Free what the view's private state holds (not the state itself). */
    void (*close)(struct tui_view *v);
};

/* Screens define themselves at the end of their file with
 * TUI_DEFINE_VIEW(queue, queue_ops) and are named tui_NAME_view. */
#define TUI_DEFINE_VIEW(name, table) const struct tui_view_ops *const tui_##name##_view = &(table)
extern const struct tui_view_ops *const tui_queue_view; /* screen_queue.c: home */
extern const struct tui_view_ops *const tui_case_view;  /* screen_case.c: ARG a case key */
extern const struct tui_view_ops *const tui_help_view;  /* screen_help.c */
/* The intake desk (screen_intake.c: ARG NULL, the section's inbox), a
 * filing under review (screen_review.c: ARG its filing id) and raw XML
 * (screen_raw.c: ARG "filing:ID" or "rejection:N"). */
extern const struct tui_view_ops *const tui_intake_view;
extern const struct tui_view_ops *const tui_review_view;
extern const struct tui_view_ops *const tui_raw_view;

struct tui_view {
    const struct tui_view_ops *ops;
    struct tui_app *app;
    const struct tui_env *env;
    void *priv;
    char *arg;        /* copy of tui_open's ARG */
    char title[256];  /* left of the title bar (sanitized when drawn) */
    /* Engine-owned from here: lines[0] is row BASE of TOTAL. */
    struct tui_line *lines;
    size_t nlines, cap;
    int64_t base, total;
    int64_t top, sel; /* first row shown (pager: wrapped row); cursor */
    bool stale;       /* refetch before drawing */
    bool changed;     /* the database changed: read the view again */
    struct tui_wrap *wrap;
    size_t nwrap;
    int wrap_width;
    int widths[TUI_MAX_COLUMNS], xs[TUI_MAX_COLUMNS]; /* 0 width: dropped */
    int layout_width;
};

/* Open a view of OPS on top of the current one.  On failure the message
 * goes to the status line, and the status is returned. */
enum fl_status tui_open(struct tui_app *app, const struct tui_view_ops *ops, const char *arg);

/* Pager lines.  TEXT is sanitized here (a newline shows as ^J: give
 * paragraphs to tui_add_para).  Return the line, or NULL when out of
 * memory (the view remembers and says so). */
struct tui_line *tui_add_line(struct tui_view *v, enum tui_style st, int hang, const char *text);
struct tui_line *tui_add_linef(struct tui_view *v, enum tui_style st, int hang, const char *fmt,
                               ...) __attribute__((format(printf, 4, 5)));
/* TEXT's lines, each after INDENT spaces and wrapped under them. */
void tui_add_para(struct tui_view *v, enum tui_style st, int indent, const char *text);
/* PREFIX BEFORE MATCH AFTER on one line, MATCH drawn in MATCH_STYLE. */
struct tui_line *tui_add_match(struct tui_view *v, enum tui_style st, int hang,
                               const char *prefix, const char *before, const char *match,
                               const char *after, enum tui_style match_style);

/* List rows (from fetch): DATA is malloc'd; the engine frees it, also when
 * this fails. */
enum fl_status tui_add_row(struct tui_view *v, void *data, struct fl_error *err);
void tui_set_total(struct tui_view *v, int64_t total);
/* The row under the cursor, or NULL. */
const struct tui_line *tui_selected(const struct tui_view *v);

/* Whether column COL is on screen (narrow screens drop some). */
bool tui_column_shown(const struct tui_view *v, size_t col);
/* Draw TEXT (sanitized here; NULL shows "-") in column COL of list row Y,
 * cut with "…" or padded to the column's width. */
void tui_draw_cell(struct tui_view *v, int y, size_t col, const char *text, enum tui_style st,
                   bool selected);

/* Read V again before it is next drawn (after the screen changed the
 * database itself: another connection's changes are seen by polling). */
void tui_reload(struct tui_view *v);

/* Put a view of OPS (with ARG) in the place of V, the screen on top: how
 * Tab goes through the lists of one screen (the intake desk), so that q
 * still leaves the screen.  V is freed: its caller returns at once.  On
 * failure V stays, and the message goes to the status line. */
enum fl_status tui_replace(struct tui_view *v, const struct tui_view_ops *ops, const char *arg);

/* Move V's cursor (a pager: scroll) as the move action ACT does. */
void tui_move(struct tui_view *v, enum tui_action act);

/* ---- asking ----------------------------------------------------------- */

/* A question on the bottom line.  With CHOICES the answer must be one of
 * them (or the start of exactly one: it is completed; Tab completes and
 * cycles, Up/Down step through them). */
struct tui_question {
    const char *label;          /* "reason" */
    const char *const *choices; /* NULL-terminated; NULL: free text */
    const char *initial;        /* the answer to start from, or NULL */
    bool optional;              /* an empty answer is accepted */
};
#define TUI_MAX_QUESTIONS 8

/* Choices made at run time (from the database): a NULL-terminated list of
 * copies.  Start from {0}; tui_choices_add appends a copy of S (false, and
 * FAILED set, when out of memory); tui_choices_free frees them. */
struct tui_choices {
    char **v;
    size_t n, cap;
    bool failed;
};
bool tui_choices_add(struct tui_choices *c, const char *s);
void tui_choices_free(struct tui_choices *c);

/* Ask QS[0..N) one after another on the bottom line (copied: they need
 * not outlive the call), then call V's answer with TAG.  Enter answers,
 * Esc (or C-g) cancels the whole form; while asking, keys edit the answer
 * (Left/Right, Home/End or C-a/C-e, Backspace, C-u, C-k) and the screen
 * is not reloaded under the question.  FL_EINVAL when a form is being
 * asked already or N is out of range. */
enum fl_status tui_ask(struct tui_view *v, int tag, const struct tui_question *qs, size_t n);

/* Whether the user may change things; when not, says so on the status
 * line (the login is not a user: read-only, and how to be added). */
bool tui_may_write(struct tui_view *v);

/* A message on the status line until the next key (while a form is
 * asked: on the row above it, in place of the hint). */
void tui_message(struct tui_app *app, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- running ----------------------------------------------------------- */

struct tui_options {
    const struct tui_view_ops *home; /* the first screen */
    /* Headless (tests): keystrokes from SCRIPT, drawing to /dev/null at
     * the size of $LINES/$COLUMNS, dumps into DUMP_DIR.  NULL: the
     * terminal on stdin/stdout. */
    const char *script;
    const char *dump_dir;
    bool monochrome; /* no colours even if the terminal has them */
    /* When not NULL: append to this file, for each key or step, its name
     * and the milliseconds spent handling it and drawing the screen after
     * it (make bench). */
    const char *timings;
};

/* Run the interface until the user quits (or the script ends).  Changes
 * other connections commit (PRAGMA data_version) are polled for every
 * quarter of a second when no key comes, and the screens read again.  Errors:
 * FL_EIO (no terminal, a dump could not be written, the script cannot be
 * read), FL_EINVAL (a bad script line: ERR has its file and line), and
 * whatever opening the home screen returned. */
enum fl_status tui_run(const struct tui_env *env, const struct tui_options *opt,
                       struct fl_error *err);

#endif
