// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: profile modes switched at run time (palisade
 * enforce/complain/kill/mode), kill mode, and what a replace does to a
 * switch and to the tasks of a profile it removes.
 */
#define _GNU_SOURCE
#include <signal.h>
#include "common.h"
#include "kselftest_harness.h"

FIXTURE(mode) {
	char dir[64];
	char confined[PATH_MAX];
	char other[PATH_MAX];
	char out[8192];
};

FIXTURE_SETUP(mode)
{
	ASSERT_EQ(0, pal_tmpfs_make(self->dir, "size=16m,mode=0755"));
	snprintf(self->confined, sizeof(self->confined), "%s/confined", self->dir);
	snprintf(self->other, sizeof(self->other), "%s/other", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->confined, 0755));
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->other, 0755));
}

FIXTURE_TEARDOWN(mode)
{
	pal_tmpfs_drop(self->dir);
}

static int load(struct _test_data_mode *self, const char *tmpl)
{
	char text[8192];

	pal_expand(self->dir, tmpl, text, sizeof(text));
	return pal_load_profile(self->dir, text, self->out, sizeof(self->out));
}

/* Audit lines of @verdict for process @pid. */
static int audit_lines(const char *verdict, pid_t pid, int want)
{
	char v[64], p[32];
	const char *needles[] = { v, p, " name=\"/etc/passwd\"", NULL };

	snprintf(v, sizeof(v), "apparmor=\"%s\"", verdict);
	snprintf(p, sizeof(p), " pid=%d ", pid);
	return pal_wait_audit_count(needles, want);
}

#define ENFORCED \
	"profile modes {D}/confined {\n" \
	"  /etc/hostname r,\n" \
	"}\n"

TEST_F(mode, switch_running_task_enforce_complain_enforce)
{
	struct pal_server sv = { 0 };

	ASSERT_EQ(0, load(self, ENFORCED)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_serve_start(&sv, self->confined, "r", "/etc/passwd"));

	EXPECT_EQ(EACCES, pal_serve_step(&sv));
	EXPECT_EQ(1, audit_lines("DENIED", sv.pid, 1));

	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "complain",
				  "modes", NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_serve_step(&sv));
	EXPECT_EQ(1, audit_lines("ALLOWED", sv.pid, 1));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "mode", "modes",
				  NULL));
	EXPECT_NE(NULL, strstr(self->out, "modes: complain (switched; policy says enforce)"))
		TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "--json",
				  "status", NULL));
	EXPECT_NE(NULL, strstr(self->out, "{\"name\":\"modes\",\"mode\":\"complain\","
					  "\"policy_mode\":\"enforce\"}"))
		TH_LOG("%s", self->out);

	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "enforce",
				  "modes", NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, pal_serve_step(&sv));
	EXPECT_EQ(2, audit_lines("DENIED", sv.pid, 2));
	EXPECT_EQ(1, audit_lines("ALLOWED", sv.pid, 1));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "--json", "mode",
				  "modes", NULL));
	EXPECT_NE(NULL, strstr(self->out, "\"mode\":\"enforce\",\"policy_mode\":"
					  "\"enforce\",\"switched\":false"))
		TH_LOG("%s", self->out);

	EXPECT_EQ(0, pal_serve_stop(&sv));
}

TEST_F(mode, unknown_profile_is_an_error)
{
	ASSERT_EQ(0, load(self, ENFORCED)) TH_LOG("%s", self->out);
	EXPECT_EQ(1, pal_palisade(self->out, sizeof(self->out), "complain",
				  "nosuch", NULL));
	EXPECT_NE(NULL, strstr(self->out, "nosuch: no such profile"))
		TH_LOG("%s", self->out);
}

TEST_F(mode, replace_keeps_switch_unless_text_changes_mode)
{
	const char *argv[] = { self->confined, "r", "/etc/passwd", NULL };

	ASSERT_EQ(0, load(self, ENFORCED)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "complain",
				  "modes", NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_run(argv));

	/* New rules, same mode in the text: the switch stays. */
	ASSERT_EQ(0, load(self, "profile modes {D}/confined {\n"
				"  /etc/group r,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_run(argv));

	/* The text now says kill: the text wins over the earlier switch. */
	ASSERT_EQ(0, load(self, "profile modes {D}/confined flags=(kill) {\n"
				"  /etc/group r,\n"
				"}\n")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "mode", "modes",
				  NULL));
	EXPECT_STREQ("modes: kill\n", self->out);

	/* Back to enforce in the text: the old switch does not come back. */
	ASSERT_EQ(0, load(self, ENFORCED)) TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, pal_run(argv));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "mode", "modes",
				  NULL));
	EXPECT_STREQ("modes: enforce\n", self->out);
}

TEST_F(mode, kill_flag_kills_and_logs)
{
	const char *deny[] = { self->confined, "r", "/etc/passwd", NULL };
	const char *allow[] = { self->confined, "r", "/etc/hostname", NULL };
	pid_t pid;
	int status;

	ASSERT_EQ(0, load(self, "profile killer {D}/confined flags=(kill) {\n"
				"  /etc/hostname r,\n"
				"}\n")) TH_LOG("%s", self->out);
	status = pal_run_status(allow, NULL);
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));

	status = pal_run_status(deny, &pid);
	ASSERT_TRUE(WIFSIGNALED(status)) TH_LOG("status %#x", status);
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
	EXPECT_EQ(1, audit_lines("KILLED", pid, 1));
}

TEST_F(mode, kill_switch_at_run_time)
{
	const char *deny[] = { self->confined, "r", "/etc/passwd", NULL };
	struct pal_server sv = { 0 };
	int status;

	ASSERT_EQ(0, load(self, ENFORCED)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_serve_start(&sv, self->confined, "r", "/etc/passwd"));
	EXPECT_EQ(EACCES, pal_serve_step(&sv));

	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "kill", "modes",
				  NULL)) TH_LOG("%s", self->out);
	/* The running task dies at its next denied access. */
	EXPECT_EQ(-1, pal_serve_step(&sv));
	status = pal_serve_stop(&sv);
	ASSERT_TRUE(WIFSIGNALED(status)) TH_LOG("status %#x", status);
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
	EXPECT_EQ(1, audit_lines("KILLED", sv.pid, 1));

	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "enforce",
				  "modes", NULL)) TH_LOG("%s", self->out);
	status = pal_run_status(deny, NULL);
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(EACCES, WEXITSTATUS(status));
}

#define GONE \
	"profile gone {D}/confined {\n" \
	"  /etc/hostname r,\n" \
	"}\n"
#define WITHOUT_GONE \
	"profile stays {D}/other {\n" \
	"  /etc/hostname r,\n" \
	"}\n"

/*
 * A replace that drops a profile leaves its tasks unconfined, as AppArmor
 * does when a profile is removed; they stay unconfined when the profile
 * comes back, also if they made no access while it was gone.  New execs
 * enter the returned profile.
 */
TEST_F(mode, removed_profile_leaves_tasks_unconfined)
{
	const char *argv[] = { self->confined, "r", "/etc/passwd", NULL };
	struct pal_server busy = { 0 }, idle = { 0 };

	ASSERT_EQ(0, load(self, GONE)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_serve_start(&busy, self->confined, "r", "/etc/passwd"));
	ASSERT_EQ(0, pal_serve_start(&idle, self->confined, "r", "/etc/passwd"));
	EXPECT_EQ(EACCES, pal_serve_step(&busy));
	EXPECT_EQ(EACCES, pal_serve_step(&idle));

	ASSERT_EQ(0, load(self, WITHOUT_GONE)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_serve_step(&busy));
	EXPECT_EQ(0, pal_run(argv));

	ASSERT_EQ(0, load(self, GONE)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_serve_step(&busy));
	EXPECT_EQ(0, pal_serve_step(&idle));
	EXPECT_EQ(EACCES, pal_run(argv));

	EXPECT_EQ(0, pal_serve_stop(&busy));
	EXPECT_EQ(0, pal_serve_stop(&idle));
}

#define FILLERS	4400

/*
 * Profiles come and go without limit: replaces that remove, in all, more
 * profiles than the control map holds (PAL_PROFILE_CTL_MAX) leave it room
 * for mode switches, and a removed profile's tasks still behave as above.
 */
TEST_F_TIMEOUT(mode, many_removals_keep_mode_switches_working, 300)
{
	size_t len = 64 * FILLERS + 4096, n;
	char *text = malloc(len), base[1024];
	struct pal_server sv = { 0 };
	int round, i;

	ASSERT_NE(NULL, text);
	pal_expand(self->dir, ENFORCED, base, sizeof(base));
	for (round = 0; round < 2; round++) {
		n = (size_t)snprintf(text, len, "%s", base);
		for (i = 0; i < FILLERS; i++)
			n += (size_t)snprintf(text + n, len - n,
					      "profile filler%d_%d {\n}\n", round, i);
		ASSERT_EQ(0, pal_load_profile(self->dir, text, self->out,
					      sizeof(self->out))) TH_LOG("%s", self->out);
		/* Every filler removed. */
		ASSERT_EQ(0, load(self, ENFORCED)) TH_LOG("%s", self->out);
	}
	free(text);
	ASSERT_EQ(0, pal_serve_start(&sv, self->confined, "r", "/etc/passwd"));
	EXPECT_EQ(EACCES, pal_serve_step(&sv));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "complain",
				  "modes", NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_serve_step(&sv));
	EXPECT_EQ(1, audit_lines("ALLOWED", sv.pid, 1));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "enforce",
				  "modes", NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, pal_serve_step(&sv));
	EXPECT_EQ(0, pal_serve_stop(&sv));
}

TEST_HARNESS_MAIN
