// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: the administration tool.  status (text, JSON, exit
 * codes, confined processes), per-profile load/replace/remove, modes
 * switched at run time and saved in the profile file, exec -p, explain
 * with the deciding rule's file:line:col, and diff's exit status.
 */
#define _GNU_SOURCE
#include "kselftest_harness.h"
#include "palisade.h"
#include "common.h"

FIXTURE(admin) {
	char dir[64];
	char profdir[128];
	char a[PATH_MAX];
	char b[PATH_MAX];
	char out[16384];
};

FIXTURE_SETUP(admin)
{
	ASSERT_EQ(0, pal_tmpfs_make(self->dir, "size=16m,mode=0755"));
	snprintf(self->a, sizeof(self->a), "%s/a_try", self->dir);
	snprintf(self->b, sizeof(self->b), "%s/b_try", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->a, 0755));
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->b, 0755));
	snprintf(self->profdir, sizeof(self->profdir), "%s/palisade.d", self->dir);
	ASSERT_EQ(0, mkdir(self->profdir, 0755));
	/* palisade finds profile files here instead of /etc/palisade.d. */
	setenv("PALISADE_PROFILE_DIR", self->profdir, 1);
}

FIXTURE_TEARDOWN(admin)
{
	unsetenv("PALISADE_PROFILE_DIR");
	pal_tmpfs_drop(self->dir);
}

/* Write @tmpl ({D} = the test dir) to PROFDIR/@file; its path in @path. */
static void put(struct _test_data_admin *self, const char *file,
		const char *tmpl, char *path, size_t len)
{
	char text[4096];

	pal_expand(self->dir, tmpl, text, sizeof(text));
	snprintf(path, len, "%s/%s", self->profdir, file);
	pal_write_file(path, text);
}

#define PROF_A \
	"profile admin_a {D}/a_try {\n" \
	"  /etc/hostname r,\n" \
	"}\n"
#define PROF_A2 \
	"profile admin_a {D}/a_try {\n" \
	"  /etc/hostname r,\n" \
	"  /etc/group r,\n" \
	"}\n"
#define PROF_B \
	"profile admin_b {D}/b_try {\n" \
	"  /etc/group r,\n" \
	"}\n"

TEST_F(admin, load_replace_remove_one_profile_at_a_time)
{
	char pa[PATH_MAX], pb[PATH_MAX], bad[PATH_MAX];

	put(self, "a", PROF_A, pa, sizeof(pa));
	put(self, "b", PROF_B, pb, sizeof(pb));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "load", pa, NULL))
		TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "replace", pb,
				  NULL)) TH_LOG("%s", self->out);
	/* Adding b left a in force. */
	EXPECT_EQ(0, pal_try_op(self->a, "r", "/etc/hostname"));
	EXPECT_EQ(EACCES, pal_try_op(self->a, "r", "/etc/group"));
	EXPECT_EQ(0, pal_try_op(self->b, "r", "/etc/group"));
	EXPECT_EQ(EACCES, pal_try_op(self->b, "r", "/etc/hostname"));

	/* replace a: b unchanged. */
	put(self, "a", PROF_A2, pa, sizeof(pa));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "replace", pa,
				  NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_try_op(self->a, "r", "/etc/group"));
	EXPECT_EQ(EACCES, pal_try_op(self->b, "r", "/etc/hostname"));

	/* A compile error changes nothing, and says where. */
	snprintf(bad, sizeof(bad), "%s/bad", self->dir);
	ASSERT_EQ(0, pal_write_file(bad, "profile admin_a /x {\n  /etc/passwd rq,\n}\n"));
	EXPECT_NE(0, pal_palisade(self->out, sizeof(self->out), "replace", bad,
				  NULL));
	EXPECT_NE(NULL, strstr(self->out, "bad:2:")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_try_op(self->a, "r", "/etc/group"));

	/* remove a: its program runs unconfined again, b stays. */
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "remove",
				  "admin_a", NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_try_op(self->a, "r", "/etc/passwd"));
	EXPECT_EQ(EACCES, pal_try_op(self->b, "r", "/etc/passwd"));
	EXPECT_EQ(1, pal_palisade(self->out, sizeof(self->out), "remove",
				  "admin_a", NULL));
	EXPECT_NE(NULL, strstr(self->out, "admin_a: no such profile"))
		TH_LOG("%s", self->out);
	EXPECT_EQ(1, pal_palisade(self->out, sizeof(self->out), "mode",
				  "admin_a", NULL));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "remove",
				  "admin_b", NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_try_op(self->b, "r", "/etc/passwd"));

	/* load makes the files given the whole policy. */
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "replace", pa,
				  pb, NULL)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "load", pb, NULL))
		TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_try_op(self->a, "r", "/etc/passwd"));
	EXPECT_EQ(EACCES, pal_try_op(self->b, "r", "/etc/passwd"));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "remove",
				  "admin_b", NULL)) TH_LOG("%s", self->out);
}

TEST_F(admin, load_directory)
{
	char pa[PATH_MAX], pb[PATH_MAX];

	put(self, "a", PROF_A, pa, sizeof(pa));
	put(self, "b", PROF_B, pb, sizeof(pb));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "load",
				  self->profdir, NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, pal_try_op(self->a, "r", "/etc/group"));
	EXPECT_EQ(EACCES, pal_try_op(self->b, "r", "/etc/hostname"));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "remove",
				  "admin_a", "admin_b", NULL)) TH_LOG("%s", self->out);
}

TEST_F(admin, status_text_json_and_confined_processes)
{
	struct pal_server sv = { 0 };
	char pa[PATH_MAX], want[PATH_MAX + 64];

	put(self, "a", PROF_A, pa, sizeof(pa));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "load", pa, NULL))
		TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_serve_start(&sv, self->a, "r", "/etc/hostname"));
	ASSERT_EQ(0, pal_serve_step(&sv));

	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "status", NULL))
		TH_LOG("%s", self->out);
	snprintf(want, sizeof(want), "policy format %u", PALISADE_POLICY_VERSION);
	EXPECT_NE(NULL, strstr(self->out, want)) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "authority level: ")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "profiles are in enforce mode.\n"))
		TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "   admin_a\n")) TH_LOG("%s", self->out);
	snprintf(want, sizeof(want), "   %s (%d) admin_a enforce\n", self->a, sv.pid);
	EXPECT_NE(NULL, strstr(self->out, want)) TH_LOG("%s", self->out);

	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "--json",
				  "status", NULL)) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "\"authority\":\"")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "{\"name\":\"admin_a\",\"mode\":\"enforce\"}"))
		TH_LOG("%s", self->out);
	snprintf(want, sizeof(want), "{\"pid\":%d,\"exe\":\"%s\",\"profile\":"
		 "\"admin_a\",\"mode\":\"enforce\"}", sv.pid, self->a);
	EXPECT_NE(NULL, strstr(self->out, want)) TH_LOG("%s", self->out);

	/* A mode switch shows on the process at once. */
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "complain",
				  "admin_a", NULL)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "status", NULL));
	snprintf(want, sizeof(want), "(%d) admin_a complain\n", sv.pid);
	EXPECT_NE(NULL, strstr(self->out, want)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_serve_stop(&sv));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "remove",
				  "admin_a", NULL)) TH_LOG("%s", self->out);
}

TEST_F(admin, status_without_permission_exits_4)
{
	const char *argv[] = { "/usr/sbin/palisade", "status", NULL };
	struct stat st;
	int status;
	pid_t pid;

	/* The VM's root directory comes from mktemp -d (0700); a real root
	 * is 0755, and nobody must reach /usr/sbin/palisade. */
	ASSERT_EQ(0, stat("/", &st));
	if (!(st.st_mode & S_IXOTH))
		ASSERT_EQ(0, chmod("/", 0755));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 1);
		dup2(fd, 2);
		if (setgid(65534) || setuid(65534))
			_exit(99);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(4, WEXITSTATUS(status));
}

TEST_F(admin, modes_switch_at_once_and_persist_in_the_file)
{
	char pa[PATH_MAX], text[4096], line[16384], pid[32];
	const char *needles[] = { "apparmor=\"ALLOWED\"", "profile=\"admin_a\"",
				  "name=\"/etc/passwd\"", pid, NULL };
	pid_t child;

	put(self, "a", PROF_A, pa, sizeof(pa));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "load", pa, NULL))
		TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, pal_try_op(self->a, "r", "/etc/passwd"));

	/* By name: the file is found in the profile directory. */
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "complain",
				  "admin_a", NULL)) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "saved in ")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_read_file(pa, text, sizeof(text)));
	EXPECT_NE(NULL, strstr(text, "a_try flags=(complain) {\n")) TH_LOG("%s", text);
	{
		const char *argv[] = { self->a, "r", "/etc/passwd", NULL };

		EXPECT_EQ(0, pal_run_pid(argv, &child));
	}
	snprintf(pid, sizeof(pid), " pid=%d ", child);
	EXPECT_EQ(0, pal_find_audit(needles, line, sizeof(line)));

	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "kill", pa, NULL))
		TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_read_file(pa, text, sizeof(text)));
	EXPECT_NE(NULL, strstr(text, "a_try flags=(kill) {\n")) TH_LOG("%s", text);

	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "enforce",
				  "admin_a", NULL)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_read_file(pa, text, sizeof(text)));
	EXPECT_NE(NULL, strstr(text, "a_try {\n")) TH_LOG("%s", text);
	EXPECT_EQ(NULL, strstr(text, "flags")) TH_LOG("%s", text);
	EXPECT_EQ(EACCES, pal_try_op(self->a, "r", "/etc/passwd"));

	/* The saved file reloads to the mode it says. */
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "complain",
				  "admin_a", NULL)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "replace", pa,
				  NULL)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "mode",
				  "admin_a", NULL));
	EXPECT_NE(NULL, strstr(self->out, "admin_a: complain\n")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "remove",
				  "admin_a", NULL)) TH_LOG("%s", self->out);
}

TEST_F(admin, exec_places_a_command_in_a_profile)
{
	char pa[PATH_MAX], line[16384], pid[32];
	const char *deny[] = { "/usr/sbin/palisade", "exec", "-p", "admin_x",
			       "--", PAL_TRY, "r", "/etc/passwd", NULL };
	const char *allow[] = { "/usr/sbin/palisade", "exec", "-p", "admin_x",
				PAL_TRY, "r", "/etc/hostname", NULL };
	const char *nosuch[] = { "/usr/sbin/palisade", "exec", "-p", "admin_nosuch",
				 PAL_TRY, "r", "/etc/hostname", NULL };
	const char *needles[] = { "apparmor=\"DENIED\"", "operation=\"open\"",
				  "profile=\"admin_x\"", "name=\"/etc/passwd\"",
				  pid, NULL };
	pid_t child;

	/* No attachment: only exec -p enters it. */
	put(self, "x", "profile admin_x {\n  /etc/hostname r,\n}\n", pa, sizeof(pa));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "load", pa, NULL))
		TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_try_op(PAL_TRY, "r", "/etc/passwd"));
	EXPECT_EQ(EACCES, pal_run_pid(deny, &child));
	snprintf(pid, sizeof(pid), " pid=%d ", child);
	EXPECT_EQ(0, pal_find_audit(needles, line, sizeof(line)));
	EXPECT_EQ(0, pal_run(allow));
	EXPECT_EQ(1, pal_run(nosuch));
	/* The request went with that exec: the next run is unconfined. */
	EXPECT_EQ(0, pal_try_op(PAL_TRY, "r", "/etc/passwd"));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "remove",
				  "admin_x", NULL)) TH_LOG("%s", self->out);
}

TEST_F(admin, explain_names_the_deciding_rule)
{
	char pa[PATH_MAX], want[PATH_MAX + 64];

	put(self, "e",
	    "profile admin_e {D}/a_try {\n"
	    "  /etc/** r,\n"
	    "  deny /etc/passwd r,\n"
	    "}\n", pa, sizeof(pa));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "load", pa, NULL))
		TH_LOG("%s", self->out);
	/* From the policy in force; the rules from the profile's file. */
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "explain",
				  "admin_e", "read", "/etc/passwd", "/etc/group",
				  NULL)) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "admin_e read /etc/passwd: denied"))
		TH_LOG("%s", self->out);
	snprintf(want, sizeof(want), "%s:3:3: denies deny /etc/passwd r", pa);
	EXPECT_NE(NULL, strstr(self->out, want)) TH_LOG("%s", self->out);
	snprintf(want, sizeof(want), "%s:2:3: allows /etc/** r", pa);
	EXPECT_NE(NULL, strstr(self->out, want)) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "admin_e read /etc/group: allowed"))
		TH_LOG("%s", self->out);
	/* The kernel agrees. */
	EXPECT_EQ(EACCES, pal_try_op(self->a, "r", "/etc/passwd"));
	EXPECT_EQ(0, pal_try_op(self->a, "r", "/etc/group"));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "--json",
				  "explain", "admin_e", "r", "/etc/passwd", NULL));
	EXPECT_NE(NULL, strstr(self->out, "\"line\":3,\"col\":3,\"rule\":\"deny /etc/passwd r\""))
		TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "remove",
				  "admin_e", NULL)) TH_LOG("%s", self->out);
}

TEST_F(admin, diff_exit_status_says_whether_access_grows)
{
	char o[PATH_MAX], n[PATH_MAX];

	snprintf(o, sizeof(o), "%s/old", self->dir);
	snprintf(n, sizeof(n), "%s/new", self->dir);
	ASSERT_EQ(0, pal_write_file(o, "profile d /d {\n  /srv/** r,\n}\n"));
	ASSERT_EQ(0, pal_write_file(n, "profile d /d {\n  /srv/** r,\n  /srv/*/log w,\n}\n"));
	EXPECT_EQ(1, pal_palisade(self->out, sizeof(self->out), "diff", o, n, NULL));
	EXPECT_NE(NULL, strstr(self->out, "+ wa  e.g. /srv/a/log")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_palisade(self->out, sizeof(self->out), "diff", n, o, NULL));
	EXPECT_NE(NULL, strstr(self->out, "- wa  e.g. /srv/a/log")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_palisade(self->out, sizeof(self->out), "diff", o, o, NULL));
}

TEST_HARNESS_MAIN
