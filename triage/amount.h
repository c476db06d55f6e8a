/* Money amounts written in Chinese free text, as exact fen (0.01 yuan).
 *
 * Filers write the same sum many ways: 56000元, 56,000.00元, 5.6万元,
 * 1.2亿元, 1亿2000万元, ５６，０００．５０元, 人民币伍万陆仟元整,
 * 壹拾万零伍佰元, 三千五百万元, 十二万元, 两万元, 5元2角3分,
 * 叁万贰仟元伍角, 56000.00圆, RMB 56,000元, ￥56000.  All of them are read
 * with integer arithmetic only, so 5.6万元 is exactly 5600000 fen.
 *
 * What is an amount (fl_amount_scan)
 *   [currency] number [unit], where
 *   - currency is 人民币, RMB, CNY, ¥ or ￥ (optional);
 *   - number is any mix of Arabic runs (ASCII or full-width digits, commas
 *     grouping by three, one decimal point) and Chinese numerals (零〇一二两
 *     三…九, 壹贰叁…玖, 十百千 / 拾佰仟, 万 / 萬, 亿 / 億): 1亿2000万,
 *     3万5000, 5.6万, 一百零五;
 *   - unit is 元, 圆 or 圓, optionally followed by 角 and 分 (伍角, 5角3分,
 *     零伍分; not after a decimal point) and 整.
 *   A number needs either the unit or the currency: "5.6万" and "56000" are
 *   not amounts, "人民币5.6万" and "￥56000" are.  The amount's text (start,
 *   end) runs from the currency or the first digit to the last of 元 / 角 /
 *   分 / 整 (or to the last digit when only the currency marks it).
 *
 * What is never an amount
 *   Numbers followed by anything but the unit: case numbers, 第10号, dates,
 *   times (21时26分: 分 only counts after 元 or 角), article numbers,
 *   percentages, 万分之五 / 百分之二十四, durations, counts, phone and ID
 *   numbers.  Approximations (5万余元, 3万多元, 五六万元) and the colloquial
 *   abbreviations 一万五 / 三千五 (is it 15000 or 10005?) are not exact
 *   sums, so they are not amounts either.  Nor are sums in another currency
 *   (美元, 港币10000元, $500), digit runs grouped wrongly (5,6000元),
 *   fractions of a fen (1.234元), and values above FL_AMOUNT_MAX_FEN.
 *   "Chinese point" decimals (五点六万元) are not read.
 *
 * Roles (decided in this order; the first that applies wins)
 *   RESTATED  the amount is in parentheses right after the previous amount,
 *             with only 大写 / 小写 / 金额 / 即 / 为 / a colon before it:
 *             56000元（大写：伍万陆仟元整）, 5.6万元（即56000元）.  The
 *             values need not agree; the first one written is the sum.
 *   BASE      followed (after an optional restatement in parentheses) by
 *             为基数 / 为计算基数 / 为计息基数 / 为本金 / 作为基数, or by
 *             × / * (a factor of a formula), or by 的 and, within eight
 *             characters, a rate (之, 率, %, 利息, 罚息): 以30000元为基数,
 *             以借款本金50000元为基数计算, 按本金50000元的日万分之五计算.
 *   RATE      followed by / ／ or 每 (100元/天, 3000元每月).
 *   then the nearest marker looking back through the amount's clause
 *   (back to ，,；;。、（）() or a newline, to the previous amount, and at
 *   most 60 bytes) decides:
 *   RATE      每 (每日100元, 按每月3000元, 每天按200元计算, 每月支付原告抚养费
 *             1500元), or 按日 / 按月 / 按年 / 按天 / 按周 at most four
 *             characters before the amount (按月租金3000元); but not when
 *             a percentage or 之 lies between, since then 每 / 按日 belongs
 *             to the rate (按每日万分之五计算的违约金3000元 is CLAIMED);
 *   TOTAL     共计, 合计, 总计, 总共, 累计, 共欠, 总额, 总金额
 *             (支付货款30000元、违约金2000元，共计32000元);
 *   BASE      基数 (计算基数为30000元);
 *   CLAIMED   otherwise.
 *
 * Thread-safe: no state outside the caller's arguments; no allocation, no
 * locale. */
#ifndef FL_AMOUNT_H
#define FL_AMOUNT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest amount read: 10^15 yuan, well past any claim, and small
 * enough that adding up a filing's claims cannot overflow int64_t. */
#define FL_AMOUNT_MAX_FEN INT64_C(100000000000000000)

enum fl_amount_role {
    FL_AMOUNT_CLAIMED,  /* a sum asked for */
    FL_AMOUNT_BASE,     /* only the base of a calculation: 以30000元为基数, 以借款本金50000元为基数计算 */
    FL_AMOUNT_RATE,     /* a rate or periodic sum: 每日100元, 按每月3000元, 每天按200元计算 */
    FL_AMOUNT_RESTATED, /* repeats the amount just before it: 56000元（大写：伍万陆仟元整） */
    FL_AMOUNT_TOTAL,    /* a total of the amounts before it: 共计/合计/总计 32000元 */
};

struct fl_amount {
    size_t start, end; /* byte offsets of the amount's text in the input (from the first
                        * digit or 人民币 to the unit 元/圆/角/分 and a trailing 整) */
    int64_t fen;       /* 0 .. FL_AMOUNT_MAX_FEN */
    enum fl_amount_role role;
};

/* Every amount in TEXT (LEN bytes of UTF-8, need not be NUL-terminated), in
 * order; returns how many were found (may exceed MAX; only MAX are stored).
 * Invalid or truncated UTF-8 is skipped over, never read past LEN. */
size_t fl_amount_scan(const char *text, size_t len, struct fl_amount *out, size_t max);

/* The sum claimed in one claim's text: the CLAIMED amounts, or the TOTAL when a
 * total is given (not both); false when the text names no claimed amount.
 *
 * A TOTAL replaces the amounts it adds up: the latest CLAIMED (or earlier
 * TOTAL) amounts whose sum it equals (货款30000元；违约金2000元；以上共计32000元),
 * or else, when the figures do not add up (…等各项损失共计20000元), those in its
 * own sentence (up to ；;。 or a newline).  Amounts itemising a total after
 * 其中 (共计32000元，其中货款30000元…) add nothing.  BASE, RATE and RESTATED
 * amounts add nothing.  The sum is capped at FL_AMOUNT_MAX_FEN. */
bool fl_amount_claimed(const char *text, size_t len, int64_t *fen);

/* Parse exactly one amount written as the whole of S (any of the forms above,
 * with or without 人民币/元/整; surrounding spaces ignored), for tests and for
 * tools: "5.6万" and "56000" are read as yuan here.  False if S is not one. */
bool fl_amount_parse(const char *s, size_t len, int64_t *fen);

#endif
