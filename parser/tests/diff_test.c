// SPDX-License-Identifier: GPL-2.0
/*
 * Differential tests: random globs against every short path over a small
 * alphabet, comparing the compiled policy (walked by match.h, from its
 * virtual policy buffer) with the reference backtracking matcher; and a
 * policy of several segments with its profiles compiled one by one.
 */
/* the harness's own wrapper functions have unused parameters */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
/* many compiles per test: leave room for valgrind */
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 300
#include "pal_test.h"
#include "pal_comb.h"
#include "pal_glob.h"
#include "pal_globref.h"

#define NPATHS_MAX 2000

/* "/" followed by every string of up to @max bytes over "ab/." */
static size_t all_paths(char paths[][8], int max)
{
	static const char alpha[] = "ab/.";
	size_t n = 0, i;
	int len;

	for (len = 0; len <= max; len++) {
		size_t count = 1;
		int k;

		for (k = 0; k < len; k++)
			count *= 4;
		for (i = 0; i < count; i++) {
			size_t x = i;

			paths[n][0] = '/';
			for (k = 0; k < len; k++) {
				paths[n][1 + k] = alpha[x % 4];
				x /= 4;
			}
			paths[n][1 + len] = 0;
			n++;
		}
	}
	return n;
}

static char paths[NPATHS_MAX][8];

TEST(single_glob_vs_reference)
{
	size_t np = all_paths(paths, 5), i;
	uint64_t rng = 0x9e3779b97f4a7c15ULL;
	int g, mismatches = 0, matched = 0;

	for (g = 0; g < 250; g++) {
		char *glob = pt_gen_glob(&rng);
		struct pal_buf text = { 0 };
		struct pt_policy p;

		pal_buf_printf(&text, "profile t {\n  \"%s\" r,\n}\n", glob);
		ASSERT_EQ(0, pt_compile(text.s, &p)) TH_LOG("%s", p.errs);
		for (i = 0; i < np; i++) {
			int ref = pal_globref_match(glob, paths[i]);
			int dfa = !!(pt_allow(&p, "t", paths[i]) & PAL_MAY_READ);

			ASSERT_NE(-1, ref);
			matched += ref;
			if (ref != dfa && mismatches++ < 10)
				TH_LOG("glob '%s' path '%s': ref %d dfa %d",
				       glob, paths[i], ref, dfa);
		}
		pt_free(&p);
		pal_buf_free(&text);
		free(glob);
	}
	EXPECT_EQ(0, mismatches);
	/* the generator must produce matches, or this tests little */
	EXPECT_GT(matched, 2000);
}

struct rrule {
	char *glob;
	unsigned int qual;	/* 1 audit, 2 deny, 4 owner */
	uint32_t perms;
};

static const struct {
	const char *s;
	uint32_t perms;
} accs[] = {
	{ "r", PAL_MAY_READ },
	{ "w", PAL_MAY_WRITE | PAL_MAY_APPEND },
	{ "a", PAL_MAY_APPEND },
	{ "rk", PAL_MAY_READ | PAL_MAY_LOCK },
	{ "lm", PAL_MAY_LINK | PAL_MAY_MMAP },
	{ "mr", PAL_MAY_MMAP | PAL_MAY_READ },
};

TEST(multi_rule_accept_vs_reference)
{
	size_t np = all_paths(paths, 4), i;
	uint64_t rng = 0x2545f4914f6cdd1dULL;
	int prof, mismatches = 0;

	for (prof = 0; prof < 60; prof++) {
		struct rrule rules[6];
		int nr = 1 + (int)(pt_rand(&rng) % 6), k, owner;
		struct pal_buf text = { 0 };
		struct pt_policy p;

		pal_buf_puts(&text, "profile t {\n");
		for (k = 0; k < nr; k++) {
			int a = (int)(pt_rand(&rng) % (sizeof(accs) / sizeof(accs[0])));

			rules[k].glob = pt_gen_glob(&rng);
			rules[k].qual = pt_rand(&rng) % 8;
			rules[k].perms = accs[a].perms;
			pal_buf_printf(&text, "  %s%s%s\"%s\" %s,\n",
				       rules[k].qual & 1 ? "audit " : "",
				       rules[k].qual & 2 ? "deny " : "",
				       rules[k].qual & 4 ? "owner " : "",
				       rules[k].glob, accs[a].s);
		}
		pal_buf_puts(&text, "}\n");
		ASSERT_EQ(0, pt_compile(text.s, &p)) TH_LOG("%s", p.errs);
		for (i = 0; i < np; i++) {
			for (owner = 0; owner < 2; owner++) {
				struct pal_perms want = { 0 }, got;

				for (k = 0; k < nr; k++) {
					unsigned int q = rules[k].qual;

					if (!pal_globref_match(rules[k].glob, paths[i]))
						continue;
					if (q & 1)
						want.audit |= rules[k].perms;
					if ((q & 2) && !(q & 1))
						want.quiet |= rules[k].perms;
					if ((q & 4) && !owner)
						continue;
					if (q & 2)
						want.deny |= rules[k].perms;
					else
						want.allow |= rules[k].perms;
				}
				got = pt_perms(&p, "t", paths[i], owner);
				if (memcmp(&want, &got, sizeof(want)) &&
				    mismatches++ < 10)
					TH_LOG("profile %d path '%s' owner %d: want %x/%x/%x/%x got %x/%x/%x/%x\n%s",
					       prof, paths[i], owner, want.allow,
					       want.deny, want.audit, want.quiet,
					       got.allow, got.deny, got.audit,
					       got.quiet, text.s);
			}
		}
		for (k = 0; k < nr; k++)
			free(rules[k].glob);
		pt_free(&p);
		pal_buf_free(&text);
	}
	EXPECT_EQ(0, mismatches);
}

TEST(attachment_vs_reference)
{
	size_t np = all_paths(paths, 4), i;
	uint64_t rng = 0x5851f42d4c957f2dULL;
	int round, mismatches = 0;

	for (round = 0; round < 60; round++) {
		char *globs[5], *flat[5];
		int n = 1 + (int)(pt_rand(&rng) % 5), k;
		struct pal_buf text = { 0 };
		struct pt_policy p;
		int idx[5];

		for (k = 0; k < n; k++) {
			globs[k] = pt_gen_glob(&rng);
			flat[k] = pal_glob_filter_slashes(globs[k]);
			pal_buf_printf(&text, "profile p%d \"%s\" {\n}\n", k, globs[k]);
		}
		ASSERT_EQ(0, pt_compile(text.s, &p)) TH_LOG("%s", p.errs);
		for (k = 0; k < n; k++) {
			char name[16];

			snprintf(name, sizeof(name), "p%d", k);
			idx[k] = pal_policy_profile_index(p.blob, name);
			ASSERT_GE(idx[k], 0);
		}
		for (i = 0; i < np; i++) {
			const char *got = pt_attach(&p, paths[i]);
			int best = -1;
			char want[16] = "";

			for (k = 0; k < n; k++) {
				if (!pal_globref_match(globs[k], paths[i]))
					continue;
				if (best < 0 ||
				    pal_glob_literal_prefix(flat[k]) >
					    pal_glob_literal_prefix(flat[best]) ||
				    (pal_glob_literal_prefix(flat[k]) ==
					     pal_glob_literal_prefix(flat[best]) &&
				     idx[k] < idx[best]))
					best = k;
			}
			if (best >= 0)
				snprintf(want, sizeof(want), "p%d", best);
			if (strcmp(want, got ? got : "") && mismatches++ < 10)
				TH_LOG("path '%s': want '%s' got '%s'\n%s",
				       paths[i], want, got ? got : "", text.s);
		}
		for (k = 0; k < n; k++) {
			free(globs[k]);
			free(flat[k]);
		}
		pt_free(&p);
		pal_buf_free(&text);
	}
	EXPECT_EQ(0, mismatches);
}

TEST(variables_vs_reference)
{
	/* several values expand to an alternation, slashes trimmed */
	static const char *text =
		"@{D} = /home/*/ /export/ /srv/a\n"
		"@{E} = x @{D}\n"
		"profile t {\n"
		"  @{D}/** r,\n"
		"  /v/@{E}/f w,\n"
		"}\n";
	static const struct {
		const char *path;
		uint32_t allow;
	} want[] = {
		{ "/home/u/f", PAL_MAY_READ },
		{ "/home//f", PAL_MAY_READ },	/* AppArmor: '*' in {..} may be empty */
		{ "/export/a/b", PAL_MAY_READ },
		{ "/export/", 0 },
		{ "/srv/a/b", PAL_MAY_READ },
		{ "/srv/ab", 0 },
		{ "/v/x/f", PAL_MAY_WRITE | PAL_MAY_APPEND },
		{ "/v/home/q/f", PAL_MAY_WRITE | PAL_MAY_APPEND },
		{ "/v/export/f", PAL_MAY_WRITE | PAL_MAY_APPEND },
		{ "/v/srv/a/f", PAL_MAY_WRITE | PAL_MAY_APPEND },
		{ "/v//export/f", 0 },
		{ "/v/export//f", 0 },
	};
	struct pt_policy p;
	size_t i;

	ASSERT_EQ(0, pt_compile(text, &p)) TH_LOG("%s", p.errs);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		uint32_t got = pt_allow(&p, "t", want[i].path);

		if (got != want[i].allow)
			TH_LOG("path #%zu: want 0x%x got 0x%x", i,
			       want[i].allow, got);
		EXPECT_EQ(want[i].allow, got);
	}
	pt_free(&p);
}

/*
 * A policy too large for one segment: many profiles, each a few random
 * globs over the test alphabet and padding rules that make its DFA a few
 * kilobytes.  It must take three segments or more, verify, and decide
 * every short path of every sampled profile (those in the last segments
 * included) exactly as the same profile compiled alone.
 */
#define SEG_NPROF	900

static void seg_profile(struct pal_buf *b, uint64_t *rng, int i)
{
	static const char *const perms[] = { "r", "w", "rw", "ix", "m", "deny w" };
	int k;

	pal_buf_printf(b, "profile seg%d /usr/bin/seg%d {\n", i, i);
	for (k = 0; k < 3; k++) {
		char *glob = pt_gen_glob(rng);
		const char *pm = perms[pt_rand(rng) % 6];

		if (!strncmp(pm, "deny ", 5))
			pal_buf_printf(b, "  deny \"%s\" %s,\n", glob, pm + 5);
		else
			pal_buf_printf(b, "  \"%s\" %s,\n", glob, pm);
		free(glob);
	}
	for (k = 0; k < 4; k++) {
		pal_buf_printf(b, "  /usr/share/pkg%d_%d/[a-z]*/data r,\n", i, k);
		pal_buf_printf(b, "  owner /home/*/.cache/tool%d_%d/** rw,\n", i, k);
		pal_buf_printf(b, "  /opt/vendor%d_%d/lib/lib*.so* mr,\n", i, k);
	}
	pal_buf_printf(b, "}\n");
}

TEST(multi_segment_vs_single_profiles)
{
	size_t np = all_paths(paths, 4), i;
	struct pal_buf all = { 0 };
	uint64_t rng = 0x243f6a8885a308d3ULL, start;
	const struct pal_policy_header *h;
	struct pal_perms none;
	struct pt_policy big;
	char err[256], name[32], exe[48];
	int k, mismatches = 0, far = 0;

	for (k = 0; k < SEG_NPROF; k++)
		seg_profile(&all, &rng, k);
	/* 8-byte comb entries: the same profiles then need three segments */
	pal_comb_force_wide = 1;
	ASSERT_EQ(0, pt_compile(all.s, &big)) TH_LOG("%s", big.errs);
	ASSERT_EQ(0, pal_policy_verify(big.blob, big.size, err, sizeof(err)))
		TH_LOG("%s", err);
	h = (const void *)big.buf;
	EXPECT_GE(h->nsegs, 3U);
	TH_LOG("%d profiles: %zu bytes in %u segments", SEG_NPROF, big.size,
	       h->nsegs);
	/* the same generator again: profile k's text alone */
	start = 0x243f6a8885a308d3ULL;
	for (k = 0; k < SEG_NPROF; k++) {
		struct pal_buf one = { 0 };
		const struct pal_profile_rec *r;
		struct pt_policy p;
		uint32_t rec;

		seg_profile(&one, &start, k);
		snprintf(name, sizeof(name), "seg%d", k);
		rec = pt_profile(&big, name);
		ASSERT_NE(0U, rec);
		r = (const void *)(big.buf + rec);
		/* every 20th profile, and every one past segment 1 */
		if (k % 20 && (r->file_dfa_off >> PAL_SEG_SHIFT) < 2 &&
		    (r->rules_dfa_off >> PAL_SEG_SHIFT) < 2) {
			pal_buf_free(&one);
			continue;
		}
		far += (r->file_dfa_off >> PAL_SEG_SHIFT) >= 2;
		ASSERT_EQ(0, pt_compile(one.s, &p)) TH_LOG("%s", p.errs);
		for (i = 0; i < np; i++) {
			struct pal_perms a = pt_perms(&big, name, paths[i], 0);
			struct pal_perms b = pt_perms(&p, name, paths[i], 0);

			if (memcmp(&a, &b, sizeof(a)) && mismatches++ < 10)
				TH_LOG("%s '%s': allow %x/%x deny %x/%x", name,
				       paths[i], a.allow, b.allow, a.deny, b.deny);
		}
		snprintf(exe, sizeof(exe), "/usr/bin/%s", name);
		EXPECT_STREQ(name, pt_attach(&big, exe));
		pt_free(&p);
		pal_buf_free(&one);
	}
	EXPECT_EQ(0, mismatches);
	EXPECT_GT(far, 0);
	/* an accept record in no segment grants nothing */
	pal_accept_perms(big.buf, PAL_ACCEPT_NONE, 1, &none);
	EXPECT_EQ(0U, none.allow | none.deny | none.audit | none.quiet);
	EXPECT_EQ(0U, pal_accept_xmode(big.buf, PAL_ACCEPT_NONE, 1));
	pal_comb_force_wide = 0;
	pt_free(&big);
	pal_buf_free(&all);
}

TEST_HARNESS_MAIN
