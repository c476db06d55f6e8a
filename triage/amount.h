/* Money amounts written in Chinese free text, as exact fen (0.01 yuan).
 *
 * Filers write the same sum many ways: 56000元, 56,000.00元, 5.6万元,
 * 1.2亿元, 1亿2000万元, ５６，０００．５０元, 人民币伍万陆仟元整,
 * 壹拾万零伍佰元, 三千五百万元, 十二万元, 两万元, 5元2角3分,
 * 叁万贰仟元伍角, 56000.00圆, RMB 56,000元, ￥56000.  All are read with
 * integer arithmetic only, so 5.6万元 is exactly 5600000 fen.
 *
 * What is an amount
 *   [currency] number [unit], where
 *   - currency is 人民币, RMB, CNY, ¥ or ￥, then spaces or a colon;
 *   - number is one run of Arabic digits (ASCII or full-width; commas
 *     grouping by three; one decimal point) and Chinese numerals (零〇
 *     一二两三…九, 壹贰叁…玖, 十百千 / 拾佰仟, 万萬, 亿億), mixed as filers
 *     mix them: 1亿2000万, 3万5000, 5.6万, 一百零五, 十二万;
 *   - unit is 元, 圆 or 圓 (after spaces, if any), then 角 and 分 when the
 *     number has no decimal point (伍角, 5角3分, 零伍分), then 整; or, in
 *     English text, "yuan".
 *   A number needs the unit or the currency: "5.6万" and "56000" are not
 *   amounts (nor is 3.5万 with a 元 later in the sentence), "人民币5.6万" and
 *   "￥56000" are.  An amount's text (start, end) runs from the currency or
 *   the first digit to the last of 元 / 角 / 分 / 整, or to the last digit
 *   when only the currency marks it.
 *
 * What is never an amount
 *   Any number followed by something else than the unit: case numbers,
 *   第10号, dates, times (21时26分: 分 counts only after 元 or 角), article
 *   numbers, percentages, 万分之五 / 百分之二十四, durations, counts, phone
 *   and ID numbers.  Nor, because they are not one exact sum:
 *   approximations (5万余元, 3万多元, 五六万元); the spoken shorthand 一万五 /
 *   三千五 (15000, or 10005?); numerals read digit by digit (二〇〇元); units
 *   out of order (五十三百元); digits grouped wrongly (5,6000元, 1.5,000元);
 *   fractions of a fen (1.234元); values above FL_AMOUNT_MAX_FEN.  Nor sums
 *   in another currency right before the number (港币10000元, $500) or
 *   after it (1000美元).  Decimals written with 点 (五点六万元) are not read.
 *
 * Roles, decided in this order (the first that applies wins)
 *   RESTATED  in parentheses right after the amount before, with only 大写 /
 *             小写 / 金额 / 即 / 为 / a colon before it: 56000元（大写：伍万陆
 *             仟元整）, 5.6万元（即56000元）; the values need not agree, the
 *             first one written counts.  Also every amount that details a
 *             counted (CLAIMED or TOTAL) amount: inside parentheses opened
 *             right after it (46000元（总货款56000元扣除已付10000元）), or after
 *             its 其中 up to the end of the sentence (共计32000元，其中货款
 *             30000元、违约金2000元).
 *   BASE      followed, past an optional restatement in parentheses, by
 *             为 / 作为 with 基数, 计算基数, 计息基数 or 本金 (以30000元为基数,
 *             以借款本金50000元为基数计算); or by × / * / 乘以 (a factor); or
 *             by 的 and, within eight characters, a rate: 之, 率, %, 利息, 罚息
 *             (按本金50000元的日万分之五计算); or by (的) 范围内 / 限额内 / 以内 /
             为限, a bound on a liability for sums claimed elsewhere
             (在50000元范围内承担连带清偿责任, 以50000元为限).
 *   RATE      followed by / ／ 每 (100元/天, 3000元每月).
 *   Then the marker nearest before the amount in its clause decides; the
 *   clause goes back to ，,；;。、（）() or a newline, to the end of the
 *   amount before, and at most 60 bytes:
 *   RATE      每 (每日100元, 按每月3000元, 每天按200元计算, 每月支付原告抚养费
 *             1500元), or 按日 / 按月 / 按年 / 按天 / 按周 at most five
 *             characters before (按月租金3000元); but neither when 之 or % lies
 *             between, for then they belong to a rate: 按每日万分之五计算的
 *             违约金3000元 is CLAIMED;
 *   TOTAL     共计, 合计, 总计, 小计, 累计, 总共, 共欠, 总额, 总金额
 *             (支付货款30000元、违约金2000元，共计32000元; 共同 is not one);
 *   BASE      基数 (计算基数为30000元);
 *   CLAIMED   when none of the above.
 *
 * Thread-safe: no state outside the caller's arguments; no allocation, no
 * locale; never reads outside the LEN bytes given. */
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
    FL_AMOUNT_BASE,     /* only the base of a calculation: 以30000元为基数, 以借款本金50000元为基数计算;
                         * or a bound: 在50000元范围内承担连带责任 */
    FL_AMOUNT_RATE,     /* a rate or periodic sum: 每日100元, 按每月3000元, 每天按200元计算 */
    FL_AMOUNT_RESTATED, /* repeats the amount just before it: 56000元（大写：伍万陆仟元整）;
                         * or details it: 56000元（其中本金50000元…） */
    FL_AMOUNT_TOTAL,    /* a total of the amounts before it: 共计/合计/总计 32000元 */
};

struct fl_amount {
    size_t start, end; /* byte offsets of the amount's text in the input (from the first
                        * digit or 人民币 to the unit 元/圆/角/分 and a trailing 整) */
    int64_t fen;       /* 0 .. FL_AMOUNT_MAX_FEN */
    enum fl_amount_role role;
};

/* Every amount in TEXT (LEN bytes of UTF-8, need not be NUL-terminated), in
 * order; returns how many were found (may exceed MAX; only MAX are stored;
 * OUT may be NULL when MAX is 0).  Invalid or cut UTF-8 is passed over. */
size_t fl_amount_scan(const char *text, size_t len, struct fl_amount *out, size_t max);

/* The sum claimed in one claim's text: the CLAIMED amounts, or the TOTAL when a
 * total is given (not both); false when the text names no CLAIMED or TOTAL
 * amount.  BASE, RATE and RESTATED amounts add nothing.
 *
 * A TOTAL takes the place of the latest CLAIMED (or earlier TOTAL) amounts
 * whose sum it is (货款30000元；违约金2000元；以上共计32000元: 32000); when no
 * run of them adds up to it, of those in its own sentence, up to ；;。 or a
 * newline (医疗费5000元、误工费3000元等各项损失共计20000元: 20000; 货款30000元；
 * 利息、罚息共计2000元: 32000).  The sum is capped at FL_AMOUNT_MAX_FEN. */
bool fl_amount_claimed(const char *text, size_t len, int64_t *fen);

/* Parse exactly one amount written as the whole of S (any of the forms above,
 * with or without 人民币/元/整; surrounding spaces ignored), for tests and for
 * tools: "5.6万" and "56000" are read as yuan here.  False if S is not one. */
bool fl_amount_parse(const char *s, size_t len, int64_t *fen);

#endif
