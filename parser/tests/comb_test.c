// SPDX-License-Identifier: GPL-2.0
/*
 * The comb-packed tables against the flat ones they come from.
 *
 * For random rule sets: every (state, class) transition of the packed
 * table equals the flat table's (exhaustively), and on random paths the
 * kernel's walk over a written policy (match.h: comb, class map, accept
 * indirection) ends with the accept record the flat walk (pal_dfa_run)
 * ends with, which in turn holds exactly the rules the backtracking
 * reference matcher says match.  Corrupt-table handling is in
 * verify_test, the corpus-wide check in corpus_test.
 */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 300
#include "pal_test.h"
#include "pal_comb.h"
#include "pal_dfa.h"
#include "pal_glob.h"
#include "pal_globref.h"
#include "pal_minimize.h"
#include "pal_policy.h"

#define MAX_RULES 7	/* one allow bit per rule: PAL_MAY_* has 7 */

/* allow = one bit per matching rule */
static void tag_bits(void *ctx, const uint32_t *tags, size_t n,
		     struct pal_accept *out)
{
	size_t i;

	(void)ctx;
	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++)
		out->allow |= 1U << tags[i];
}

struct rset {
	char *globs[MAX_RULES];
	int n;
	struct pal_dfa *flat;		/* minimised */
	uint8_t *buf;			/* policy in a PALISADE_POLICY_MAX buffer */
	uint32_t dfa;			/* offset of the file DFA in buf */
};

static int rset_build(struct rset *r, uint64_t *rng, char *err, size_t errlen)
{
	struct pal_expr *root = pal_expr_new(PAL_X_ALT);
	struct pal_policy_prof prof = { 0 };
	struct pal_dfa *d, *attach;
	void *blob;
	size_t size;
	int k;

	memset(r, 0, sizeof(*r));
	r->n = 1 + (int)(pt_rand(rng) % MAX_RULES);
	for (k = 0; k < r->n; k++) {
		struct pal_glob_err ge;
		struct pal_expr *cat = pal_expr_new(PAL_X_CAT), *e;
		char *g = pt_gen_glob(rng);

		r->globs[k] = pal_glob_filter_slashes(g);
		free(g);
		e = pal_glob_parse(r->globs[k], 0, &ge);
		if (!e) {
			snprintf(err, errlen, "glob '%s': %s", r->globs[k], ge.msg);
			return -1;
		}
		pal_expr_add(cat, e);
		pal_expr_add(cat, pal_expr_accept((uint32_t)k));
		pal_expr_add(root, cat);
	}
	d = pal_dfa_build(root, tag_bits, NULL, 1U << 24, err, errlen);
	pal_expr_free(root);
	if (!d)
		return -1;
	r->flat = pal_dfa_minimize(d, PAL_MIN_HOPCROFT);
	pal_dfa_free(d);
	attach = pal_dfa_alloc(1, 1);
	prof.name = "t";
	prof.attach = "";
	prof.id = pal_profile_id("t");
	prof.file_dfa = r->flat;
	if (pal_policy_write(&prof, 1, attach, NULL, 0, -1, &blob, &size, err,
			     errlen)) {
		pal_dfa_free(attach);
		return -1;
	}
	pal_dfa_free(attach);
	if (pal_policy_verify(blob, size, err, errlen)) {
		free(blob);
		return -1;
	}
	if (pal_policy_unpack(blob, size, (void **)&r->buf, err, errlen)) {
		free(blob);
		return -1;
	}
	free(blob);
	r->dfa = ((struct pal_profile_rec *)(r->buf +
		((struct pal_policy_header *)r->buf)->profiles_off))->file_dfa_off;
	return 0;
}

static void rset_free(struct rset *r)
{
	int k;

	for (k = 0; k < r->n; k++)
		free(r->globs[k]);
	pal_dfa_free(r->flat);
	free(r->buf);
}

/* A random path: mostly over the glob alphabet, sometimes any byte. */
static void gen_path(char *p, uint64_t *rng)
{
	static const char alpha[] = "ab/.";
	int len = 1 + (int)(pt_rand(rng) % 12), k;

	p[0] = '/';
	for (k = 1; k < len; k++) {
		if (pt_rand(rng) % 16)
			p[k] = alpha[pt_rand(rng) % 4];
		else
			p[k] = (char)(1 + pt_rand(rng) % 255);
	}
	p[len] = 0;
}

TEST(comb_equals_flat_every_transition)
{
	uint64_t rng = 0x853c49e6748fea9bULL;
	char err[200];
	int i, states = 0, defaults = 0;

	for (i = 0; i < 400; i++) {
		struct rset r;
		const struct pal_comb *cb;

		ASSERT_EQ(0, rset_build(&r, &rng, err, sizeof(err))) TH_LOG("%s", err);
		cb = pal_dfa_comb(r.flat);
		EXPECT_EQ(0, pal_comb_check(r.flat, cb, err, sizeof(err)))
			TH_LOG("rule set %d: %s", i, err);
		states += r.flat->nstates;
		defaults += cb->ndefaults;
		rset_free(&r);
	}
	/* the rule sets must exercise default states, or this tests little */
	EXPECT_GT(defaults, states / 20);
}

TEST(compressed_walk_vs_flat_walk_vs_reference)
{
	static char path[PALISADE_PATH_MAX];
	uint64_t rng = 0xda3e39cb94b95bdbULL;
	long walks = 0, matches = 0, mismatches = 0;
	char err[200];
	int i, j, k;

	for (i = 0; i < 300; i++) {
		struct rset r;

		/* Every other rule set with 8-byte comb entries: the
		 * matcher's two encodings both walk. */
		pal_comb_force_wide = i & 1;
		ASSERT_EQ(0, rset_build(&r, &rng, err, sizeof(err))) TH_LOG("%s", err);
		ASSERT_EQ(i & 1 ? 8U : 4U, ((struct pal_dfa_header *)(r.buf + r.dfa))->entry_size);
		for (j = 0; j < 300; j++) {
			const struct pal_accept *a, *f;
			uint32_t ref = 0;

			memset(path, 0, 16);
			gen_path(path, &rng);
			a = (const void *)(r.buf + pal_dfa_accept(r.buf, r.dfa,
					pal_dfa_walk(r.buf, r.dfa, path)));
			f = &r.flat->accept[pal_dfa_run(r.flat, path)];
			for (k = 0; k < r.n; k++)
				if (pal_globref_match(r.globs[k], path) == 1)
					ref |= 1U << k;
			walks++;
			matches += !!ref;
			if ((memcmp(a, f, sizeof(*a)) || f->allow != ref) &&
			    mismatches++ < 10)
				TH_LOG("set %d path '%s': comb 0x%x flat 0x%x reference 0x%x",
				       i, path, a->allow, f->allow, ref);
		}
		rset_free(&r);
	}
	pal_comb_force_wide = 0;
	EXPECT_EQ(0, mismatches);
	EXPECT_GT(matches, walks / 20);
}

/* pal_dfa_step() (the rules DFA's byte at a time, NUL included) agrees. */
TEST(step_equals_walk)
{
	static char path[PALISADE_PATH_MAX];
	uint64_t rng = 0x4f1bbcdcbfa53e0aULL;
	char err[200];
	int i, j;

	for (i = 0; i < 100; i++) {
		struct rset r;

		pal_comb_force_wide = i & 1;
		ASSERT_EQ(0, rset_build(&r, &rng, err, sizeof(err))) TH_LOG("%s", err);
		for (j = 0; j < 100; j++) {
			uint32_t s = pal_dfa_start(r.buf, r.dfa);
			const char *c;

			memset(path, 0, 16);
			gen_path(path, &rng);
			for (c = path; *c && s; c++)
				s = pal_dfa_step(r.buf, r.dfa, s, (uint8_t)*c);
			EXPECT_EQ(pal_dfa_walk(r.buf, r.dfa, path), s);
			/* NUL leads nowhere in a path DFA */
			EXPECT_EQ(0U, pal_dfa_step(r.buf, r.dfa, s, 0));
		}
		rset_free(&r);
	}
	pal_comb_force_wide = 0;
}

/* Packing is a function of the DFA alone: same input, same bytes. */
TEST(packing_is_deterministic)
{
	uint64_t rng = 0x1234567ULL, rng2;
	char err[200];
	int i;

	for (i = 0; i < 50; i++) {
		struct rset a, b;
		const struct pal_comb *ca, *cb;

		rng2 = rng;
		ASSERT_EQ(0, rset_build(&a, &rng, err, sizeof(err)));
		ASSERT_EQ(0, rset_build(&b, &rng2, err, sizeof(err)));
		ca = pal_dfa_comb(a.flat);
		cb = pal_dfa_comb(b.flat);
		ASSERT_EQ(ca->nentries, cb->nentries);
		EXPECT_EQ(0, memcmp(ca->ent, cb->ent, ca->nentries * 8));
		rset_free(&a);
		rset_free(&b);
	}
}

/*
 * The verifier's promise, checked against random damage to the comb: a
 * policy it accepts walks only to real states (header entries) whose
 * accept records lie in the table, whatever the path.
 */
TEST(verified_combs_only_walk_to_states)
{
	static char path[PALISADE_PATH_MAX];
	uint64_t rng = 0x3c6ef372fe94f82bULL;
	int round, accepted = 0, rejected = 0;
	char err[200];

	for (round = 0; round < 3000; round++) {
		struct rset r;
		struct pal_policy_header *h;
		struct pal_dfa_header *d;
		uint32_t i, k, sum, size;

		pal_comb_force_wide = round & 1;
		ASSERT_EQ(0, rset_build(&r, &rng, err, sizeof(err))) TH_LOG("%s", err);
		h = (void *)r.buf;
		d = (void *)(r.buf + r.dfa);
		size = h->size;
		/* one to three entries rewritten from plausible parts */
		for (k = 0; k <= pt_rand(&rng) % 3; k++) {
			uint32_t at = pt_rand(&rng) % d->nentries;
			uint32_t a = pt_rand(&rng) % (d->nentries + 2);
			uint32_t b = pt_rand(&rng) % (d->nentries + 2);

			switch (pt_rand(&rng) % 4) {
			case 0:
				pt_entry_set(r.buf, d, at, PAL_DFA_ENTRY(a, b));
				break;
			case 1:
				pt_entry_set(r.buf, d, at, PAL_DFA_ENTRY(a, PAL_DFA_HDR |
					     (b % (d->naccept + 1))));
				break;
			case 2:
				pt_entry_set(r.buf, d, at, PAL_DFA_EMPTY);
				break;
			default:
				pt_entry_set(r.buf, d, at, PAL_DFA_ENTRY(PAL_DFA_ENTRY_NEXT(
					     pt_entry_get(r.buf, d, at)), a));
			}
		}
		h->checksum = 0;
		sum = pal_fnv1a(PAL_FNV_OFFSET, r.buf, size);
		h->checksum = sum;
		if (pal_policy_verify(r.buf, size, err, sizeof(err))) {
			rejected++;
			rset_free(&r);
			continue;
		}
		accepted++;
		for (i = 0; i < 50; i++) {
			uint32_t tok, acc;

			memset(path, 0, 16);
			gen_path(path, &rng);
			tok = pal_dfa_walk(r.buf, r.dfa, path);
			ASSERT_LT(tok, d->nentries);
			EXPECT_TRUE(PAL_DFA_ENTRY_CHECK(pt_entry_get(r.buf, d, tok)) &
				    PAL_DFA_HDR &&
				    pt_entry_get(r.buf, d, tok) != PAL_DFA_EMPTY);
			acc = pal_dfa_accept(r.buf, r.dfa, tok);
			EXPECT_GE(acc, d->accept_off);
			EXPECT_LT(acc, d->accept_off + d->naccept * sizeof(struct pal_accept));
		}
		rset_free(&r);
	}
	pal_comb_force_wide = 0;
	/* both outcomes must occur, or the damage is not telling */
	EXPECT_GT(accepted, 50);
	EXPECT_GT(rejected, 500);
}

TEST_HARNESS_MAIN
