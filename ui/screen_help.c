/* The help screen: every key, generated from the one key table
 * (TUI_ACTIONS in tui.h), grouped as the table groups them, with the
 * groups and what each key does in the user's language (the keys and the
 * actions' names are what scripts and docs/ui.md use: never translated). */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "tui.h"
#include "utf8.h"

#define KEYS_COLS 15
#define NAME_COLS 14

static void key_line(struct tui_view *v, const struct tui_action_info *in)
{
    struct fl_buf keys = FL_BUF_INIT, rest = FL_BUF_INIT;
    fl_utf8_pad_whole(&keys, in->keys, KEYS_COLS);
    fl_utf8_pad_whole(&rest, in->name, NAME_COLS);
    fl_buf_puts(&rest, _(in->help));
    tui_add_match(v, TUI_S_NORMAL, 2 + KEYS_COLS + NAME_COLS + 2, "  ", "", fl_buf_str(&keys),
                  fl_buf_str(&rest), TUI_S_LABEL);
    fl_buf_free(&keys);
    fl_buf_free(&rest);
}

/* Whether action A is the first of its group. */
static bool first_of_group(int a)
{
    for (int b = 0; b < a; b++)
        if (strcmp(tui_action_info(b)->group, tui_action_info(a)->group) == 0)
            return false;
    return true;
}

static enum fl_status help_open(struct tui_view *v, const char *arg, struct fl_error *err)
{
    (void)arg;
    (void)err;
    snprintf(v->title, sizeof v->title, "%s", _("Help: keys"));
    for (int g = 0; g < TUI_NACTIONS; g++) {
        if (!first_of_group(g))
            continue;
        const char *group = tui_action_info(g)->group;
        if (g)
            tui_add_line(v, TUI_S_NORMAL, 0, "");
        tui_add_line(v, TUI_S_SECTION, 0, _(group));
        for (int a = g; a < TUI_NACTIONS; a++)
            if (strcmp(tui_action_info(a)->group, group) == 0)
                key_line(v, tui_action_info(a));
    }
    tui_add_line(v, TUI_S_NORMAL, 0, "");
    tui_add_para(v, TUI_S_DIM, 0,
                 _("Rows coloured red are overdue, yellow urgent or near their limit.\n"
                   "The same key names drive a headless script (FENLIU_UI_SCRIPT): see "
                   "docs/ui.md."));
    return FL_OK;
}

static const struct tui_view_ops help_ops = {
    .name = "help",
    .kind = TUI_PAGER,
    .noun = N_("lines"),
    .noun_one = N_("line"),
    .open = help_open,
};

TUI_DEFINE_VIEW(help, help_ops);
