// SPDX-License-Identifier: GPL-2.0
/*
 * palisade native tests: the permission decision of the decision core
 * (match.h's pal_decide), the exact code the BPF hooks run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "match.h"
#include "pal_explain.h"
#include "palisade_parser.h"
#include "kselftest_harness.h"

#define R PAL_MAY_READ
#define W PAL_MAY_WRITE
#define A PAL_MAY_APPEND
#define X PAL_MAY_EXEC

static struct pal_decision decide(__u32 allow, __u32 deny, __u32 audit,
				  __u32 quiet, __u32 req, __u32 mode)
{
	struct pal_perms p = { allow, deny, audit, quiet };
	struct pal_decision d;

	pal_decide(&p, req, mode, &d);
	return d;
}

TEST(enforce_allows_what_is_granted)
{
	struct pal_decision d = decide(R | W, 0, 0, 0, R, PAL_MODE_ENFORCE);

	EXPECT_EQ(0U, d.denied);
	EXPECT_EQ(0U, d.error);
	EXPECT_EQ(0U, d.log);
}

TEST(enforce_denies_and_logs_the_rest)
{
	struct pal_decision d = decide(R, 0, 0, 0, R | W, PAL_MODE_ENFORCE);

	EXPECT_EQ((__u32)W, d.denied);
	EXPECT_EQ(1U, d.error);
	EXPECT_EQ(1U, d.log);
	EXPECT_EQ(0U, d.kill);
}

TEST(deny_beats_allow)
{
	struct pal_decision d = decide(R | W, R, 0, 0, R, PAL_MODE_ENFORCE);

	EXPECT_EQ((__u32)R, d.denied);
	EXPECT_EQ(1U, d.error);
}

TEST(complain_allows_and_logs)
{
	struct pal_decision d = decide(0, 0, 0, 0, R, PAL_MODE_COMPLAIN);

	EXPECT_EQ((__u32)R, d.denied);
	EXPECT_EQ(0U, d.error);
	EXPECT_EQ(1U, d.log);
}

TEST(complain_still_denies_explicit_deny)
{
	struct pal_decision d = decide(0, R, 0, 0, R, PAL_MODE_COMPLAIN);

	EXPECT_EQ(1U, d.error);
}

TEST(kill_mode_kills)
{
	struct pal_decision d = decide(0, 0, 0, 0, X, PAL_MODE_KILL);

	EXPECT_EQ(1U, d.error);
	EXPECT_EQ(1U, d.kill);
}

TEST(unconfined_mode_allows_silently)
{
	struct pal_decision d = decide(0, 0, 0, 0, R | W, PAL_MODE_UNCONFINED);

	EXPECT_EQ(0U, d.denied);
	EXPECT_EQ(0U, d.error);
	EXPECT_EQ(0U, d.log);
}

TEST(write_implies_append)
{
	struct pal_decision d = decide(W, 0, 0, 0, A, PAL_MODE_ENFORCE);

	EXPECT_EQ(0U, d.error);
	/* ... unless append is denied outright */
	d = decide(W, A, 0, 0, A, PAL_MODE_ENFORCE);
	EXPECT_EQ(1U, d.error);
	/* append alone does not grant write */
	d = decide(A, 0, 0, 0, W, PAL_MODE_ENFORCE);
	EXPECT_EQ(1U, d.error);
}

TEST(audit_rule_logs_allowed_access)
{
	struct pal_decision d = decide(R, 0, R, 0, R, PAL_MODE_ENFORCE);

	EXPECT_EQ(0U, d.error);
	EXPECT_EQ(1U, d.log);
}

TEST(quiet_denial_is_not_logged)
{
	struct pal_decision d = decide(0, R, 0, R, R, PAL_MODE_ENFORCE);

	EXPECT_EQ(1U, d.error);
	EXPECT_EQ(0U, d.log);
}

/* The exec transition as explain computes it, from a compiled policy. */
TEST(exec_transition_through_explain)
{
	static const char text[] =
		"profile p /usr/bin/p {\n"
		"  /bin/* ix,\n"
		"  /bin/tool Px -> q,\n"
		"  /bin/gone pux -> nobody,\n"
		"  /bin/lost px -> nobody,\n"
		"  /opt/* cx,\n"
		"  profile /opt/kid { }\n"
		"}\n"
		"profile q { }\n";
	struct pal_xresult r;
	void *blob, *pol;
	size_t size;

	ASSERT_EQ(0, pal_compile_string(NULL, "t.prof", text, &blob, &size, stderr));
	pol = pal_explain_prepare(blob, size);
	ASSERT_NE(NULL, pol);

	ASSERT_EQ(0, pal_explain_exec(pol, "p", "/bin/ls", 0, &r));
	EXPECT_EQ(PAL_X_IX, r.type);
	EXPECT_EQ(pal_profile_find(pol, r.target_id), r.target);

	ASSERT_EQ(0, pal_explain_exec(pol, "p", "/bin/tool", 0, &r));
	EXPECT_EQ(PAL_X_PX, r.type);
	EXPECT_EQ(1U, r.secure);
	EXPECT_NE(0U, r.target);

	ASSERT_EQ(0, pal_explain_exec(pol, "p", "/bin/gone", 0, &r));
	EXPECT_EQ(PAL_X_UX, r.type);
	EXPECT_EQ(0U, r.secure);

	ASSERT_EQ(0, pal_explain_exec(pol, "p", "/bin/lost", 0, &r));
	EXPECT_EQ(PAL_X_NONE, r.type);
	EXPECT_EQ((__u32)PAL_INFO_NO_TARGET, r.info);

	ASSERT_EQ(0, pal_explain_exec(pol, "p", "/opt/kid", 0, &r));
	EXPECT_EQ(PAL_X_CX, r.type);
	EXPECT_NE(0U, r.target);
	ASSERT_EQ(0, pal_explain_exec(pol, "p", "/opt/other", 0, &r));
	EXPECT_EQ(PAL_X_NONE, r.type);

	/* no x at all */
	ASSERT_EQ(0, pal_explain_exec(pol, "p", "/etc/passwd", 0, &r));
	EXPECT_EQ(0U, r.perms.allow & PAL_MAY_EXEC);
	EXPECT_EQ(0U, r.xmode);

	EXPECT_EQ(-ENOENT, pal_explain_exec(pol, "nope", "/bin/ls", 0, &r));
	free(pol);
	free(blob);
}

/*
 * pal_profile_find_hint() answers as pal_profile_find() whatever the
 * hint: the right offset, another record's, one inside a record, one
 * outside the table, 0.
 */
TEST(profile_find_hint_agrees_with_the_search)
{
	static const char text[] =
		"profile a { }\nprofile b { }\nprofile c { }\nprofile d { }\n";
	const __u8 *p;
	void *blob, *pol;
	__u32 base, n, i, hint, id, want;
	size_t size;

	ASSERT_EQ(0, pal_compile_string(NULL, "t.prof", text, &blob, &size, stderr));
	pol = pal_explain_prepare(blob, size);
	ASSERT_NE(NULL, pol);
	p = pol;
	base = PAL_FIELD(p, 0, struct pal_policy_header, profiles_off);
	n = PAL_FIELD(p, 0, struct pal_policy_header, nprofiles);
	ASSERT_EQ(4U, n);
	for (i = 0; i < n; i++) {
		id = PAL_FIELD(p, base + i * sizeof(struct pal_profile_rec),
			       struct pal_profile_rec, id);
		want = pal_profile_find(p, id);
		ASSERT_EQ(base + i * sizeof(struct pal_profile_rec), want);
		for (hint = 0; hint < base + (n + 1) * sizeof(struct pal_profile_rec);
		     hint += 4)
			EXPECT_EQ(want, pal_profile_find_hint(p, id, hint))
				TH_LOG("id %u hint %u", id, hint);
	}
	/* An id no profile has: no hint finds it. */
	for (hint = 0; hint < base + n * sizeof(struct pal_profile_rec); hint += 4)
		EXPECT_EQ(0U, pal_profile_find_hint(p, 0x7fffffffU, hint));
	free(pol);
	free(blob);
}

TEST_HARNESS_MAIN
