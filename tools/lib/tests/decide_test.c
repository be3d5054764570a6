// SPDX-License-Identifier: GPL-2.0
/*
 * palisade native tests: the permission decision of the decision core
 * (match.h's pal_decide), the exact code the BPF hooks run.
 */
#include "match.h"
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

TEST_HARNESS_MAIN
