/* Amounts in Chinese free text (triage/amount.h): every form filers write,
 * the numbers that are not amounts, roles, and the sum a claim asks for.
 * Every expected value is worked out by hand from the text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amount.h"
#include "parse.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------- */

static size_t scan(const char *s, struct fl_amount *out, size_t max)
{
    return fl_amount_scan(s, strlen(s), out, max);
}

static bool claimed(const char *s, int64_t *fen)
{
    *fen = -1;
    return fl_amount_claimed(s, strlen(s), fen);
}

/* FORM, written on its own and inside a claim, is one amount of FEN. */
static void assert_form(const char *form, int64_t fen)
{
    struct fl_amount a[4];
    int64_t v = -1;
    assert_int_equal(scan(form, a, 4), 1);
    assert_int_equal(a[0].start, 0);
    assert_int_equal(a[0].end, strlen(form));
    assert_int_equal(a[0].fen, fen);
    assert_int_equal(a[0].role, FL_AMOUNT_CLAIMED);
    assert_true(fl_amount_parse(form, strlen(form), &v));
    assert_int_equal(v, fen);

    static const char before[] = "判令被告支付货款", after[] = "及逾期付款利息";
    char *claim = tu_fmt("%s%s%s", before, form, after);
    assert_int_equal(scan(claim, a, 4), 1);
    assert_int_equal(a[0].start, strlen(before));
    assert_int_equal(a[0].end, strlen(before) + strlen(form));
    assert_int_equal(a[0].fen, fen);
    assert_true(claimed(claim, &v));
    assert_int_equal(v, fen);
    free(claim);
}

/* TRAP holds no amount, and does not hide or change the one after it. */
static void assert_trap(const char *trap)
{
    struct fl_amount a[4];
    int64_t v;
    assert_int_equal(scan(trap, a, 4), 0);
    assert_false(claimed(trap, &v));

    static const char tail[] = "，判令被告支付货款56000元";
    char *text = tu_fmt("%s%s", trap, tail);
    assert_int_equal(scan(text, a, 4), 1);
    assert_int_equal(a[0].start, strlen(text) - strlen("56000元"));
    assert_int_equal(a[0].fen, 5600000);
    assert_int_equal(a[0].role, FL_AMOUNT_CLAIMED);
    free(text);
}

/* The roles of the amounts in S, in order, as letters: C B R S T. */
static char *roles(const char *s)
{
    static const char letter[] = {
        [FL_AMOUNT_CLAIMED] = 'C', [FL_AMOUNT_BASE] = 'B',  [FL_AMOUNT_RATE] = 'R',
        [FL_AMOUNT_RESTATED] = 'S', [FL_AMOUNT_TOTAL] = 'T',
    };
    struct fl_amount a[16];
    size_t n = scan(s, a, 16);
    char *out = calloc(n + 1, 1);
    assert_non_null(out);
    for (size_t i = 0; i < n && i < 16; i++)
        out[i] = letter[a[i].role];
    return out;
}

static void assert_roles(const char *s, const char *expected)
{
    char *got = roles(s);
    assert_string_equal(got, expected);
    free(got);
}

static void assert_claimed(const char *s, int64_t fen)
{
    int64_t v;
    assert_true(claimed(s, &v));
    assert_int_equal(v, fen);
}

static void assert_not_claimed(const char *s)
{
    int64_t v;
    assert_false(claimed(s, &v));
}

/* ---- forms --------------------------------------------------------------- */

#define FORM(name, text, fen)                                                                  \
    static void test_form_##name(void **state)                                                 \
    {                                                                                          \
        (void)state;                                                                           \
        assert_form(text, fen);                                                                \
    }

FORM(plain, "56000元", 5600000)
FORM(plain_fen, "56000.50元", 5600050)
FORM(plain_jiao, "56000.5元", 5600050)
FORM(comma, "56,000.00元", 5600000)
FORM(comma_one_decimal, "1,234.5元", 123450)
FORM(comma_millions, "1,291,100.00元", 129110000)
FORM(wan_decimal, "5.6万元", 5600000)
FORM(wan_two_decimals, "18.62万元", 18620000)
FORM(wan_half, "0.5万元", 500000)
FORM(wan_whole, "50万元", 50000000)
FORM(wan_thousands, "2000万元", 2000000000)
FORM(yi_decimal, "1.2亿元", 12000000000)
FORM(yi_two_decimals, "1.25亿元", 12500000000)
FORM(yi_and_wan, "1亿2000万元", 12000000000)
FORM(wan_and_digits, "3万5000元", 3500000)
FORM(fullwidth, "５６０００元", 5600000)
FORM(fullwidth_punctuation, "５６，０００．５０元", 5600050)
FORM(capitals_rmb_zheng, "人民币叁万贰仟元整", 3200000)
FORM(capitals_ling, "壹拾万零伍佰元", 10050000)
FORM(capitals_zheng, "伍万陆仟元整", 5600000)
FORM(capitals_jiao, "叁万贰仟元伍角", 3200050)
FORM(capitals_ling_fen, "壹佰元零伍分", 10005)
FORM(capitals_jiao_zheng, "伍元伍角整", 550)
FORM(capitals_all_nines, "玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分", 999999999)
FORM(capitals_traditional, "壹萬貳仟圓", 1200000)
FORM(lower_wan, "三千五百万元", 3500000000)
FORM(lower_leading_shi, "十二万元", 12000000)
FORM(lower_liang, "两万元", 2000000)
FORM(lower_ling, "一百零五元", 10500)
FORM(lower_circle_zero, "一千〇五元", 100500)
FORM(lower_tens, "二十五元", 2500)
FORM(lower_shi_alone, "十元", 1000)
FORM(lower_wan_yi, "一万亿元", INT64_C(100000000000000))
FORM(zero_yuan_jiao, "零元伍角", 50)
FORM(digits_jiao_fen, "5元2角3分", 523)
FORM(rmb_digits, "人民币56000元", 5600000)
FORM(rmb_latin, "RMB 56,000元", 5600000)
FORM(yen_sign_no_unit, "￥56000", 5600000)
FORM(rmb_wan_no_unit, "人民币5.6万", 5600000)
FORM(yuan_round, "56000.00圆", 5600000)
FORM(space_before_unit, "56000 元", 5600000)
FORM(english, "RMB 56,000.00 yuan", 5600000)
FORM(maximum, "1000000000000000元", FL_AMOUNT_MAX_FEN)

/* ---- numbers that are not amounts ---------------------------------------- */

#define TRAP(name, text)                                                                       \
    static void test_trap_##name(void **state)                                                 \
    {                                                                                          \
        (void)state;                                                                           \
        assert_trap(text);                                                                     \
    }

TRAP(case_number, "（2024）川0191民初12547号")
TRAP(number_sign, "第10号")
TRAP(date_chinese, "2022年5月3日")
TRAP(date_iso, "2022-05-03")
TRAP(date_dots, "2022.05.03")
TRAP(date_chinese_numerals, "二〇二二年十二月")
TRAP(time, "21时26分")
TRAP(article_chinese, "第一百二十二条")
TRAP(article_digits, "第700条")
TRAP(percent, "3.2%")
TRAP(percent_decimal, "12.5%")
TRAP(per_ten_thousand, "万分之五")
TRAP(per_hundred, "百分之二十四")
TRAP(months, "27个月")
TRAP(days, "19日内")
TRAP(instalments, "28期")
TRAP(address, "30栋1单元1202号")
TRAP(waybill, "6761142587846")
TRAP(id_number, "51010019900101123X")
TRAP(annual_rate, "年利率3.2%")
TRAP(wan_without_unit, "5.6万")
TRAP(bare_unit, "元")
TRAP(unit_of_a_table, "单位：万元")
TRAP(yuandan, "元旦")
TRAP(shifen, "十分")
TRAP(third, "三分之一")
TRAP(jiao_without_yuan, "伍角")
TRAP(digits_before_per_ten_thousand, "按日5万分之一计算")
TRAP(decimal_before_per_ten_thousand, "按日0.5万分之五计算")
TRAP(approximate_yu, "5万余元")
TRAP(approximate_duo, "三万多元")
TRAP(approximate_rmb, "人民币5万余")
TRAP(two_numerals, "五六万元")
TRAP(spoken_shorthand, "一万五元")
TRAP(units_out_of_order, "五十三百元")
TRAP(hundred_without_digit, "一万百元")
TRAP(digit_by_digit, "二〇〇元")
TRAP(bad_grouping, "5,6000元")
TRAP(fullwidth_bad_grouping, "１２，３４５６元")
TRAP(long_first_group, "1234,567元")
TRAP(comma_after_point, "1.5,000元")
TRAP(two_points, "1.5.5元")
TRAP(fraction_of_fen, "1.234元")
TRAP(dollars, "1000美元")
TRAP(hong_kong_dollars, "港币10000元")
TRAP(dollar_sign, "$500")
TRAP(over_maximum, "1000000000000001元")
TRAP(seventeen_nines, "99999999999999999元")
TRAP(long_digits, "1234567890123456789012345678901234567890元")

/* ---- roles --------------------------------------------------------------- */

static void test_role_base(void **state)
{
    (void)state;
    struct fl_amount a[4];
    const char *s = "以30000元为基数按年利率6%计算";
    assert_int_equal(scan(s, a, 4), 1);
    assert_int_equal(a[0].fen, 3000000);
    assert_int_equal(a[0].role, FL_AMOUNT_BASE);
    assert_not_claimed(s);
    assert_roles("以56000元为基数，自2025年1月1日起按日万分之五计算至实际清偿之日止", "B");
    assert_roles("以借款本金50000元为基数计算", "B");
    assert_roles("以人民币56,000.00元作为计算基数", "B");
    assert_roles("以56000元为计息基数", "B");
    assert_roles("以50000元为本金计算利息", "B");
    assert_roles("计算基数为30000元", "B");
    assert_roles("按本金50000元的日万分之五计算", "B");
    assert_roles("30000元×6%÷360×逾期天数", "B");
}

static void test_role_bound(void **state)
{
    (void)state;
    /* A limit on someone's liability for the sums of other claims. */
    const char *s = "判令被告乙在50000元范围内承担连带清偿责任";
    assert_roles(s, "B");
    assert_not_claimed(s);
    assert_roles("以人民币50000元为限承担保证责任", "B");
    assert_roles("在5万元的范围内承担补充赔偿责任", "B");
}

static void test_role_base_restated(void **state)
{
    (void)state;
    const char *s = "以56000元（大写：伍万陆仟元整）为基数计算";
    assert_roles(s, "BS");
    assert_not_claimed(s);
}

static void test_role_rate(void **state)
{
    (void)state;
    struct fl_amount a[4];
    assert_int_equal(scan("每日按100元计算", a, 4), 1);
    assert_int_equal(a[0].fen, 10000);
    assert_int_equal(a[0].role, FL_AMOUNT_RATE);
    assert_roles("每日100元", "R");
    assert_roles("按每月3000元计算至实际腾退之日止", "R");
    assert_roles("每天按200元计算", "R");
    assert_roles("被告每月支付原告抚养费1500元至原告年满十八周岁止", "R");
    assert_roles("按月租金3000元计算", "R");
    assert_roles("100元/天", "R");
    assert_roles("3000元每月", "R");
    assert_not_claimed("判令被告支付房屋占用费（按每月人民币3,000.00元计算至实际腾退之日止）");
}

static void test_role_rate_of_a_percentage(void **state)
{
    (void)state;
    /* 每日 goes with 万分之五, not with the sum after it. */
    assert_roles("按每日万分之五计算的违约金3000元", "C");
    assert_claimed("按每日万分之五计算的违约金3000元", 300000);
    assert_roles("按年利率3.85%计算的利息5000元", "C");
    /* 按日 far from the sum tells how it was worked out, not a rate. */
    assert_roles("按日计算的逾期付款违约金暂计3000元", "C");
}

static void test_role_restated(void **state)
{
    (void)state;
    struct fl_amount a[4];
    const char *s = "支付货款56000元（大写：伍万陆仟元整）";
    assert_int_equal(scan(s, a, 4), 2);
    assert_int_equal(a[1].fen, 5600000);
    assert_int_equal(a[1].role, FL_AMOUNT_RESTATED);
    assert_int_equal(a[1].start, strlen("支付货款56000元（大写："));
    assert_claimed(s, 5600000);
    assert_roles("人民币伍万陆仟元整（小写：￥56000.00）", "CS");
    assert_claimed("人民币伍万陆仟元整（小写：￥56000.00）", 5600000);
    assert_roles("5.6万元（即56000元）", "CS");
    assert_roles("共计32000元(大写:叁万贰仟元整)", "TS");
}

static void test_role_restated_values_differ(void **state)
{
    (void)state;
    /* A filer's slip: the figure written first is the one counted. */
    assert_roles("支付货款56000元（大写：伍万元整）", "CS");
    assert_claimed("支付货款56000元（大写：伍万元整）", 5600000);
}

static void test_role_note_after_amount(void **state)
{
    (void)state;
    const char *s = "判令被告支付剩余货款46000元（总货款56000元扣除已付10000元）";
    assert_roles(s, "CSS");
    assert_claimed(s, 4600000);
    s = "支付借款本息56000元（其中本金50000元、利息6000元）及利息2000元";
    assert_roles(s, "CSSC");
    assert_claimed(s, 5800000);
}

static void test_role_parenthesis_after_words(void **state)
{
    (void)state;
    /* The parenthesis follows 利息, not an amount: its figure is claimed. */
    const char *s = "支付借款本金50000元及利息（暂计至2024年5月1日为3000元）";
    assert_roles(s, "CC");
    assert_claimed(s, 5300000);
}

static void test_role_total(void **state)
{
    (void)state;
    const char *s = "支付货款30000元、违约金2000元，共计32000元";
    assert_roles(s, "CCT");
    assert_claimed(s, 3200000);
    assert_roles("合计人民币32000元", "T");
    assert_roles("总计32000元", "T");
    assert_roles("小计32000元", "T");
    assert_roles("累计欠付32000元", "T");
    assert_roles("共欠货款32000元", "T");
    assert_roles("欠款总额为32000元", "T");
    assert_roles("判令被告共同支付56000元", "C"); /* 共同 is not 共计 */
}

static void test_claimed_base_not_counted(void **state)
{
    (void)state;
    const char *s = "支付借款本金100000元及利息（以100000元为基数，按年利率3.85%计算）";
    assert_roles(s, "CB");
    assert_claimed(s, 10000000);
}

static void test_claimed_total_of_earlier_sentences(void **state)
{
    (void)state;
    assert_claimed("货款30000元；违约金2000元；以上共计32000元", 3200000);
}

static void test_claimed_total_of_unfigured_items(void **state)
{
    (void)state;
    /* 利息、罚息 have no figure; the total is theirs, not the 货款's. */
    assert_claimed("支付货款30000元；支付利息、罚息共计2000元", 3200000);
}

static void test_claimed_total_that_does_not_add_up(void **state)
{
    (void)state;
    /* 等: items left unnamed; the filer's total stands for its sentence. */
    assert_claimed("赔偿医疗费5000元、误工费3000元等各项损失共计20000元", 2000000);
}

static void test_claimed_subtotal(void **state)
{
    (void)state;
    assert_claimed("本金10000元、利息500元、违约金100元，共计600元", 1060000);
}

static void test_claimed_itemised_total(void **state)
{
    (void)state;
    const char *s = "共计32000元（大写：叁万贰仟元整），其中货款30000元（含税）、违约金2000元；"
                    "另支付律师费5000元";
    assert_roles(s, "TSSSC");
    assert_claimed(s, 3700000);
}

static void test_claimed_total_of_a_rate(void **state)
{
    (void)state;
    const char *s = "支付房屋占用费每月3000元（共计36000元）";
    assert_roles(s, "RT");
    assert_claimed(s, 3600000);
}

static void test_claimed_none(void **state)
{
    (void)state;
    assert_not_claimed("判令被告承担本案全部诉讼费用");
    assert_not_claimed("判令被告支付违约金（按日万分之五计算，自2024年9月14日起至实际清偿之日止）");
    assert_not_claimed("判令被告支付货款");
}

static void test_claimed_cap(void **state)
{
    (void)state;
    assert_claimed("赔偿1000000000000000元，另赔偿1000000000000000元", FL_AMOUNT_MAX_FEN);
}

/* ---- edges --------------------------------------------------------------- */

static void test_empty(void **state)
{
    (void)state;
    int64_t v = -1;
    assert_int_equal(fl_amount_scan("", 0, NULL, 0), 0);
    assert_int_equal(fl_amount_scan(NULL, 0, NULL, 0), 0);
    assert_false(fl_amount_claimed("", 0, &v));
    assert_false(fl_amount_parse("", 0, &v));
    assert_false(fl_amount_parse("   ", 3, &v));
    assert_int_equal(v, -1);
}

/* TEXT copied into a buffer of exactly its length, so that reading past it
 * is a heap overflow the sanitizer build catches. */
static size_t scan_exact(const char *text, size_t len, struct fl_amount *out, size_t max)
{
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, text, len);
    size_t n = fl_amount_scan(copy, len, out, max);
    int64_t v;
    (void)fl_amount_claimed(copy, len, &v);
    (void)fl_amount_parse(copy, len, &v);
    free(copy);
    return n;
}

static void test_cut_utf8(void **state)
{
    (void)state;
    struct fl_amount a[4];
    const char *s = "支付货款56000元";
    size_t len = strlen(s);
    /* 元 cut after one and two of its three bytes: no unit, no amount. */
    assert_int_equal(scan_exact(s, len - 2, a, 4), 0);
    assert_int_equal(scan_exact(s, len - 1, a, 4), 0);
    assert_int_equal(scan_exact(s, len, a, 4), 1);
    /* A cut character after a whole amount leaves the amount alone. */
    assert_int_equal(scan_exact("56000元\xE6\x95", strlen("56000元\xE6\x95"), a, 4), 1);
    assert_int_equal(a[0].end, strlen("56000元"));
    assert_int_equal(scan_exact("伍万\xE9", strlen("伍万\xE9"), a, 4), 0);
    assert_int_equal(scan_exact("人民币5", strlen("人民币5"), a, 4), 1);
    assert_int_equal(a[0].fen, 500);
    /* Every cut of a claim full of amounts stays within its bytes. */
    const char *claim = "以人民币５６，０００．５０元（大写：伍万陆仟元伍角）为基数，每日100元/天，共计3.5万元整";
    for (size_t cut = 0; cut <= strlen(claim); cut++)
        (void)scan_exact(claim, cut, a, 4);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    struct fl_amount a[4];
    const char s[] = "\xFF\xC0\x80支付\x80\x80货款56000元\xF0\x9F";
    assert_int_equal(scan_exact(s, sizeof s - 1, a, 4), 1);
    assert_int_equal(a[0].fen, 5600000);
}

static void test_long_digit_string(void **state)
{
    (void)state;
    struct fl_amount a[4];
    /* No tail of an overlong number is an amount either. */
    char *s = calloc(1, 100004);
    assert_non_null(s);
    memset(s, '9', 100000);
    strcpy(s + 100000, "元");
    assert_int_equal(scan(s, a, 4), 0);
    free(s);
    assert_int_equal(scan("第123456789012345678901234号，赔偿56000元", a, 4), 1);
    assert_int_equal(a[0].fen, 5600000);
}

static void test_long_fraction(void **state)
{
    (void)state;
    int64_t v = -1;
    /* Trailing zeros are exact; any other digit past the fen is not. */
    const char *zeros = "56000.000000000000000000000000元";
    assert_true(fl_amount_parse(zeros, strlen(zeros), &v));
    assert_int_equal(v, 5600000);
    assert_true(fl_amount_parse("0.0001万元", strlen("0.0001万元"), &v));
    assert_int_equal(v, 100);
    assert_true(fl_amount_parse("0.000001万元", strlen("0.000001万元"), &v)); /* 0.01元 */
    assert_int_equal(v, 1);
    v = -1;
    assert_false(fl_amount_parse("0.0000001万元", strlen("0.0000001万元"), &v));
    assert_false(fl_amount_parse("1.001元", strlen("1.001元"), &v));
    assert_int_equal(v, -1);
}

static void test_unit_without_number(void **state)
{
    (void)state;
    struct fl_amount a[4];
    assert_int_equal(scan("元元元万元亿元角分整人民币", a, 4), 0);
    /* 万 opens no number, but the digits behind it do. */
    assert_int_equal(scan("万5000元", a, 4), 1);
    assert_int_equal(a[0].start, strlen("万"));
    assert_int_equal(a[0].fen, 500000);
}

static void test_wan_with_and_without_yuan(void **state)
{
    (void)state;
    struct fl_amount a[4];
    int64_t v = -1;
    assert_int_equal(scan("借款5.6万元", a, 4), 1);
    assert_int_equal(a[0].fen, 5600000);
    assert_int_equal(scan("借款5.6万", a, 4), 0);
    /* 元 later in the sentence does not make 3.5万 an amount. */
    assert_int_equal(scan("借款3.5万，另付500元", a, 4), 1);
    assert_int_equal(a[0].fen, 50000);
    /* Standing alone, as in an attribute, the number is in yuan. */
    assert_true(fl_amount_parse("5.6万", strlen("5.6万"), &v));
    assert_int_equal(v, 5600000);
}

static void test_number_before_per_ten_thousand(void **state)
{
    (void)state;
    struct fl_amount a[4];
    const char *s = "违约金以50000元为基数按日万分之五计算";
    assert_int_equal(scan(s, a, 4), 1);
    assert_int_equal(a[0].fen, 5000000);
    assert_int_equal(a[0].end, strlen("违约金以50000元"));
    assert_int_equal(scan("50000万分之五", a, 4), 0);
}

static void test_clause_comma_is_not_grouping(void **state)
{
    (void)state;
    struct fl_amount a[4];
    assert_int_equal(scan("货款30000，违约金2000元", a, 4), 1);
    assert_int_equal(a[0].fen, 200000);
    assert_int_equal(scan("2000元，3000元", a, 4), 2);
    assert_int_equal(a[1].fen, 300000);
}

static void test_more_than_max(void **state)
{
    (void)state;
    struct fl_amount a[2];
    a[1].fen = -7;
    assert_int_equal(scan("1元2元3元", a, 1), 3);
    assert_int_equal(a[0].fen, 100);
    assert_int_equal(a[1].fen, -7); /* untouched */
    assert_int_equal(fl_amount_scan("1元2元3元", strlen("1元2元3元"), NULL, 0), 3);
}

static void test_parse(void **state)
{
    (void)state;
    int64_t v = -1;
    assert_true(fl_amount_parse("  56000 元整 ", strlen("  56000 元整 "), &v));
    assert_int_equal(v, 5600000);
    assert_true(fl_amount_parse("56000", 5, &v));
    assert_int_equal(v, 5600000);
    assert_true(fl_amount_parse("56000.5", 7, &v));
    assert_int_equal(v, 5600050);
    assert_true(fl_amount_parse("壹拾万零伍佰", strlen("壹拾万零伍佰"), &v));
    assert_int_equal(v, 10050000);
    /* LEN, not the NUL, ends the text. */
    assert_true(fl_amount_parse("56000元整。", strlen("56000元整"), &v));
    assert_int_equal(v, 5600000);
    v = -1;
    assert_false(fl_amount_parse("56000元整。", strlen("56000元整。"), &v));
    assert_false(fl_amount_parse("货款56000元", strlen("货款56000元"), &v));
    assert_false(fl_amount_parse("56000元 2000元", strlen("56000元 2000元"), &v));
    assert_false(fl_amount_parse("万", strlen("万"), &v));
    assert_false(fl_amount_parse("一万五", strlen("一万五"), &v));
    assert_false(fl_amount_parse("abc", 3, &v));
    assert_int_equal(v, -1);
}

static void test_jiao_after_decimals(void **state)
{
    (void)state;
    struct fl_amount a[4];
    /* 5.5元 has its fen already: 3角 after it is not added. */
    assert_int_equal(scan("5.5元3角", a, 4), 1);
    assert_int_equal(a[0].fen, 550);
    assert_int_equal(a[0].end, strlen("5.5元"));
}

static void test_span_with_currency(void **state)
{
    (void)state;
    struct fl_amount a[4];
    const char *s = "判令被告支付货款人民币 56,000元整及利息";
    assert_int_equal(scan(s, a, 4), 1);
    assert_int_equal(a[0].start, strlen("判令被告支付货款"));
    assert_int_equal(a[0].end, strlen("判令被告支付货款人民币 56,000元整"));
}

/* ---- the generator's claims ---------------------------------------------- */

struct gen_check {
    int compared, facts;
};

/* Where fgen gives a claim an amount attribute and its text a figure, the
 * text must say the same sum; and its facts hold no amounts at all (fgen
 * promises that the claims say what is asked). */
static int check_generated(void *ctx, struct fl_filing *f)
{
    struct gen_check *c = ctx;
    for (size_t i = 0; f->nproblems == 0 && i < f->nclaims; i++) {
        const struct fl_claim *cl = &f->claims[i];
        int64_t v;
        if (cl->has_amount && cl->text && fl_amount_claimed(cl->text, strlen(cl->text), &v)) {
            if (v != cl->amount_fen)
                printf("  %s: %s: %lld, not %lld\n", f->id, cl->text, (long long)v,
                       (long long)cl->amount_fen);
            assert_int_equal(v, cl->amount_fen);
            c->compared++;
        }
    }
    if (f->facts) {
        assert_int_equal(fl_amount_scan(f->facts, strlen(f->facts), NULL, 0), 0);
        c->facts++;
    }
    fl_filing_free(f);
    return 0;
}

static void test_generated_claims(void **state)
{
    (void)state;
    struct gen_check c = {0, 0};
    char *tmp = tu_mkdtemp();
    char *cmd = tu_fmt("'%s' --seed 3 --count 2000 --batch 500 --out '%s/gen'", tu_fgen(), tmp);
    assert_int_equal(tu_sh(cmd, NULL, NULL), 0);
    for (int k = 1; k <= 4; k++) {
        char *path = tu_fmt("%s/gen/batch-%05d.xml", tmp, k);
        int fd = open(path, O_RDONLY);
        struct fl_error err;
        assert_true(fd >= 0);
        assert_int_equal(fl_parse_fd(fd, path, NULL, check_generated, &c, &err), FL_OK);
        close(fd);
        free(path);
    }
    assert_true(c.compared > 500);
    assert_true(c.facts > 1000);
    tu_rmtree(tmp);
    free(tmp);
    free(cmd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form_plain),
        cmocka_unit_test(test_form_plain_fen),
        cmocka_unit_test(test_form_plain_jiao),
        cmocka_unit_test(test_form_comma),
        cmocka_unit_test(test_form_comma_one_decimal),
        cmocka_unit_test(test_form_comma_millions),
        cmocka_unit_test(test_form_wan_decimal),
        cmocka_unit_test(test_form_wan_two_decimals),
        cmocka_unit_test(test_form_wan_half),
        cmocka_unit_test(test_form_wan_whole),
        cmocka_unit_test(test_form_wan_thousands),
        cmocka_unit_test(test_form_yi_decimal),
        cmocka_unit_test(test_form_yi_two_decimals),
        cmocka_unit_test(test_form_yi_and_wan),
        cmocka_unit_test(test_form_wan_and_digits),
        cmocka_unit_test(test_form_fullwidth),
        cmocka_unit_test(test_form_fullwidth_punctuation),
        cmocka_unit_test(test_form_capitals_rmb_zheng),
        cmocka_unit_test(test_form_capitals_ling),
        cmocka_unit_test(test_form_capitals_zheng),
        cmocka_unit_test(test_form_capitals_jiao),
        cmocka_unit_test(test_form_capitals_ling_fen),
        cmocka_unit_test(test_form_capitals_jiao_zheng),
        cmocka_unit_test(test_form_capitals_all_nines),
        cmocka_unit_test(test_form_capitals_traditional),
        cmocka_unit_test(test_form_lower_wan),
        cmocka_unit_test(test_form_lower_leading_shi),
        cmocka_unit_test(test_form_lower_liang),
        cmocka_unit_test(test_form_lower_ling),
        cmocka_unit_test(test_form_lower_circle_zero),
        cmocka_unit_test(test_form_lower_tens),
        cmocka_unit_test(test_form_lower_shi_alone),
        cmocka_unit_test(test_form_lower_wan_yi),
        cmocka_unit_test(test_form_zero_yuan_jiao),
        cmocka_unit_test(test_form_digits_jiao_fen),
        cmocka_unit_test(test_form_rmb_digits),
        cmocka_unit_test(test_form_rmb_latin),
        cmocka_unit_test(test_form_yen_sign_no_unit),
        cmocka_unit_test(test_form_rmb_wan_no_unit),
        cmocka_unit_test(test_form_yuan_round),
        cmocka_unit_test(test_form_space_before_unit),
        cmocka_unit_test(test_form_english),
        cmocka_unit_test(test_form_maximum),
        cmocka_unit_test(test_trap_case_number),
        cmocka_unit_test(test_trap_number_sign),
        cmocka_unit_test(test_trap_date_chinese),
        cmocka_unit_test(test_trap_date_iso),
        cmocka_unit_test(test_trap_date_dots),
        cmocka_unit_test(test_trap_date_chinese_numerals),
        cmocka_unit_test(test_trap_time),
        cmocka_unit_test(test_trap_article_chinese),
        cmocka_unit_test(test_trap_article_digits),
        cmocka_unit_test(test_trap_percent),
        cmocka_unit_test(test_trap_percent_decimal),
        cmocka_unit_test(test_trap_per_ten_thousand),
        cmocka_unit_test(test_trap_per_hundred),
        cmocka_unit_test(test_trap_months),
        cmocka_unit_test(test_trap_days),
        cmocka_unit_test(test_trap_instalments),
        cmocka_unit_test(test_trap_address),
        cmocka_unit_test(test_trap_waybill),
        cmocka_unit_test(test_trap_id_number),
        cmocka_unit_test(test_trap_annual_rate),
        cmocka_unit_test(test_trap_wan_without_unit),
        cmocka_unit_test(test_trap_bare_unit),
        cmocka_unit_test(test_trap_unit_of_a_table),
        cmocka_unit_test(test_trap_yuandan),
        cmocka_unit_test(test_trap_shifen),
        cmocka_unit_test(test_trap_third),
        cmocka_unit_test(test_trap_jiao_without_yuan),
        cmocka_unit_test(test_trap_digits_before_per_ten_thousand),
        cmocka_unit_test(test_trap_decimal_before_per_ten_thousand),
        cmocka_unit_test(test_trap_approximate_yu),
        cmocka_unit_test(test_trap_approximate_duo),
        cmocka_unit_test(test_trap_approximate_rmb),
        cmocka_unit_test(test_trap_two_numerals),
        cmocka_unit_test(test_trap_spoken_shorthand),
        cmocka_unit_test(test_trap_bad_grouping),
        cmocka_unit_test(test_trap_fullwidth_bad_grouping),
        cmocka_unit_test(test_trap_long_first_group),
        cmocka_unit_test(test_trap_comma_after_point),
        cmocka_unit_test(test_trap_two_points),
        cmocka_unit_test(test_trap_units_out_of_order),
        cmocka_unit_test(test_trap_hundred_without_digit),
        cmocka_unit_test(test_trap_digit_by_digit),
        cmocka_unit_test(test_trap_fraction_of_fen),
        cmocka_unit_test(test_trap_dollars),
        cmocka_unit_test(test_trap_hong_kong_dollars),
        cmocka_unit_test(test_trap_dollar_sign),
        cmocka_unit_test(test_trap_over_maximum),
        cmocka_unit_test(test_trap_seventeen_nines),
        cmocka_unit_test(test_trap_long_digits),
        cmocka_unit_test(test_role_base),
        cmocka_unit_test(test_role_bound),
        cmocka_unit_test(test_role_base_restated),
        cmocka_unit_test(test_role_rate),
        cmocka_unit_test(test_role_rate_of_a_percentage),
        cmocka_unit_test(test_role_restated),
        cmocka_unit_test(test_role_restated_values_differ),
        cmocka_unit_test(test_role_note_after_amount),
        cmocka_unit_test(test_role_parenthesis_after_words),
        cmocka_unit_test(test_role_total),
        cmocka_unit_test(test_claimed_base_not_counted),
        cmocka_unit_test(test_claimed_total_of_earlier_sentences),
        cmocka_unit_test(test_claimed_total_of_unfigured_items),
        cmocka_unit_test(test_claimed_total_that_does_not_add_up),
        cmocka_unit_test(test_claimed_subtotal),
        cmocka_unit_test(test_claimed_itemised_total),
        cmocka_unit_test(test_claimed_total_of_a_rate),
        cmocka_unit_test(test_claimed_none),
        cmocka_unit_test(test_claimed_cap),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_cut_utf8),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_long_digit_string),
        cmocka_unit_test(test_long_fraction),
        cmocka_unit_test(test_unit_without_number),
        cmocka_unit_test(test_wan_with_and_without_yuan),
        cmocka_unit_test(test_number_before_per_ten_thousand),
        cmocka_unit_test(test_clause_comma_is_not_grouping),
        cmocka_unit_test(test_more_than_max),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_jiao_after_decimals),
        cmocka_unit_test(test_span_with_currency),
        cmocka_unit_test(test_generated_claims),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
