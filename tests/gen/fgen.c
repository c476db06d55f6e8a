/*
 * fgen: deterministic generator of court filings in the fenliu filing
 * format (urn:fenliu:filing:1, see docs/filing-format.md) for tests,
 * benchmarks and the demo.
 *
 * Determinism is the point of this program:
 *   - every filing is a pure function of (seed, index, size and malformed
 *     options): each index seeds its own PRNG streams, so any --start/--count
 *     slice of a run reproduces the same filings byte for byte;
 *   - the <filing> element is the same bytes whether written alone or inside
 *     a batch, and in UTF-8 or GB18030 only the encoding differs;
 *   - the decision to break a filing comes from a separate stream, so
 *     --malformed changes which filings are broken, never the others.
 *
 * Build: cc -std=c11 -O2 -Wall -Wextra -Werror fgen.c -o fgen (libc only;
 * iconv is glibc's).
 */
/* strdup, strcasecmp, mkdir, iconv: POSIX 2008 is all this needs; the
 * project's build may already ask for more. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define NS "urn:fenliu:filing:1"
#define ID_YEAR "2026"
#define MAX_SIZE_LIMIT (256u << 20) /* one filing; keeps sizes in 32 bits */

/* ------------------------------------------------------------------ */
/* PRNG: splitmix64, one stream per (seed, index, purpose)             */
/* ------------------------------------------------------------------ */

struct rng {
	uint64_t s;
};

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static uint64_t rng_next(struct rng *r)
{
	r->s += 0x9E3779B97F4A7C15ULL;
	return mix64(r->s);
}

static void rng_seed(struct rng *r, uint64_t seed, uint64_t index,
		     uint64_t stream)
{
	r->s = mix64(seed + 0x632BE59BD9B4E019ULL) ^
	       mix64(index * 0xD1B54A32D192ED03ULL + stream);
}

/* Uniform in [0, n) by multiply-shift: no modulo bias worth the name. */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static uint32_t rng_range(struct rng *r, uint32_t lo, uint32_t hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

static int rng_pct(struct rng *r, unsigned pct)
{
	return rng_below(r, 100) < pct;
}

static int rng_permille(struct rng *r, unsigned pm)
{
	return rng_below(r, 1000) < pm;
}

static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

#define PICK(r, a) ((a)[rng_below((r), (uint32_t)NELEM(a))])

/* Weighted tables put `unsigned weight` first so one picker serves all. */
static size_t pick_weight(struct rng *r, const void *tab, size_t n,
			  size_t size)
{
	const char *p = tab;
	unsigned long total = 0;
	for (size_t i = 0; i < n; i++)
		total += *(const unsigned *)(const void *)(p + i * size);
	unsigned long x = rng_below(r, (uint32_t)total);
	for (size_t i = 0; i < n; i++) {
		unsigned w = *(const unsigned *)(const void *)(p + i * size);
		if (x < w)
			return i;
		x -= w;
	}
	return n - 1;
}

#define PICKW(r, a) (&(a)[pick_weight((r), (a), NELEM(a), sizeof((a)[0]))])

/* ------------------------------------------------------------------ */
/* Growable byte buffer                                                */
/* ------------------------------------------------------------------ */

struct buf {
	char *p;
	size_t len, cap;
};

static void oom(void)
{
	fputs("fgen: out of memory\n", stderr);
	exit(1);
}

static void buf_reserve(struct buf *b, size_t extra)
{
	if (b->cap - b->len >= extra)
		return;
	size_t cap = b->cap ? b->cap : 8192;
	while (cap - b->len < extra)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p)
		oom();
	b->p = p;
	b->cap = cap;
}

static void put_mem(struct buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void put(struct buf *b, const char *s)
{
	put_mem(b, s, strlen(s));
}

static void put_ch(struct buf *b, char c)
{
	buf_reserve(b, 1);
	b->p[b->len++] = c;
}

/* Decimal, left-padded with zeros to `width` (at most 20). */
static void put_uw(struct buf *b, uint64_t v, int width)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width && n < 20)
		tmp[n++] = '0';
	buf_reserve(b, (size_t)n);
	while (n)
		b->p[b->len++] = tmp[--n];
}

static void put_u(struct buf *b, uint64_t v)
{
	put_uw(b, v, 1);
}

/* Escapes what XML requires in text and in double-quoted attributes. */
static void put_esc(struct buf *b, const char *s, size_t n, int attr)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '&')
			put(b, "&amp;");
		else if (c == '<')
			put(b, "&lt;");
		else if (c == '>')
			put(b, "&gt;");
		else if (c == '"' && attr)
			put(b, "&quot;");
		else
			put_ch(b, c);
	}
}

/* <tag>text</tag> on its own line, text escaped. */
static void put_elem(struct buf *b, const char *indent, const char *tag,
		     const char *text, size_t n)
{
	put(b, indent);
	put_ch(b, '<');
	put(b, tag);
	put_ch(b, '>');
	put_esc(b, text, n, 0);
	put(b, "</");
	put(b, tag);
	put(b, ">\n");
}

/* ------------------------------------------------------------------ */
/* Numbers written the ways filers write them                          */
/* ------------------------------------------------------------------ */

static const char *const cn_lower[] = {"零", "一", "二", "三", "四",
				       "五", "六", "七", "八", "九"};
static const char *const cn_upper[] = {"零", "壹", "贰", "叁", "肆",
				       "伍", "陆", "柒", "捌", "玖"};
static const char *const unit_lower[] = {"", "十", "百", "千"};
static const char *const unit_upper[] = {"", "拾", "佰", "仟"};

/* One group of four digits; 零 marks skipped positions between digits.
 * Colloquial lowercase drops the 一 of a leading 十 (十二万, not 一十二万). */
static void cn_group(struct buf *b, unsigned v, int upper, int leading)
{
	static const unsigned pow10[] = {1, 10, 100, 1000};
	const char *const *dig = upper ? cn_upper : cn_lower;
	const char *const *unit = upper ? unit_upper : unit_lower;
	int emitted = 0, zero = 0;
	for (int pos = 3; pos >= 0; pos--) {
		unsigned d = v / pow10[pos] % 10;
		if (d == 0) {
			zero = emitted;
			continue;
		}
		if (zero)
			put(b, dig[0]);
		zero = 0;
		if (!(d == 1 && pos == 1 && !emitted && leading && !upper))
			put(b, dig[d]);
		put(b, unit[pos]);
		emitted = 1;
	}
}

/* n < 10^12 in Chinese numerals: 壹拾万零伍佰 / 三千五百万 / 五百七十七. */
static void put_cn_num(struct buf *b, uint64_t n, int upper)
{
	static const char *const big[] = {"", "万", "亿"};
	unsigned g[3] = {(unsigned)(n % 10000), (unsigned)(n / 10000 % 10000),
			 (unsigned)(n / 100000000 % 10000)};
	int started = 0, zero = 0;
	for (int i = 2; i >= 0; i--) {
		if (g[i] == 0) {
			zero = started;
			continue;
		}
		if (started && (zero || g[i] < 1000))
			put(b, cn_lower[0]);
		zero = 0;
		cn_group(b, g[i], upper, !started);
		put(b, big[i]);
		started = 1;
	}
	if (!started)
		put(b, cn_lower[0]);
}

/* 56,000 */
static void put_grouped(struct buf *b, uint64_t v)
{
	char d[24];
	int n = 0;
	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n) {
		put_ch(b, d[--n]);
		if (n && n % 3 == 0)
			put_ch(b, ',');
	}
}

/* Full-width digits U+FF10..U+FF19 are EF BC 90..99 in UTF-8. */
static void put_fullwidth(struct buf *b, uint64_t v)
{
	char d[24];
	int n = 0;
	do {
		d[n++] = (char)(v % 10);
		v /= 10;
	} while (v);
	while (n) {
		char fw[3] = {'\xEF', '\xBC', (char)(0x90 + d[--n])};
		put_mem(b, fw, 3);
	}
}

/* Trailing zeros trimmed: 5.6 / 12 / 0.35. `frac` has `digits` digits. */
static void put_trimmed(struct buf *b, uint64_t whole, unsigned frac,
			int digits)
{
	put_u(b, whole);
	while (digits > 0 && frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	if (digits > 0) {
		put_ch(b, '.');
		put_uw(b, frac, digits);
	}
}

/* An xs:decimal with 0..2 fraction digits, chosen at random among the
 * forms that are exact for the value (56000 / 56000.0 / 56000.00). */
static void put_decimal(struct buf *b, struct rng *r, uint64_t cents)
{
	put_u(b, cents / 100);
	unsigned c = (unsigned)(cents % 100);
	unsigned x = rng_below(r, 10);
	if (c == 0 && x < 5)
		return;
	if (c % 10 == 0 && x < 7) {
		put_ch(b, '.');
		put_u(b, c / 10);
		return;
	}
	put_ch(b, '.');
	put_uw(b, c, 2);
}

/* Forms of an amount in free text; F_YI only fits very large sums. */
enum form {
	F_PLAIN,   /* 56000元, 56000.50元 */
	F_COMMA,   /* 56,000.00元 */
	F_WAN,     /* 5.6万元 */
	F_FULL,    /* ５６０００元 */
	F_CAP,     /* 人民币叁万贰仟元整 */
	F_CAPBARE, /* 壹拾万零伍佰元 */
	F_LOWER,   /* 三千五百万元 */
	F_NFORMS,
	F_YI = F_NFORMS /* 1.2亿元 */
};

static uint64_t round_to(uint64_t v, uint64_t unit)
{
	uint64_t r = (v + unit / 2) / unit * unit;
	return r ? r : unit;
}

#define YUAN(x) ((uint64_t)(x) * 100u)

/* The value the text will show: what a filer writing that form would
 * round to, so that attribute and text always agree. */
static uint64_t fit_form(uint64_t cents, enum form f)
{
	switch (f) {
	case F_PLAIN:
	case F_COMMA:
	case F_CAP:
		return cents;
	case F_WAN:
		return round_to(cents, YUAN(100));
	case F_YI:
		return round_to(cents, YUAN(1000000));
	default:
		return round_to(cents, YUAN(1));
	}
}

static enum form pick_form(struct rng *r, uint64_t cents)
{
	if (cents >= YUAN(100000000) && rng_pct(r, 70))
		return F_YI;
	return (enum form)rng_below(r, F_NFORMS);
}

/* 角 and 分 of a financial-capital amount; 整 only when they are nil. */
static void put_jiao_fen(struct buf *b, unsigned c, int zheng)
{
	if (c == 0) {
		if (zheng)
			put(b, "整");
		return;
	}
	if (c / 10) {
		put(b, cn_upper[c / 10]);
		put(b, "角");
	} else {
		put(b, "零");
	}
	if (c % 10) {
		put(b, cn_upper[c % 10]);
		put(b, "分");
	} else if (zheng) {
		put(b, "整");
	}
}

static void put_money(struct buf *b, struct rng *r, uint64_t cents,
		      enum form f)
{
	uint64_t yuan = cents / 100;
	unsigned c = (unsigned)(cents % 100);
	if ((f == F_PLAIN || f == F_COMMA || f == F_FULL) && rng_pct(r, 25))
		put(b, "人民币");
	switch (f) {
	case F_PLAIN:
		put_u(b, yuan);
		if (c) {
			put_ch(b, '.');
			put_uw(b, c, 2);
		}
		break;
	case F_COMMA:
		put_grouped(b, yuan);
		if (c || rng_pct(r, 70)) {
			put_ch(b, '.');
			put_uw(b, c, 2);
		}
		break;
	case F_WAN:
		put_trimmed(b, yuan / 10000, (unsigned)(yuan % 10000 / 100), 2);
		put(b, "万");
		break;
	case F_YI:
		put_trimmed(b, yuan / 100000000,
			    (unsigned)(yuan % 100000000 / 1000000), 2);
		put(b, "亿");
		break;
	case F_FULL:
		put_fullwidth(b, yuan);
		break;
	case F_CAP:
		put(b, "人民币");
		put_cn_num(b, yuan, 1);
		put(b, "元");
		put_jiao_fen(b, c, 1);
		return;
	case F_CAPBARE:
		put_cn_num(b, yuan, 1);
		break;
	default:
		put_cn_num(b, yuan, 0);
		break;
	}
	put(b, "元");
}

/* 10^x without libm: the build links libc only. */
static double pow10_approx(double x)
{
	double r = 1.0;
	while (x >= 1.0) {
		r *= 10.0;
		x -= 1.0;
	}
	while (x < 0.0) {
		r /= 10.0;
		x += 1.0;
	}
	double y = x * 2.302585092994046, term = 1.0, sum = 1.0;
	for (int k = 1; k < 24; k++) {
		term *= y / k;
		sum += term;
	}
	return r * sum;
}

/* ------------------------------------------------------------------ */
/* Static data: courts, causes, people, places                         */
/* ------------------------------------------------------------------ */

struct court {
	unsigned weight;
	const char *code; /* administrative division, as courts use it */
	const char *name;
};

static const struct court courts[] = {
	{30, "510191", "成都高新技术产业开发区人民法院"},
	{10, "510104", "成都市锦江区人民法院"},
	{10, "510105", "成都市青羊区人民法院"},
	{10, "510106", "成都市金牛区人民法院"},
	{12, "510107", "成都市武侯区人民法院"},
	{8, "510108", "成都市成华区人民法院"},
	{6, "510112", "成都市龙泉驿区人民法院"},
	{6, "510114", "成都市新都区人民法院"},
	{8, "510116", "成都市双流区人民法院"},
};

enum cat {
	C_SALE, C_LOAN, C_BANK, C_WORK, C_AGENCY, C_TRAFFIC, C_PROPERTY,
	C_LEASE, C_CARD, C_LABOR, C_INJURY, C_FAMILY, C_SUPPORT, C_PATENT,
	C_SOFTWARE, C_TRADEMARK, C_SECURITIES, C_BUILD, C_GENERIC, C_NCAT
};

/* Institutions some causes always put on one side. */
enum special { SP_NONE, SP_BANK, SP_CARD, SP_PROPERTY, SP_INSURER,
	       SP_LISTED, SP_AUDITOR, SP_DEBTOR, SP_LIQ_GROUP };

struct cause {
	unsigned weight; /* per 10,000 civil filings that name a cause */
	const char *name;
	enum cat cat;
	unsigned char p_org, d_org; /* % of plaintiffs/defendants that are
				       organizations */
	unsigned median;	    /* typical principal, yuan */
	const char *main;	    /* main claim, when the cause needs its own */
};

/* Proportions after Chengdu basic courts' published caseloads: the five
 * online-filing commercial types make about half, then lending, traffic,
 * property fees, leases, cards; IP and securities are rare. The last two
 * are names filers use that are not official causes. */
static const struct cause causes[] = {
	{1500, "买卖合同纠纷", C_SALE, 75, 65, 90000, NULL},
	{1350, "金融借款合同纠纷", C_BANK, 100, 15, 250000, NULL},
	{900, "借款合同纠纷", C_LOAN, 40, 40, 120000, NULL},
	{700, "承揽合同纠纷", C_WORK, 60, 70, 70000, NULL},
	{500, "委托合同纠纷", C_AGENCY, 50, 50, 60000, NULL},
	{850, "民间借贷纠纷", C_LOAN, 4, 8, 80000, NULL},
	{650, "机动车交通事故责任纠纷", C_TRAFFIC, 3, 10, 60000, NULL},
	{500, "物业服务合同纠纷", C_PROPERTY, 100, 5, 6000, NULL},
	{400, "房屋租赁合同纠纷", C_LEASE, 30, 40, 40000, NULL},
	{400, "信用卡纠纷", C_CARD, 100, 0, 35000, NULL},
	{300, "劳务合同纠纷", C_LABOR, 3, 50, 25000, NULL},
	{280, "离婚纠纷", C_FAMILY, 0, 0, 100000, NULL},
	{60, "侵害发明专利权纠纷", C_PATENT, 90, 90, 300000, NULL},
	{60, "侵害计算机软件著作权纠纷", C_SOFTWARE, 95, 90, 200000, NULL},
	{40, "证券虚假陈述责任纠纷", C_SECURITIES, 0, 100, 60000, NULL},
	{200, "建设工程施工合同纠纷", C_BUILD, 80, 85, 600000, NULL},
	{100, "装饰装修合同纠纷", C_BUILD, 40, 20, 60000,
	 "判令被告支付装修工程款$M"},
	{200, "服务合同纠纷", C_AGENCY, 50, 40, 30000,
	 "判令被告支付服务费$M"},
	{100, "提供劳务者受害责任纠纷", C_INJURY, 0, 40, 80000, NULL},
	{100, "生命权、身体权、健康权纠纷", C_INJURY, 0, 10, 50000, NULL},
	{100, "追偿权纠纷", C_GENERIC, 90, 30, 150000,
	 "判令被告向原告支付代偿款$M"},
	{60, "保证合同纠纷", C_GENERIC, 70, 40, 200000,
	 "判令被告承担保证责任，向原告清偿$M"},
	{60, "股权转让纠纷", C_GENERIC, 50, 50, 500000,
	 "判令被告支付股权转让款$M"},
	{50, "侵害实用新型专利权纠纷", C_PATENT, 90, 80, 100000, NULL},
	{80, "侵害商标权纠纷", C_TRADEMARK, 95, 60, 50000, NULL},
	{50, "抚养费纠纷", C_SUPPORT, 0, 0, 30000, NULL},
	{100, "租赁合同纠纷", C_LEASE, 70, 60, 50000, NULL},
	{50, "合同纠纷", C_GENERIC, 60, 60, 80000, NULL},
	{40, "欠款纠纷", C_GENERIC, 50, 50, 50000, NULL},
};

static const char *const five_types[] = {
	"买卖合同纠纷", "借款合同纠纷", "金融借款合同纠纷", "承揽合同纠纷",
	"委托合同纠纷",
};

static const struct {
	unsigned weight;
	const char *s;
} surnames[] = {
	{70, "王"}, {70, "李"}, {65, "张"}, {55, "刘"}, {55, "陈"}, {35, "杨"},
	{25, "黄"}, {25, "赵"}, {22, "吴"}, {22, "周"}, {18, "徐"}, {16, "孙"},
	{14, "马"}, {14, "朱"}, {14, "胡"}, {13, "郭"}, {13, "何"}, {12, "高"},
	{12, "林"}, {18, "罗"}, {11, "郑"}, {10, "梁"}, {10, "谢"}, {9, "宋"},
	{12, "唐"}, {8, "许"}, {8, "韩"}, {8, "冯"}, {11, "邓"}, {7, "曹"},
	{7, "彭"}, {10, "曾"}, {7, "肖"}, {6, "田"}, {6, "董"}, {6, "袁"},
	{5, "潘"}, {5, "蒋"}, {5, "蔡"}, {5, "余"}, {5, "杜"}, {5, "叶"},
	{5, "程"}, {5, "苏"}, {5, "魏"}, {4, "吕"}, {4, "丁"}, {4, "任"},
	{4, "沈"}, {4, "姚"}, {4, "卢"}, {3, "钟"}, {3, "谭"}, {3, "范"},
	{8, "廖"}, {3, "贾"}, {3, "付"}, {3, "方"}, {3, "白"}, {3, "熊"},
	{3, "邱"}, {3, "江"}, {3, "雷"}, {3, "侯"}, {3, "龙"}, {3, "贺"},
	{3, "毛"}, {2, "向"}, {2, "严"}, {1, "欧阳"}, {1, "司马"},
};

static const char *const given_chars[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
	"杰", "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华",
	"建", "国", "文", "辉", "红", "玉", "兰", "志", "海", "波", "鹏", "宇",
	"浩", "婷", "雪", "琴", "晨", "佳", "俊", "思", "欣", "怡", "子", "梓",
	"涵", "轩", "博", "嘉", "琳", "蓉", "川", "蜀", "林", "斌", "飞", "燕",
	"亮", "成", "春", "梅", "金", "凤", "荣", "新", "德", "福", "昊", "然",
	"晓", "雨", "萍", "莉", "慧", "倩", "瑶", "宏", "毅", "峰", "旭", "凯",
};

/* 字号: two of these make the trade name of a company. */
static const char *const brand_chars[] = {
	"锦", "蜀", "天", "府", "华", "鑫", "盛", "泰", "恒", "瑞", "达", "诚",
	"信", "嘉", "和", "宏", "远", "川", "峰", "祥", "源", "丰", "汇", "通",
	"顺", "兴", "隆", "福", "德", "安", "康", "鼎", "新", "创", "智", "联",
	"众", "邦", "博", "星", "辰", "航", "耀", "晟", "弘", "启", "芙", "蓉",
	"青", "岷", "峨", "银", "杉", "润", "景", "明", "益", "腾", "凯", "佳",
};

static const struct {
	unsigned weight;
	const char *s;
} company_cities[] = {
	{60, "成都"}, {20, "四川"}, {5, "重庆"}, {3, "深圳"}, {3, "上海"},
	{2, "北京"}, {2, "绵阳"}, {2, "德阳"}, {1, "西安"}, {1, "昆明"},
	{1, "宜宾"},
};

static const char *const industries_any[] = {
	"科技", "商贸", "实业", "贸易", "建材", "网络科技", "信息技术",
	"供应链管理", "餐饮管理", "农业开发", "医药", "汽车销售服务",
	"文化传媒", "电子科技", "机电设备", "食品", "物流", "环保科技",
};

static const struct {
	unsigned weight;
	const char *s;
} company_suffixes[] = {
	{85, "有限公司"}, {8, "有限责任公司"}, {5, "股份有限公司"},
	{2, "集团有限公司"},
};

static const char *const goods[] = {
	"电子元器件", "螺纹钢", "商品混凝土", "建筑材料", "办公家具",
	"服装面料", "白酒", "茶叶", "火锅底料", "医疗器械", "电线电缆",
	"空调设备", "显示屏", "汽车配件", "饲料", "中药材", "铝型材",
	"不锈钢管材", "包装纸箱", "光伏组件", "冷链食品", "劳保用品",
};

static const char *const bank_heads[] = {
	"中国工商银行股份有限公司", "中国建设银行股份有限公司",
	"中国农业银行股份有限公司", "中国银行股份有限公司",
	"交通银行股份有限公司", "招商银行股份有限公司",
	"成都银行股份有限公司", "成都农村商业银行股份有限公司",
	"中信银行股份有限公司", "兴业银行股份有限公司",
	"中国民生银行股份有限公司", "平安银行股份有限公司",
	"中国邮政储蓄银行股份有限公司",
};

static const char *const bank_branches[] = {
	"高新", "锦江", "青羊", "武侯", "金牛", "成华", "天府新区", "双流",
	"龙泉驿", "温江", "新都", "郫都", "春熙", "人民南路", "科华", "蜀都",
};

static const char *const card_centres[] = {
	"招商银行股份有限公司信用卡中心",
	"中国光大银行股份有限公司信用卡中心",
	"交通银行股份有限公司太平洋信用卡中心",
	"广发银行股份有限公司信用卡中心",
	"中信银行股份有限公司信用卡中心",
	"中国民生银行股份有限公司信用卡中心",
	"中国工商银行股份有限公司成都分行",
};

static const char *const insurers[] = {
	"中国人民财产保险股份有限公司成都市分公司",
	"中国平安财产保险股份有限公司四川分公司",
	"中国太平洋财产保险股份有限公司成都分公司",
	"中华联合财产保险股份有限公司四川分公司",
	"中国人寿财产保险股份有限公司成都市中心支公司",
	"阳光财产保险股份有限公司四川省分公司",
};

struct district {
	const char *name;   /* 武侯区 */
	const char *region; /* 6-digit division code, also for ID numbers */
	const char *streets[4];
};

static const struct district districts[] = {
	{"锦江区", "510104", {"红星路三段", "东大街", "静康路", "三色路"}},
	{"青羊区", "510105", {"人民中路一段", "光华大道", "蜀都大道", "清江中路"}},
	{"金牛区", "510106", {"一环路北二段", "羊西线", "营门口路", "金府路"}},
	{"武侯区", "510107", {"科华北路", "人民南路四段", "武侯祠大街", "双楠路"}},
	{"成华区", "510108", {"建设路", "双庆路", "二环路东二段", "府青路"}},
	{"龙泉驿区", "510112", {"龙泉街道驿都大道", "北京路", "龙平路", "音乐广场路"}},
	{"新都区", "510114", {"新都大道", "蓉都大道", "桂湖中路", "毗河路"}},
	{"温江区", "510115", {"光华大道三段", "凤溪大道", "柳城大道", "南熏大道"}},
	{"双流区", "510116", {"东升街道棠湖南路", "航空港大道", "藏卫路", "双华路"}},
	{"郫都区", "510117", {"望丛中路", "犀浦街道百草路", "德源大道", "郫筒街道"}},
	{"高新区", "510100", {"天府大道中段", "天府三街", "交子大道", "益州大道"}},
	{"天府新区", "510100", {"天府大道南段", "兴隆湖路", "秦皇寺路", "正兴街道"}},
};

/* Places outside Chengdu: prefix up to the district, and its region. */
static const struct {
	const char *prefix;
	const char *region;
} elsewhere[] = {
	{"重庆市渝中区解放碑", "500103"},   {"北京市朝阳区建国路", "110105"},
	{"上海市浦东新区世纪大道", "310115"}, {"广东省深圳市南山区科技园", "440305"},
	{"四川省绵阳市涪城区临园路", "510703"}, {"四川省德阳市旌阳区长江西路", "510603"},
	{"四川省南充市顺庆区人民中路", "511302"}, {"四川省宜宾市翠屏区南岸", "511502"},
	{"云南省昆明市五华区东风西路", "530102"}, {"陕西省西安市雁塔区小寨", "610113"},
	{"贵州省贵阳市南明区中华南路", "520102"}, {"湖北省武汉市武昌区中南路", "420106"},
	{"四川省乐山市市中区嘉定路", "511102"}, {"四川省眉山市东坡区湖滨路", "511402"},
	{"四川省简阳市石桥镇", "512081"},     {"四川省金堂县赵镇", "510121"},
};

/* Foreign and Hong Kong/Macao/Taiwan parties: what a filer writes. The
 * English names with '&' exercise escaping. */
struct foreign {
	const char *nat;
	const char *persons[3];
	const char *orgs[3];
	const char *addrs[3];
	const char *idfmt; /* A: letter, 9: digit */
};

static const struct foreign foreigners[] = {
	{"HK", {"陈志明", "黄家豪", "梁伟文"},
	 {"香港永盛贸易有限公司", "香港华信国际投资有限公司",
	  "Johnson & Lee Trading Limited"},
	 {"香港特别行政区九龙尖沙咀广东道33号中港城第一座12楼",
	  "香港特别行政区湾仔告士打道128号祥丰大厦8楼",
	  "Room 1201, Tower 1, Admiralty Centre, 18 Harcourt Road, Hong Kong"},
	 "A999999"},
	{"TW", {"林美惠", "陈建宏", "张雅婷"},
	 {"台湾宏益电子股份有限公司", "台湾统丰食品股份有限公司",
	  "台湾华晶光电股份有限公司"},
	 {"台湾地区台北市信义区松仁路100号", "台湾地区新北市板桥区文化路一段25号",
	  "台湾地区台中市西屯区台湾大道三段99号"},
	 "A999999999"},
	{"MO", {"何家俊", "梁嘉敏", "区志华"},
	 {"澳门恒丰贸易有限公司", "澳门金盛投资有限公司", "澳门信达实业有限公司"},
	 {"澳门特别行政区新马路123号", "澳门特别行政区氹仔海洋花园大马路88号",
	  "澳门特别行政区南湾大马路405号"},
	 "9999999"},
	{"US", {"约翰·史密斯（JOHN SMITH）", "Emily Johnson", "David Miller"},
	 {"Pacific Rim Trading, Inc.", "美国环球科技有限公司",
	  "Miller & Clark Supply LLC"},
	 {"350 Fifth Avenue, New York, NY 10118, USA",
	  "美国加利福尼亚州洛杉矶市威尔希尔大道3600号",
	  "1200 Market Street, San Francisco, CA 94102, USA"},
	 "999999999"},
	{"JP", {"山田太郎", "佐藤花子", "铃木一郎"},
	 {"株式会社山田制作所", "日本东和商事株式会社", "Tokyo Seiki Co., Ltd."},
	 {"1-2-3 Roppongi, Minato-ku, Tokyo, Japan",
	  "日本国东京都新宿区西新宿2丁目8番1号",
	  "日本国大阪府大阪市北区梅田3丁目1番"},
	 "AA9999999"},
	{"SG", {"TAN WEI MING", "陈伟明", "LIM MEI LING"},
	 {"新加坡华联国际私人有限公司", "Lion City Logistics Pte. Ltd.",
	  "Tan & Sons Holdings Pte. Ltd."},
	 {"新加坡乌节路391号义安城", "10 Anson Road, #20-05 International Plaza, Singapore 079903",
	  "新加坡莱佛士坊1号"},
	 "A9999999A"},
	{"KR", {"金敏俊", "朴智妍", "李成浩"},
	 {"韩国大成物产株式会社", "韩国东亚电子株式会社", "Hanbit Trading Co., Ltd."},
	 {"韩国首尔特别市江南区德黑兰路152号", "韩国釜山广域市海云台区中洞1394号",
	  "152 Teheran-ro, Gangnam-gu, Seoul, Korea"},
	 "A99999999"},
	{"DE", {"汉斯·施密特（HANS SCHMIDT）", "Anna Weber", "Klaus Fischer"},
	 {"Schmidt Maschinenbau GmbH", "德国莱茵精工有限公司", "Weber & Co. KG"},
	 {"Friedrichstraße 68, 10117 Berlin, Germany", "德国慕尼黑市玛丽恩广场8号",
	  "德国汉堡市易北河大街20号"},
	 "C99999999"},
	{"GB", {"詹姆斯·威尔逊（JAMES WILSON）", "Sarah Brown", "Oliver Hughes"},
	 {"Wilson & Partners Ltd.", "英国泰晤士贸易有限公司", "Albion Foods plc"},
	 {"25 Old Broad Street, London EC2N 1HQ, United Kingdom",
	  "英国伦敦市金融城老布罗德街25号", "英国曼彻斯特市市场街10号"},
	 "999999999"},
	{"AU", {"OLIVIA TAYLOR", "诺亚·威廉姆斯（NOAH WILLIAMS）", "Jack Thompson"},
	 {"Southern Cross Mining Pty Ltd", "澳大利亚金袋鼠农业有限公司",
	  "Harbour & Bay Imports Pty Ltd"},
	 {"Level 10, 1 Market Street, Sydney NSW 2000, Australia",
	  "澳大利亚墨尔本市柯林斯街120号", "澳大利亚悉尼市乔治街200号"},
	 "PA9999999"},
};

static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30,
					31, 31, 30, 31, 30, 31};

/* Articles a complaint cites: contract part of the Civil Code and the
 * tort chapter; numbers only, the sentence gives the context. */
static const unsigned short civil_code_articles[] = {
	143, 153, 464, 465, 469, 490, 502, 509, 510, 563, 565, 577, 578, 579,
	583, 584, 585, 595, 598, 626, 628, 667, 674, 675, 676, 679, 680, 681,
	688, 700, 703, 721, 722, 770, 780, 788, 807, 919, 929, 937, 944, 1165,
	1179, 1192, 1208, 1213,
};

static const unsigned short bankruptcy_articles[] = {2, 7, 8, 10, 70, 95};

static const char *const software_names[] = {
	"智慧物业管理系统", "进销存管理软件", "工程造价计算软件",
	"餐饮收银系统", "仓储物流调度平台", "医院信息管理系统",
	"建筑设计辅助软件", "财务核算软件",
};

/* ------------------------------------------------------------------ */
/* Claims, facts and requests per category                             */
/* ------------------------------------------------------------------ */

/* Which figure a claim's $M shows. */
enum fig { FIG_NONE, FIG_PRINCIPAL, FIG_SECONDARY };

/* What a claim asks for, as the triage policy sorts claims (see the oracle
 * below and tests/fixtures/triage/README.md). */
enum claim_kind {
	CK_SUM,	     /* a sum, with its figure: adds to the total */
	CK_EXTRA,    /* interest, penalty, costs or fees at a rate or without a
		      * figure, or liability of others for the sums above: for
		      * money, adds nothing, the total stays known */
	CK_OPEN,     /* for money but no figure (a monthly rate, half of future
		      * expenses): the total is not known */
	CK_NONMONEY, /* rescind, deliver, vacate, stop, divorce, priority right… */
};

struct claim_tpl {
	unsigned weight;
	const char *text; /* $M figure, $B base of interest, $R monthly rate */
	enum fig fig;
	enum claim_kind kind;
};

#define TPL(w, t, f) {w, t, f, CK_SUM}
#define NOFIG(w, t, k) {w, t, FIG_NONE, k}

static const struct claim_tpl contract_seconds[] = {
	NOFIG(30, "判令被告支付逾期付款利息（以$B为基数，自$D起按全国银行间同业拆借中心公布的一年期贷款市场报价利率计算至实际付清之日止）", CK_EXTRA),
	TPL(25, "判令被告支付违约金$M", FIG_SECONDARY),
	TPL(15, "判令被告承担原告为实现债权支付的律师费$M", FIG_SECONDARY),
	TPL(15, "判令被告支付截至$D的逾期付款损失$M", FIG_SECONDARY),
	NOFIG(15, "判令被告支付违约金（按日万分之五计算，自$D起至实际付清之日止）", CK_EXTRA),
};

static const struct claim_tpl sale_mains[] = {
	TPL(35, "判令被告支付货款$M", FIG_PRINCIPAL),
	TPL(25, "判令被告立即向原告支付拖欠的货款$M", FIG_PRINCIPAL),
	TPL(15, "判令被告支付剩余货款$M及逾期付款利息", FIG_PRINCIPAL),
	NOFIG(8, "判令被告交付已付款的全部$G", CK_NONMONEY),
	NOFIG(7, "判令解除原告与被告签订的《$G购销合同》", CK_NONMONEY),
	TPL(10, "判令被告退还货款$M", FIG_PRINCIPAL),
};

static const struct claim_tpl loan_mains[] = {
	TPL(40, "判令被告归还借款本金$M", FIG_PRINCIPAL),
	TPL(30, "判令被告偿还借款$M", FIG_PRINCIPAL),
	TPL(30, "判令被告立即返还借款$M及利息", FIG_PRINCIPAL),
};

static const struct claim_tpl loan_seconds[] = {
	NOFIG(35, "判令被告支付借款利息（以$B为基数，按年利率$P自$D起计算至借款还清之日止）", CK_EXTRA),
	TPL(25, "判令被告支付截至$D的利息$M", FIG_SECONDARY),
	NOFIG(20, "判令被告支付逾期利息（按日万分之五计算，自$D起至实际清偿之日止）", CK_EXTRA),
	NOFIG(20, "判令各被告对上述债务承担连带清偿责任", CK_EXTRA),
};

static const struct claim_tpl bank_mains[] = {
	TPL(40, "判令被告偿还借款本金$M", FIG_PRINCIPAL),
	TPL(30, "判令被告立即清偿全部贷款本金$M", FIG_PRINCIPAL),
	TPL(30, "判令被告归还贷款本金$M及相应利息、罚息、复利", FIG_PRINCIPAL),
};

static const struct claim_tpl bank_seconds[] = {
	TPL(35, "判令被告支付截至$D的利息、罚息及复利共计$M", FIG_SECONDARY),
	NOFIG(25, "判令原告对被告名下抵押房产的折价或者拍卖、变卖所得价款享有优先受偿权", CK_NONMONEY),
	NOFIG(25, "判令各保证人对上述债务承担连带清偿责任", CK_EXTRA),
	TPL(15, "判令被告支付原告为实现债权支付的律师费$M", FIG_SECONDARY),
};

static const struct claim_tpl work_mains[] = {
	TPL(35, "判令被告支付加工费$M", FIG_PRINCIPAL),
	TPL(25, "判令被告支付承揽报酬$M", FIG_PRINCIPAL),
	TPL(20, "判令被告支付定作款$M及逾期付款利息", FIG_PRINCIPAL),
	NOFIG(10, "判令被告交付定作物", CK_NONMONEY),
	TPL(10, "判令被告返还预付款$M", FIG_PRINCIPAL),
};

static const struct claim_tpl agency_mains[] = {
	TPL(35, "判令被告返还委托款项$M", FIG_PRINCIPAL),
	TPL(25, "判令被告支付委托报酬$M", FIG_PRINCIPAL),
	NOFIG(15, "判令解除原告与被告签订的《委托合同》", CK_NONMONEY),
	TPL(25, "判令被告赔偿原告损失$M", FIG_PRINCIPAL),
};

static const struct claim_tpl traffic_mains[] = {
	TPL(50, "判令被告赔偿原告医疗费、误工费、护理费、交通费、财产损失等各项损失共计$M", FIG_PRINCIPAL),
	TPL(30, "判令被告赔偿原告各项损失$M", FIG_PRINCIPAL),
	TPL(20, "判令被告赔偿原告车辆维修费、施救费等损失$M", FIG_PRINCIPAL),
};

static const struct claim_tpl traffic_seconds[] = {
	NOFIG(70, "判令被告保险公司在交强险及商业三者险责任限额内直接承担赔偿责任", CK_EXTRA),
	TPL(30, "判令被告赔偿原告精神损害抚慰金$M", FIG_SECONDARY),
};

static const struct claim_tpl property_mains[] = {
	TPL(45, "判令被告支付$D至$D期间的物业服务费$M", FIG_PRINCIPAL),
	TPL(35, "判令被告支付拖欠的物业服务费$M", FIG_PRINCIPAL),
	TPL(20, "判令被告支付物业服务费及公摊水电费共计$M", FIG_PRINCIPAL),
};

static const struct claim_tpl property_seconds[] = {
	NOFIG(60, "判令被告支付违约金（按日万分之五计算，自$D起至付清之日止）", CK_EXTRA),
	TPL(40, "判令被告支付违约金$M", FIG_SECONDARY),
};

static const struct claim_tpl lease_mains[] = {
	NOFIG(30, "判令解除原告与被告签订的《房屋租赁合同》", CK_NONMONEY),
	TPL(35, "判令被告支付拖欠的租金$M", FIG_PRINCIPAL),
	TPL(15, "判令被告支付租金及房屋占用费共计$M", FIG_PRINCIPAL),
	NOFIG(10, "判令被告腾退位于$L的房屋并恢复原状", CK_NONMONEY),
	TPL(10, "判令被告返还租赁押金$M", FIG_PRINCIPAL),
};

static const struct claim_tpl lease_seconds[] = {
	TPL(35, "判令被告支付拖欠的租金$M", FIG_SECONDARY),
	NOFIG(35, "判令被告腾退租赁房屋", CK_NONMONEY),
	NOFIG(30, "判令被告支付房屋占用费（按每月$R计算至实际腾退之日止）", CK_EXTRA),
};

static const struct claim_tpl card_mains[] = {
	TPL(40, "判令被告偿还信用卡透支本金$M", FIG_PRINCIPAL),
	TPL(30, "判令被告立即偿还信用卡欠款$M", FIG_PRINCIPAL),
	TPL(30, "判令被告归还信用卡透支款项$M及相应利息", FIG_PRINCIPAL),
};

static const struct claim_tpl card_seconds[] = {
	TPL(40, "判令被告支付截至$D的透支利息$M", FIG_SECONDARY),
	TPL(30, "判令被告支付违约金及分期手续费$M", FIG_SECONDARY),
	NOFIG(30, "判令被告支付自$D起至实际清偿之日止的利息（以$B为基数，按日利率万分之五计算）", CK_EXTRA),
};

static const struct claim_tpl labor_mains[] = {
	TPL(40, "判令被告支付劳务报酬$M", FIG_PRINCIPAL),
	TPL(35, "判令被告支付拖欠的劳务费$M", FIG_PRINCIPAL),
	TPL(25, "判令被告支付劳务费及垫付的材料费共计$M", FIG_PRINCIPAL),
};

static const struct claim_tpl labor_seconds[] = {
	NOFIG(100, "判令被告支付逾期付款利息（以$B为基数，自$D起按一年期贷款市场报价利率计算）", CK_EXTRA),
};

static const struct claim_tpl injury_mains[] = {
	TPL(60, "判令被告赔偿原告医疗费、误工费、护理费、残疾赔偿金等各项损失$M", FIG_PRINCIPAL),
	TPL(40, "判令被告赔偿原告各项损失共计$M", FIG_PRINCIPAL),
};

static const struct claim_tpl injury_seconds[] = {
	TPL(100, "判令被告赔偿原告精神损害抚慰金$M", FIG_SECONDARY),
};

static const struct claim_tpl family_mains[] = {
	NOFIG(60, "判令准予原告与被告离婚", CK_NONMONEY),
	NOFIG(40, "判令原告与被告离婚", CK_NONMONEY),
};

static const struct claim_tpl family_seconds[] = {
	NOFIG(40, "判令婚生子由原告抚养，被告每月支付抚养费$R至其年满十八周岁止", CK_NONMONEY),
	NOFIG(35, "依法分割夫妻共同财产", CK_NONMONEY),
	TPL(25, "判令被告向原告支付离婚经济补偿$M", FIG_SECONDARY),
};

static const struct claim_tpl support_mains[] = {
	NOFIG(50, "判令被告每月支付原告抚养费$R至原告年满十八周岁止", CK_OPEN),
	TPL(50, "判令被告支付拖欠的抚养费$M", FIG_PRINCIPAL),
};

static const struct claim_tpl support_seconds[] = {
	NOFIG(100, "判令被告负担原告教育费、医疗费的一半", CK_OPEN),
};

static const struct claim_tpl patent_mains[] = {
	NOFIG(100, "判令被告立即停止制造、销售、许诺销售侵害原告专利号为$Z的专利权的产品", CK_NONMONEY),
};

/* IP mains stop the act, so the damages claim carries the principal. */
static const struct claim_tpl patent_seconds[] = {
	TPL(80, "判令被告赔偿原告经济损失及为制止侵权行为所支付的合理开支共计$M", FIG_PRINCIPAL),
	NOFIG(20, "判令被告销毁库存侵权产品及专用模具", CK_NONMONEY),
};

static const struct claim_tpl software_mains[] = {
	NOFIG(60, "判令被告立即停止侵害原告《$Q》计算机软件著作权（登记号$W）的行为", CK_NONMONEY),
	NOFIG(40, "判令被告立即停止复制、安装及商业使用侵权计算机软件", CK_NONMONEY),
};

static const struct claim_tpl software_seconds[] = {
	TPL(80, "判令被告赔偿原告经济损失及合理开支共计$M", FIG_PRINCIPAL),
	NOFIG(20, "判令被告在其官方网站首页刊登声明，消除影响", CK_NONMONEY),
};

static const struct claim_tpl trademark_mains[] = {
	NOFIG(100, "判令被告立即停止侵害原告第$T号注册商标专用权的行为", CK_NONMONEY),
};

static const struct claim_tpl trademark_seconds[] = {
	TPL(100, "判令被告赔偿原告经济损失及合理开支$M", FIG_PRINCIPAL),
};

static const struct claim_tpl securities_mains[] = {
	TPL(60, "判令被告赔偿原告投资差额损失$M", FIG_PRINCIPAL),
	TPL(40, "判令被告赔偿原告因虚假陈述造成的投资损失$M", FIG_PRINCIPAL),
};

static const struct claim_tpl securities_seconds[] = {
	TPL(50, "判令被告赔偿原告佣金及印花税损失$M", FIG_SECONDARY),
	NOFIG(50, "判令其他被告对上述债务承担连带赔偿责任", CK_EXTRA),
};

static const struct claim_tpl build_mains[] = {
	TPL(60, "判令被告支付工程款$M", FIG_PRINCIPAL),
	TPL(40, "判令被告支付拖欠的工程进度款$M", FIG_PRINCIPAL),
};

static const struct claim_tpl build_seconds[] = {
	NOFIG(35, "判令原告在涉案工程折价或者拍卖的价款范围内享有优先受偿权", CK_NONMONEY),
	NOFIG(35, "判令被告支付逾期付款利息（以$B为基数，自$D起按一年期贷款市场报价利率计算至付清之日止）", CK_EXTRA),
	TPL(30, "判令被告返还工程质量保证金$M", FIG_SECONDARY),
};

static const struct claim_tpl generic_mains[] = {
	TPL(60, "判令被告支付欠款$M", FIG_PRINCIPAL),
	TPL(40, "判令被告履行合同义务，向原告支付款项$M", FIG_PRINCIPAL),
};

static const char *const costs_claims[] = {
	"本案诉讼费由被告承担", "判令本案诉讼费、保全费由被告负担",
	"判令被告承担本案全部诉讼费用", "本案诉讼费用由被告负担",
};

/* Opening sentences per category: the first one starts the story. */
static const char *const sale_facts[] = {
	"$D，原告与被告签订《$G购销合同》，约定由原告向被告供应$G，被告在收货后$N日内付清货款。",
	"合同签订后，原告按约于$D至$D期间分批向被告交付了$G，被告均已签收且未提出质量异议。",
	"双方约定货物的质量标准按国家标准执行，逾期付款的按每日万分之五支付违约金。",
	"被告收货后仅支付了部分货款，余款经原告多次催收至今未付。",
	"被告自$D起向原告采购$G，双方形成长期买卖合同关系，按月对账结算。",
};
static const char *const loan_facts[] = {
	"$D，被告因资金周转需要向原告借款，并向原告出具借条一张，约定借款期限为$N个月。",
	"原告于$D通过银行转账方式向被告交付了全部借款，被告已实际收到。",
	"双方约定借款年利率为$P，到期一次性还本付息。",
	"借款到期后，被告仅归还了部分利息，本金至今未还。",
	"被告在借条中承诺逾期未还的，愿意承担原告为实现债权支出的律师费等费用。",
};
static const char *const bank_facts[] = {
	"$D，原告与被告签订《个人借款合同》，约定被告向原告借款，借款期限为$N个月，执行年利率$P。",
	"合同约定，借款人未按期偿还本息的，贷款人有权宣布贷款提前到期，并对逾期本金按约定利率上浮$P计收罚息。",
	"同日，被告以其名下位于$L的房屋为上述借款提供抵押担保，并办理了抵押登记。",
	"原告按约于$D向被告发放了全部贷款，但被告自$D起未按期偿还借款本息，已构成违约。",
	"截至起诉前，被告累计逾期还款$N期，原告依约宣布贷款提前到期。",
};
static const char *const work_facts[] = {
	"$D，原告与被告签订《加工承揽合同》，约定由原告按照被告提供的图纸加工$G配套部件，加工费按件结算。",
	"原告按约完成加工任务，并于$D将全部定作物交付被告，被告验收合格后签署了验收单。",
	"双方约定被告应在验收合格后$N日内支付全部加工费，但被告至今仅支付了部分款项。",
	"被告以定作物存在瑕疵为由拒绝付款，但从未在约定的$N日异议期内提出书面异议。",
};
static const char *const agency_facts[] = {
	"$D，原告与被告签订书面合同，约定原告委托被告办理相关事务，并预付了相应费用。",
	"合同履行过程中，被告未按约定向原告报告事务的处理情况，亦未提供相应票据。",
	"原告于$D书面通知被告解除合同关系，要求被告返还剩余款项并移交相关资料。",
	"被告在收到解除通知后至今未办理任何交接手续。",
};
static const char *const traffic_facts[] = {
	"$D$H许，被告驾驶车牌号为$V的小型轿车行驶至$L路口时，与原告驾驶的电动自行车相撞，致原告受伤、车辆受损。",
	"经交通管理部门作出的《道路交通事故认定书》认定，被告承担此次事故的全部责任，原告无责任。",
	"事故发生后，原告被送往医院住院治疗$N天，出院医嘱建议休息$N个月。",
	"肇事车辆投保了机动车交通事故责任强制保险及商业第三者责任保险，事故发生在保险期间内。",
	"被告仅垫付了部分医疗费，对其余损失拒不赔偿。",
};
static const char *const property_facts[] = {
	"原告系$L某小区的物业服务企业，与小区业主委员会签订了《物业服务合同》。",
	"被告系该小区$N栋$N单元某号房屋的业主，自$D起一直未缴纳物业服务费。",
	"原告已按合同约定提供了安全保卫、清洁卫生、绿化养护及共用设施维护等物业服务。",
	"原告多次在小区公示栏张贴催缴通知，并上门送达催缴单，被告仍拒绝缴纳。",
};
static const char *const lease_facts[] = {
	"$D，原告与被告签订《房屋租赁合同》，约定原告将位于$L的房屋出租给被告使用，租期$N年。",
	"合同约定租金按季度支付，被告逾期支付租金超过$N日的，原告有权解除合同。",
	"被告自$D起拖欠租金，经原告多次催收仍未支付。",
	"原告于$D向被告发出解除合同通知书，要求被告腾退房屋，但被告至今仍占用该房屋。",
};
static const char *const card_facts[] = {
	"被告于$D向原告申领信用卡一张，并签署了《信用卡领用合约》，承诺遵守相关章程及规则。",
	"被告领用信用卡后进行了透支消费，但未按约定按期足额还款，截至$D已连续逾期$N期。",
	"根据领用合约约定，持卡人未按期还款的，应按日利率万分之五计付透支利息，并支付违约金。",
	"原告多次通过电话、短信等方式向被告催收，被告至今未予清偿。",
};
static const char *const labor_facts[] = {
	"$D，原告受被告雇请从事$G的搬运及安装工作，双方口头约定按日计算劳务报酬。",
	"原告自$D至$D期间持续为被告提供劳务，被告对工作量予以确认并出具了欠条。",
	"被告承诺于$D前结清全部劳务报酬，但到期后以工程款未到位为由拒绝支付。",
};
static const char *const injury_facts[] = {
	"$D，原告在为被告提供劳务过程中从高处跌落受伤，当即被送往医院治疗。",
	"原告住院治疗$N天，经诊断为腰椎骨折及多处软组织挫伤。",
	"被告作为接受劳务一方，未提供必要的安全防护措施，对原告的损害应承担赔偿责任。",
	"事发后被告仅支付了部分医疗费，对其余损失拒绝赔偿。",
};
static const char *const family_facts[] = {
	"原告与被告于$D经人介绍相识，于$D登记结婚，婚后育有一子。",
	"婚后双方因生活琐事经常发生争吵，被告对家庭缺乏责任感，夫妻感情逐渐淡漠。",
	"双方自$D起分居至今，已满$N年，夫妻感情确已破裂，无和好可能。",
	"原告曾于$D向人民法院提起离婚诉讼，案号为$C，后经调解和好，但被告此后并无改变。",
};
static const char *const support_facts[] = {
	"原告系被告的婚生子女，原告之母与被告于$D经法院调解离婚，案号为$C。",
	"离婚时约定原告由其母抚养，被告每月按时支付抚养费，但被告自$D起一直未支付。",
	"随着原告年龄增长，教育及医疗支出明显增加，原定抚养费已不足以维持当地实际生活水平。",
};
static const char *const patent_facts[] = {
	"原告是专利号为$Z的专利的专利权人，该专利于$D获得授权，目前处于有效状态。",
	"$D，原告发现被告在其官方网站及电商平台上公开销售与原告专利技术方案相同的产品。",
	"原告委托公证机构对被告的销售行为进行了公证，公证书编号为（$Y）川成证内经字第$N号。",
	"经比对，被诉侵权产品的技术特征与原告专利权利要求1记载的全部技术特征相同，落入原告专利权的保护范围。",
};
static const char *const software_facts[] = {
	"原告是《$Q》的著作权人，该软件已于$D进行了计算机软件著作权登记，登记号为$W。",
	"$D，原告发现被告未经许可，在其经营活动中大量复制、安装并商业使用原告的上述计算机软件。",
	"原告委托公证机构对被告计算机中安装侵权软件的情况进行了公证。",
};
static const char *const trademark_facts[] = {
	"原告是第$T号注册商标的商标权人，核定使用商品为第$N类，该商标经长期使用在川渝地区具有较高知名度。",
	"$D，原告发现被告在其门店销售的商品上使用了与原告注册商标近似的标识，足以导致相关公众混淆。",
	"原告委托公证机构在被告门店购买了被诉侵权商品，并对购买过程进行了公证。",
};
static const char *const securities_facts[] = {
	"被告系在$J上市的股份有限公司，于$D披露的年度报告中虚增营业收入及利润。",
	"$D，中国证券监督管理委员会四川监管局作出行政处罚决定，认定被告的信息披露违法行为构成证券虚假陈述。",
	"原告于$D至$D期间买入被告股票，并在虚假陈述揭露日后持续持有，因股价大幅下跌遭受投资损失。",
	"原告作为中小投资者，其投资损失与被告的虚假陈述行为之间存在因果关系。",
};
static const char *const build_facts[] = {
	"$D，原告与被告签订《施工合同》，约定由原告承建被告位于$L的项目，工期$N天。",
	"原告按约完成了全部施工内容，工程于$D竣工验收合格并已交付被告使用。",
	"双方约定工程款按进度支付，竣工验收后$N日内支付至结算价款的$P，但被告未按约支付。",
	"因双方对工程结算价款存在争议，至今未能完成结算。",
};
static const char *const generic_facts[] = {
	"$D，原告与被告签订了相关合同，约定了双方的权利义务。",
	"合同签订后，原告依约履行了全部义务，但被告未按约履行付款义务。",
	"$D，被告向原告出具了《欠款确认书》，确认尚欠原告款项未付。",
	"被告的法定代表人亦在确认书上签字，承诺于$D前全部付清。",
};

/* Middle of any civil story: dates, case numbers, articles, percentages,
 * never an amount in yuan (the claims say what is asked). */
static const char *const civil_filler[] = {
	"原告多次通过电话、微信等方式催告被告履行义务，被告均以资金紧张为由推脱。",
	"$D，原告委托律师向被告发出律师函，要求其在收函后$N日内履行义务，被告至今未予回复。",
	"根据《中华人民共和国民法典》第$A条的规定，当事人一方不履行合同义务或者履行合同义务不符合约定的，应当承担继续履行、采取补救措施或者赔偿损失等违约责任。",
	"依法成立的合同，自成立时生效，对当事人具有法律约束力，被告理应按约履行。",
	"双方在合同中约定，任何一方违约的，应按合同总价款的$P向守约方支付违约金。",
	"$D，原告曾就本纠纷向$K申请诉前调解，案号为$C，因被告未到场，调解未能达成。",
	"另查明，被告曾因其他纠纷被$K列为被执行人，案号为$C。",
	"原告认为，被告的行为违反了诚实信用原则，严重损害了原告的合法权益。",
	"上述事实，有合同、转账凭证、聊天记录及对账单等证据予以证明。",
	"为维护自身合法权益，原告依据《中华人民共和国民事诉讼法》第一百二十二条的规定，特向贵院提起诉讼。",
	"$D，双方经对账确认了欠付事实，被告承诺于$D前付清，但到期后仍未履行。",
	"原告已按约履行了全部合同义务，被告对此从未提出任何异议。",
	"原告于$D、$D多次向被告主张权利，诉讼时效依法中断。",
	"被告的法定代表人曾于$D当面承诺在$N个工作日内处理，但此后再无音讯。",
	"根据双方约定，因合同发生的争议由原告所在地人民法院管辖，贵院对本案依法享有管辖权。",
	"受被告违约影响，原告当年的资金周转效率下降约$P，经营受到较大冲击。",
	"原告于$D通过邮政快递向被告合同载明的地址邮寄催告函，运单号为$X，显示已经签收。",
	"依据《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第$a条的规定，原告有权提起本案诉讼。",
	"双方此前曾因类似事项发生争议，案号为$C，该案已于$D调解结案。",
	"原告在起诉前已尽到合理的通知义务，并给予被告足够的宽限期。",
	"被告在$D出具的书面承诺中确认了上述事实，并承诺按月分期履行。",
	"原告保留依法追究被告其他法律责任的权利。",
	"$D$H，原告工作人员再次前往被告经营场所协商，被告仍拒绝沟通。",
	"截至起诉之日，被告的违约状态已持续$N个月，违约情节严重。",
	"依照《中华人民共和国民法典》第$A条之规定，被告应当承担相应的民事责任。",
	"原告已于$D将相关催告材料送达被告住所地，并由其近亲属代为签收。",
};

static const char *const bk_filler[] = {
	"自$Y年起，受市场需求下降及原材料价格上涨影响，债务人连续亏损，营业收入同比下降约$P。",
	"债务人已于$D停止生产经营，目前仅留守少量人员处理善后事宜。",
	"申请人多次向债务人催收，债务人均表示无力清偿。",
	"依据《中华人民共和国企业破产法》第$b条的规定，企业法人不能清偿到期债务，并且资产不足以清偿全部债务或者明显缺乏清偿能力的，依法清理债务。",
	"债务人的主要财产已设定抵押，抵押登记日期为$D，抵押权人为相关金融机构。",
	"债务人的财务账册、印章、证照等资料由其法定代表人保管，可随时移交管理人。",
	"经核查，债务人对外享有的应收账款大多账龄较长，回收可能性较低。",
	"债务人名下的银行账户已被多家法院冻结，相关案号包括$C等。",
	"债务人的资产负债率已超过百分之百，明显缺乏清偿能力。",
	"为公平清理债权债务，保护债权人和债务人的合法权益，特提出本申请。",
	"债务人的法定代表人已于$D辞职，公司目前处于无人经营状态。",
	"债务人曾于$D与主要债权人协商展期，但未能达成一致。",
};

/* Where the story starts for each kind of bankruptcy petitioner. */
static const char *const bk_open_debtor[] = {
	"债务人成立于$D，主要从事$G的生产与销售。",
	"$D，债务人股东会作出决议，同意向人民法院申请破产。",
};
static const char *const bk_open_creditor[] = {
	"申请人与债务人之间存在$G买卖关系，债务人拖欠申请人货款，已经$K作出的生效判决确认，案号为$C。",
	"判决生效后，债务人未履行给付义务，申请人已申请强制执行。",
};
static const char *const bk_open_liquidator[] = {
	"债务人因营业执照被吊销已于$D解散，但股东未在法定期限内完成清算。",
	"清算组成立后经清理发现，债务人资产不足以清偿全部债务。",
};
static const char *const bk_open_transfer[] = {
	"$K在执行$C案件过程中，发现被执行人不能清偿到期债务。",
	"经申请执行人同意，执行法院决定将该案移送破产审查。",
};

/* Closing clause after "截至<date>，", and short closing sentences: both
 * bucketed by length in characters so a facts text can end exactly on its
 * byte budget (see write_closer). */
static const char *const civil_status[] = {
	"仍未履行。", "仍未付款。", "未获回复。", "仍拒不履行。", "仍未见回复。",
	"被告仍未履行。", "被告仍未支付。", "问题仍未解决。", "被告仍未予履行。",
	"被告仍拒绝履行。", "被告仍未履行义务。", "被告仍未予以处理。",
	"被告仍拒不履行义务。", "被告仍未作任何答复。",
};
static const char *const bk_status[] = {
	"仍未清偿。", "仍无力清偿。", "债务仍未清偿。", "债务人仍未清偿。",
	"债务人仍无力清偿。", "上述债务仍未清偿。", "债务人仍未恢复经营。",
	"仍未恢复生产。", "债务仍未获清偿。",
};
static const char *const civil_pads[] = {
	"望支持。", "请准许。", "望予支持。", "特此说明。", "以上属实。",
	"请依法裁判。", "望判如所请。", "请求依法判决。", "恳请贵院支持。",
	"特此向贵院陈述。", "恳请依法公正裁判。", "原告的请求合法有据。",
};
static const char *const bk_pads[] = {
	"望支持。", "请准许。", "特此申请。", "请予受理。", "望予准许。",
	"请依法裁定。", "恳请依法受理。", "特此向贵院申请。", "本申请合法有据。",
	"恳请贵院依法受理。", "请求裁定受理本案。", "请贵院尽快依法受理。",
};

#define MINLEN 4  /* shortest pad, in characters */
#define MAXLEN 10 /* longest pad or status, in characters */

struct bylen {
	const char *s[MAXLEN + 1][8];
	unsigned n[MAXLEN + 1];
};

static struct bylen civil_status_ix, bk_status_ix, civil_pad_ix, bk_pad_ix;

struct catdata {
	const struct claim_tpl *mains;
	size_t nmains;
	const struct claim_tpl *seconds;
	size_t nseconds;
	const char *const *facts;
	size_t nfacts;
	const char *appraisal; /* what an appraisal request asks for */
	unsigned appraisal_pct;
	enum special p_special, d_special;
};

#define L(a) (a), NELEM(a)

static const struct catdata catdata[C_NCAT] = {
	[C_SALE] = {L(sale_mains), L(contract_seconds), L(sale_facts),
		    "申请对涉案$G的质量进行司法鉴定", 5, SP_NONE, SP_NONE},
	[C_LOAN] = {L(loan_mains), L(loan_seconds), L(loan_facts),
		    "申请对借条上被告签名的真实性进行笔迹鉴定", 4, SP_NONE, SP_NONE},
	[C_BANK] = {L(bank_mains), L(bank_seconds), L(bank_facts),
		    "申请对抵押房产的市场价值进行评估", 2, SP_BANK, SP_NONE},
	[C_WORK] = {L(work_mains), L(contract_seconds), L(work_facts),
		    "申请对定作物的质量及加工费进行司法鉴定", 10, SP_NONE, SP_NONE},
	[C_AGENCY] = {L(agency_mains), L(contract_seconds), L(agency_facts),
		      "申请对被告的相关账目进行审计", 4, SP_NONE, SP_NONE},
	[C_TRAFFIC] = {L(traffic_mains), L(traffic_seconds), L(traffic_facts),
		       "申请对原告的伤残等级、误工期、护理期及营养期进行司法鉴定", 30,
		       SP_NONE, SP_INSURER},
	[C_PROPERTY] = {L(property_mains), L(property_seconds), L(property_facts),
			NULL, 0, SP_PROPERTY, SP_NONE},
	[C_LEASE] = {L(lease_mains), L(lease_seconds), L(lease_facts),
		     "申请对租赁房屋的装修残值进行评估", 4, SP_NONE, SP_NONE},
	[C_CARD] = {L(card_mains), L(card_seconds), L(card_facts), NULL, 0,
		    SP_CARD, SP_NONE},
	[C_LABOR] = {L(labor_mains), L(labor_seconds), L(labor_facts),
		     "申请对欠条上被告签名的真实性进行笔迹鉴定", 3, SP_NONE, SP_NONE},
	[C_INJURY] = {L(injury_mains), L(injury_seconds), L(injury_facts),
		      "申请对原告的伤残等级进行鉴定", 40, SP_NONE, SP_NONE},
	[C_FAMILY] = {L(family_mains), L(family_seconds), L(family_facts),
		      "申请对夫妻共同所有的房屋价值进行评估", 5, SP_NONE, SP_NONE},
	[C_SUPPORT] = {L(support_mains), L(support_seconds), L(support_facts),
		       NULL, 0, SP_NONE, SP_NONE},
	[C_PATENT] = {L(patent_mains), L(patent_seconds), L(patent_facts),
		      "申请对被诉侵权产品是否落入专利权保护范围进行技术鉴定", 15,
		      SP_NONE, SP_NONE},
	[C_SOFTWARE] = {L(software_mains), L(software_seconds), L(software_facts),
			"申请对被告计算机中安装的软件与原告软件的同一性进行司法鉴定", 15,
			SP_NONE, SP_NONE},
	[C_TRADEMARK] = {L(trademark_mains), L(trademark_seconds),
			 L(trademark_facts), NULL, 0, SP_NONE, SP_NONE},
	[C_SECURITIES] = {L(securities_mains), L(securities_seconds),
			  L(securities_facts), "申请委托专业机构对投资损失进行核定", 10,
			  SP_NONE, SP_LISTED},
	[C_BUILD] = {L(build_mains), L(build_seconds), L(build_facts),
		     "申请对涉案工程造价进行司法鉴定", 40, SP_NONE, SP_NONE},
	[C_GENERIC] = {L(generic_mains), L(contract_seconds), L(generic_facts),
		       "申请对被告的财务账册进行审计", 4, SP_NONE, SP_NONE},
};

/* ------------------------------------------------------------------ */
/* Options and the per-filing generator state                          */
/* ------------------------------------------------------------------ */

struct opts {
	uint64_t seed, count, start, batch;
	const char *out, *prefix;
	double malformed; /* percent of filings to break */
	int gb18030;
	uint32_t min_size, max_size;
};

enum defect {
	D_NONE, D_NO_NAME, D_BAD_ROLE, D_BAD_KIND, D_AMOUNT, D_UNKNOWN,
	D_EMPTY_COURT, D_BAD_ID, D_NO_ZONE, D_NO_CLAIMS, D_NO_BANKRUPTCY
};

struct party {
	const char *role;
	int org;
	enum special special;
	int foreign;  /* domicile outside mainland China */
	int absent;   /* whereabouts unknown */
	int compact;  /* many-party filings: fewer optional fields */
};

#define MAX_PARTIES 24

/* What the writers put into a filing that the triage policy reads, noted as
 * it is written: the oracle labels what is in the XML, not what was planned
 * (a sentence may not fit the facts, an optional element may be left out).
 * Each part is cleared by the writer that fills it; the tail can be written
 * twice (see gen_filing). */
struct seen {
	struct {
		uint64_t total;	   /* cents, over the claims with a figure */
		int has_total;	   /* some claim has a figure */
		int open;	   /* a money claim without a figure */
		int nonmoney;	   /* a claim that is not for money */
		int foreign;	   /* a party shown abroad: name, nationality, address */
		int public_notice; /* an address says 下落不明 */
	} head;
	struct {
		int foreign;	   /* 涉外 */
		int public_notice; /* 下落不明 */
		int rep_action;	   /* 代表人诉讼 */
	} facts;
	struct {
		int appraisal;	   /* a request of kind appraisal */
		int public_notice; /* 公告送达 requested */
		int rep_action;	   /* 代表人诉讼 requested */
		/* bankruptcy: the values written, and the statement's sentences */
		int has_assets, has_liabilities, has_creditors;
		uint64_t assets, liabilities; /* cents */
		unsigned creditors;
		int unpaid_wages;		      /* unpaid-wages="true" */
		int listed, pending, no_assets, abroad, wages; /* in the statement */
	} tail;
};

struct gen {
	const struct opts *o;
	struct rng r;	  /* content */
	struct rng d;	  /* defects: separate so --malformed leaves content */
	struct buf tmp;	  /* a sentence or a name being built */
	struct buf tail;  /* what follows facts */
	/* the filing being built */
	uint64_t index;
	int bankrupt;
	const struct cause *cause; /* NULL: not stated */
	const struct catdata *cd;
	const struct court *court;
	const char *goods;
	struct buf debtor_name; /* bankruptcy: named once, used twice */
	const char *bk_cause, *bk_proc, *bk_pet;
	int bk_listed;
	uint64_t principal, secondary, rate; /* cents */
	enum defect defect;
	unsigned variant; /* which form of the defect */
	int defect_done; /* the defect was injected by the writer it concerns */
	const char *note;
	int public_notice; /* some defendant's whereabouts unknown */
	int rep_action;	   /* 代表人诉讼 */
	int no_attachments; /* dropped to stay within --max-size */
	unsigned story_day;  /* days since 2021-01-01 while writing facts, else 0 */
	struct party parties[MAX_PARTIES];
	unsigned nparties;
	char id[128];
	/* claim being written */
	uint64_t claim_cents;
	int claim_form; /* enum form, or -1: figure left out of the text */
	struct seen seen; /* for the triage oracle */
};

/* ------------------------------------------------------------------ */
/* Template expansion                                                  */
/* ------------------------------------------------------------------ */

static void put_ymd(struct buf *b, unsigned y, unsigned m, unsigned d)
{
	put_u(b, y);
	put(b, "年");
	put_u(b, m);
	put(b, "月");
	put_u(b, d);
	put(b, "日");
}

static void put_date(struct buf *b, struct rng *r, unsigned y0, unsigned y1)
{
	unsigned m = rng_range(r, 1, 12);
	unsigned y = rng_range(r, y0, y1);
	put_ymd(b, y, m, rng_range(r, 1, mdays[m - 1]));
}

#define STORY_DAYS (5 * 365) /* 2021-2025, leap days ignored */

/* Dates in a story move forward: each is 5-60 days after the last. */
static void put_story_date(struct buf *b, struct rng *r, unsigned *day)
{
	*day += rng_range(r, 5, 60);
	if (*day >= STORY_DAYS)
		*day = STORY_DAYS - 1;
	unsigned y = 2021 + *day / 365, doy = *day % 365, m = 0;
	while (doy >= mdays[m])
		doy -= mdays[m++];
	put_ymd(b, y, m + 1, doy + 1);
}

/* Arabic or Chinese numerals, as complaints cite both ways; the template
 * has the 第…条 around it. */
static void put_article(struct buf *b, struct rng *r, unsigned n)
{
	if (rng_pct(r, 80))
		put_cn_num(b, n, 0);
	else
		put_u(b, n);
}

/* （2025）川0107民初12345号: the court's division code minus "51". */
static void put_case_no(struct gen *g, struct buf *b)
{
	static const struct {
		unsigned weight;
		const char *s;
	} kinds[] = {{50, "民初"}, {20, "执"}, {15, "民诉前调"}, {10, "执保"},
		     {5, "民特"}};
	const struct court *c = rng_pct(&g->r, 60) ? g->court : PICKW(&g->r, courts);
	put(b, "（");
	put_u(b, rng_range(&g->r, 2019, 2025));
	put(b, "）川");
	put(b, c->code + 2);
	put(b, PICKW(&g->r, kinds)->s);
	put_u(b, rng_range(&g->r, 1, 32000));
	put(b, "号");
}

static void put_percent(struct buf *b, struct rng *r)
{
	if (rng_pct(r, 50)) {
		put_u(b, rng_range(r, 1, 30));
	} else {
		put_u(b, rng_range(r, 1, 23));
		put_ch(b, '.');
		put_u(b, rng_range(r, 1, 9));
	}
	put_ch(b, '%');
}

static void put_chengdu_place(struct gen *g, struct buf *b)
{
	const struct district *d = &PICK(&g->r, districts);
	put(b, "成都市");
	put(b, d->name);
	put(b, d->streets[rng_below(&g->r, 4)]);
}

/* Licence plates avoid I and O, as the real ones do. */
static void put_plate(struct gen *g, struct buf *b)
{
	static const char set[] = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
	put(b, rng_pct(&g->r, 20) ? "川AD" : "川A");
	for (int i = 0; i < 5; i++)
		put_ch(b, set[rng_below(&g->r, sizeof set - 1)]);
}

static void put_digits(struct gen *g, struct buf *b, int n)
{
	for (int i = 0; i < n; i++)
		put_ch(b, (char)('0' + rng_below(&g->r, 10)));
}

static void put_brand(struct gen *g, struct buf *b);

/* Clock time, patent and software registration numbers, software name. */
static void expand_ip_code(struct gen *g, struct buf *b, char code)
{
	struct rng *r = &g->r;
	if (code == 'H') {
		put_u(b, rng_range(r, 7, 22));
		put(b, "时");
		put_u(b, rng_range(r, 1, 59));
		put(b, "分");
	} else if (code == 'Z') { /* ZL + year + 1 invention / 2 utility model */
		put(b, "ZL");
		put_u(b, rng_range(r, 2015, 2023));
		put_ch(b, rng_pct(r, 60) ? '1' : '2');
		put_digits(g, b, 7);
		put_ch(b, '.');
		put_digits(g, b, 1);
	} else if (code == 'W') {
		put_u(b, rng_range(r, 2015, 2024));
		put(b, "SR0");
		put_digits(g, b, 6);
	} else { /* Q */
		put_brand(g, b);
		put(b, PICK(r, software_names));
		put(b, "V");
		put_u(b, rng_range(r, 1, 5));
		put(b, ".0");
	}
}

static void expand_claim_fig(struct gen *g, struct buf *b, char code)
{
	if (code == 'M') {
		if (g->claim_form >= 0)
			put_money(b, &g->r, g->claim_cents, (enum form)g->claim_form);
	} else if (code == 'B') {
		put_money(b, &g->r, g->principal, F_PLAIN);
	} else {
		put_money(b, &g->r, g->rate, rng_pct(&g->r, 50) ? F_PLAIN : F_COMMA);
	}
}

static void expand_code(struct gen *g, struct buf *b, char code)
{
	struct rng *r = &g->r;
	switch (code) {
	case 'D':
		if (g->story_day)
			put_story_date(b, r, &g->story_day);
		else
			put_date(b, r, 2022, 2025);
		break;
	case 'Y': put_u(b, rng_range(r, 2018, 2024)); break;
	case 'N': put_u(b, rng_range(r, 2, 30)); break;
	case 'P': put_percent(b, r); break;
	case 'A': put_article(b, r, PICK(r, civil_code_articles)); break;
	case 'a': put_article(b, r, rng_range(r, 1, 552)); break;
	case 'b': put_article(b, r, PICK(r, bankruptcy_articles)); break;
	case 'C': put_case_no(g, b); break;
	case 'K': put(b, PICKW(r, courts)->name); break;
	case 'G': put(b, g->goods); break;
	case 'L': put_chengdu_place(g, b); break;
	case 'V': put_plate(g, b); break;
	case 'X': put_digits(g, b, 13); break;
	case 'T': put_u(b, rng_range(r, 3000000, 59999999)); break;
	case 'J': put(b, rng_pct(r, 50) ? "上海证券交易所" : "深圳证券交易所"); break;
	case 'M': case 'B': case 'R': expand_claim_fig(g, b, code); break;
	default: expand_ip_code(g, b, code); break;
	}
}

/* Templates mark variable parts with '$' and one letter. */
static void expand(struct gen *g, struct buf *b, const char *t)
{
	for (;;) {
		const char *d = strchr(t, '$');
		if (!d) {
			put(b, t);
			return;
		}
		put_mem(b, t, (size_t)(d - t));
		expand_code(g, b, d[1]);
		t = d + 2;
	}
}

/* ------------------------------------------------------------------ */
/* Names, identity numbers, addresses                                  */
/* ------------------------------------------------------------------ */

static void put_person_name(struct gen *g, struct buf *b)
{
	put(b, PICKW(&g->r, surnames)->s);
	unsigned x = rng_below(&g->r, 100);
	if (x < 5) { /* anonymised as in published judgments */
		put(b, "某");
		return;
	}
	if (x < 8) {
		put(b, "某某");
		return;
	}
	if (x < 10) {
		put(b, "某");
		put(b, PICK(&g->r, given_chars));
		return;
	}
	put(b, PICK(&g->r, given_chars));
	if (x >= 35)
		put(b, PICK(&g->r, given_chars));
}

static void put_brand(struct gen *g, struct buf *b)
{
	put(b, PICK(&g->r, brand_chars));
	put(b, PICK(&g->r, brand_chars));
}

static void put_company_name(struct gen *g, struct buf *b, const char *industry,
			     const char *suffix)
{
	put(b, PICKW(&g->r, company_cities)->s);
	put_brand(g, b);
	put(b, industry ? industry : PICK(&g->r, industries_any));
	put(b, suffix ? suffix : PICKW(&g->r, company_suffixes)->s);
}

static void put_special_name(struct gen *g, struct buf *b, enum special sp)
{
	switch (sp) {
	case SP_BANK: {
		const char *head = PICK(&g->r, bank_heads);
		put(b, head);
		if (strncmp(head, "成都", strlen("成都")) != 0) /* 成都银行…成都… */
			put(b, "成都");
		if (rng_pct(&g->r, 30)) {
			put(b, "分行");
		} else {
			put(b, PICK(&g->r, bank_branches));
			put(b, "支行");
		}
		break;
	}
	case SP_CARD: put(b, PICK(&g->r, card_centres)); break;
	case SP_INSURER: put(b, PICK(&g->r, insurers)); break;
	case SP_PROPERTY: put_company_name(g, b, "物业服务", "有限公司"); break;
	case SP_LISTED:
		put(b, "四川");
		put_brand(g, b);
		put(b, PICK(&g->r, industries_any));
		put(b, "股份有限公司");
		break;
	case SP_AUDITOR:
		put_brand(g, b);
		put(b, "会计师事务所（特殊普通合伙）");
		break;
	default: put_company_name(g, b, NULL, NULL); break;
	}
}

static void put_fixed_digits(char *dst, unsigned v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		dst[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

static const char *id_region(struct gen *g)
{
	if (rng_pct(&g->r, 70))
		return PICK(&g->r, districts).region;
	return PICK(&g->r, elsewhere).region;
}

/* Resident ID (GB 11643): region, birth date, sequence, ISO 7064 check. */
static void put_resident_id(struct gen *g, struct buf *b)
{
	static const unsigned char w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6,
					    3, 7, 9, 10, 5, 8, 4, 2};
	char id[18];
	unsigned m = rng_range(&g->r, 1, 12);
	memcpy(id, id_region(g), 6);
	put_fixed_digits(id + 6, rng_range(&g->r, 1955, 2004), 4);
	put_fixed_digits(id + 10, m, 2);
	put_fixed_digits(id + 12, rng_range(&g->r, 1, mdays[m - 1]), 2);
	put_fixed_digits(id + 14, rng_range(&g->r, 1, 999), 3);
	unsigned sum = 0;
	for (int i = 0; i < 17; i++)
		sum += w[i] * (unsigned)(id[i] - '0');
	id[17] = "10X98765432"[sum % 11];
	put_mem(b, id, 18);
}

static const char uscc_set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static unsigned uscc_value(char c)
{
	return (unsigned)(strchr(uscc_set, c) - uscc_set);
}

/* Unified social credit code (GB 32100): 91 + region + organization code
 * (GB 11714, with its own check) + a mod-31 check character. */
static void put_uscc(struct gen *g, struct buf *b)
{
	static const unsigned char wo[8] = {3, 7, 9, 10, 5, 8, 4, 2};
	static const unsigned char wu[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20,
					     29, 25, 13, 8, 24, 10, 30, 28};
	char c[18] = {'9', '1'};
	memcpy(c + 2, id_region(g), 6);
	int modern = rng_pct(&g->r, 60); /* post-2015 codes start MA6 in Sichuan */
	for (int i = 0; i < 8; i++) {
		if (modern && i < 3)
			c[8 + i] = "MA6"[i];
		else if (modern && rng_pct(&g->r, 40))
			c[8 + i] = uscc_set[rng_range(&g->r, 10, 30)];
		else
			c[8 + i] = (char)('0' + rng_below(&g->r, 10));
	}
	unsigned sum = 0;
	for (int i = 0; i < 8; i++) {
		char ch = c[8 + i];
		sum += wo[i] * (unsigned)(ch <= '9' ? ch - '0' : ch - 'A' + 10);
	}
	unsigned chk = 11 - sum % 11;
	c[16] = chk == 10 ? 'X' : chk == 11 ? '0' : (char)('0' + chk);
	sum = 0;
	for (int i = 0; i < 17; i++)
		sum += wu[i] * uscc_value(c[i]);
	c[17] = uscc_set[(31 - sum % 31) % 31];
	put_mem(b, c, 18);
}

/* Passport-like numbers from a shape: A letter, 9 digit. */
static void put_shaped(struct gen *g, struct buf *b, const char *shape)
{
	for (; *shape; shape++) {
		if (*shape == 'A')
			put_ch(b, (char)('A' + rng_below(&g->r, 26)));
		else
			put_ch(b, (char)('0' + rng_below(&g->r, 10)));
	}
}

static void put_street_number(struct gen *g, struct buf *b, int person)
{
	put_u(b, rng_range(&g->r, 1, 999));
	put(b, "号");
	if (person && rng_pct(&g->r, 70)) {
		put_u(b, rng_range(&g->r, 1, 30));
		put(b, "栋");
		put_u(b, rng_range(&g->r, 1, 4));
		put(b, "单元");
		put_u(b, rng_range(&g->r, 1, 32) * 100 + rng_range(&g->r, 1, 8));
		put(b, "号");
	} else if (!person && rng_pct(&g->r, 50)) {
		put_u(b, rng_range(&g->r, 1, 40));
		put(b, "楼");
	}
}

static void put_address(struct gen *g, struct buf *b, int person)
{
	if (rng_pct(&g->r, 75)) {
		const struct district *d = &PICK(&g->r, districts);
		put(b, rng_pct(&g->r, 50) ? "四川省成都市" : "成都市");
		put(b, d->name);
		put(b, d->streets[rng_below(&g->r, 4)]);
	} else {
		put(b, PICK(&g->r, elsewhere).prefix);
	}
	put_street_number(g, b, person);
}

/* Whereabouts unknown, as filers put it in the address field. */
static void put_absent_address(struct gen *g, struct buf *b)
{
	unsigned x = rng_below(&g->r, 3);
	if (x == 0) {
		put(b, "下落不明");
		return;
	}
	put(b, x == 1 ? "原住" : "户籍地");
	put_address(g, b, 1);
	put(b, "，现下落不明");
}

/* ------------------------------------------------------------------ */
/* Parties                                                             */
/* ------------------------------------------------------------------ */

static void party_name(struct gen *g, const struct party *p,
		       const struct foreign *fo, struct buf *b)
{
	if (fo)
		put(b, p->org ? PICK(&g->r, fo->orgs) : PICK(&g->r, fo->persons));
	else if (p->special == SP_DEBTOR || p->special == SP_LIQ_GROUP) {
		put_mem(b, g->debtor_name.p, g->debtor_name.len);
		if (p->special == SP_LIQ_GROUP)
			put(b, "清算组");
	} else if (p->org)
		put_special_name(g, b, p->special);
	else
		put_person_name(g, b);
}

static void party_idno(struct gen *g, const struct party *p,
		       const struct foreign *fo, struct buf *b)
{
	if (fo)
		put_shaped(g, b, fo->idfmt);
	else if (p->org)
		put_uscc(g, b);
	else
		put_resident_id(g, b);
}

/* Lawyers mostly; otherwise an employee of an organization, or a close
 * relative of a person. */
static void party_representative(struct gen *g, struct buf *b, int org)
{
	put_person_name(g, b);
	if (rng_pct(&g->r, 75)) {
		put(b, "，四川");
		put_brand(g, b);
		put(b, "律师事务所律师");
	} else {
		put(b, org ? "，该单位员工" : "，系当事人近亲属");
	}
}

/* Writes the defect that lives in a party, if it is this filing's. */
static const char *party_role_attr(struct gen *g, const char *role)
{
	static const char *const bad[] = {"appellant", "applicant", "原告",
					  "Plaintiff"};
	if (g->defect != D_BAD_ROLE || g->defect_done)
		return role;
	g->defect_done = 1;
	if (rng_pct(&g->d, 50)) {
		g->note = "role-wrong-type";
		return g->bankrupt ? "plaintiff" : "petitioner";
	}
	g->note = "bad-role";
	return PICK(&g->d, bad);
}

static const char *party_kind_attr(struct gen *g, int org)
{
	static const char *const bad[] = {"company", "individual", "法人",
					  "Person", ""};
	if (g->defect != D_BAD_KIND || g->defect_done)
		return org ? "organization" : "person";
	g->defect_done = 1;
	g->note = "bad-kind";
	return PICK(&g->d, bad);
}

static void write_party_fields(struct gen *g, struct buf *b,
			       const struct party *p, const struct foreign *fo)
{
	const char *in = "      ";
	int first = p == &g->parties[0];
	g->tmp.len = 0;
	party_name(g, p, fo, &g->tmp);
	if (!(first && g->defect == D_NO_NAME))
		put_elem(b, in, "name", g->tmp.p, g->tmp.len);
	if (first && g->defect == D_UNKNOWN && g->variant == 0 &&
	    !g->defect_done) {
		put(b, "      <phone>1");
		put_digits(g, b, 10);
		put(b, "</phone>\n");
		g->defect_done = 1;
	}
	if (rng_pct(&g->r, p->compact ? 25 : fo ? 50 : 80)) {
		g->tmp.len = 0;
		party_idno(g, p, fo, &g->tmp);
		put_elem(b, in, "idno", g->tmp.p, g->tmp.len);
	}
	/* Every foreign organization's name shows it (香港…, Inc., GmbH,
	 * 株式会社…); a person's name never counts, so a foreign person is
	 * foreign-related only by what follows. */
	if (fo && p->org)
		g->seen.head.foreign = 1;
	if (fo ? rng_pct(&g->r, 70) : rng_pct(&g->r, p->compact ? 10 : 35)) {
		put_elem(b, in, "nationality", fo ? fo->nat : "CN", 2);
		if (fo)
			g->seen.head.foreign = 1;
	}
	if (p->absent || rng_pct(&g->r, p->compact ? 90 : 96)) {
		g->tmp.len = 0;
		if (p->absent)
			put_absent_address(g, &g->tmp);
		else if (fo)
			put(&g->tmp, PICK(&g->r, fo->addrs));
		else
			put_address(g, &g->tmp, !p->org);
		put_elem(b, in, "address", g->tmp.p, g->tmp.len);
		if (fo) /* every one names a place abroad */
			g->seen.head.foreign = 1;
		if (p->absent) /* 下落不明 */
			g->seen.head.public_notice = 1;
	}
	int plaintiff_side = !strcmp(p->role, "plaintiff") ||
			     !strcmp(p->role, "petitioner");
	if (!p->compact && rng_pct(&g->r, plaintiff_side ? 45 : 10)) {
		g->tmp.len = 0;
		party_representative(g, &g->tmp, p->org);
		put_elem(b, in, "representative", g->tmp.p, g->tmp.len);
	}
}

static void write_party(struct gen *g, struct buf *b, const struct party *p)
{
	const struct foreign *fo = p->foreign ? &PICK(&g->r, foreigners) : NULL;
	const char *role = party_role_attr(g, p->role);
	const char *kind = party_kind_attr(g, p->org);
	put(b, "    <party role=\"");
	put_esc(b, role, strlen(role), 1);
	put(b, "\" kind=\"");
	put_esc(b, kind, strlen(kind), 1);
	put(b, "\">\n");
	write_party_fields(g, b, p, fo);
	put(b, "    </party>\n");
}

static void write_parties(struct gen *g, struct buf *b)
{
	put(b, "  <parties>\n");
	for (unsigned i = 0; i < g->nparties; i++)
		write_party(g, b, &g->parties[i]);
	put(b, "  </parties>\n");
}

/* ------------------------------------------------------------------ */
/* Planning a filing: who, how much, what is wrong with it             */
/* ------------------------------------------------------------------ */

static void add_party(struct gen *g, const char *role, int org,
		      enum special sp)
{
	if (g->nparties >= MAX_PARTIES)
		return;
	struct party *p = &g->parties[g->nparties++];
	memset(p, 0, sizeof *p);
	p->role = role;
	p->org = org || sp != SP_NONE;
	p->special = sp;
}

/* Usually two or three parties; a few filings have many. The cap keeps a
 * many-party filing inside --max-size (a compact party is ~200 bytes). */
static unsigned plan_party_count(struct gen *g)
{
	unsigned x = rng_below(&g->r, 100), n;
	if (x < 55)
		n = 2;
	else if (x < 82)
		n = 3;
	else if (x < 90)
		n = 4;
	else if (x < 96)
		n = rng_range(&g->r, 5, 8);
	else if (x < 98)
		n = rng_range(&g->r, 9, 10);
	else
		n = rng_range(&g->r, 11, 16);
	if (g->cd == &catdata[C_SECURITIES] && rng_pct(&g->r, 40))
		n = rng_range(&g->r, 5, 16);
	if (g->cd == &catdata[C_TRAFFIC] && n == 2 && rng_pct(&g->r, 85))
		n = 3; /* the driver and the insurer */
	unsigned cap = g->o->max_size > 1940 ? (g->o->max_size - 1500) / 220 : 2;
	if (cap > MAX_PARTIES)
		cap = MAX_PARTIES;
	return n < cap ? n : cap;
}

static unsigned plan_plaintiffs(struct gen *g, unsigned m)
{
	if (g->cd == &catdata[C_SECURITIES] && m > 2) {
		unsigned nd = rng_range(&g->r, 1, m - 1 < 3 ? m - 1 : 3);
		return m - nd;
	}
	if (g->cd == &catdata[C_TRAFFIC] || m <= 2)
		return 1;
	if (m == 3)
		return rng_pct(&g->r, 15) ? 2 : 1;
	return rng_range(&g->r, 1, m - 1);
}

static void add_defendant(struct gen *g, unsigned i, unsigned ndef,
			  unsigned d_org)
{
	enum special sp = SP_NONE;
	int org = rng_pct(&g->r, d_org);
	if (i == 0 && g->cd->d_special == SP_LISTED)
		sp = SP_LISTED;
	else if (i > 0 && g->cd->d_special == SP_LISTED)
		sp = rng_pct(&g->r, 40) ? SP_AUDITOR : SP_NONE, org = 0;
	else if (i == ndef - 1 && i > 0 && g->cd->d_special == SP_INSURER)
		sp = SP_INSURER;
	else if (i > 0 && g->cd == &catdata[C_BANK])
		org = rng_pct(&g->r, 30); /* guarantors */
	add_party(g, "defendant", org, sp);
}

/* Marks one ordinary party foreign and maybe one person defendant as
 * gone: the signals behind foreign-related and public-notice. */
static void mark_foreign_and_absent(struct gen *g, unsigned foreign_pm,
				    unsigned absent_pm)
{
	if (rng_permille(&g->r, foreign_pm)) {
		struct party *p = &g->parties[rng_below(&g->r, g->nparties)];
		if (p->special == SP_NONE)
			p->foreign = 1;
	}
	if (rng_permille(&g->r, absent_pm)) {
		for (unsigned i = 0; i < g->nparties; i++) {
			struct party *p = &g->parties[i];
			if (!strcmp(p->role, "defendant") && !p->org && !p->foreign) {
				p->absent = 1;
				g->public_notice = 1;
				break;
			}
		}
	}
}

static void plan_civil_parties(struct gen *g)
{
	unsigned n = plan_party_count(g);
	int third = n >= 3 && rng_pct(&g->r, 6);
	unsigned m = n - (unsigned)third;
	unsigned npl = plan_plaintiffs(g, m), ndef = m - npl;
	unsigned p_org = g->cause ? g->cause->p_org : 50;
	unsigned d_org = g->cause ? g->cause->d_org : 50;
	for (unsigned i = 0; i < npl; i++)
		add_party(g, "plaintiff", rng_pct(&g->r, p_org),
			  i == 0 ? g->cd->p_special : SP_NONE);
	for (unsigned i = 0; i < ndef; i++)
		add_defendant(g, i, ndef, d_org);
	if (third)
		add_party(g, "third-party", rng_pct(&g->r, 50), SP_NONE);
	for (unsigned i = 3; n > 6 && i < g->nparties; i++)
		g->parties[i].compact = 1;
	mark_foreign_and_absent(g, 34, 45);
	g->rep_action = g->cd == &catdata[C_SECURITIES] && rng_pct(&g->r, 30);
}

static uint64_t gen_amount(struct gen *g, unsigned median)
{
	double z = (rng_unit(&g->r) + rng_unit(&g->r) + rng_unit(&g->r) +
		    rng_unit(&g->r) - 2.0) * 1.7320508;
	double yuan = median * pow10_approx(0.42 * z);
	if (rng_permille(&g->r, 30)) /* the tail behind large-amount cases */
		yuan *= 10 + rng_below(&g->r, 40);
	if (yuan < 800)
		yuan = 800 + rng_below(&g->r, 2000);
	uint64_t cents = (uint64_t)(yuan * 100.0);
	unsigned x = rng_below(&g->r, 10);
	int banking = g->cd == &catdata[C_BANK] || g->cd == &catdata[C_CARD];
	if (x < (banking ? 3u : 5u))
		return round_to(cents, YUAN(100));
	if (x < (banking ? 5u : 8u))
		return round_to(cents, YUAN(1));
	return cents;
}

static void plan_amounts(struct gen *g)
{
	unsigned median = g->cause ? g->cause->median : 60000;
	g->principal = gen_amount(g, median);
	enum cat c = (enum cat)(g->cd - catdata);
	if ((c == C_BANK || c == C_BUILD || c == C_GENERIC || c == C_SALE) &&
	    rng_permille(&g->r, 15)) /* the rare case worth 亿 */
		g->principal = YUAN(rng_range(&g->r, 100, 300)) * 1000000u;
	g->secondary = round_to(g->principal * rng_range(&g->r, 3, 20) / 100,
				YUAN(1));
	if (c == C_FAMILY || c == C_SUPPORT)
		g->rate = YUAN(rng_range(&g->r, 8, 30) * 100);
	else
		g->rate = round_to(g->principal / rng_range(&g->r, 3, 12), YUAN(100));
}

static void plan_bankruptcy(struct gen *g)
{
	static const struct {
		unsigned weight;
		const char *s;
	} pets[] = {{30, "debtor"}, {40, "creditor"}, {10, "liquidator"},
		    {20, "execution-transfer"}};
	static const struct {
		unsigned weight;
		const char *proc, *cause;
	} procs[] = {{72, "liquidation", "申请破产清算"},
		     {20, "reorganization", "申请破产重整"},
		     {8, "settlement", "申请破产和解"}};
	g->bk_pet = PICKW(&g->r, pets)->s;
	unsigned pi = (unsigned)pick_weight(&g->r, procs, NELEM(procs), sizeof procs[0]);
	if (!strcmp(g->bk_pet, "execution-transfer") ||
	    !strcmp(g->bk_pet, "liquidator"))
		pi = 0; /* both lead to liquidation */
	g->bk_proc = procs[pi].proc;
	g->bk_cause = rng_pct(&g->r, 70) ? procs[pi].cause : NULL;
	g->bk_listed = rng_pct(&g->r, 2);
	g->debtor_name.len = 0;
	put_special_name(g, &g->debtor_name, g->bk_listed ? SP_LISTED : SP_NONE);
}

static void plan_bankruptcy_parties(struct gen *g)
{
	const char *pet = g->bk_pet;
	if (!strcmp(pet, "creditor")) {
		add_party(g, "petitioner", rng_pct(&g->r, 70), SP_NONE);
	} else if (!strcmp(pet, "liquidator")) {
		if (rng_pct(&g->r, 50))
			add_party(g, "petitioner", 1, SP_LIQ_GROUP);
		else
			for (unsigned i = rng_range(&g->r, 1, 3); i > 0; i--)
				add_party(g, "petitioner", 0, SP_NONE);
	} else if (!strcmp(pet, "execution-transfer") && rng_pct(&g->r, 70)) {
		add_party(g, "petitioner", rng_pct(&g->r, 50), SP_NONE);
	}
	add_party(g, "debtor", 1, SP_DEBTOR);
	if (rng_pct(&g->r, 30))
		for (unsigned i = rng_range(&g->r, 1, 3); i > 0; i--)
			add_party(g, "creditor", rng_pct(&g->r, 60), SP_NONE);
	if (rng_pct(&g->r, 2)) {
		add_party(g, "creditor", rng_pct(&g->r, 60), SP_NONE);
		g->parties[g->nparties - 1].foreign = 1;
	}
}

static const char *const defect_notes[] = {
	[D_NO_NAME] = "missing-party-name", [D_BAD_ROLE] = "bad-role",
	[D_BAD_KIND] = "bad-kind", [D_AMOUNT] = "bad-amount",
	[D_UNKNOWN] = "unknown-element", [D_EMPTY_COURT] = "empty-court",
	[D_BAD_ID] = "bad-id", [D_NO_ZONE] = "no-zone-offset",
	[D_NO_CLAIMS] = "no-claims", [D_NO_BANKRUPTCY] = "no-bankruptcy-element",
};

static void choose_defect(struct gen *g)
{
	static const enum defect civil[] = {
		D_NO_NAME, D_BAD_ROLE, D_BAD_KIND, D_AMOUNT, D_UNKNOWN,
		D_EMPTY_COURT, D_BAD_ID, D_NO_ZONE, D_NO_CLAIMS};
	static const enum defect bankrupt[] = {
		D_NO_NAME, D_BAD_ROLE, D_BAD_KIND, D_AMOUNT, D_UNKNOWN,
		D_EMPTY_COURT, D_BAD_ID, D_NO_ZONE, D_NO_BANKRUPTCY};
	g->defect = D_NONE;
	g->defect_done = 0;
	g->note = NULL;
	if (!(rng_unit(&g->d) * 100.0 < g->o->malformed))
		return;
	g->defect = g->bankrupt ? PICK(&g->d, bankrupt) : PICK(&g->d, civil);
	g->variant = rng_below(&g->d, 3);
	g->note = defect_notes[g->defect];
}

static void cat_str(char *dst, size_t *n, size_t cap, const char *s)
{
	size_t len = strlen(s);
	if (*n + len >= cap)
		len = cap - 1 - *n;
	memcpy(dst + *n, s, len);
	*n += len;
	dst[*n] = 0;
}

/* P-2026-0000123, or one of the ways senders get it wrong. */
static void make_id(struct gen *g)
{
	struct buf num = {0};
	size_t n = 0;
	put_uw(&num, g->index, 7);
	put_ch(&num, 0);
	g->id[0] = 0;
	cat_str(g->id, &n, sizeof g->id, g->o->prefix);
	cat_str(g->id, &n, sizeof g->id, "-" ID_YEAR "-");
	cat_str(g->id, &n, sizeof g->id, num.p);
	free(num.p);
	if (g->defect != D_BAD_ID)
		return;
	char *dash = strchr(g->id, '-');
	switch (rng_below(&g->d, 5)) {
	case 0: *dash = '/'; break;
	case 1: *dash = ' '; break;
	case 2: *dash = '&'; break;
	case 3: *strrchr(g->id, '-') = '#'; break;
	default: cat_str(g->id, &n, sizeof g->id, "号"); break;
	}
}

static void begin_filing(struct gen *g, uint64_t index)
{
	rng_seed(&g->r, g->o->seed, index, 0);
	rng_seed(&g->d, g->o->seed, index, 1);
	g->index = index;
	g->nparties = 0;
	g->public_notice = g->rep_action = 0;
	memset(&g->seen, 0, sizeof g->seen);
	g->bankrupt = rng_pct(&g->r, 5);
	g->court = PICKW(&g->r, courts);
	g->goods = PICK(&g->r, goods);
	if (g->bankrupt) {
		g->cause = NULL;
		g->cd = &catdata[C_GENERIC];
		plan_bankruptcy(g);
		plan_bankruptcy_parties(g);
	} else {
		g->cause = rng_pct(&g->r, 4) ? NULL : PICKW(&g->r, causes);
		g->cd = &catdata[g->cause ? g->cause->cat : C_GENERIC];
		plan_amounts(g);
		plan_civil_parties(g);
	}
	choose_defect(g);
	make_id(g);
}

/* ------------------------------------------------------------------ */
/* Writing the filing                                                  */
/* ------------------------------------------------------------------ */

/* 2026-03-02T09:15:00+08:00; the counter keeps office hours. */
static void put_submitted(struct gen *g, struct buf *b, int counter)
{
	unsigned doy = rng_below(&g->r, 365), wd = (doy + 3) % 7; /* 1 Jan: Thu */
	unsigned h = counter ? rng_range(&g->r, 9, 16)
		     : rng_pct(&g->r, 85) ? rng_range(&g->r, 8, 21)
					 : rng_below(&g->r, 24);
	if (counter && wd >= 5)
		doy = doy >= 7 ? doy - (wd - 4) : doy + (7 - wd);
	unsigned m = 0;
	while (doy >= mdays[m])
		doy -= mdays[m++];
	put(b, ID_YEAR "-");
	put_uw(b, m + 1, 2);
	put_ch(b, '-');
	put_uw(b, doy + 1, 2);
	put_ch(b, 'T');
	put_uw(b, h, 2);
	put_ch(b, ':');
	put_uw(b, rng_below(&g->r, 60), 2);
	put_ch(b, ':');
	put_uw(b, rng_below(&g->r, 60), 2);
	if (rng_pct(&g->r, 2)) {
		put_ch(b, '.');
		put_uw(b, rng_below(&g->r, 1000), 3);
	}
	if (g->defect != D_NO_ZONE)
		put(b, "+08:00");
}

static int is_five_type(const struct cause *c)
{
	for (size_t i = 0; c && i < NELEM(five_types); i++)
		if (!strcmp(c->name, five_types[i]))
			return 1;
	return 0;
}

static void write_open(struct gen *g, struct buf *b)
{
	/* cross-region filing is offered for the five commercial types */
	unsigned cross = is_five_type(g->cause) ? 12 : 2;
	unsigned x = rng_below(&g->r, 100);
	const char *channel = x < cross ? "cross-region"
			      : x < cross + 14 ? "counter" : "online";
	put(b, "<filing xmlns=\"" NS "\" id=\"");
	put_esc(b, g->id, strlen(g->id), 1);
	put(b, "\" submitted=\"");
	put_submitted(g, b, channel[0] == 'c' && channel[1] == 'o');
	put_ch(b, '"');
	if (strcmp(channel, "online") != 0 || rng_pct(&g->r, 85)) {
		put(b, " channel=\"");
		put(b, channel);
		put_ch(b, '"');
	}
	put(b, ">\n");
}

static void write_court(struct gen *g, struct buf *b)
{
	int code = rng_pct(&g->r, 95);
	put(b, "  <court");
	if (code) {
		put(b, " code=\"");
		put(b, g->court->code);
		put_ch(b, '"');
	}
	if (g->defect != D_EMPTY_COURT) {
		put_ch(b, '>');
		put(b, g->court->name);
		put(b, "</court>\n");
		return;
	}
	put(b, g->variant == 0 ? "/>\n" : g->variant == 1 ? "></court>\n"
							  : ">   </court>\n");
}

static void write_unknown(struct gen *g, struct buf *b)
{
	static const char *const elems[] = {
		"  <remark>请尽快立案</remark>\n", "  <judge>王某</judge>\n",
		"  <priority>high</priority>\n", "  <deadline>2026-06-30</deadline>\n",
	};
	put(b, PICK(&g->d, elems));
	g->defect_done = 1;
}

/* An amount attribute no xs:decimal with two fraction digits accepts. */
static void put_bad_amount(struct gen *g, struct buf *b, uint64_t cents)
{
	static const enum form texts[] = {F_WAN, F_PLAIN, F_COMMA, F_CAP};
	if (cents < YUAN(1))
		cents = g->principal;
	put(b, " amount=\"");
	if (rng_pct(&g->d, 50)) {
		put_u(b, cents / 100);
		put_ch(b, '.');
		put_uw(b, cents % 100, 2);
		put_u(b, rng_range(&g->d, 1, 9)); /* a third, non-zero decimal */
		g->note = "amount-3-decimals";
	} else {
		enum form f = PICK(&g->d, texts);
		put_money(b, &g->d, fit_form(cents, f), f);
		g->note = "amount-text";
	}
	put_ch(b, '"');
	g->defect_done = 1;
}

static void note_claim(struct gen *g, enum claim_kind kind, uint64_t cents)
{
	switch (kind) {
	case CK_SUM:
		g->seen.head.total += cents;
		g->seen.head.has_total = 1;
		break;
	case CK_OPEN: g->seen.head.open = 1; break;
	case CK_NONMONEY: g->seen.head.nonmoney = 1; break;
	default: break;
	}
}

static void write_claim(struct gen *g, struct buf *b, const char *text,
			enum fig fig, enum claim_kind kind, int first)
{
	uint64_t cents = fig == FIG_PRINCIPAL ? g->principal
			 : fig == FIG_SECONDARY ? g->secondary : 0;
	int attr = fig != FIG_NONE && rng_pct(&g->r, 50);
	g->claim_form = -1;
	if (fig != FIG_NONE && (!attr || rng_pct(&g->r, 80))) {
		enum form f = pick_form(&g->r, cents);
		g->claim_form = (int)f;
		cents = fit_form(cents, f);
	}
	g->claim_cents = cents;
	note_claim(g, kind, cents);
	put(b, "    <claim");
	if (first && g->defect == D_AMOUNT) {
		put_bad_amount(g, b, cents);
	} else if (attr) {
		put(b, " amount=\"");
		put_decimal(b, &g->r, cents);
		put_ch(b, '"');
	}
	put_ch(b, '>');
	g->tmp.len = 0;
	expand(g, &g->tmp, text);
	put_esc(b, g->tmp.p, g->tmp.len, 0);
	put(b, "</claim>\n");
}

static const struct claim_tpl *pick_claim(struct rng *r,
					  const struct claim_tpl *t, size_t n)
{
	return &t[pick_weight(r, t, n, sizeof *t)];
}

static void write_claims(struct gen *g, struct buf *b)
{
	const struct catdata *cd = g->cd;
	if (g->defect == D_NO_CLAIMS) {
		if (g->variant == 0) /* present but empty, rather than absent */
			put(b, "  <claims>\n  </claims>\n");
		return;
	}
	put(b, "  <claims>\n");
	const struct claim_tpl *m = pick_claim(&g->r, cd->mains, cd->nmains);
	if (g->cause && g->cause->main && rng_pct(&g->r, 70))
		write_claim(g, b, g->cause->main, FIG_PRINCIPAL, CK_SUM, 1);
	else
		write_claim(g, b, m->text, m->fig, m->kind, 1);
	unsigned n = 1;
	if (rng_pct(&g->r, 55)) {
		const struct claim_tpl *s = pick_claim(&g->r, cd->seconds, cd->nseconds);
		write_claim(g, b, s->text, s->fig, s->kind, 0);
		n++;
	}
	if (n < 3 && rng_pct(&g->r, 70))
		write_claim(g, b, g->public_notice ? "判令本案诉讼费、公告费由被告承担"
						   : PICK(&g->r, costs_claims),
			    FIG_NONE, CK_EXTRA, 0);
	put(b, "  </claims>\n");
}

static void put_request(struct gen *g, struct buf *b, const char *kind,
			const char *tpl)
{
	put(b, "    <request kind=\"");
	put(b, kind);
	put(b, "\">");
	g->tmp.len = 0;
	expand(g, &g->tmp, tpl);
	put_esc(b, g->tmp.p, g->tmp.len, 0);
	put(b, "</request>\n");
}

static void civil_requests(struct gen *g, struct buf *b)
{
	static const char *const preserve[] = {
		"申请冻结被告名下银行存款$M或查封、扣押其他等值财产",
		"申请诉讼财产保全，冻结被告银行存款$M",
		"申请查封被告名下位于$L的房产", "申请对被告名下车辆采取查封措施",
	};
	static const char *const mediate[] = {
		"同意在诉前调解程序中先行调解", "申请委派特邀调解组织进行调解",
		"愿意接受法院组织的调解", "同意通过在线调解平台进行调解",
	};
	static const char *const investigate[] = {
		"申请调取被告在开户银行的账户流水",
		"申请向不动产登记中心调取被告名下房产登记信息",
	};
	const struct catdata *cd = g->cd;
	if (cd->appraisal && rng_pct(&g->r, cd->appraisal_pct)) {
		put_request(g, b, "appraisal", cd->appraisal);
		g->seen.tail.appraisal = 1;
	}
	if (rng_pct(&g->r, 20)) {
		g->claim_form = rng_pct(&g->r, 50) ? F_WAN : F_PLAIN;
		g->claim_cents = fit_form(g->principal, (enum form)g->claim_form);
		put_request(g, b, "preservation", PICK(&g->r, preserve));
	}
	if (rng_pct(&g->r, 12))
		put_request(g, b, "mediation", PICK(&g->r, mediate));
	if (rng_pct(&g->r, 3))
		put_request(g, b, "investigation", PICK(&g->r, investigate));
	if (g->public_notice ? rng_pct(&g->r, 70) : rng_permille(&g->r, 10)) {
		put_request(g, b, "other", g->public_notice
			    ? "因被告下落不明，申请公告送达"
			    : "被告拒不签收诉讼文书，申请公告送达");
		g->seen.tail.public_notice = 1;
	}
	if (g->rep_action) {
		put_request(g, b, "other", "申请适用普通代表人诉讼程序审理本案");
		g->seen.tail.rep_action = 1;
	}
	if (rng_pct(&g->r, 3))
		put_request(g, b, "other", "申请适用简易程序审理");
}

static void bankruptcy_requests(struct gen *g, struct buf *b)
{
	if (rng_pct(&g->r, 5)) {
		put_request(g, b, "appraisal", "申请对债务人的资产进行审计和评估");
		g->seen.tail.appraisal = 1;
	}
	if (rng_pct(&g->r, 10))
		put_request(g, b, "preservation", "申请对债务人的财产采取保全措施");
	if (rng_pct(&g->r, 10))
		put_request(g, b, "other", rng_pct(&g->r, 50)
			    ? "申请从管理人名册中随机指定管理人"
			    : "申请适用快速审理方式");
}

static void write_requests(struct gen *g, struct buf *b)
{
	size_t mark = b->len;
	put(b, "  <requests>\n");
	size_t inner = b->len;
	if (g->bankrupt)
		bankruptcy_requests(g, b);
	else
		civil_requests(g, b);
	if (b->len == inner)
		b->len = mark; /* none: no element */
	else
		put(b, "  </requests>\n");
}

static void write_attachments(struct gen *g, struct buf *b)
{
	if (g->no_attachments)
		return;
	static const char *const civil[] = {
		"起诉状.pdf", "证据目录.pdf", "原告身份证明.pdf", "营业执照副本.pdf",
		"授权委托书.pdf", "律师函.pdf", "合同.pdf", "转账记录.png",
		"聊天记录截图.zip", "对账单.xlsx", "送达地址确认书.pdf",
		"合同&补充协议.pdf",
	};
	static const char *const bankrupt[] = {
		"破产申请书.pdf", "资产负债表.xlsx", "债权人清册.xlsx",
		"职工名册.xlsx", "营业执照副本.pdf", "财务报表.pdf",
	};
	if (!rng_pct(&g->r, 35))
		return;
	const char *const *names = g->bankrupt ? bankrupt : civil;
	uint32_t nn = g->bankrupt ? NELEM(bankrupt) : NELEM(civil);
	uint32_t first = rng_below(&g->r, nn), n = rng_range(&g->r, 1, 5);
	put(b, "  <attachments>\n");
	for (uint32_t i = 0; i < n; i++) {
		const char *name = names[(first + i * 5) % nn]; /* 5 is prime to both sizes: distinct names */
		put(b, "    <attachment name=\"");
		put_esc(b, name, strlen(name), 1);
		put_ch(b, '"');
		if (rng_pct(&g->r, 85)) {
			put(b, " sha256=\"");
			for (int k = 0; k < 4; k++) {
				uint64_t v = rng_next(&g->r);
				for (int j = 0; j < 16; j++, v >>= 4)
					put_ch(b, "0123456789abcdef"[v & 15]);
			}
			put_ch(b, '"');
		}
		put(b, "/>\n");
	}
	put(b, "  </attachments>\n");
}

/* ------------------------------------------------------------------ */
/* The bankruptcy element                                              */
/* ------------------------------------------------------------------ */

struct bk_figures {
	int has_assets_value, assets_text;
	uint64_t assets, liabilities; /* cents */
	int has_liabilities, has_creditors, has_employees;
	unsigned creditors, employees;
	int unpaid_wages;
};

static void plan_bk_figures(struct gen *g, struct bk_figures *f)
{
	int transfer = !strcmp(g->bk_pet, "execution-transfer");
	unsigned scale = !strcmp(g->bk_proc, "reorganization") ? 5 : 1;
	f->has_assets_value = rng_pct(&g->r, 70);
	f->assets_text = !f->has_assets_value || rng_pct(&g->r, 50);
	f->assets = transfer && rng_pct(&g->r, 40)
		    ? 0 : round_to(gen_amount(g, 1500000 * scale), YUAN(1));
	f->liabilities = round_to(f->assets * rng_range(&g->r, 12, 50) / 10 +
				  gen_amount(g, 800000 * scale), YUAN(1));
	f->has_liabilities = rng_pct(&g->r, 85) || g->defect == D_AMOUNT;
	f->has_creditors = rng_pct(&g->r, 80);
	unsigned x = rng_below(&g->r, 10);
	f->creditors = x < 6 ? rng_range(&g->r, 1, 19)
		       : x < 9 ? rng_range(&g->r, 20, 100)
			       : rng_range(&g->r, 101, 800);
	f->has_employees = rng_pct(&g->r, 70);
	f->employees = rng_pct(&g->r, 15) ? 0 : rng_range(&g->r, 3, 60 * scale);
	f->unpaid_wages = f->employees && rng_pct(&g->r, 45);
}

static void bk_assets(struct gen *g, struct buf *b, const struct bk_figures *f)
{
	static const char *const texts[] = {
		"主要为机器设备、存货及应收账款", "位于$L的厂房及土地使用权",
		"办公设备及少量存货", "银行存款及车辆若干", "主要为对外应收账款，回收难度较大",
	};
	put(b, "    <assets");
	if (f->has_assets_value) {
		put(b, " value=\"");
		put_decimal(b, &g->r, f->assets);
		put_ch(b, '"');
		g->seen.tail.has_assets = 1;
		g->seen.tail.assets = f->assets;
	}
	put_ch(b, '>');
	if (f->assets_text) {
		g->tmp.len = 0;
		expand(g, &g->tmp, f->assets || !f->has_assets_value
			      ? PICK(&g->r, texts) : "经调查未发现可供处置的财产");
		put_esc(b, g->tmp.p, g->tmp.len, 0);
	}
	put(b, "</assets>\n");
}

static void bk_liabilities(struct gen *g, struct buf *b,
			   const struct bk_figures *f)
{
	put(b, "    <liabilities value=\"");
	if (g->defect == D_AMOUNT) {
		put(b, "约");
		put_money(b, &g->d, fit_form(f->liabilities, F_WAN), F_WAN);
		g->note = "value-text";
		g->defect_done = 1;
	} else {
		put_decimal(b, &g->r, f->liabilities);
	}
	put(b, "\"/>\n");
	g->seen.tail.has_liabilities = 1;
	g->seen.tail.liabilities = f->liabilities;
}

static void bk_people(struct buf *b, const struct bk_figures *f)
{
	if (f->has_creditors) {
		put(b, "    <creditors count=\"");
		put_u(b, f->creditors);
		put(b, "\"/>\n");
	}
	if (f->has_employees) {
		put(b, "    <employees count=\"");
		put_u(b, f->employees);
		put(b, "\" unpaid-wages=\"");
		put(b, f->unpaid_wages ? "true" : "false");
		put(b, "\"/>\n");
	}
}

/* The statement carries the signals the bankruptcy rules read: pending
 * suits, listed company, no assets, costs not covered, assets abroad. */
static void bk_statement(struct gen *g, struct buf *b, const struct bk_figures *f)
{
	static const char *const pending[] = {
		"债务人尚有$N件未决诉讼，涉及买卖合同及借款纠纷。",
		"债务人作为原告起诉的$N件案件尚属未结诉讼。",
		"债务人与某供应商的合同纠纷仲裁尚未审结。",
	};
	static const char *const neutral[] = {
		"债务人主要资产为办公设备及少量存货。", "债务人职工均已停工待岗。",
		"债务人的主要债权人为供应商及金融机构。",
		"债务人账面资产以应收账款为主，实际可变现价值较低。",
	};
	int transfer = !strcmp(g->bk_pet, "execution-transfer");
	g->tmp.len = 0;
	struct seen *s = &g->seen;
	expand(g, &g->tmp, PICK(&g->r, neutral));
	if (g->bk_listed) {
		expand(g, &g->tmp, "债务人系$J上市公司。");
		s->tail.listed = 1;
	}
	if (rng_pct(&g->r, 25)) {
		expand(g, &g->tmp, PICK(&g->r, pending));
		s->tail.pending = 1;
	}
	if (rng_pct(&g->r, 15)) {
		expand(g, &g->tmp, "经初步核查，债务人财产不足以支付破产费用。");
		s->tail.no_assets = 1;
	}
	if (rng_pct(&g->r, transfer ? 60 : 8)) {
		expand(g, &g->tmp, "执行程序中经财产调查，债务人无财产可供执行。");
		s->tail.no_assets = 1;
	}
	if (rng_pct(&g->r, 2)) {
		expand(g, &g->tmp, "债务人与其关联企业人格高度混同，申请人拟申请关联企业实质合并破产。");
		s->tail.pending = 1; /* substantive consolidation excludes alike */
	}
	if (rng_permille(&g->r, 15)) {
		expand(g, &g->tmp, "债务人在香港设有全资子公司，部分资产位于境外。");
		s->tail.abroad = 1;
	}
	if (f->unpaid_wages) {
		expand(g, &g->tmp, "债务人拖欠职工工资及社会保险费已达$N个月。");
		s->tail.wages = 1;
	}
	put_elem(b, "    ", "statement", g->tmp.p, g->tmp.len);
}

static void write_bankruptcy(struct gen *g, struct buf *b)
{
	struct bk_figures f;
	plan_bk_figures(g, &f);
	if (g->defect == D_NO_BANKRUPTCY)
		return;
	put(b, "  <bankruptcy>\n    <procedure>");
	put(b, g->bk_proc);
	put(b, "</procedure>\n    <petitioner>");
	put(b, g->bk_pet);
	put(b, "</petitioner>\n");
	if (rng_pct(&g->r, 90))
		bk_assets(g, b, &f);
	if (f.has_liabilities)
		bk_liabilities(g, b, &f);
	bk_people(b, &f);
	g->seen.tail.has_creditors = f.has_creditors;
	g->seen.tail.creditors = f.creditors;
	g->seen.tail.unpaid_wages = f.has_employees && f.unpaid_wages;
	if (rng_pct(&g->r, 90))
		bk_statement(g, b, &f);
	put(b, "  </bankruptcy>\n");
}

/* ------------------------------------------------------------------ */
/* Facts, sized to the byte                                            */
/* ------------------------------------------------------------------ */

/* "截至2025年M月D日，" is 24 bytes with a one-digit month and day; the
 * shortest status after it is 5 characters. */
#define CLOSER_FIXED 24
#define CLOSER_MIN (CLOSER_FIXED + 3 * 5)

static void put_bylen(struct gen *g, struct buf *b, const struct bylen *ix,
		      size_t chars)
{
	put(b, ix->s[chars][rng_below(&g->r, ix->n[chars])]);
}

/* Length of the next piece when `q` characters remain: all of them if a
 * piece that long exists, else one that leaves at least MINLEN. */
static size_t piece_len(struct gen *g, size_t q, size_t lo)
{
	if (q <= MAXLEN)
		return q;
	size_t hi = q - MINLEN < MAXLEN ? q - MINLEN : MAXLEN;
	return rng_range(&g->r, (uint32_t)lo, (uint32_t)hi);
}

/* Ends the facts on exactly `need` bytes (need >= CLOSER_MIN): the
 * one- or two-digit month and day absorb need mod 3, a status clause and
 * short closing sentences of chosen lengths the rest. */
static void write_closer(struct gen *g, struct buf *b, size_t need)
{
	size_t x = need - CLOSER_FIXED, q = x / 3;
	unsigned extra = (unsigned)(x % 3);
	int two_m = extra == 2 || (extra == 1 && rng_pct(&g->r, 50));
	int two_d = extra == 2 || (extra == 1 && !two_m);
	put(b, "截至2025年");
	put_u(b, two_m ? rng_range(&g->r, 10, 12) : rng_range(&g->r, 1, 9));
	put(b, "月");
	put_u(b, two_d ? rng_range(&g->r, 10, 28) : rng_range(&g->r, 1, 9));
	put(b, "日，");
	size_t s = piece_len(g, q, 5);
	put_bylen(g, b, g->bankrupt ? &bk_status_ix : &civil_status_ix, s);
	for (q -= s; q > 0; q -= s) {
		s = piece_len(g, q, MINLEN);
		put_bylen(g, b, g->bankrupt ? &bk_pad_ix : &civil_pad_ix, s);
	}
}

/* Appends the expanded template if it fits in `room` bytes. */
static int try_sentence(struct gen *g, struct buf *b, const char *tpl,
			size_t room)
{
	g->tmp.len = 0;
	expand(g, &g->tmp, tpl);
	if (g->tmp.len > room)
		return 0;
	put_mem(b, g->tmp.p, g->tmp.len);
	return 1;
}

struct story {
	const char *const *open; /* in order, the first always */
	size_t nopen;
	const char *const *fill; /* shuffled, reshuffled when used up */
	size_t nfill;
	const char *extra[3];	 /* signals this filing carries */
};

/* Sentences that carry a triage signal: the oracle notes them when they
 * fit into the facts. */
static const char extra_foreign[] = "本案一方当事人住所地在境外，系涉外民事纠纷。";
static const char extra_absent[] = "被告现下落不明，原告无法与其取得联系。";
static const char extra_rep[] = "本案系证券虚假陈述责任纠纷，原告拟依法申请适用代表人诉讼程序。";

static void plan_story(struct gen *g, struct story *st)
{
	memset(st, 0, sizeof *st);
	int n = 0;
	if (g->bankrupt) {
		const char *pet = g->bk_pet;
		st->open = !strcmp(pet, "debtor") ? bk_open_debtor
			   : !strcmp(pet, "creditor") ? bk_open_creditor
			   : !strcmp(pet, "liquidator") ? bk_open_liquidator
							 : bk_open_transfer;
		st->nopen = 2;
		st->fill = bk_filler;
		st->nfill = NELEM(bk_filler);
		return;
	}
	st->open = g->cd->facts;
	st->nopen = g->cd->nfacts;
	st->fill = civil_filler;
	st->nfill = NELEM(civil_filler);
	for (unsigned i = 0; i < g->nparties; i++)
		if (g->parties[i].foreign && rng_pct(&g->r, 40))
			st->extra[n++] = extra_foreign;
	if (g->public_notice && rng_pct(&g->r, 50))
		st->extra[n++] = extra_absent;
	if (g->rep_action && n < 3)
		st->extra[n++] = extra_rep;
}

static void shuffle(struct rng *r, unsigned char *ix, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ix[i] = (unsigned char)i;
	for (size_t i = n; i > 1; i--) {
		size_t j = rng_below(r, (uint32_t)i);
		unsigned char t = ix[i - 1];
		ix[i - 1] = ix[j];
		ix[j] = t;
	}
}

/* Story sentences while they fit, leaving room for the closer. */
static void write_story(struct gen *g, struct buf *b, size_t budget)
{
	struct story st;
	unsigned char order[64];
	size_t s0 = b->len, misses = 0;
#define ROOM() (budget - CLOSER_MIN - (b->len - s0))
	plan_story(g, &st);
	for (size_t i = 0; i < st.nopen; i++)
		if (i == 0 || rng_pct(&g->r, 70))
			try_sentence(g, b, st.open[i], ROOM());
	for (size_t i = 0; i < NELEM(st.extra) && st.extra[i]; i++) {
		if (!try_sentence(g, b, st.extra[i], ROOM()))
			continue;
		if (st.extra[i] == extra_foreign)
			g->seen.facts.foreign = 1;
		else if (st.extra[i] == extra_absent)
			g->seen.facts.public_notice = 1;
		else
			g->seen.facts.rep_action = 1;
	}
	size_t next = st.nfill;
	while (misses < 12) {
		if (next == st.nfill) {
			shuffle(&g->r, order, st.nfill);
			next = 0;
		}
		if (try_sentence(g, b, st.fill[order[next++]], ROOM()))
			misses = 0;
		else
			misses++;
	}
#undef ROOM
}

/* The facts text takes exactly `budget` bytes when the budget allows. */
static void write_facts(struct gen *g, struct buf *b, long budget)
{
	put(b, "  <facts>");
	if (budget < CLOSER_MIN) { /* the rest of the filing is already too big */
		put(b, g->bankrupt ? "详见申请书。" : "详见起诉状。");
	} else {
		size_t s0 = b->len;
		g->story_day = 1 + rng_below(&g->r, 700);
		write_story(g, b, (size_t)budget);
		g->story_day = 0;
		write_closer(g, b, (size_t)budget - (b->len - s0));
	}
	put(b, "</facts>\n");
}

/* ------------------------------------------------------------------ */
/* One filing                                                          */
/* ------------------------------------------------------------------ */

static const char *cause_text(const struct gen *g)
{
	return g->bankrupt ? g->bk_cause : g->cause ? g->cause->name : NULL;
}

static void write_head(struct gen *g, struct buf *b)
{
	write_open(g, b);
	write_court(g, b);
	put(b, g->bankrupt ? "  <type>bankruptcy</type>\n" : "  <type>civil</type>\n");
	if (g->defect == D_UNKNOWN && g->variant == 1)
		write_unknown(g, b);
	const char *cause = cause_text(g);
	if (cause)
		put_elem(b, "  ", "cause", cause, strlen(cause));
	write_parties(g, b);
	if (!g->bankrupt)
		write_claims(g, b);
}

#define FACTS_TAGS (sizeof "  <facts>" - 1 + sizeof "</facts>\n" - 1)
#define MIN_FACTS 200 /* bytes: at least a sentence or two of story */

/* Everything after facts, into g->tail. */
static void write_tail(struct gen *g)
{
	g->tail.len = 0;
	memset(&g->seen.tail, 0, sizeof g->seen.tail);
	write_requests(g, &g->tail);
	write_attachments(g, &g->tail);
	if (g->bankrupt)
		write_bankruptcy(g, &g->tail);
	if (g->defect == D_UNKNOWN && !g->defect_done)
		write_unknown(g, &g->tail);
	put(&g->tail, "</filing>\n");
}

/* Appends filing `index` to `b`; its size (the <filing> element and its
 * newline, in UTF-8) is drawn in [min_size, max_size]. */
static void gen_filing(struct gen *g, uint64_t index, struct buf *b)
{
	begin_filing(g, index);
	const struct opts *o = g->o;
	uint32_t target = o->min_size + rng_below(&g->r, o->max_size - o->min_size + 1);
	size_t start = b->len;
	write_head(g, b);
	long head = (long)(b->len - start + FACTS_TAGS);
	struct rng saved = g->r, saved_d = g->d;
	int done = g->defect_done;
	g->no_attachments = 0;
	write_tail(g);
	if (head + (long)g->tail.len + MIN_FACTS > (long)o->max_size) {
		g->r = saved; /* again without attachments, same draws otherwise */
		g->d = saved_d;
		g->defect_done = done;
		g->no_attachments = 1;
		write_tail(g);
	}
	long budget = (long)target - head - (long)g->tail.len;
	long room = (long)o->max_size - head - (long)g->tail.len;
	if (budget < MIN_FACTS) /* a short draw for a big filing: use the room */
		budget = room < MIN_FACTS ? room : MIN_FACTS + (long)rng_below(&g->r, (uint32_t)(room - MIN_FACTS + 1));
	write_facts(g, b, budget);
	put_mem(b, g->tail.p, g->tail.len);
}

/* ------------------------------------------------------------------ */
/* Triage oracle: what the default ruleset must decide                 */
/* ------------------------------------------------------------------ */

/* The labels of docs/triage-policy.md as the corpus in tests/fixtures/triage
 * reads them (its README lists every decision), computed from what the
 * writers noted in g->seen. The generator's texts are built so that no other
 * phrase carries a signal: 下落不明 / 公告送达 / 代表人诉讼 / 涉外 / 境外 /
 * 上市公司 / 未决诉讼 / 无财产 / 拖欠…工资 and applications for appraisal
 * appear only where noted; ip and investor words only in the texts of the
 * causes that name them; every claim template says what it asks for. */

/* Flags in alphabetical order, so that bit order is print order. */
enum flag {
	FL_APPRAISAL, FL_FIVE, FL_FOREIGN, FL_INTL, FL_INVESTOR, FL_IP,
	FL_LARGE, FL_MANY, FL_NO_ASSETS, FL_PUBLIC, FL_WAGES, FL_N
};

static const char *const flag_names[FL_N] = {
	"appraisal", "five-types", "foreign-related", "international-commercial",
	"investor", "ip", "large-amount", "many-parties", "no-assets",
	"public-notice", "wage-arrears",
};

#define BIT(f) (1u << (f))
#define SMALL_CLAIMS_LIMIT YUAN(50000)	 /* small_claims_limit */
#define LARGE_AMOUNT YUAN(2000000)	 /* large_amount */
#define SIMPLE_MAX_VALUE YUAN(5000000)	 /* simple_max_value */
#define SIMPLE_MAX_CREDITORS 20		 /* simple_max_creditors */
#define MANY_PARTIES 10			 /* more than this many */

struct verdict {
	const char *track, *procedure;
	unsigned flags;
	int has_amount;
	uint64_t amount; /* cents */
};

static int cause_has(const struct cause *c, const char *const *words,
		     size_t n)
{
	for (size_t i = 0; c && i < n; i++)
		if (strstr(c->name, words[i]))
			return 1;
	return 0;
}

/* Commercial causes (contract, company, finance, trade), by their words:
 * 信用卡 is bank credit (finance), 股权 a company matter; 民间借贷纠纷
 * (lending outside financial institutions), 追偿权纠纷 and 欠款纠纷 name
 * none of these and are not commercial. */
static const char *const commercial_words[] = {
	"合同", "借款", "信用卡", "公司", "股权", "股东", "金融", "票据",
	"信用证", "保险", "证券", "期货", "贸易",
};
static const char *const ip_words[] = {
	"专利", "技术秘密", "计算机软件", "集成电路布图设计", "植物新品种",
};
static const char *const investor_words[] = {
	"证券虚假陈述", "内幕交易", "操纵证券市场", "操纵证券交易市场",
	"中小投资者",
};

static void judge_civil(const struct gen *g, struct verdict *v)
{
	const struct seen *s = &g->seen;
	unsigned f = 0;
	if (s->head.foreign || s->facts.foreign) {
		f |= BIT(FL_FOREIGN);
		if (cause_has(g->cause, commercial_words, NELEM(commercial_words)))
			f |= BIT(FL_INTL);
	}
	if (s->tail.appraisal)
		f |= BIT(FL_APPRAISAL);
	if (cause_has(g->cause, ip_words, NELEM(ip_words)))
		f |= BIT(FL_IP);
	if (g->nparties > MANY_PARTIES || s->tail.rep_action || s->facts.rep_action)
		f |= BIT(FL_MANY);
	if (s->head.has_total && s->head.total >= LARGE_AMOUNT)
		f |= BIT(FL_LARGE);
	if (cause_has(g->cause, investor_words, NELEM(investor_words)))
		f |= BIT(FL_INVESTOR);
	if (s->head.public_notice || s->facts.public_notice || s->tail.public_notice)
		f |= BIT(FL_PUBLIC);
	if (is_five_type(g->cause))
		f |= BIT(FL_FIVE);
	v->flags = f;
	v->has_amount = s->head.has_total;
	v->amount = s->head.total;
	v->track = "simple";
	if (f & (BIT(FL_FOREIGN) | BIT(FL_IP) | BIT(FL_APPRAISAL) | BIT(FL_MANY) |
		 BIT(FL_LARGE) | BIT(FL_INVESTOR))) {
		v->track = "complex";
		v->procedure = "ordinary";
	} else if (!s->head.nonmoney && !s->head.open && s->head.has_total &&
		   s->head.total <= SMALL_CLAIMS_LIMIT && !(f & BIT(FL_PUBLIC))) {
		v->procedure = "small-claims";
	} else {
		v->procedure = "summary";
	}
}

static void judge_bankruptcy(const struct gen *g, struct verdict *v)
{
	const struct seen *s = &g->seen;
	unsigned f = 0;
	if (s->head.foreign || s->tail.abroad)
		f |= BIT(FL_FOREIGN);
	if (s->tail.appraisal)
		f |= BIT(FL_APPRAISAL);
	if (s->tail.no_assets || (s->tail.has_assets && s->tail.assets == 0))
		f |= BIT(FL_NO_ASSETS);
	if (s->tail.unpaid_wages || s->tail.wages)
		f |= BIT(FL_WAGES);
	/* The debtor's name never names a financial institution here. */
	int excluded = !strcmp(g->bk_proc, "reorganization") || s->tail.listed ||
		       s->tail.pending || (f & BIT(FL_FOREIGN)) ||
		       (s->tail.has_creditors && s->tail.creditors >= SIMPLE_MAX_CREDITORS) ||
		       (s->tail.has_liabilities && s->tail.liabilities >= SIMPLE_MAX_VALUE) ||
		       (s->tail.has_assets && s->tail.assets >= SIMPLE_MAX_VALUE);
	int simple = !excluded && (!strcmp(g->bk_pet, "execution-transfer") ||
				   s->tail.has_creditors || s->tail.no_assets);
	v->flags = f;
	v->has_amount = 0;
	v->amount = 0;
	v->track = simple ? "simple" : "complex";
	v->procedure = simple ? "simple" : "ordinary";
}

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

struct out {
	const struct opts *o;
	iconv_t cd; /* (iconv_t)-1 for UTF-8 */
	struct buf conv;
	FILE *f;
	char *path; /* of the open document */
	size_t dirlen;
	FILE *manifest;
	char *manifest_path;
};

static void die_io(const char *path)
{
	fprintf(stderr, "fgen: %s: %s\n", path, strerror(errno));
	exit(1);
}

static void out_write(struct out *w, const char *p, size_t n)
{
	if (w->cd != (iconv_t)-1) {
		/* GB18030 never takes more than twice the UTF-8 bytes */
		w->conv.len = 0;
		buf_reserve(&w->conv, n * 2 + 16);
		char *in = (char *)p, *op = w->conv.p;
		size_t inleft = n, outleft = w->conv.cap;
		if (iconv(w->cd, &in, &inleft, &op, &outleft) == (size_t)-1) {
			fprintf(stderr, "fgen: %s: cannot convert to GB18030: %s\n",
				w->path, strerror(errno));
			exit(1);
		}
		p = w->conv.p;
		n = w->conv.cap - outleft;
	}
	if (fwrite(p, 1, n, w->f) != n)
		die_io(w->path);
}

static void out_open(struct out *w, const char *name)
{
	static char iobuf[1 << 20];
	strcpy(w->path + w->dirlen, name);
	w->f = fopen(w->path, "wb");
	if (!w->f)
		die_io(w->path);
	setvbuf(w->f, iobuf, _IOFBF, sizeof iobuf);
	const char *decl = w->o->gb18030
		? "<?xml version=\"1.0\" encoding=\"GB18030\"?>\n"
		: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
	out_write(w, decl, strlen(decl));
}

static void out_close(struct out *w)
{
	if (fclose(w->f) != 0)
		die_io(w->path);
	w->f = NULL;
}

/* mkdir -p; on failure errno tells why. */
static int mkdir_p(const char *dir)
{
	char *p = strdup(dir);
	int rc = 0;
	if (!p)
		oom();
	for (char *s = p + 1; *s && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0777) != 0 && errno != EEXIST)
		rc = -1;
	struct stat st;
	if (rc == 0 && (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))) {
		errno = ENOTDIR;
		rc = -1;
	}
	free(p);
	return rc;
}

static void out_init(struct out *w, const struct opts *o)
{
	memset(w, 0, sizeof *w);
	w->o = o;
	w->cd = (iconv_t)-1;
	if (o->gb18030) {
		w->cd = iconv_open("GB18030", "UTF-8");
		if (w->cd == (iconv_t)-1) {
			fprintf(stderr, "fgen: iconv: GB18030: %s\n", strerror(errno));
			exit(1);
		}
	}
	if (mkdir_p(o->out) != 0)
		die_io(o->out);
	w->dirlen = strlen(o->out) + 1;
	w->path = malloc(w->dirlen + 64);
	w->manifest_path = malloc(w->dirlen + 16);
	if (!w->path || !w->manifest_path)
		oom();
	memcpy(w->path, o->out, w->dirlen - 1);
	w->path[w->dirlen - 1] = '/';
	memcpy(w->manifest_path, w->path, w->dirlen);
	strcpy(w->manifest_path + w->dirlen, "manifest.tsv");
	w->manifest = fopen(w->manifest_path, "w");
	if (!w->manifest)
		die_io(w->manifest_path);
}

static void out_finish(struct out *w)
{
	if (fclose(w->manifest) != 0)
		die_io(w->manifest_path);
	if (w->cd != (iconv_t)-1)
		iconv_close(w->cd);
	free(w->conv.p);
	free(w->path);
	free(w->manifest_path);
}

/* file, id as written, expected verdict, the defect or the cause; then the
 * triage of an accepted filing: track, procedure, flags, amount. */
static void manifest_line(struct out *w, const struct gen *g, const char *file)
{
	const char *note = g->note ? g->note : cause_text(g);
	char flags[160] = "-", amount[32] = "null";
	struct verdict v = {"-", "-", 0, 0, 0};
	if (g->defect) {
		strcpy(amount, "-");
	} else {
		if (g->bankrupt)
			judge_bankruptcy(g, &v);
		else
			judge_civil(g, &v);
		size_t n = 0;
		for (int i = 0; i < FL_N; i++)
			if (v.flags & BIT(i)) {
				if (n)
					cat_str(flags, &n, sizeof flags, ",");
				cat_str(flags, &n, sizeof flags, flag_names[i]);
			}
		if (v.has_amount)
			snprintf(amount, sizeof amount, "%llu.%02u",
				 (unsigned long long)(v.amount / 100),
				 (unsigned)(v.amount % 100));
	}
	if (fprintf(w->manifest, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", file,
		    g->id, g->defect ? "rejected" : "accepted", note ? note : "-",
		    v.track, v.procedure, flags, amount) < 0)
		die_io(w->manifest_path);
}

static int digits(uint64_t v)
{
	int n = 1;
	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static void file_name(char *dst, const char *stem, uint64_t n, int width)
{
	struct buf b = {0};
	put(&b, stem);
	put_uw(&b, n, width);
	put(&b, ".xml");
	put_ch(&b, 0);
	memcpy(dst, b.p, b.len);
	free(b.p);
}

static void run(const struct opts *o)
{
	struct out w;
	struct gen g;
	struct buf fb = {0};
	char name[48];
	out_init(&w, o);
	memset(&g, 0, sizeof g);
	g.o = o;
	uint64_t last = o->start + (o->count ? o->count - 1 : 0);
	int fw = digits(last) > 7 ? digits(last) : 7;
	uint64_t first_batch = o->batch ? (o->start - 1) / o->batch + 1 : 0;
	int bw = o->batch ? digits(first_batch + (o->count ? o->count - 1 : 0) / o->batch) : 0;
	bw = bw > 5 ? bw : 5;
	for (uint64_t j = 0; j < o->count; j++) {
		if (!o->batch) {
			file_name(name, "filing-", o->start + j, fw);
			out_open(&w, name);
		} else if (j % o->batch == 0) {
			file_name(name, "batch-", first_batch + j / o->batch, bw);
			out_open(&w, name);
			out_write(&w, "<batch xmlns=\"" NS "\">\n", sizeof "<batch xmlns=\"" NS "\">\n" - 1);
		}
		fb.len = 0;
		gen_filing(&g, o->start + j, &fb);
		out_write(&w, fb.p, fb.len);
		manifest_line(&w, &g, name);
		if (o->batch && (j + 1 == o->count || (j + 1) % o->batch == 0))
			out_write(&w, "</batch>\n", 9);
		if (!o->batch || j + 1 == o->count || (j + 1) % o->batch == 0)
			out_close(&w);
	}
	out_finish(&w);
	free(fb.p);
	free(g.tmp.p);
	free(g.tail.p);
	free(g.debtor_name.p);
}

/* ------------------------------------------------------------------ */
/* Command line                                                        */
/* ------------------------------------------------------------------ */

static void usage(FILE *f)
{
	fputs(
"usage: fgen [--seed N] [--count N] [--start N] [--batch K] [--out DIR]\n"
"            [--prefix P] [--malformed PCT] [--encoding utf-8|gb18030]\n"
"            [--min-size BYTES] [--max-size BYTES]\n"
"\n"
"Writes N deterministic court filings (urn:fenliu:filing:1) to DIR, and\n"
"DIR/manifest.tsv with one line per filing and eight tab-separated columns:\n"
"  file, id, expected (accepted or rejected), note (the defect of a rejected\n"
"  filing, else the cause or -), then what the default triage ruleset must\n"
"  decide (docs/triage-policy.md, as tests/fixtures/triage/README.md reads it):\n"
"  track      simple or complex\n"
"  procedure  civil: small-claims, summary or ordinary; bankruptcy: simple or\n"
"             ordinary\n"
"  flags      comma-separated in alphabetical order, or - when none\n"
"  amount     total claimed in yuan with two decimals (56000.00), or null\n"
"             when no claim has a figure (always null for bankruptcy)\n"
"  A rejected filing has - in these four columns.\n"
"Filing i depends only on the seed, i and the size/malformed options.\n"
"\n"
"  --seed N          PRNG seed (default 1)\n"
"  --count N         number of filings (default 100)\n"
"  --start N         index of the first filing, >= 1 (default 1); ids are\n"
"                    P-2026-NNNNNNN with NNNNNNN the index\n"
"  --batch K         K filings per batch-NNNNN.xml; 0 (default) writes one\n"
"                    filing-NNNNNNN.xml per filing\n"
"  --out DIR         output directory, created if missing (default filings)\n"
"  --prefix P        id prefix, 1-40 of A-Z a-z 0-9 - _ . (default WS)\n"
"  --malformed PCT   percent of filings made invalid, 0-100 (default 0)\n"
"  --encoding E      utf-8 (default) or gb18030\n"
"  --min-size BYTES  smallest <filing> element, UTF-8 bytes (default 2048)\n"
"  --max-size BYTES  largest <filing> element (default 4096)\n"
"  --help            this text\n", f);
}

/* Bad usage: a message, a pointer to --help, exit status 2. */
__attribute__((format(printf, 1, 2))) _Noreturn static void
bad_arg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fgen: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\ntry 'fgen --help'\n", stderr);
	exit(2);
}

static uint64_t parse_u64(const char *opt, const char *s, uint64_t max)
{
	uint64_t v = 0;
	if (!*s)
		bad_arg("%s needs a number", opt);
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > (max - (uint64_t)(*p - '0')) / 10)
			bad_arg("bad or too large number for %s", opt);
		v = v * 10 + (uint64_t)(*p - '0');
	}
	return v;
}

static double parse_pct(const char *s)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (!*s || *end || errno || !(v >= 0.0 && v <= 100.0))
		bad_arg("--malformed wants a percentage 0-100, not '%s'", s);
	return v;
}

static void check_prefix(const char *p)
{
	size_t n = strlen(p);
	if (n == 0 || n > 40 || strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "abcdefghijklmnopqrstuvwxyz0123456789-_.") != n)
		bad_arg("--prefix '%s': 1-40 of A-Z a-z 0-9 - _ .", p);
}

static void set_opt(struct opts *o, const char *name, const char *v)
{
	if (!strcmp(name, "--seed")) o->seed = parse_u64(name, v, UINT64_MAX);
	else if (!strcmp(name, "--count")) o->count = parse_u64(name, v, 1000000000);
	else if (!strcmp(name, "--start")) o->start = parse_u64(name, v, 1000000000000ULL);
	else if (!strcmp(name, "--batch")) o->batch = parse_u64(name, v, 1000000000);
	else if (!strcmp(name, "--out")) o->out = v;
	else if (!strcmp(name, "--prefix")) o->prefix = v;
	else if (!strcmp(name, "--malformed")) o->malformed = parse_pct(v);
	else if (!strcmp(name, "--min-size")) o->min_size = (uint32_t)parse_u64(name, v, MAX_SIZE_LIMIT);
	else if (!strcmp(name, "--max-size")) o->max_size = (uint32_t)parse_u64(name, v, MAX_SIZE_LIMIT);
	else if (!strcmp(name, "--encoding")) {
		if (!strcasecmp(v, "utf-8") || !strcasecmp(v, "utf8"))
			o->gb18030 = 0;
		else if (!strcasecmp(v, "gb18030"))
			o->gb18030 = 1;
		else
			bad_arg("unknown encoding '%s' (utf-8 or gb18030)", v);
	} else {
		bad_arg("unknown option '%s'", name);
	}
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	*o = (struct opts){.seed = 1, .count = 100, .start = 1, .out = "filings",
			   .prefix = "WS", .min_size = 2048, .max_size = 4096};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *eq = strchr(a, '=');
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			exit(0);
		}
		if (strncmp(a, "--", 2) != 0)
			bad_arg("unexpected argument '%s'", a);
		char name[32];
		size_t n = eq ? (size_t)(eq - a) : strlen(a);
		if (n >= sizeof name)
			bad_arg("unknown option '%s'", a);
		memcpy(name, a, n);
		name[n] = 0;
		if (!eq && i + 1 >= argc)
			bad_arg("%s needs a value", name);
		set_opt(o, name, eq ? eq + 1 : argv[++i]);
	}
	check_prefix(o->prefix);
	if (o->start == 0)
		bad_arg("--start must be at least 1");
	if (o->min_size == 0 || o->min_size > o->max_size)
		bad_arg("need 0 < --min-size <= --max-size");
	if (!*o->out)
		bad_arg("--out needs a directory");
}

static void index_bylen(struct bylen *ix, const char *const *s, size_t n,
			unsigned lo)
{
	memset(ix, 0, sizeof *ix);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(s[i]), c = len / 3;
		if (len % 3 == 0 && c <= MAXLEN && ix->n[c] < 8)
			ix->s[c][ix->n[c]++] = s[i];
	}
	for (unsigned c = lo; c <= MAXLEN; c++) {
		if (!ix->n[c]) { /* a data-table mistake, not a user error */
			fprintf(stderr, "fgen: internal: no closing piece of %u characters\n", c);
			exit(70);
		}
	}
}

int main(int argc, char **argv)
{
	struct opts o;
	parse_args(argc, argv, &o);
	index_bylen(&civil_status_ix, civil_status, NELEM(civil_status), 5);
	index_bylen(&bk_status_ix, bk_status, NELEM(bk_status), 5);
	index_bylen(&civil_pad_ix, civil_pads, NELEM(civil_pads), MINLEN);
	index_bylen(&bk_pad_ix, bk_pads, NELEM(bk_pads), MINLEN);
	run(&o);
	return 0;
}
