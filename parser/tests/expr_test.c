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

TEST_HARNESS_MAIN
