// SPDX-License-Identifier: GPL-2.0
/*
 * Expression-tree simplification: it must not change the tagged language
 * (the minimal DFA of a simplified tree is byte for byte the minimal DFA
 * of the original, minimal DFAs being canonical), and it must keep the
 * profiles whose automaton used to explode within bounds.
 */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 300
#include "pal_test.h"
#include "pal_dfa.h"
#include "pal_expr.h"
#include "pal_glob.h"
#include "pal_minimize.h"

static void tag_bits(void *ctx, const uint32_t *tags, size_t n,
		     struct pal_accept *out)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < n; i++)
		out->allow |= 1U << tags[i];
}

static int same_dfa(const struct pal_dfa *a, const struct pal_dfa *b)
{
	return a->nstates == b->nstates && a->nclasses == b->nclasses &&
	       a->start == b->start &&
	       !memcmp(a->classmap, b->classmap, 256) &&
	       !memcmp(a->trans, b->trans, (size_t)a->nstates * a->nclasses * 4) &&
	       !memcmp(a->accept, b->accept, a->nstates * sizeof(struct pal_accept));
}

/* Random rules over few tags, so that tails get shared. */
static struct pal_expr *gen_rules(uint64_t *rng, int n, char globs[][128])
{
	struct pal_expr *root = pal_expr_new(PAL_X_ALT);
	int i;

	for (i = 0; i < n; i++) {
		struct pal_expr *cat = pal_expr_new(PAL_X_CAT), *e;
		struct pal_glob_err ge;
		char *g = pt_gen_glob(rng);

		snprintf(globs[i], 128, "%s", g);
		free(g);
		e = pal_glob_parse(globs[i], 0, &ge);
		if (!e)
			abort();
		pal_expr_add(cat, e);
		pal_expr_add(cat, pal_expr_accept(pt_rand(rng) % 3));
		pal_expr_add(root, cat);
	}
	return root;
}

TEST(simplified_tree_same_minimal_dfa)
{
	uint64_t rng = 0x6a09e667f3bcc908ULL;
	char globs[12][128], msg[200];
	int set, smaller = 0;

	for (set = 0; set < 300; set++) {
		uint64_t r2 = rng;
		int n = 2 + (int)(pt_rand(&rng) % 10);
		struct pal_expr *a, *b;
		struct pal_dfa *da, *db, *ma, *mb;

		r2 = rng;
		a = gen_rules(&rng, n, globs);
		b = gen_rules(&r2, n, globs);
		b = pal_expr_simplify(b);
		da = pal_dfa_build(a, tag_bits, NULL, 1U << 24, msg, sizeof(msg));
		db = pal_dfa_build(b, tag_bits, NULL, 1U << 24, msg, sizeof(msg));
		ASSERT_NE(NULL, da);
		ASSERT_NE(NULL, db);
		smaller += db->nstates < da->nstates;
		ma = pal_dfa_minimize(da, PAL_MIN_HOPCROFT);
		mb = pal_dfa_minimize(db, PAL_MIN_HOPCROFT);
		EXPECT_TRUE(same_dfa(ma, mb)) {
			int k;

			for (k = 0; k < n; k++)
				TH_LOG("set %d rule %d: %s", set, k, globs[k]);
		}
		pal_expr_free(a);
		pal_expr_free(b);
		pal_dfa_free(da);
		pal_dfa_free(db);
		pal_dfa_free(ma);
		pal_dfa_free(mb);
	}
	/* the rewriting must also pay: fewer subset states often */
	EXPECT_GT(smaller, 30);
}

TEST(rewrites)
{
	struct pal_glob_err ge;
	struct pal_expr *alt = pal_expr_new(PAL_X_ALT);
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	const char *const gl[] = { "/a/b/c", "/a/b/d", "/a/x/d", "/a/b/c" };
	size_t i;

	for (i = 0; i < 4; i++) {
		struct pal_expr *cat = pal_expr_new(PAL_X_CAT);

		pal_expr_add(cat, pal_glob_parse(gl[i], 0, &ge));
		pal_expr_add(cat, pal_expr_accept(1));
		pal_expr_add(alt, cat);
	}
	alt = pal_expr_simplify(alt);
	f = open_memstream(&text, &len);
	pal_expr_dump(f, alt);
	fclose(f);
	/* one shared "/a/", duplicates gone, c|d merged into one set */
	EXPECT_EQ(1, (int)(strstr(text, "/a/") == text)) TH_LOG("%s", text);
	EXPECT_EQ(NULL, strstr(text + 1, "/a/")) TH_LOG("%s", text);
	free(text);
	pal_expr_free(alt);
}

/* AppArmor's "exploding profile" shape: many ** rules of few actions. */
TEST(exploding_profile_compiles)
{
	const char *text =
		"/foo {\n"
		"  /a/b/c/** r,\n"
		"  /a/b/c/upload/** rw,\n"
		"  /a/b/c/webdir/cms/files/** rw,\n"
		"  /a/b/c/webdir/content/** rw,\n"
		"  /a/b/c/**.txt rw,\n"
		"  /a/b/c/**.log rw,\n"
		"  /a/b/c/webdir/**/settings.php wr,\n"
		"  /a/b/c/webdir/**.txt rw,\n"
		"  /a/b/c/webdir/upload/**{.jpg,.pdf,.ps,.gif,.png,.ppt,.doc,.txt,.rtf} rw,\n"
		"  /a/b/c/webdir/**/conf*.php rw,\n"
		"  /a/b/c/**{cache,data,download,/ext,fileadmin,files,images,joomla,moodledata/sessions}/** rw,\n"
		"  /a/b/c/**log{,s}/** rw,\n"
		"  /a/b/c/**typo3{conf,temp}/** rw,\n"
		"  /a/b/c/webdir/**/components/** rw,\n"
		"  /a/b/c/webdir/**/cache/** rw,\n"
		"}\n";
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile(text, &p)) TH_LOG("%s", p.errs);
	EXPECT_EQ(PAL_MAY_READ | PAL_MAY_WRITE | PAL_MAY_APPEND,
		  pt_allow(&p, "/foo", "/a/b/c/x/cache/y/z"));
	EXPECT_EQ(PAL_MAY_READ | PAL_MAY_WRITE | PAL_MAY_APPEND,
		  pt_allow(&p, "/foo", "/a/b/c/webdir/q/settings.php"));
	EXPECT_EQ(PAL_MAY_READ, pt_allow(&p, "/foo", "/a/b/c/webdir/q/settings.phq"));
	EXPECT_EQ(0U, pt_allow(&p, "/foo", "/a/b/d"));
	pt_free(&p);
}

/*
 * An alternation of rules written as "glob:tag" (a glob, then its accept
 * tag); a rule without ':' is the plain bytes, no accept.
 */
static struct pal_expr *rules_alt(const char *const *rules, size_t n)
{
	struct pal_expr *alt = pal_expr_new(PAL_X_ALT);
	size_t i;

	for (i = 0; i < n; i++) {
		struct pal_expr *cat = pal_expr_new(PAL_X_CAT);
		const char *colon = strchr(rules[i], ':');
		struct pal_glob_err ge;
		char glob[128];

		snprintf(glob, sizeof(glob), "%.*s",
			 (int)(colon ? colon - rules[i] : (int)strlen(rules[i])),
			 rules[i]);
		pal_expr_add(cat, pal_glob_parse(glob, 0, &ge));
		if (colon)
			pal_expr_add(cat, pal_expr_accept((uint32_t)atoi(colon + 1)));
		pal_expr_add(alt, cat);
	}
	return alt;
}

static char *dump(const struct pal_expr *e)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	pal_expr_dump(f, e);
	fclose(f);
	return text;
}

static char *simplified_dump(const char *const *rules, size_t n)
{
	struct pal_expr *e = pal_expr_simplify(rules_alt(rules, n));
	char *text = dump(e);

	pal_expr_free(e);
	return text;
}

/*
 * Factoring groups, their order and their shared runs: the trees the
 * pairwise comparison of every two alternatives made (the simplifier now
 * buckets alternatives by hash; it must still make these).
 */
TEST(factoring_groups_and_order)
{
	static const struct {
		const char *rules[8];
		const char *tree;
	} cases[] = {
		/* interleaved groups keep the order of their first member */
		{ { "ab:0", "cd:1", "ab:2", "ce:0", "ab:1" },
		  "(ab(<accept 0>|<accept 2>|<accept 1>)|c(d<accept 1>|e<accept 0>))" },
		/* the run is the shortest any member shares with the first */
		{ { "abcx:0", "aby:0", "abcz:0" },
		  "ab(c[xz]|y)<accept 0>" },
		/* an alternative that is the whole shared run */
		{ { "ab", "abc", "ab", "b" },
		  "(ab(()|c)|b)" },
		/* suffixes */
		{ { "xab:0", "yab:0", "zb:1", "xab:0", "wab:1" },
		  "([xy]ab<accept 0>|(z|wa)b<accept 1>)" },
		{ { "pq:0", "pr:0", "sq:0", "sr:0", "pq:0", "tq:1" },
		  "([ps][qr]<accept 0>|tq<accept 1>)" },
		/* members that share more with each other than with the first */
		{ { "/a/x:1", "/a/b/c:1", "/a/b/c/d:2", "/a/b/e:1", "/q/a/x:1" },
		  "/(a/(x<accept 1>|b/(c(<accept 1>|/d<accept 2>)|e<accept 1>))|q/a/x<accept 1>)" },
		{ { "/a/**:1", "/b/**:1", "/a/*.c:2", "/a/{x,y}/**:1", "/b/**:1" },
		  "/(a/((()|[xy]/)[^/].*<accept 1>|[^/]*\\.c<accept 2>)|b/[^/].*<accept 1>)" },
		{ { "a", "b", "ab", "[a-c]x", "x", "[a-c]x:3", "ba" },
		  "([abx]|ab|[a-c]x(()|<accept 3>)|ba)" },
	};
	size_t c;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		size_t n = 0;
		char *text;

		while (n < 8 && cases[c].rules[n])
			n++;
		text = simplified_dump(cases[c].rules, n);
		EXPECT_STREQ(cases[c].tree, text) TH_LOG("case %zu", c);
		free(text);
	}
}

/* Duplicates thousands of alternatives apart are dropped like neighbours. */
TEST(far_duplicates_dropped)
{
	enum { N = 3000 };
	char (*names)[32] = calloc(2 * N, 32);
	const char **rules = calloc(2 * N, sizeof(*rules));
	char *once, *twice;
	size_t i, n = 0;

	ASSERT_NE(NULL, names);
	ASSERT_NE(NULL, rules);
	for (i = 0; i < N; i++) {
		snprintf(names[n], 32, "/srv/f%04zu/x:%zu", i * 7919 % N, i % 3);
		rules[n] = names[n];
		n++;
	}
	once = simplified_dump(rules, n);
	/* every third rule again, backwards, after all the others */
	for (i = N; i-- > 0;)
		if (i % 3 == 1)
			rules[n++] = names[i];
	twice = simplified_dump(rules, n);
	EXPECT_STREQ(once, twice);
	free(once);
	free(twice);
	free(rules);
	free(names);
}

/*
 * A profile of many rules (the simplifier was once quadratic in them):
 * it compiles and decides like a small one.
 */
TEST(many_rules_compile)
{
	enum { N = 20000 };
	struct pal_buf b = { 0 };
	struct pt_policy p;
	char path[64];
	int i;

	pal_buf_puts(&b, "/foo {\n");
	for (i = 0; i < N; i++)
		switch (i % 4) {
		case 0:
			pal_buf_printf(&b, "  /srv/data/file%05d r,\n", i);
			break;
		case 1:
			pal_buf_printf(&b, "  /srv/app%d/** rw,\n", i);
			break;
		case 2:
			pal_buf_printf(&b, "  /etc/conf%d/{main,local}*.conf r,\n", i);
			break;
		default:
			pal_buf_printf(&b, "  /srv/data/file%05d r,\n", i - 3);
			break;
		}
	pal_buf_puts(&b, "}\n");
	ASSERT_EQ(0, pt_compile(b.s, &p)) TH_LOG("%s", p.errs);
	EXPECT_EQ(PAL_MAY_READ, pt_allow(&p, "/foo", "/srv/data/file19996"));
	EXPECT_EQ(0U, pt_allow(&p, "/foo", "/srv/data/file19997"));
	snprintf(path, sizeof(path), "/srv/app%d/x/y", N - 3);
	EXPECT_EQ(PAL_MAY_READ | PAL_MAY_WRITE | PAL_MAY_APPEND,
		  pt_allow(&p, "/foo", path));
	EXPECT_EQ(PAL_MAY_READ, pt_allow(&p, "/foo", "/etc/conf19998/local.x.conf"));
	EXPECT_EQ(0U, pt_allow(&p, "/foo", "/etc/conf19998/other.conf"));
	pt_free(&p);
	pal_buf_free(&b);
}

TEST_HARNESS_MAIN
