#include "steps.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "lifecycle.h"

static bool may_approve(struct fl_db *db, const char *login, char *role, size_t size)
{
    return fl_db_user_role(db, login, role, size) &&
           (strcmp(role, "president") == 0 || strcmp(role, "admin") == 0);
}

/* What the step adds to its own arguments: on acceptance, the case number
 * and the procedure the trial clock runs under. */
static enum fl_status complete_args(struct fl_db *db, const struct fl_case_life *c,
                                    const struct fl_step *s, struct fl_buf *args,
                                    struct fl_error *err)
{
    fl_buf_puts(args, s->args ? s->args : "");
    if (strcmp(s->kind, "accept") != 0)
        return FL_OK;
    char code[64] = "", number[96];
    fl_db_setting(db, "court_code", code, sizeof code);
    const char *type = strcmp(c->type, "bankruptcy") == 0 ? "破申" : "民初";
    enum fl_status st = fl_db_number_case(db, c->case_id, type, code, number, sizeof number, err);
    if (st == FL_OK)
        fl_buf_printf(args, "case_no=%s\nprocedure=%s\n", number, c->procedure);
    return args->failed ? fl_fail(err, FL_ENOMEM, "out of memory") : st;
}

static enum fl_status check(struct fl_db *db, const struct fl_case_life *c,
                            const struct fl_step *s, struct fl_error *err)
{
    char role[16] = "", msg[512];
    bool approval = strcmp(s->kind, "approve") == 0 || strcmp(s->kind, "decline") == 0;
    if (approval && !may_approve(db, s->login, role, sizeof role))
        return fl_fail(err, FL_EINVAL,
                       "%s: only a president (院长 or 庭长) decides on an extension or a "
                       "conversion, and %s is %s; add one with `fenliu user add LOGIN --role "
                       "president`",
                       s->key, s->login, role[0] ? role : "not a user");
    struct fl_life life;
    fl_life_replay(&life, c->received, c->procedure, c->foreign, c->events, c->nevents);
    if (!fl_life_check(&life, s->kind, s->args ? s->args : "", msg, sizeof msg))
        return fl_fail(err, FL_EINVAL, "%s: %s", s->key, msg);
    return FL_OK;
}

enum fl_status fl_case_step(struct fl_db *db, const struct fl_step *s,
                            const struct fl_calendar *cal, const struct fl_periods *periods,
                            struct fl_error *err)
{
    enum fl_status st = fl_db_begin(db, err);
    if (st != FL_OK)
        return st;
    struct fl_case_life c;
    struct fl_buf args = FL_BUF_INIT;
    st = fl_db_case_life(db, s->key, &c, err);
    if (st == FL_OK) {
        st = check(db, &c, s, err);
        if (st == FL_OK)
            st = complete_args(db, &c, s, &args, err);
        if (st == FL_OK)
            st = fl_db_append_event(db, c.case_id, s->kind, s->effective, fl_buf_str(&args),
                                    s->reason, s->login, err);
        if (st == FL_OK)
            st = fl_db_refresh_status(db, c.case_id, cal, periods, err);
        fl_case_life_free(&c);
    }
    fl_buf_free(&args);
    if (st == FL_OK)
        return fl_db_commit(db, err);
    fl_db_rollback(db);
    return st;
}
