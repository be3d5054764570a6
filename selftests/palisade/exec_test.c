// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: exec transitions.  A copy of pal_try attached to the
 * profile "parent" execs other copies of pal_try under each exec mode; the
 * exec'd program reports its AT_SECURE flag and opens one file, so the
 * profile in force after the exec is proven by what it may open:
 *   f/parent  readable only under parent
 *   f/named   readable only under the profile "named"
 *   f/attach  readable only under the profile attached to bin/attached
 *   f/child   readable only under parent's child profiles
 *   f/none    readable by no profile: only an unconfined task opens it
 */
#define _GNU_SOURCE
#include "common.h"
#include "kselftest_harness.h"

/*
 * The harness's wrapper sets its 'child' after setjmp(); once GCC inlines
 * a short test body into the wrapper it warns that the variable might be
 * clobbered.  The wrapper only reads it on paths where it is not.
 */
#ifndef __clang__
#pragma GCC diagnostic ignored "-Wclobbered"
#endif

FIXTURE(exec) {
	char dir[64];
	char confined[PATH_MAX];
	char msg[4096];
};

/* What the last run() printed. */
static char out[4096];

static const char *const progs[] = { "a", "b", "c", "attached" };
static const char *const files[] = { "parent", "named", "attach", "child", "none" };

/* The test directory's programs and files.  Return: 0, or -1. */
static __attribute__((noinline)) int prepare(struct _test_data_exec *self)
{
	char path[PATH_MAX];
	size_t i;

	if (pal_tmpfs_make(self->dir, "size=16m,mode=0755"))
		return -1;
	snprintf(self->confined, sizeof(self->confined), "%s/confined", self->dir);
	if (pal_copy_file(PAL_TRY, self->confined, 0755))
		return -1;
	snprintf(path, sizeof(path), "%s/bin", self->dir);
	if (mkdir(path, 0755))
		return -1;
	snprintf(path, sizeof(path), "%s/f", self->dir);
	if (mkdir(path, 0755))
		return -1;
	for (i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		snprintf(path, sizeof(path), "%s/bin/%s", self->dir, progs[i]);
		if (pal_copy_file(PAL_TRY, path, 0755))
			return -1;
	}
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/f/%s", self->dir, files[i]);
		if (pal_write_file(path, "palisade\n"))
			return -1;
	}
	return 0;
}

FIXTURE_SETUP(exec)
{
	ASSERT_EQ(0, prepare(self));
}

FIXTURE_TEARDOWN(exec)
{
	pal_tmpfs_drop(self->dir);
}

/*
 * The policy of every test: parent with @rules, the named and attached
 * targets.  "{D}" is the test directory.
 */
static __attribute__((noinline)) int load(struct _test_data_exec *self, const char *rules)
{
	char tmpl[8192], text[8192];

	snprintf(tmpl, sizeof(tmpl),
		 "profile parent {D}/confined {\n"
		 "  {D}/f/parent r,\n"
		 "%s"
		 "}\n"
		 "profile named {\n"
		 "  {D}/f/named r,\n"
		 "}\n"
		 "profile attached {D}/bin/attached {\n"
		 "  {D}/f/attach r,\n"
		 "}\n", rules);
	pal_expand(self->dir, tmpl, text, sizeof(text));
	return pal_load_profile(self->dir, text, self->msg, sizeof(self->msg));
}

/*
 * The confined program execs bin/@prog, which prints its AT_SECURE flag
 * and opens f/@file.  Returns the exit status: EACCES when the exec was
 * refused, else 0 or the errno of the open.  *@secure: the flag, -1 when
 * the exec'd program did not run.
 */
static __attribute__((noinline)) int run(struct _test_data_exec *self, const char *prog,
	       const char *file, int *secure)
{
	char bin[PATH_MAX], path[PATH_MAX];
	const char *argv[] = { self->confined, "x", bin, "secure", "r", path, NULL };
	const char *s;
	int ret;

	snprintf(bin, sizeof(bin), "%s/bin/%s", self->dir, prog);
	snprintf(path, sizeof(path), "%s/f/%s", self->dir, file);
	ret = pal_run_capture(argv, out, sizeof(out));
	s = strstr(out, "AT_SECURE=");
	*secure = s ? atoi(s + strlen("AT_SECURE=")) : -1;
	return ret;
}

/* Only @file of f/ opens after exec'ing bin/@prog; AT_SECURE is @secure. */
static __attribute__((noinline)) void expect_only(struct __test_metadata *_metadata,
			struct _test_data_exec *self, const char *prog,
			const char *file, int secure)
{
	size_t i;
	int sec;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		int want = strcmp(files[i], file) ? EACCES : 0;

		/* unconfined opens everything */
		if (!strcmp(file, "none"))
			want = 0;
		EXPECT_EQ(want, run(self, prog, files[i], &sec))
			TH_LOG("bin/%s opening f/%s: %s", prog, files[i], out);
		EXPECT_EQ(secure, sec) TH_LOG("bin/%s: %s", prog, out);
	}
}

/* Wait for an exec audit line about bin/@prog with every string of @more. */
static int find_exec_audit(struct _test_data_exec *self, const char *prog,
			   const char *const more[], char *line, size_t len)
{
	char name[PATH_MAX + 16];
	const char *needles[12] = { " operation=\"exec\"", " profile=\"parent\"", name };
	size_t i;

	snprintf(name, sizeof(name), " name=\"%s/bin/%s\"", self->dir, prog);
	for (i = 0; more[i] && i + 4 < sizeof(needles) / sizeof(needles[0]); i++)
		needles[3 + i] = more[i];
	needles[3 + i] = NULL;
	return pal_find_audit(needles, line, len);
}

TEST_F(exec, ix_keeps_the_profile)
{
	ASSERT_EQ(0, load(self, "  {D}/bin/a ix,\n")) TH_LOG("%s", self->msg);
	expect_only(_metadata, self, "a", "parent", 0);
}

TEST_F(exec, px_named_target)
{
	char line[8192];
	const char *more[] = { "apparmor=\"AUDIT\"", " target=\"named\"", NULL };

	ASSERT_EQ(0, load(self, "  audit {D}/bin/a px -> named,\n"))
		TH_LOG("%s", self->msg);
	expect_only(_metadata, self, "a", "named", 0);
	/* An audited transition names its target, as AppArmor's lines do. */
	EXPECT_EQ(0, find_exec_audit(self, "a", more, line, sizeof(line)));
}

TEST_F(exec, Px_named_target_is_secure)
{
	ASSERT_EQ(0, load(self, "  {D}/bin/a Px -> named,\n")) TH_LOG("%s", self->msg);
	expect_only(_metadata, self, "a", "named", 1);
}

TEST_F(exec, px_attached_target)
{
	ASSERT_EQ(0, load(self, "  {D}/bin/* px,\n")) TH_LOG("%s", self->msg);
	expect_only(_metadata, self, "attached", "attach", 0);
	/* bin/a attaches to no profile: px has nowhere to go. */
	expect_only(_metadata, self, "a", "", -1);
}

TEST_F(exec, Px_attached_target_is_secure)
{
	ASSERT_EQ(0, load(self, "  {D}/bin/attached Px,\n")) TH_LOG("%s", self->msg);
	expect_only(_metadata, self, "attached", "attach", 1);
}

TEST_F(exec, cx_named_child)
{
	ASSERT_EQ(0, load(self,
		"  {D}/bin/a cx -> kid,\n"
		"  {D}/bin/b Cx -> kid,\n"
		"  profile kid {\n"
		"    {D}/f/child r,\n"
		"  }\n")) TH_LOG("%s", self->msg);
	expect_only(_metadata, self, "a", "child", 0);
	expect_only(_metadata, self, "b", "child", 1);
}

TEST_F(exec, cx_child_named_by_path)
{
	ASSERT_EQ(0, load(self,
		"  {D}/bin/{a,b} cx,\n"
		"  profile {D}/bin/a {\n"
		"    {D}/f/child r,\n"
		"  }\n")) TH_LOG("%s", self->msg);
	expect_only(_metadata, self, "a", "child", 0);
	/* No child is named bin/b. */
	expect_only(_metadata, self, "b", "", -1);
}

TEST_F(exec, ux_leaves_confinement)
{
	ASSERT_EQ(0, load(self,
		"  {D}/bin/a ux,\n"
		"  {D}/bin/b Ux,\n")) TH_LOG("%s", self->msg);
	expect_only(_metadata, self, "a", "none", 0);
	expect_only(_metadata, self, "b", "none", 1);
}

TEST_F(exec, ix_and_ux_fallbacks_when_target_missing)
{
	ASSERT_EQ(0, load(self,
		"  {D}/bin/a pix -> missing,\n"
		"  {D}/bin/b cix -> nokid,\n"
		"  {D}/bin/c pux -> missing,\n")) TH_LOG("%s", self->msg);
	expect_only(_metadata, self, "a", "parent", 0);
	expect_only(_metadata, self, "b", "parent", 0);
	expect_only(_metadata, self, "c", "none", 0);
}

TEST_F(exec, fallbacks_follow_the_target_when_it_exists)
{
	ASSERT_EQ(0, load(self,
		"  {D}/bin/a Pix -> named,\n"
		"  {D}/bin/b PUx -> named,\n"
		"  {D}/bin/c CUx -> nokid,\n")) TH_LOG("%s", self->msg);
	expect_only(_metadata, self, "a", "named", 1);
	expect_only(_metadata, self, "b", "named", 1);
	/* CUx falling back to ux is still a secure exec. */
	expect_only(_metadata, self, "c", "none", 1);
}

TEST_F(exec, missing_target_without_fallback_is_denied)
{
	char line[8192];
	const char *more[] = { "apparmor=\"DENIED\"", " requested_mask=\"x\"",
			       " denied_mask=\"x\"", " info=\"profile not found\"",
			       " target=\"missing\"", NULL };
	int sec;

	ASSERT_EQ(0, load(self, "  {D}/bin/a px -> missing,\n")) TH_LOG("%s", self->msg);
	EXPECT_EQ(EACCES, run(self, "a", "parent", &sec)) TH_LOG("%s", out);
	EXPECT_EQ(-1, sec);
	EXPECT_EQ(0, find_exec_audit(self, "a", more, line, sizeof(line)));
}

TEST_F(exec, deny_x_removes_exec)
{
	ASSERT_EQ(0, load(self,
		"  {D}/bin/* ix,\n"
		"  deny {D}/bin/a x,\n")) TH_LOG("%s", self->msg);
	expect_only(_metadata, self, "a", "", -1);
	expect_only(_metadata, self, "b", "parent", 0);
}

TEST_F(exec, exec_without_x_is_denied_and_logged)
{
	char line[8192];
	const char *more[] = { "apparmor=\"DENIED\"", " requested_mask=\"x\"",
			       " denied_mask=\"x\"", " error=-13", NULL };
	int sec;

	ASSERT_EQ(0, load(self, "  {D}/bin/a ix,\n")) TH_LOG("%s", self->msg);
	EXPECT_EQ(EACCES, run(self, "b", "parent", &sec)) TH_LOG("%s", out);
	EXPECT_EQ(-1, sec);
	EXPECT_EQ(0, find_exec_audit(self, "b", more, line, sizeof(line)));
}

TEST_F(exec, plain_path_rule_beats_glob_rule)
{
	ASSERT_EQ(0, load(self,
		"  {D}/bin/* ix,\n"
		"  {D}/bin/a px -> named,\n")) TH_LOG("%s", self->msg);
	expect_only(_metadata, self, "a", "named", 0);
	expect_only(_metadata, self, "b", "parent", 0);
}

TEST_F(exec, conflicting_x_modifiers_are_refused)
{
	EXPECT_NE(0, load(self,
		"  {D}/bin/* ix,\n"
		"  {D}/bin/[ab] ux,\n"));
	EXPECT_NE(NULL, strstr(self->msg, "conflicting x modifiers"))
		TH_LOG("%s", self->msg);
	EXPECT_NE(NULL, strstr(self->msg, ":4:3:")) TH_LOG("%s", self->msg);
}

/* Run bin/@prog under no_new_privs (set by the confined program). */
static __attribute__((noinline)) int run_nnp(struct _test_data_exec *self,
					     const char *prog, const char *file)
{
	char bin[PATH_MAX], path[PATH_MAX];
	const char *argv[] = { self->confined, "nnpx", bin, "r", path, NULL };

	snprintf(bin, sizeof(bin), "%s/bin/%s", self->dir, prog);
	snprintf(path, sizeof(path), "%s/f/%s", self->dir, file);
	return pal_run(argv);
}

TEST_F(exec, no_new_privs_keeps_the_profile)
{
	char line[8192];
	const char *more[] = { "apparmor=\"DENIED\"", " denied_mask=\"x\"",
			       " error=-1", " target=\"named\"", NULL };

	ASSERT_EQ(0, load(self,
		"  {D}/bin/a ix,\n"
		"  {D}/bin/b px -> named,\n"
		"  {D}/bin/c ux,\n")) TH_LOG("%s", self->msg);
	/* ix stays in the profile: allowed */
	EXPECT_EQ(0, run_nnp(self, "a", "parent"));
	EXPECT_EQ(EACCES, run_nnp(self, "a", "named"));
	/* px and ux would change the confinement: EPERM, as AppArmor */
	EXPECT_EQ(EPERM, run_nnp(self, "b", "named"));
	EXPECT_EQ(EPERM, run_nnp(self, "c", "none"));
	EXPECT_EQ(0, find_exec_audit(self, "b", more, line, sizeof(line)));
	/* without no_new_privs the same execs transition */
	expect_only(_metadata, self, "b", "named", 0);
}

/*
 * An unconfined exec remembers in the binary's inode which profile
 * attaches to it (none, at first, here).  What makes that stale must
 * count: a rename that gives the file an attached name, and a replace
 * that attaches a profile to the name it has.
 */
TEST_F(exec, remembered_attachment_follows_rename_and_replace)
{
	char bin[PATH_MAX], attached[PATH_MAX], old[PATH_MAX], path[PATH_MAX];
	const char *argv[] = { bin, "r", path, NULL };
	char tmpl[1024], text[2048];
	int i;

	ASSERT_EQ(0, load(self, "")) TH_LOG("%s", self->msg);
	snprintf(path, sizeof(path), "%s/f/none", self->dir);
	snprintf(bin, sizeof(bin), "%s/bin/b", self->dir);
	/* Twice: the second exec may take what the first remembered. */
	for (i = 0; i < 2; i++)
		EXPECT_EQ(0, pal_run_capture(argv, out, sizeof(out))) TH_LOG("%s", out);

	snprintf(attached, sizeof(attached), "%s/bin/attached", self->dir);
	snprintf(old, sizeof(old), "%s/bin/old", self->dir);
	ASSERT_EQ(0, rename(attached, old));
	ASSERT_EQ(0, rename(bin, attached));
	strcpy(bin, attached);
	EXPECT_EQ(EACCES, pal_run_capture(argv, out, sizeof(out)))
		TH_LOG("bin/b renamed bin/attached ran unconfined: %s", out);

	snprintf(bin, sizeof(bin), "%s/bin/c", self->dir);
	for (i = 0; i < 2; i++)
		EXPECT_EQ(0, pal_run_capture(argv, out, sizeof(out))) TH_LOG("%s", out);
	snprintf(tmpl, sizeof(tmpl),
		 "profile parent {D}/confined {\n}\n"
		 "profile late {D}/bin/c {\n  {D}/f/named r,\n}\n");
	pal_expand(self->dir, tmpl, text, sizeof(text));
	ASSERT_EQ(0, pal_load_profile(self->dir, text, self->msg, sizeof(self->msg)))
		TH_LOG("%s", self->msg);
	EXPECT_EQ(EACCES, pal_run_capture(argv, out, sizeof(out)))
		TH_LOG("bin/c ran unconfined after a profile attached to it: %s", out);
	snprintf(path, sizeof(path), "%s/f/named", self->dir);
	EXPECT_EQ(0, pal_run_capture(argv, out, sizeof(out))) TH_LOG("%s", out);
}

/*
 * A confined exec decided from the accept entry remembered for the binary
 * (fcache.bpf.h, the same entry an open of it remembers): later execs hit
 * where the kernel keeps inode storage, and what a name, an audit flag or
 * an owner decides is still decided at each exec.
 */
TEST_F(exec, remembered_exec_decision_follows_rename_audit_and_owner)
{
	char from[PATH_MAX], to[PATH_MAX], name[PATH_MAX + 16], c[PATH_MAX];
	const char *audited[] = { "apparmor=\"AUDIT\"", " operation=\"exec\"",
				  name, NULL };
	unsigned long long h0, h1, n0, n1;
	int sec, i;

	ASSERT_EQ(0, load(self, "  {D}/bin/a ix,\n"
			  "  audit {D}/bin/b ix,\n"
			  "  owner {D}/bin/c ix,\n")) TH_LOG("%s", self->msg);
	h0 = pal_status_field(self->msg, sizeof(self->msg), "cache_hits");
	n0 = pal_status_field(self->msg, sizeof(self->msg), "cache_nostore");
	/* f/none is refused to the profile, and a refusal is never a hit:
	 * the hits counted are the execs'. */
	for (i = 0; i < 3; i++) {
		EXPECT_EQ(EACCES, run(self, "a", "none", &sec)) TH_LOG("%s", out);
		EXPECT_EQ(0, sec) TH_LOG("bin/a did not run: %s", out);
	}
	h1 = pal_status_field(self->msg, sizeof(self->msg), "cache_hits");
	n1 = pal_status_field(self->msg, sizeof(self->msg), "cache_nostore");
	if (n1 == n0)
		EXPECT_LE(h0 + 2, h1) TH_LOG("exec hits %llu", h1 - h0);

	/* The same file by a name the profile does not allow. */
	snprintf(from, sizeof(from), "%s/bin/a", self->dir);
	snprintf(to, sizeof(to), "%s/bin/z", self->dir);
	ASSERT_EQ(0, rename(from, to));
	EXPECT_EQ(EACCES, run(self, "z", "parent", &sec)) TH_LOG("%s", out);
	EXPECT_EQ(-1, sec) TH_LOG("bin/a renamed bin/z ran: %s", out);
	ASSERT_EQ(0, rename(to, from));
	EXPECT_EQ(0, run(self, "a", "parent", &sec)) TH_LOG("%s", out);

	/* An audited rule: a record at every exec, remembered or not. */
	snprintf(name, sizeof(name), " name=\"%s/bin/b\"", self->dir);
	for (i = 0; i < 3; i++)
		EXPECT_EQ(0, run(self, "b", "parent", &sec)) TH_LOG("%s", out);
	EXPECT_EQ(3, pal_wait_audit_count(audited, 3));

	/* An owner rule: decided by the binary's owner at each exec. */
	snprintf(c, sizeof(c), "%s/bin/c", self->dir);
	for (i = 0; i < 2; i++)
		EXPECT_EQ(0, run(self, "c", "parent", &sec)) TH_LOG("%s", out);
	ASSERT_EQ(0, chown(c, 4321, 4321));
	EXPECT_EQ(EACCES, run(self, "c", "parent", &sec)) TH_LOG("%s", out);
	EXPECT_EQ(-1, sec) TH_LOG("bin/c owned by another ran: %s", out);
	ASSERT_EQ(0, chown(c, 0, 0));
	EXPECT_EQ(0, run(self, "c", "parent", &sec)) TH_LOG("%s", out);
}

TEST_HARNESS_MAIN
