// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: capability rules.  The probes run as root, so the
 * kernel's own capability check passes and palisade's profile decides:
 * chown to another user needs CAP_CHOWN, a raw socket CAP_NET_RAW.  A
 * refusal is EPERM with an operation="capable" audit line.
 */
#define _GNU_SOURCE
#include "common.h"
#include "kselftest_harness.h"

FIXTURE(cap) {
	char dir[64];
	char confined[PATH_MAX];
	char file[PATH_MAX];
	char out[8192];
};

FIXTURE_SETUP(cap)
{
	ASSERT_EQ(0, pal_tmpfs_make(self->dir, "size=16m,mode=0755"));
	snprintf(self->confined, sizeof(self->confined), "%s/confined", self->dir);
	snprintf(self->file, sizeof(self->file), "%s/owned", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->confined, 0755));
	ASSERT_EQ(0, pal_write_file(self->file, "x\n"));
}

FIXTURE_TEARDOWN(cap)
{
	pal_tmpfs_drop(self->dir);
}

/*
 * Load @tmpl with write access to {D}/owned added (chown is a write of the
 * file's attributes: the file rule must allow it, so that only the
 * capability decides).
 */
static int load(struct _test_data_cap *self, const char *tmpl)
{
	char text[8192], with[8192];
	const char *body = strchr(tmpl, '\n');

	if (!body)
		return -1;
	snprintf(with, sizeof(with), "%.*s  {D}/owned w,\n%s",
		 (int)(body - tmpl + 1), tmpl, body + 1);
	pal_expand(self->dir, with, text, sizeof(text));
	return pal_load_profile(self->dir, text, self->out, sizeof(self->out));
}

/* Lines of @verdict for capability @name from process @pid. */
static int cap_lines(const char *verdict, const char *name, pid_t pid, int want)
{
	char v[64], p[32], c[64];
	const char *needles[] = { v, " operation=\"capable\"", p, c, NULL };

	snprintf(v, sizeof(v), "apparmor=\"%s\"", verdict);
	snprintf(p, sizeof(p), " pid=%d ", pid);
	snprintf(c, sizeof(c), " capname=\"%s\"", name);
	return pal_wait_audit_count(needles, want);
}

TEST_F(cap, chown_needs_capability_chown)
{
	const char *argv[] = { self->confined, "chown", self->file, NULL };
	char p[32], line[8192];
	const char *needles[] = { " capability=0 capname=\"chown\"",
				  " profile=\"capy\"", p, " error=-1", NULL };
	pid_t pid;

	ASSERT_EQ(0, load(self, "profile capy {D}/confined {\n"
				"  capability chown,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_run_pid(argv, &pid));

	ASSERT_EQ(0, pal_write_file(self->file, "x\n"));
	ASSERT_EQ(0, chown(self->file, 0, 0));
	ASSERT_EQ(0, load(self, "profile capy {D}/confined {\n"
				"  capability fowner,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(EPERM, pal_run_pid(argv, &pid));
	EXPECT_EQ(1, cap_lines("DENIED", "chown", pid, 1));
	snprintf(p, sizeof(p), " pid=%d ", pid);
	EXPECT_EQ(0, pal_find_audit(needles, line, sizeof(line)));
}

TEST_F(cap, raw_socket_needs_net_raw)
{
	const char *argv[] = { self->confined, "rawsock", NULL };
	pid_t pid;

	/* the network rule lets the socket be created; the capability
	 * check comes after it */
	ASSERT_EQ(0, load(self, "profile capy {D}/confined {\n"
				"  network inet raw,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(EPERM, pal_run_pid(argv, &pid));
	EXPECT_EQ(1, cap_lines("DENIED", "net_raw", pid, 1));

	ASSERT_EQ(0, load(self, "profile capy {D}/confined {\n"
				"  network inet raw,\n"
				"  capability net_raw,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_run_pid(argv, &pid));
	EXPECT_EQ(0, cap_lines("DENIED", "net_raw", pid, 0));
}

TEST_F(cap, bare_capability_allows_all_and_deny_is_quiet)
{
	const char *argv[] = { self->confined, "chown", self->file, NULL };
	pid_t pid;

	ASSERT_EQ(0, load(self, "profile capy {D}/confined {\n"
				"  capability,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_run_pid(argv, &pid));

	ASSERT_EQ(0, chown(self->file, 0, 0));
	ASSERT_EQ(0, load(self, "profile capy {D}/confined {\n"
				"  capability,\n"
				"  deny capability chown,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(EPERM, pal_run_pid(argv, &pid));
	/* a plain deny is not logged */
	usleep(300 * 1000);
	EXPECT_EQ(0, cap_lines("DENIED", "chown", pid, 0));

	ASSERT_EQ(0, load(self, "profile capy {D}/confined {\n"
				"  capability,\n"
				"  audit deny capability chown,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(EPERM, pal_run_pid(argv, &pid));
	EXPECT_EQ(1, cap_lines("DENIED", "chown", pid, 1));
}

TEST_F(cap, audit_rule_logs_the_allowed_use)
{
	const char *argv[] = { self->confined, "chown", self->file, NULL };
	pid_t pid;

	ASSERT_EQ(0, load(self, "profile capy {D}/confined {\n"
				"  audit capability chown,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_run_pid(argv, &pid));
	EXPECT_EQ(1, cap_lines("AUDIT", "chown", pid, 1));
}

TEST_F(cap, complain_mode_allows_and_logs)
{
	const char *argv[] = { self->confined, "chown", self->file, NULL };
	pid_t pid;

	ASSERT_EQ(0, load(self, "profile capy {D}/confined flags=(complain) {\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_run_pid(argv, &pid));
	EXPECT_EQ(1, cap_lines("ALLOWED", "chown", pid, 1));
}

TEST_F(cap, unconfined_is_not_checked)
{
	ASSERT_EQ(0, load(self, "profile capy {D}/confined {\n}\n"))
		TH_LOG("%s", self->out);
	EXPECT_EQ(0, chown(self->file, 4321, (gid_t)-1));
}

TEST_HARNESS_MAIN
