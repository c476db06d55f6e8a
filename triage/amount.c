/* Amounts in Chinese free text; amount.h says which forms and roles.
 *
 * The scanner walks the UTF-8 bytes once.  Wherever a character could open
 * an amount (a digit, a Chinese numeral, 人民币, ￥) it reads the whole run
 * of numerals as one number and then looks for the unit; a run that is not
 * an amount is skipped whole, so a long digit string is read once, not once
 * per suffix.  Values are kept in fen, as int64_t, never above
 * FL_AMOUNT_MAX_FEN; a decimal is kept as m / 10^k until a unit scales it,
 * so that 5.6万 is exact. */
#include "amount.h"

#include <string.h>

typedef unsigned char uchar;

static const int64_t ten_pow[19] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
    INT64_C(10000000000), INT64_C(100000000000), INT64_C(1000000000000),
    INT64_C(10000000000000), INT64_C(100000000000000), INT64_C(1000000000000000),
    INT64_C(10000000000000000), INT64_C(100000000000000000),
    INT64_C(1000000000000000000),
};

/* FL_AMOUNT_MAX_FEN / 10^i, worked out by the compiler: a division by a
 * variable costs more than reading a whole character. */
#define LIM(p) (FL_AMOUNT_MAX_FEN / INT64_C(p))
static const int64_t max_times[19] = {
    LIM(1), LIM(10), LIM(100), LIM(1000), LIM(10000), LIM(100000), LIM(1000000),
    LIM(10000000), LIM(100000000), LIM(1000000000), LIM(10000000000), LIM(100000000000),
    LIM(1000000000000), LIM(10000000000000), LIM(100000000000000), LIM(1000000000000000),
    LIM(10000000000000000), LIM(100000000000000000), LIM(1000000000000000000),
};

/* *ACC += V unless that passes FL_AMOUNT_MAX_FEN; both are >= 0. */
static bool add(int64_t *acc, int64_t v)
{
    if (v > FL_AMOUNT_MAX_FEN - *acc)
        return false;
    *acc += v;
    return true;
}

/* ---- characters --------------------------------------------------------- */

/* What a character can be in a number, with a value in the low four bits:
 * the digit, or the power of ten of 十百千 (1-3) and 万亿 (4, 8). */
enum kind { K_NONE, K_DIGIT, K_ZERO, K_SMALL, K_BIG, K_YUAN, K_JIAO, K_FEN, K_REN };
#define KV(k, v) ((uchar)((k) << 4 | (v)))
#define CJK_FIRST 0x4E00
#define AT(cp) [(cp) - CJK_FIRST]

/* Indexed by code point, so that telling a numeral from the other Chinese
 * characters around it costs one load (the scanner asks for every one). */
static const uchar cjk_kind[0x96F7 - CJK_FIRST] = {
    AT(0x96F6) = KV(K_ZERO, 0),  /* 零 */
    AT(0x4E00) = KV(K_DIGIT, 1), /* 一 */
    AT(0x58F9) = KV(K_DIGIT, 1), /* 壹 */
    AT(0x4E8C) = KV(K_DIGIT, 2), /* 二 */
    AT(0x4E24) = KV(K_DIGIT, 2), /* 两 */
    AT(0x8D30) = KV(K_DIGIT, 2), /* 贰 */
    AT(0x8CB3) = KV(K_DIGIT, 2), /* 貳 */
    AT(0x4E09) = KV(K_DIGIT, 3), /* 三 */
    AT(0x53C1) = KV(K_DIGIT, 3), /* 叁 */
    AT(0x53C3) = KV(K_DIGIT, 3), /* 參 */
    AT(0x56DB) = KV(K_DIGIT, 4), /* 四 */
    AT(0x8086) = KV(K_DIGIT, 4), /* 肆 */
    AT(0x4E94) = KV(K_DIGIT, 5), /* 五 */
    AT(0x4F0D) = KV(K_DIGIT, 5), /* 伍 */
    AT(0x516D) = KV(K_DIGIT, 6), /* 六 */
    AT(0x9646) = KV(K_DIGIT, 6), /* 陆 */
    AT(0x9678) = KV(K_DIGIT, 6), /* 陸 */
    AT(0x4E03) = KV(K_DIGIT, 7), /* 七 */
    AT(0x67D2) = KV(K_DIGIT, 7), /* 柒 */
    AT(0x516B) = KV(K_DIGIT, 8), /* 八 */
    AT(0x634C) = KV(K_DIGIT, 8), /* 捌 */
    AT(0x4E5D) = KV(K_DIGIT, 9), /* 九 */
    AT(0x7396) = KV(K_DIGIT, 9), /* 玖 */
    AT(0x5341) = KV(K_SMALL, 1), /* 十 */
    AT(0x62FE) = KV(K_SMALL, 1), /* 拾 */
    AT(0x767E) = KV(K_SMALL, 2), /* 百 */
    AT(0x4F70) = KV(K_SMALL, 2), /* 佰 */
    AT(0x5343) = KV(K_SMALL, 3), /* 千 */
    AT(0x4EDF) = KV(K_SMALL, 3), /* 仟 */
    AT(0x4E07) = KV(K_BIG, 4),   /* 万 */
    AT(0x842C) = KV(K_BIG, 4),   /* 萬 */
    AT(0x4EBF) = KV(K_BIG, 8),   /* 亿 */
    AT(0x5104) = KV(K_BIG, 8),   /* 億 */
    AT(0x5143) = KV(K_YUAN, 0),  /* 元 */
    AT(0x5706) = KV(K_YUAN, 0),  /* 圆 */
    AT(0x5713) = KV(K_YUAN, 0),  /* 圓 */
    AT(0x89D2) = KV(K_JIAO, 0),  /* 角 */
    AT(0x5206) = KV(K_FEN, 0),   /* 分 */
    AT(0x4EBA) = KV(K_REN, 0),   /* 人, of 人民币 */
};

static inline unsigned kind_of(uint32_t cp)
{
    if (cp >= CJK_FIRST && cp < CJK_FIRST + sizeof cjk_kind)
        return cjk_kind[cp - CJK_FIRST];
    return cp == 0x3007 ? KV(K_ZERO, 0) : 0; /* 〇 */
}

/* The code point of the three-byte sequence at I, or 0 when there is none
 * there (ASCII, another length, bad or cut-off bytes).  Every character an
 * amount or its context is made of, but ¥ and ×, takes three bytes. */
static inline uint32_t cp3(const uchar *p, size_t len, size_t i)
{
    if (i >= len || len - i < 3 || (p[i] & 0xF0) != 0xE0 || (p[i + 1] & 0xC0) != 0x80 ||
        (p[i + 2] & 0xC0) != 0x80)
        return 0;
    return (uint32_t)(p[i] & 0x0F) << 12 | (uint32_t)(p[i + 1] & 0x3F) << 6 | (p[i + 2] & 0x3F);
}

/* Does the text at I start with S?  A byte loop, not memcmp: S is a word or
 * two, and most calls fail on the first byte. */
static inline bool has(const uchar *p, size_t len, size_t i, const char *s)
{
    for (; *s; s++, i++)
        if (i >= len || p[i] != (uchar)*s)
            return false;
    return true;
}

/* Does the text before I (not before FLOOR) end with S? */
static inline bool has_before(const uchar *p, size_t floor, size_t i, const char *s)
{
    size_t n = strlen(s);
    return i - floor >= n && has(p, i, i - n, s);
}

static size_t skip_spaces(const uchar *p, size_t len, size_t i)
{
    for (;;) {
        if (i < len && (p[i] == ' ' || p[i] == '\t'))
            i++;
        else if (has(p, len, i, "\u3000") || has(p, len, i, "\u00A0"))
            i += p[i] == 0xC2 ? 2 : 3;
        else
            return i;
    }
}

/* An ASCII or full-width digit at I: its value, or -1. */
static inline int digit_at(const uchar *p, size_t len, size_t i, size_t *w)
{
    if (i < len && (unsigned)(p[i] - '0') < 10) {
        *w = 1;
        return p[i] - '0';
    }
    if (i < len && len - i >= 3 && p[i] == 0xEF && p[i + 1] == 0xBC && p[i + 2] >= 0x90 &&
        p[i + 2] <= 0x99) {
        *w = 3;
        return p[i + 2] - 0x90;
    }
    return -1;
}

/* ---- numbers ------------------------------------------------------------ */

/* The fen in M / 10^K yuan times 10^E, if exact and not too large. */
static bool scale(int64_t m, int k, int e, int64_t *fen)
{
    int s = 2 + e - k;
    if (s >= 0) {
        if (m > max_times[s])
            return false;
        *fen = m * ten_pow[s];
        return true;
    }
    if (-s > 18 || m % ten_pow[-s])
        return false; /* a fraction of a fen */
    *fen = m / ten_pow[-s];
    return true;
}

/* A run of Arabic digits: the value is m / 10^k yuan. */
struct arabic {
    int64_t m;
    int k;
    bool point, bad;
};

static void push_digit(struct arabic *a, int d)
{
    if (a->m > (FL_AMOUNT_MAX_FEN - d) / 10 || a->k > 40)
        a->bad = true;
    else
        a->m = a->m * 10 + d;
}

/* A comma or a decimal point (ASCII or full-width) at I: its width, or 0. */
static size_t sep_at(const uchar *p, size_t len, size_t i, bool *comma)
{
    if (i >= len)
        return 0;
    *comma = p[i] == ',' || has(p, len, i, "，");
    if (p[i] == ',' || p[i] == '.')
        return 1;
    return *comma || has(p, len, i, "．") ? 3 : 0;
}

/* Digits with commas grouping by three and one decimal point, read to the
 * end of the run even when it is malformed (5,6000 is BAD, not 5 and 6000).
 * Trailing zeros of the fraction are dropped, so 56000.000 is still exact. */
static size_t read_arabic(const uchar *p, size_t len, size_t i, struct arabic *a)
{
    int group = 0, zeros = 0;
    bool commas = false, comma;
    *a = (struct arabic){0};
    for (;;) {
        size_t w, sw;
        int d = digit_at(p, len, i, &w);
        if (d >= 0) {
            if (!a->point) {
                push_digit(a, d);
            } else if (d == 0) {
                zeros++;
            } else {
                for (; zeros >= 0; zeros--, a->k++)
                    push_digit(a, zeros ? 0 : d);
                zeros = 0;
            }
            group++;
            i += w;
            continue;
        }
        sw = sep_at(p, len, i, &comma);
        if (!sw || digit_at(p, len, i + sw, &w) < 0)
            break;
        if (a->point || (commas && group != 3) || (comma && group > 3))
            a->bad = true;
        commas |= comma;
        a->point |= !comma;
        group = 0;
        i += sw;
    }
    if (commas && !a->point && group != 3)
        a->bad = true;
    return i;
}

/* A number being read, left to right: 1亿2000万, 壹拾万零伍佰, 5.6万. */
struct num {
    int64_t hi, mid, lo; /* fen: whole 亿 sections, whole 万 parts of this
                          * section, the 十百千 terms of this part */
    int64_t m;           /* the numeral waiting for its unit: m / 10^k yuan */
    int k;
    int small; /* power of the last 十百千 in this part; 4 when none yet */
    int unit;  /* power of the last unit of any kind; 0 when none yet */
    bool pend, pend_cn, zero, wan, yi, any, point, bad;
};

static void num_numeral(struct num *n, int64_t m, int k, bool cn)
{
    if (n->pend) /* 五六万: two numerals in a row say "five or six" */
        n->bad = true;
    n->m = m;
    n->k = k;
    n->pend = n->any = true;
    n->pend_cn = cn;
}

static void num_zero(struct num *n)
{
    if (n->pend) /* 二〇二二 is a year, not a sum */
        n->bad = true;
    n->zero = n->any = true;
}

static void num_small(struct num *n, int e)
{
    int64_t v;
    /* 十 alone means 一十 (十二万); 百 and 千 need a digit (百分之 is none). */
    if ((!n->pend && e != 1) || e >= n->small ||
        !scale(n->pend ? n->m : 1, n->pend ? n->k : 0, e, &v) || !add(&n->lo, v))
        n->bad = true;
    n->pend = n->zero = false;
    n->small = n->unit = e;
    n->any = true;
}

static void num_big(struct num *n, int e)
{
    int64_t part = e == 8 ? n->mid + n->lo : n->lo, v = 0;
    bool ok = (n->pend || part) && !(e == 8 ? n->yi : n->wan) &&
              part <= max_times[e];
    if (ok) {
        part *= ten_pow[e];
        ok = (!n->pend || (scale(n->m, n->k, e, &v) && add(&part, v))) &&
             add(e == 8 ? &n->hi : &n->mid, part);
    }
    if (!ok)
        n->bad = true;
    if (e == 8)
        n->mid = 0;
    n->yi |= e == 8;
    n->wan = e == 4;
    n->lo = 0;
    n->pend = n->zero = false;
    n->small = 4;
    n->unit = e;
}

static bool num_value(const struct num *n, int64_t *fen)
{
    int64_t v = n->hi, t;
    if (n->bad || !n->any)
        return false;
    /* 一万五 and 三千五 are spoken for 15000 and 3500, but as written they
     * could be 10005 and 3005: not sure enough to be a sum. */
    if (n->pend && n->pend_cn && n->unit > 1 && !n->zero)
        return false;
    if (!add(&v, n->mid) || !add(&v, n->lo))
        return false;
    if (n->pend && !(scale(n->m, n->k, 0, &t) && add(&v, t)))
        return false;
    *fen = v;
    return true;
}

/* Reads the whole run of numerals at I into N (to its end even when it is
 * no number, so that no tail of it is tried again) and returns its end. */
static size_t read_number(const uchar *p, size_t len, size_t i, struct num *n)
{
    *n = (struct num){.small = 4};
    for (;;) {
        size_t w;
        if (digit_at(p, len, i, &w) >= 0) {
            struct arabic a;
            i = read_arabic(p, len, i, &a);
            num_numeral(n, a.m, a.k, false);
            n->bad |= a.bad;
            n->point |= a.point;
            continue;
        }
        unsigned kv = kind_of(cp3(p, len, i));
        switch (kv >> 4) {
        case K_DIGIT: num_numeral(n, kv & 15, 0, true); break;
        case K_ZERO: num_zero(n); break;
        case K_SMALL: num_small(n, (int)(kv & 15)); break;
        case K_BIG: num_big(n, (int)(kv & 15)); break;
        default: return i;
        }
        i += 3;
    }
}

/* ---- units and currencies ------------------------------------------------ */

/* A digit of 角 or 分: Arabic or Chinese, 0-9, or -1. */
static int small_digit(const uchar *p, size_t len, size_t i, size_t *w)
{
    int d = digit_at(p, len, i, w);
    if (d >= 0)
        return d;
    unsigned kv = kind_of(cp3(p, len, i));
    *w = 3;
    return kv >> 4 == K_DIGIT ? (int)(kv & 15) : -1;
}

/* 角 and 分 after 元 (伍角, 5角3分, 零伍分): adds them to *FEN, returns the end. */
static size_t read_jiao_fen(const uchar *p, size_t len, size_t i, int64_t *fen)
{
    size_t w, j = i;
    int d = small_digit(p, len, j, &w);
    if (d >= 0 && kind_of(cp3(p, len, j + w)) == KV(K_JIAO, 0)) {
        *fen += 10 * d;
        i = j = j + w + 3;
    }
    if (kind_of(cp3(p, len, j)) == KV(K_ZERO, 0))
        j += 3;
    d = small_digit(p, len, j, &w);
    if (d >= 0 && kind_of(cp3(p, len, j + w)) == KV(K_FEN, 0)) {
        *fen += d;
        i = j + w + 3;
    }
    return i;
}

/* The unit after a number at I: 元 / 圆 with 角, 分 and 整 after it.  Returns
 * its end (I when there is none) and adds 角 and 分 to *FEN. */
static size_t read_unit(const uchar *p, size_t len, size_t i, bool point, int64_t *fen)
{
    size_t j = skip_spaces(p, len, i);
    if (has(p, len, j, "yuan") || has(p, len, j, "Yuan") || has(p, len, j, "YUAN")) {
        j += 4; /* an English text's RMB 56,000 yuan */
        return j < len && (unsigned)((p[j] | 0x20) - 'a') < 26 ? i : j; /* not yuanbao */
    }
    if (kind_of(cp3(p, len, j)) != KV(K_YUAN, 0))
        return i;
    j += 3;
    if (!point) /* 5.5元3角 says the same thing twice: keep 5.5元 */
        j = read_jiao_fen(p, len, j, fen);
    return has(p, len, j, "整") ? j + 3 : j;
}

/* Past 人民币 / RMB / CNY / ¥ / ￥ and a colon or spaces at I; I when none. */
static size_t skip_currency(const uchar *p, size_t len, size_t i)
{
    static const char *const names[] = {"人民币", "RMB", "CNY", "\u00A5", "\uFFE5"};
    if (i >= len || (p[i] != 0xE4 && p[i] != 'R' && p[i] != 'C' && p[i] != 0xC2 && p[i] != 0xEF))
        return i; /* most often a digit */
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        if (has(p, len, i, names[k])) {
            size_t j = skip_spaces(p, len, i + strlen(names[k]));
            j = has(p, len, j, "：") ? j + 3 : has(p, len, j, ":") ? j + 1 : j;
            return skip_spaces(p, len, j);
        }
    }
    return i;
}

/* A sum in another currency right before I (港币10000元, 美元500元, $500)
 * is no sum in yuan. */
static bool foreign_before(const uchar *p, size_t i)
{
    static const char *const names[] = {"美元", "美金", "港元", "港币", "澳元", "澳门币",
                                        "欧元", "日元", "英镑", "韩元", "台币", "外币",
                                        "$",    "USD",  "HKD",  "EUR"};
    while (i > 0 && p[i - 1] == ' ')
        i--;
    /* Each name ends in 元, 币, 金, 镑, $, D or R: most amounts stop here. */
    if (i == 0 || !(p[i - 1] == '$' || p[i - 1] == 'D' || p[i - 1] == 'R' ||
                    has_before(p, 0, i, "元") || has_before(p, 0, i, "币") ||
                    has_before(p, 0, i, "金") || has_before(p, 0, i, "镑")))
        return false;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (has_before(p, 0, i, names[k]))
            return true;
    return false;
}

/* 5万余元, 3万多元, 人民币5万余: more than the number says, not a sum. */
static bool approximate(const uchar *p, size_t len, size_t i)
{
    i = skip_spaces(p, len, i);
    return has(p, len, i, "余") || has(p, len, i, "多") || has(p, len, i, "来");
}

/* The amount that starts at I, if one does (BARE: a number needs neither unit
 * nor currency).  *NEXT is where to look next, I when nothing was read. */
static bool amount_at(const uchar *p, size_t len, size_t i, bool bare, struct fl_amount *a,
                      size_t *next)
{
    size_t j = skip_currency(p, len, i), end;
    struct num n;
    size_t e = read_number(p, len, j, &n);
    int64_t fen;
    *next = e;
    if (e == j || !num_value(&n, &fen) || approximate(p, len, e))
        return false;
    end = read_unit(p, len, e, n.point, &fen);
    if ((end == e && j == i && !bare) || fen > FL_AMOUNT_MAX_FEN || foreign_before(p, i))
        return false;
    *a = (struct fl_amount){.start = i, .end = end, .fen = fen, .role = FL_AMOUNT_CLAIMED};
    *next = end;
    return true;
}

/* ---- roles --------------------------------------------------------------- */

static size_t paren_at(const uchar *p, size_t len, size_t i, bool open)
{
    if (i < len && p[i] == (open ? '(' : ')'))
        return 1;
    return has(p, len, i, open ? "（" : "）") ? 3 : 0;
}

/* Past the words that open a restatement, in any order: （大写：, (即. */
static size_t skip_restate_words(const uchar *p, size_t len, size_t i)
{
    static const char *const words[] = {"大写", "小写", "金额", "即", "为", "：", ":"};
    size_t k = 0, n = sizeof words / sizeof words[0];
    i = skip_spaces(p, len, i);
    while (k < n) {
        if (has(p, len, i, words[k])) {
            i = skip_spaces(p, len, i + strlen(words[k]));
            k = 0;
        } else {
            k++;
        }
    }
    return i;
}

/* Is the amount at START a restatement of the one that ended at PREV_END? */
static bool restates(const uchar *p, size_t len, size_t prev_end, size_t start)
{
    size_t j = skip_spaces(p, len, prev_end), w = paren_at(p, len, j, true);
    return w && skip_restate_words(p, len, j + w) == start;
}

/* Where the text after the amount ending at END goes on: past a
 * restatement, so that 56000元（大写：伍万陆仟元整）为基数 is a base. */
static size_t after_restatement(const uchar *p, size_t len, size_t end)
{
    size_t j = skip_spaces(p, len, end), w = paren_at(p, len, j, true), k, next;
    struct fl_amount b;
    if (!w || !amount_at(p, len, skip_restate_words(p, len, j + w), false, &b, &next))
        return j;
    k = skip_spaces(p, len, b.end);
    w = paren_at(p, len, k, false);
    return w ? skip_spaces(p, len, k + w) : j;
}

/* 的 and a rate within eight characters: 本金50000元的日万分之五. */
static bool rate_follows(const uchar *p, size_t len, size_t i)
{
    static const char *const rates[] = {"之", "率", "%", "％", "利息", "罚息"};
    for (int chars = 0; chars < 8 && i < len; chars++) {
        for (size_t k = 0; k < sizeof rates / sizeof rates[0]; k++)
            if (has(p, len, i, rates[k]))
                return true;
        i += p[i] < 0x80 ? 1 : p[i] >= 0xE0 ? 3 : 2;
    }
    return false;
}

/* BASE or RATE from the words after the amount, or -1. */
static int role_after(const uchar *p, size_t len, size_t end)
{
    size_t j = after_restatement(p, len, end);
    size_t k = has(p, len, j, "作为") ? j + 6 : has(p, len, j, "为") ? j + 3 : j;
    if (k > j) {
        k = has(p, len, k, "计算") || has(p, len, k, "计息") ? k + 6 : k;
        if (has(p, len, k, "基数") || has(p, len, k, "本金"))
            return FL_AMOUNT_BASE;
    }
    if (has(p, len, j, "\u00D7") || has(p, len, j, "*") || has(p, len, j, "乘以") ||
        (has(p, len, j, "的") && rate_follows(p, len, j + 3)))
        return FL_AMOUNT_BASE;
    /* A bound on someone's liability for the sums claimed, not one more. */
    k = has(p, len, j, "的") ? j + 3 : j;
    if (has(p, len, k, "范围内") || has(p, len, k, "限额内") || has(p, len, k, "为限") ||
        has(p, len, k, "以内"))
        return FL_AMOUNT_BASE;
    if (has(p, len, j, "/") || has(p, len, j, "／") || has(p, len, j, "每"))
        return FL_AMOUNT_RATE;
    return -1;
}

/* The role the nearest marker before START in its clause gives (FLOOR: the
 * end of the amount before, which has used up the markers before it). */
static enum fl_amount_role role_before(const uchar *p, size_t floor, size_t start)
{
    size_t lim = start - floor > 60 ? start - 60 : floor;
    bool percent = false; /* a rate lies between: 按每日万分之五计算的违约金3000元 */
    for (size_t i = start, j, chars = 0; i > lim; i = j, chars++) {
        for (j = i - 1; j > lim && (p[j] & 0xC0) == 0x80; j--)
            ;
        uint32_t cp = i - j == 3 ? cp3(p, i, j) : p[j] < 0x80 ? p[j] : 0;
        switch (cp) {
        case ',': case ';': case '(': case ')': case '\n': case '\r':
        case 0xFF0C: case 0xFF1B: case 0x3002: case 0x3001: case 0xFF08: case 0xFF09: /* ，；。、（） */
            return FL_AMOUNT_CLAIMED;
        case '%': case 0xFF05: case 0x4E4B: /* ％ 之 */
            percent = true;
            break;
        case 0x6BCF: /* 每 */
            if (!percent)
                return FL_AMOUNT_RATE;
            break;
        case 0x65E5: case 0x6708: case 0x5E74: case 0x5929: case 0x5468: /* 日月年天周 */
            if (!percent && chars <= 5 && has_before(p, lim, j, "按"))
                return FL_AMOUNT_RATE;
            break;
        case 0x8BA1: /* 计 */
            if (has_before(p, lim, j, "共") || has_before(p, lim, j, "合") ||
                has_before(p, lim, j, "总") || has_before(p, lim, j, "累") ||
                has_before(p, lim, j, "小"))
                return FL_AMOUNT_TOTAL;
            break;
        case 0x5171: /* 共 */
            if (has_before(p, lim, j, "总"))
                return FL_AMOUNT_TOTAL;
            break;
        case 0x6B20: /* 欠 */
            if (has_before(p, lim, j, "共"))
                return FL_AMOUNT_TOTAL;
            break;
        case 0x989D: /* 额 */
            if (has_before(p, lim, j, "总") || has_before(p, lim, j, "总金"))
                return FL_AMOUNT_TOTAL;
            break;
        case 0x6570: /* 数 */
            if (has_before(p, lim, j, "基"))
                return FL_AMOUNT_BASE;
            break;
        }
    }
    return FL_AMOUNT_CLAIMED;
}

/* ---- scanning ------------------------------------------------------------ */

struct cursor {
    const uchar *p;
    size_t len, pos;
    size_t prev_end;  /* of the last amount; 0 before the first */
    bool has_prev;
    bool counted;     /* the last amount but restatements was CLAIMED or TOTAL */
    bool note;        /* in parentheses that opened right after it */
    bool itemising;   /* after its 其中 */
    int depth;        /* of parentheses in the note */
    bool sentences;   /* count them (only the tally needs to) */
    unsigned sentence;
};

/* Could an amount start at I?  *W is the width of the character there.
 * Called for every character: the common answer (a Chinese character that
 * is no numeral) comes after one table load. */
static inline bool may_start(const uchar *p, size_t len, size_t i, size_t *w)
{
    uchar b = p[i];
    *w = 1;
    if (b < 0x80)
        return (unsigned)(b - '0') < 10 || b == 'R' || b == 'C';
    if (b < 0xE0)
        return b == 0xC2 && i + 1 < len && p[i + 1] == 0xA5; /* ¥ */
    /* cp3, with the checks of its continuation bytes folded into one */
    if (b >= 0xF0 || len - i < 3 || ((p[i + 1] << 8 | p[i + 2]) & 0xC0C0) != 0x8080)
        return false;
    uint32_t cp = (uint32_t)(b & 0x0F) << 12 | (uint32_t)(p[i + 1] & 0x3F) << 6 | (p[i + 2] & 0x3F);
    *w = 3;
    unsigned kv = kind_of(cp);
    if (kv)
        return kv >> 4 == K_DIGIT || kv >> 4 == K_ZERO || kv >> 4 == K_REN ||
               kv == KV(K_SMALL, 1);
    return cp == 0xFFE5 || (cp >= 0xFF10 && cp <= 0xFF19); /* ￥, full-width digits */
}

static void end_sentence(struct cursor *c)
{
    c->sentence++;
    c->note = c->itemising = false;
}

/* The text from I to END, between two amounts: sentences (；;。 or a newline)
 * end notes and itemisations; parentheses open and close notes; 其中 after a
 * counted amount starts its items. */
static void cursor_between(struct cursor *c, size_t i, size_t end)
{
    const uchar *p = c->p;
    while (i < end) {
        uchar b = p[i];
        int paren = 0;
        if (b < 0x80) {
            if (b == ';' || b == '\n')
                end_sentence(c);
            paren = (b == '(') - (b == ')');
            i++;
        } else if (b == 0xEF && end - i >= 3 && p[i + 1] == 0xBC) {
            if (p[i + 2] == 0x9B) /* ； */
                end_sentence(c);
            paren = (p[i + 2] == 0x88) - (p[i + 2] == 0x89); /* （ ） */
            i += 3;
        } else if (has(p, end, i, "。")) {
            end_sentence(c);
            i += 3;
        } else if (c->counted && has(p, end, i, "其中")) {
            c->itemising = true;
            i += 6;
        } else {
            i += b >= 0xE0 && b < 0xF0 && end - i >= 3 ? 3 : 1;
        }
        if (c->note && paren && (c->depth += paren) <= 0)
            c->note = c->itemising = false;
    }
}

static enum fl_amount_role role_of(const struct cursor *c, const struct fl_amount *a)
{
    if (c->has_prev && restates(c->p, c->len, c->prev_end, a->start))
        return FL_AMOUNT_RESTATED;
    if (c->note || c->itemising) /* 56000元（其中本金50000元…）: details */
        return FL_AMOUNT_RESTATED;
    int r = role_after(c->p, c->len, a->end);
    if (r >= 0)
        return (enum fl_amount_role)r;
    return role_before(c->p, c->prev_end, a->start);
}

/* The amount A just found: its role, and what it opens for the next one. */
static void cursor_found(struct cursor *c, struct fl_amount *a)
{
    /* Only the words between amounts matter, so skip them when no state
     * is waiting on them: most text lies before a first amount. */
    if (c->counted || c->note || c->sentences)
        cursor_between(c, c->prev_end, a->start);
    a->role = role_of(c, a);
    if (a->role == FL_AMOUNT_CLAIMED || a->role == FL_AMOUNT_TOTAL) {
        c->counted = true;
        c->note = paren_at(c->p, c->len, skip_spaces(c->p, c->len, a->end), true) > 0;
        c->depth = 0;
    } else if (a->role != FL_AMOUNT_RESTATED) {
        c->counted = false;
    }
    c->pos = c->prev_end = a->end;
    c->has_prev = true;
}

static bool next_amount(struct cursor *c, struct fl_amount *a)
{
    for (size_t i = c->pos, w, next; i < c->len;) {
        if (may_start(c->p, c->len, i, &w)) {
            if (amount_at(c->p, c->len, i, false, a, &next)) {
                cursor_found(c, a);
                return true;
            }
            if (next > i)
                w = next - i;
        }
        i += w;
    }
    c->pos = c->len;
    return false;
}

size_t fl_amount_scan(const char *text, size_t len, struct fl_amount *out, size_t max)
{
    struct cursor c = {.p = (const uchar *)text, .len = len};
    struct fl_amount a;
    size_t n = 0;
    while (next_amount(&c, &a)) {
        if (n < max)
            out[n] = a;
        n++;
    }
    return n;
}

bool fl_amount_parse(const char *s, size_t len, int64_t *fen)
{
    const uchar *p = (const uchar *)s;
    size_t i = skip_spaces(p, len, 0), next;
    struct fl_amount a;
    while (len > i && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\n' ||
                       p[len - 1] == '\r'))
        len--;
    if (i == len || !amount_at(p, len, i, true, &a, &next) || a.end != len)
        return false;
    *fen = a.fen;
    return true;
}

/* ---- the sum claimed ----------------------------------------------------- */

#define OPEN_MAX 32

/* One claim's amounts added up, where a total takes back those it adds up. */
struct tally {
    int64_t done;           /* what no later total can take back */
    int64_t open[OPEN_MAX]; /* CLAIMED and TOTAL amounts a later total may add up */
    unsigned sentence[OPEN_MAX];
    size_t nopen;
    bool any;
};

static void tally_push(struct tally *t, int64_t fen, unsigned sentence)
{
    if (t->nopen == OPEN_MAX) {
        if (!add(&t->done, t->open[0]))
            t->done = FL_AMOUNT_MAX_FEN;
        memmove(t->open, t->open + 1, (OPEN_MAX - 1) * sizeof t->open[0]);
        memmove(t->sentence, t->sentence + 1, (OPEN_MAX - 1) * sizeof t->sentence[0]);
        t->nopen--;
    }
    t->open[t->nopen] = fen;
    t->sentence[t->nopen++] = sentence;
    t->any = true;
}

/* A total takes back the latest amounts that add up to it, or when none do
 * (…等各项损失共计20000元), those of its own sentence. */
static void tally_total(struct tally *t, int64_t fen, unsigned sentence)
{
    int64_t sum = 0; /* at most OPEN_MAX * FL_AMOUNT_MAX_FEN: no overflow */
    size_t i = t->nopen;
    while (i-- > 0) {
        sum += t->open[i];
        if (sum == fen)
            break;
    }
    if (i < t->nopen) /* found them */
        t->nopen = i;
    else
        while (t->nopen && t->sentence[t->nopen - 1] == sentence)
            t->nopen--;
    tally_push(t, fen, sentence);
}

bool fl_amount_claimed(const char *text, size_t len, int64_t *fen)
{
    struct cursor c = {.p = (const uchar *)text, .len = len, .sentences = true};
    struct tally t = {0};
    struct fl_amount a;
    while (next_amount(&c, &a)) {
        if (a.role == FL_AMOUNT_TOTAL)
            tally_total(&t, a.fen, c.sentence);
        else if (a.role == FL_AMOUNT_CLAIMED)
            tally_push(&t, a.fen, c.sentence);
    }
    if (!t.any)
        return false;
    int64_t sum = t.done;
    for (size_t i = 0; i < t.nopen; i++)
        if (!add(&sum, t.open[i]))
            sum = FL_AMOUNT_MAX_FEN;
    *fen = sum;
    return true;
}
