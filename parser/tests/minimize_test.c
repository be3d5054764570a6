// SPDX-License-Identifier: GPL-2.0
/*
 * Hopcroft against Moore: same partition size, byte-identical canonical
 * tables, language preserved, and the result really minimal.
 */
/* the harness's own wrapper functions have unused parameters */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#include "pal_test.h"
#include "pal_dfa.h"
#include "pal_glob.h"
#include "pal_minimize.h"

/* accept: bit (tag % 7) of allow, deny for odd tags */
static void test_accept(void *ctx, const uint32_t *tags, size_t n,
			struct pal_accept *out)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < n; i++) {
		if (tags[i] & 1)
			out->deny |= 1U << (tags[i] % 7);
		else
			out->allow |= 1U << (tags[i] % 7);
	}
}

static struct pal_dfa *build(const char *const *globs, size_t n)
{
	struct pal_expr *root = pal_expr_new(PAL_X_ALT);
	struct pal_dfa *d;
	char msg[128];
	size_t i;

	for (i = 0; i < n; i++) {
		struct pal_glob_err e;
		struct pal_expr *cat = pal_expr_new(PAL_X_CAT);
		struct pal_expr *g = pal_glob_parse(globs[i], 0, &e);

		if (!g)
			abort();
		pal_expr_add(cat, g);
		pal_expr_add(cat, pal_expr_accept((uint32_t)i));
		pal_expr_add(root, cat);
	}
	d = pal_dfa_build(root, test_accept, NULL, 1U << 24, msg, sizeof(msg));
	pal_expr_free(root);
	return d;
}

static int same_dfa(const struct pal_dfa *a, const struct pal_dfa *b)
{
	return a->nstates == b->nstates && a->nclasses == b->nclasses &&
	       a->start == b->start &&
	       !memcmp(a->classmap, b->classmap, 256) &&
	       !memcmp(a->trans, b->trans,
		       (size_t)a->nstates * a->nclasses * 4) &&
	       !memcmp(a->accept, b->accept,
		       a->nstates * sizeof(struct pal_accept));
}

static int dead_state_ok(const struct pal_dfa *d)
{
	static const struct pal_accept zero;
	uint32_t c;

	for (c = 0; c < d->nclasses; c++)
		if (d->trans[c])
			return 0;
	return !memcmp(&d->accept[0], &zero, sizeof(zero));
}

/* Every string of up to 5 bytes over "ab/." reaches equal accepts. */
static int same_language(const struct pal_dfa *a, const struct pal_dfa *b)
{
	static const char alpha[] = "ab/.";
	char s[8];
	int len, k;

	for (len = 0; len <= 5; len++) {
		size_t count = 1, i;

		for (k = 0; k < len; k++)
			count *= 4;
		for (i = 0; i < count; i++) {
			size_t x = i;

			s[0] = '/';
			for (k = 0; k < len; k++) {
				s[1 + k] = alpha[x % 4];
				x /= 4;
			}
			s[1 + len] = 0;
			if (memcmp(&a->accept[pal_dfa_run(a, s)],
				   &b->accept[pal_dfa_run(b, s)],
				   sizeof(struct pal_accept)))
				return 0;
		}
	}
	return 1;
}

TEST(hopcroft_equals_moore_random)
{
	uint64_t rng = 0x853c49e6748fea9bULL;
	int round, shrunk = 0;

	for (round = 0; round < 300; round++) {
		char *globs[6];
		size_t n = 1 + pt_rand(&rng) % 6, i;
		struct pal_dfa *d, *h, *m;
		uint32_t *bh, *bm, nh, nm, nmin;

		for (i = 0; i < n; i++)
			globs[i] = pt_gen_glob(&rng);
		d = build((const char *const *)globs, n);
		ASSERT_NE(NULL, d);
		bh = malloc(d->nstates * sizeof(*bh));
		bm = malloc(d->nstates * sizeof(*bm));
		nh = pal_partition_hopcroft(d, bh);
		nm = pal_partition_moore(d, bm);
		EXPECT_EQ(nh, nm);
		h = pal_dfa_minimize(d, PAL_MIN_HOPCROFT);
		m = pal_dfa_minimize(d, PAL_MIN_MOORE);
		EXPECT_TRUE(same_dfa(h, m));
		EXPECT_EQ(nh, h->nstates);
		EXPECT_TRUE(dead_state_ok(d));
		EXPECT_TRUE(dead_state_ok(h));
		EXPECT_TRUE(same_language(d, h));
		/* minimal: Moore finds nothing more to merge */
		free(bm);
		bm = malloc(h->nstates * sizeof(*bm));
		nmin = pal_partition_moore(h, bm);
		EXPECT_EQ(h->nstates, nmin);
		if (h->nstates < d->nstates)
			shrunk++;
		pal_dfa_free(d);
		pal_dfa_free(h);
		pal_dfa_free(m);
		free(bh);
		free(bm);
		for (i = 0; i < n; i++)
			free(globs[i]);
	}
	/* the random automata must give minimisation work to do */
	EXPECT_GT(shrunk, 50);
}

TEST(equal_languages_give_identical_tables)
{
	static const char *const a[] = { "/{a,b}c" }, *const b[] = { "/[ab]c" },
		*const c[] = { "/{b,a}{c,c}" }, *const d[] = { "/ac", "/bc" };
	struct pal_dfa *da = build(a, 1), *db = build(b, 1), *dc = build(c, 1);
	struct pal_dfa *ma = pal_dfa_minimize(da, PAL_MIN_HOPCROFT);
	struct pal_dfa *mb = pal_dfa_minimize(db, PAL_MIN_HOPCROFT);
	struct pal_dfa *mc = pal_dfa_minimize(dc, PAL_MIN_HOPCROFT);
	struct pal_dfa *dd = build(d, 2), *md = pal_dfa_minimize(dd, PAL_MIN_HOPCROFT);

	EXPECT_TRUE(same_dfa(ma, mb));
	EXPECT_TRUE(same_dfa(ma, mc));
	/* "/ac" and "/bc" carry different tags: not the same accepts */
	EXPECT_FALSE(same_dfa(ma, md));
	/* dead, start, '/', a|b, c, accept: 5 states; classes: other, '/',
	 * a-b, c */
	EXPECT_EQ(5U, ma->nstates);
	EXPECT_EQ(1U, ma->start);
	EXPECT_EQ(4U, ma->nclasses);
	EXPECT_EQ(ma->classmap['a'], ma->classmap['b']);
	EXPECT_NE(ma->classmap['a'], ma->classmap['c']);
	EXPECT_EQ(0, ma->classmap[0]);
	pal_dfa_free(da);
	pal_dfa_free(db);
	pal_dfa_free(dc);
	pal_dfa_free(dd);
	pal_dfa_free(ma);
	pal_dfa_free(mb);
	pal_dfa_free(mc);
	pal_dfa_free(md);
}

TEST(minimisation_merges_redundant_states)
{
	/* the subset construction keeps the x and y branches apart; their
	 * tails are the same language with the same tag */
	static const char *const g[] = { "/{x/a*,y/a*}" };
	static const char *const one[] = { "/**" };
	struct pal_dfa *d = build(g, 1), *m = pal_dfa_minimize(d, PAL_MIN_HOPCROFT);
	struct pal_dfa *d1 = build(one, 1), *m1 = pal_dfa_minimize(d1, PAL_MIN_MOORE);

	/* dead, start, after '/', then x, x/, x/a and y, y/, y/a */
	EXPECT_EQ(9U, d->nstates);
	/* the x and y branches merge state by state */
	EXPECT_EQ(6U, m->nstates);
	/* slash-double-star: dead, start, after the slash, accepting loop */
	EXPECT_EQ(4U, m1->nstates);
	EXPECT_TRUE(same_language(d, m));
	pal_dfa_free(d);
	pal_dfa_free(m);
	pal_dfa_free(d1);
	pal_dfa_free(m1);
}

TEST(empty_rule_set_is_only_the_dead_state)
{
	struct pal_dfa *d = build(NULL, 0), *m = pal_dfa_minimize(d, PAL_MIN_HOPCROFT);

	EXPECT_EQ(1U, m->nstates);
	EXPECT_EQ(0U, m->start);
	EXPECT_EQ(1U, m->nclasses);
	EXPECT_TRUE(dead_state_ok(m));
	pal_dfa_free(d);
	pal_dfa_free(m);
}

TEST_HARNESS_MAIN
