// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: daemon and server authority over identity switches
 * (DESIGN.md section 4).  The confined program is a copy of the static
 * pal_try (one file: marking it +p makes its process clean) running
 * `pal_try pc STEP...`; each refusal is checked for its errno and for its
 * audit line with the reason.
 */
#define _GNU_SOURCE
#include "common.h"
#include "palisade.h"
#include "kselftest_harness.h"

FIXTURE(auth) {
	char dir[64];
	char prog[PATH_MAX];
	char lib[PATH_MAX];
	char out[8192];
};

FIXTURE_SETUP(auth)
{
	ASSERT_EQ(0, pal_tmpfs_make(self->dir, "size=16m,mode=0755"));
	snprintf(self->prog, sizeof(self->prog), "%s/daemon", self->dir);
	snprintf(self->lib, sizeof(self->lib), "%s/libx.so", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->prog, 0755));
	ASSERT_EQ(0, pal_write_file(self->lib, "not really a library\n"));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "authority",
				  "unix", NULL)) TH_LOG("%s", self->out);
}

#define DYN_DIR		"/usr/lib/palisade/dyn"
#define DYN_LDSO	DYN_DIR "/ld.so"

FIXTURE_TEARDOWN(auth)
{
	pal_palisade(self->out, sizeof(self->out), "authority", "unix", NULL);
	/* The dynamic tests mark the image's one ld.so. */
	pal_palisade(self->out, sizeof(self->out), "extattr", "-p", DYN_LDSO, NULL);
	pal_tmpfs_drop(self->dir);
}

static int load(struct _test_data_auth *self, const char *tmpl)
{
	char text[8192];

	pal_expand(self->dir, tmpl, text, sizeof(text));
	return pal_load_profile(self->dir, text, self->out, sizeof(self->out));
}

static int level(struct _test_data_auth *self, const char *lvl)
{
	return pal_palisade(self->out, sizeof(self->out), "authority", lvl, NULL);
}

static int mark(struct _test_data_auth *self, const char *m, const char *file)
{
	return pal_palisade(self->out, sizeof(self->out), "extattr", m, file, NULL);
}

/* Load @tmpl, mark the daemon +p (clean from its exec) and set the
 * authority level @lvl: the start of most tests. */
static int clean_daemon(struct _test_data_auth *self, const char *tmpl,
			const char *lvl)
{
	int rc = load(self, tmpl);

	if (!rc)
		rc = mark(self, "+p", self->prog);
	if (!rc)
		rc = level(self, lvl);
	return rc;
}

/* Mark @file with @m and come back to level @lvl: unconfined root may
 * mark only at level unix. */
static int remark(struct _test_data_auth *self, const char *m,
		  const char *file, const char *lvl)
{
	int rc = level(self, "unix");

	if (!rc)
		rc = mark(self, m, file);
	if (!rc)
		rc = level(self, lvl);
	return rc;
}

/* Run the daemon with STEPS; its exit status is the last step's errno. */
static int run(struct _test_data_auth *self, pid_t *pid, ...)
{
	const char *argv[16] = { self->prog, "pc" };
	va_list ap;
	int n = 2;

	va_start(ap, pid);
	while (n < 15 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	return pal_run_pid(argv, pid);
}

/* An audit line of @op for @pid with @info (and @name when not NULL). */
static int audited(pid_t pid, const char *op, const char *info, const char *name)
{
	char p[32], o[64], i[96], nm[PATH_MAX + 16], line[8192];
	const char *needles[] = { p, o, i, name ? nm : NULL, NULL };

	snprintf(p, sizeof(p), " pid=%d ", pid);
	snprintf(o, sizeof(o), "operation=\"%s\"", op);
	snprintf(i, sizeof(i), "info=\"%s\"", info);
	if (name && !strpbrk(name, " \"")) {
		snprintf(nm, sizeof(nm), "name=\"%s\"", name);
	} else if (name) {
		/* The audit subsystem's hex form of a name with a space. */
		size_t k, n = strlen(name);

		strcpy(nm, "name=");
		for (k = 0; k < n && 5 + 2 * k + 2 < sizeof(nm); k++)
			sprintf(nm + 5 + 2 * k, "%02X", (unsigned char)name[k]);
	}
	return pal_find_audit(needles, line, sizeof(line));
}

#define PLAIN \
	"profile plain {D}/daemon {\n" \
	"  /** rwm,\n" \
	"  capability setuid setgid,\n" \
	"}\n"

#define DAEMON \
	"profile d {D}/daemon {\n" \
	"  /** rwm,\n" \
	"  capability setuid setgid,\n" \
	"  daemon,\n" \
	"}\n"

TEST_F(auth, unix_level_uid0_switches_without_grant)
{
	pid_t pid;

	ASSERT_EQ(0, load(self, PLAIN)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, run(self, &pid, "setuid:1001", NULL));
}

TEST_F(auth, daemon_level_needs_daemon_grant)
{
	pid_t pid;

	ASSERT_EQ(0, clean_daemon(self, PLAIN, "daemon"))
		TH_LOG("%s", self->out);
	EXPECT_EQ(EPERM, run(self, &pid, "setuid:1001", NULL));
	EXPECT_EQ(0, audited(pid, "setuid", "no daemon authority", NULL));
	/* SafeSetID's rule: ids already held are always fine. */
	EXPECT_EQ(0, run(self, &pid, "setuid:0", NULL));
}

TEST_F(auth, daemon_clean_switches_dirty_refused)
{
	pid_t pid;

	ASSERT_EQ(0, load(self, DAEMON)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, level(self, "daemon")) TH_LOG("%s", self->out);
	/* Unmarked program: dirty from its exec. */
	EXPECT_EQ(EPERM, run(self, &pid, "setuid:1001", NULL));
	EXPECT_EQ(0, audited(pid, "setuid", "not clean", self->prog));
	/* Unconfined root may mark only at level unix. */
	EXPECT_EQ(1, mark(self, "+p", self->prog)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, remark(self, "+p", self->prog, "daemon"))
		TH_LOG("%s", self->out);
	EXPECT_EQ(0, run(self, &pid, "setuid:1001", NULL));
}

TEST_F(auth, mapping_unmarked_object_makes_dirty)
{
	char step[PATH_MAX + 8];
	pid_t pid;

	snprintf(step, sizeof(step), "mapx:%s", self->lib);
	ASSERT_EQ(0, clean_daemon(self, DAEMON, "daemon"))
		TH_LOG("%s", self->out);
	EXPECT_EQ(EPERM, run(self, &pid, step, "setuid:1001", NULL));
	EXPECT_EQ(0, audited(pid, "setuid", "not clean", self->lib));
	/* Marked, the same object keeps the process clean. */
	ASSERT_EQ(0, remark(self, "+p", self->lib, "daemon"))
		TH_LOG("%s", self->out);
	EXPECT_EQ(0, run(self, &pid, step, "setuid:1001", NULL));
}

TEST_F(auth, anonymous_exec_memory_makes_dirty)
{
	pid_t pid;

	ASSERT_EQ(0, clean_daemon(self, DAEMON, "daemon"))
		TH_LOG("%s", self->out);
	EXPECT_EQ(EPERM, run(self, &pid, "anonx", "setuid:1001", NULL));
	EXPECT_EQ(0, audited(pid, "setuid", "not clean",
			     "[anonymous executable memory]"));
}

TEST_F(auth, must_stay_clean_refuses_load_and_keeps_authority)
{
	char step[PATH_MAX + 8];
	pid_t pid;

	snprintf(step, sizeof(step), "mapx:%s", self->lib);
	ASSERT_EQ(0, clean_daemon(self, DAEMON, "daemon"))
		TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, run(self, &pid, "stay", step, NULL));
	EXPECT_EQ(0, audited(pid, "file_mmap", "not clean", self->lib));
	EXPECT_EQ(0, run(self, &pid, "stay", step, "setuid:1001", NULL));
}

TEST_F(auth, must_stay_clean_profile_flag)
{
	char step[PATH_MAX + 8];
	pid_t pid;

	snprintf(step, sizeof(step), "mapx:%s", self->lib);
	ASSERT_EQ(0, load(self,
			  "profile msc {D}/daemon flags=(must_stay_clean) {\n"
			  "  /** rwm,\n"
			  "  capability setuid setgid,\n"
			  "  daemon,\n"
			  "}\n")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, mark(self, "+p", self->prog)) TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, run(self, &pid, step, NULL));
	EXPECT_EQ(0, audited(pid, "file_mmap", "not clean", self->lib));
}

/*
 * A process dirty since its exec, whose profile a replace makes
 * must_stay_clean, is refused its next unmarked load: program control
 * asks the profile in force (the one the mapping's m decision looked up),
 * not what was true when the process became dirty.
 */
TEST_F(auth, replace_to_must_stay_clean_refuses_dirty_process)
{
	char step[PATH_MAX + 8], ready[PATH_MAX], go[PATH_MAX];
	char touch[PATH_MAX + 8], await[PATH_MAX + 8];
	const char *argv[8];
	int status = -1, i;
	pid_t pid;

	snprintf(step, sizeof(step), "mapx:%s", self->lib);
	snprintf(ready, sizeof(ready), "%s/ready", self->dir);
	snprintf(go, sizeof(go), "%s/go", self->dir);
	snprintf(touch, sizeof(touch), "touch:%s", ready);
	snprintf(await, sizeof(await), "await:%s", go);
	ASSERT_EQ(0, load(self, PLAIN)) TH_LOG("%s", self->out);
	argv[0] = self->prog, argv[1] = "pc", argv[2] = step, argv[3] = touch;
	argv[4] = await, argv[5] = step, argv[6] = NULL;
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		execv(self->prog, (char *const *)argv);
		_exit(errno);
	}
	for (i = 0; i < 3000 && access(ready, F_OK); i++)
		usleep(10000);
	EXPECT_EQ(0, access(ready, F_OK));
	EXPECT_EQ(0, load(self,
			  "profile plain {D}/daemon flags=(must_stay_clean) {\n"
			  "  /** rwm,\n"
			  "  capability setuid setgid,\n"
			  "}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_write_file(go, ""));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(EACCES, WEXITSTATUS(status));
	EXPECT_EQ(0, audited(pid, "file_mmap", "not clean", self->lib));
}

TEST_F(auth, surrogate_list_restricts_targets)
{
	pid_t pid;

	ASSERT_EQ(0, clean_daemon(self,
				  "profile sur {D}/daemon {\n"
				  "  /** rwm,\n"
				  "  capability setuid setgid,\n"
				  "  daemon,\n"
				  "  setuid -> {nobody, 1001},\n"
				  "}\n", "daemon")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, run(self, &pid, "setuid:1001", NULL));
	EXPECT_EQ(0, run(self, &pid, "setuid:65534", NULL));
	EXPECT_EQ(EPERM, run(self, &pid, "setuid:1002", NULL));
	EXPECT_EQ(0, audited(pid, "setuid", "target uid 1002 not allowed", NULL));
}

TEST_F(auth, thread_switch_needs_server)
{
	pid_t pid;

	ASSERT_EQ(0, clean_daemon(self, DAEMON, "daemon"))
		TH_LOG("%s", self->out);
	EXPECT_EQ(EPERM, run(self, &pid, "thread-setuid:1001", NULL));
	EXPECT_EQ(0, audited(pid, "setuid", "no server authority", NULL));
	ASSERT_EQ(0, load(self,
			  "profile d {D}/daemon {\n"
			  "  /** rwm,\n"
			  "  capability setuid setgid,\n"
			  "  server,\n"
			  "}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, run(self, &pid, "thread-setuid:1001", NULL));
}

TEST_F(auth, maincheck_needs_main_first_program)
{
	pid_t pid;

	ASSERT_EQ(0, clean_daemon(self, DAEMON, "maincheck"))
		TH_LOG("%s", self->out);
	EXPECT_EQ(EPERM, run(self, &pid, "setuid:1001", NULL));
	EXPECT_EQ(0, audited(pid, "setuid", "first program not MAIN", NULL));
	ASSERT_EQ(0, remark(self, "+main", self->prog, "maincheck"))
		TH_LOG("%s", self->out);
	EXPECT_EQ(0, run(self, &pid, "setuid:1001", NULL));
}

TEST_F(auth, thread_limit_gives_eagain)
{
	pid_t pid;

	ASSERT_EQ(0, load(self,
			  "profile lim {D}/daemon {\n"
			  "  /** rwm,\n"
			  "  capability setuid setgid,\n"
			  "  limit threads 3,\n"
			  "}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, run(self, &pid, "threads:2", NULL));
	EXPECT_EQ(EAGAIN, run(self, &pid, "threads:3", NULL));
	EXPECT_EQ(0, audited(pid, "limit", "thread limit 3", "threads"));
}

#define SERVER(ACCESS) \
	"profile srv {D}/daemon {\n" \
	"  /** rwm,\n" \
	"  capability setuid setgid dac_override dac_read_search fowner,\n" \
	"  server " ACCESS ",\n" \
	"}\n"

/*
 * A server thread switched to a client (uid 1001) opens the client's own
 * file (0600) and a file everyone may read (0644).  The server is uid 0
 * without the capabilities that bypass file modes (nodac), so for its own
 * identity only the other class applies.  server update: the client's
 * identity alone decides; server read: the server's must allow it too.
 */
TEST_F(auth, server_read_needs_server_identity_too)
{
	char priv[PATH_MAX], pub[PATH_MAX];
	char op_priv[PATH_MAX + 32], op_pub[PATH_MAX + 32];
	pid_t pid;

	snprintf(priv, sizeof(priv), "%s/client-only", self->dir);
	snprintf(pub, sizeof(pub), "%s/world-readable", self->dir);
	ASSERT_EQ(0, pal_write_file(priv, "the client's\n"));
	ASSERT_EQ(0, pal_write_file(pub, "anyone's\n"));
	ASSERT_EQ(0, chown(priv, 1001, 1001));
	ASSERT_EQ(0, chown(pub, 1001, 1001));
	ASSERT_EQ(0, chmod(priv, 0600));
	ASSERT_EQ(0, chmod(pub, 0644));
	snprintf(op_priv, sizeof(op_priv), "thread-open:1001:%s", priv);
	snprintf(op_pub, sizeof(op_pub), "thread-open:1001:%s", pub);
	ASSERT_EQ(0, mark(self, "+p", self->prog)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, level(self, "daemon")) TH_LOG("%s", self->out);

	ASSERT_EQ(0, load(self, SERVER("update"))) TH_LOG("%s", self->out);
	EXPECT_EQ(0, run(self, &pid, "nodac", op_priv, NULL));
	EXPECT_EQ(0, run(self, &pid, "nodac", op_pub, NULL));
	/* The kernel still checks the client: another user's file is not his. */
	EXPECT_EQ(0, chown(priv, 1002, 1002));
	EXPECT_EQ(EACCES, run(self, &pid, "nodac", op_priv, NULL));
	EXPECT_EQ(0, chown(priv, 1001, 1001));

	ASSERT_EQ(0, load(self, SERVER("read"))) TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, run(self, &pid, "nodac", op_priv, NULL));
	EXPECT_EQ(0, audited(pid, "open", "server identity denied", "client-only"));
	EXPECT_EQ(0, run(self, &pid, "nodac", op_pub, NULL));
	/* A root server keeping CAP_DAC_OVERRIDE may read anything itself. */
	EXPECT_EQ(0, run(self, &pid, op_priv, NULL));
}

#define SERVER_HOOK PALISADE_PIN_DIR "/links/pal_inode_permission"

/*
 * The per-component hook server read needs is attached while a policy
 * with a server profile is in force, and detached by the next policy
 * without one once no task holds a server identity (each thread-open
 * task above exited).
 */
TEST_F(auth, server_hook_only_while_a_server_profile_is_loaded)
{
	char pub[PATH_MAX], op_pub[PATH_MAX + 32];
	struct stat st;
	pid_t pid;

	snprintf(pub, sizeof(pub), "%s/world-readable", self->dir);
	snprintf(op_pub, sizeof(op_pub), "thread-open:1001:%s", pub);
	ASSERT_EQ(0, pal_write_file(pub, "anyone's\n"));
	ASSERT_EQ(0, mark(self, "+p", self->prog)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, level(self, "daemon")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, load(self, PLAIN)) TH_LOG("%s", self->out);
	EXPECT_EQ(-1, stat(SERVER_HOOK, &st));
	ASSERT_EQ(0, load(self, SERVER("read"))) TH_LOG("%s", self->out);
	EXPECT_EQ(0, stat(SERVER_HOOK, &st));
	EXPECT_EQ(0, run(self, &pid, "nodac", op_pub, NULL));
	ASSERT_EQ(0, load(self, PLAIN)) TH_LOG("%s", self->out);
	EXPECT_EQ(-1, stat(SERVER_HOOK, &st));
}

/*
 * Clean and dirty through the real loader: pal_dyn is dynamically linked;
 * the kernel maps it and its interpreter (DYN_LDSO), ld.so maps libc.so.6
 * (found next to the program) and the plugins it dlopen()s.  The test's
 * directory gets the program, libc, a plugin to mark (libok.so) and the
 * same plugin left unmarked (libbad.so).
 */
struct dyn {
	char prog[PATH_MAX];
	char libc[PATH_MAX];
	char ok[PATH_MAX];
	char bad[PATH_MAX];
	char dl_ok[PATH_MAX + 16];
	char dl_bad[PATH_MAX + 16];
};

#define DYN_DAEMON \
	"profile dyn {D}/dyn {\n" \
	"  /** rwm,\n" \
	"  capability setuid setgid,\n" \
	"  daemon,\n" \
	"}\n"

/* Copy the files; mark the program, libc, libok.so and (@ldso) ld.so. */
static int dyn_setup(struct _test_data_auth *self, struct dyn *d, int ldso)
{
	snprintf(d->prog, sizeof(d->prog), "%s/dyn", self->dir);
	snprintf(d->libc, sizeof(d->libc), "%s/libc.so.6", self->dir);
	snprintf(d->ok, sizeof(d->ok), "%s/libok.so", self->dir);
	snprintf(d->bad, sizeof(d->bad), "%s/libbad.so", self->dir);
	snprintf(d->dl_ok, sizeof(d->dl_ok), "dlopen:%s", d->ok);
	snprintf(d->dl_bad, sizeof(d->dl_bad), "dlopen:%s", d->bad);
	if (pal_copy_file(DYN_DIR "/pal_dyn", d->prog, 0755) ||
	    pal_copy_file(DYN_DIR "/libc.so.6", d->libc, 0755) ||
	    pal_copy_file(DYN_DIR "/libpal_plugin.so", d->ok, 0755) ||
	    pal_copy_file(DYN_DIR "/libpal_plugin.so", d->bad, 0755))
		return -1;
	if (mark(self, "+p", d->prog) || mark(self, "+p", d->libc) ||
	    mark(self, "+p", d->ok))
		return -1;
	return mark(self, ldso ? "+p" : "-p", DYN_LDSO);
}

/* Run the dynamic program with STEPS; its exit status is the last step's. */
static int run_dyn(struct dyn *d, pid_t *pid, ...)
{
	const char *argv[16] = { d->prog };
	va_list ap;
	int n = 1;

	va_start(ap, pid);
	while (n < 15 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	return pal_run_pid(argv, pid);
}

/* An audit line of @op for @pid naming @name with error=@err. */
static int audited_error(pid_t pid, const char *op, const char *name, int err)
{
	char p[32], o[64], nm[PATH_MAX + 16], e[32], line[8192];
	const char *needles[] = { p, o, nm, e, NULL };

	snprintf(p, sizeof(p), " pid=%d ", pid);
	snprintf(o, sizeof(o), "operation=\"%s\"", op);
	snprintf(nm, sizeof(nm), "name=\"%s\"", name);
	snprintf(e, sizeof(e), " error=%d", err);
	return pal_find_audit(needles, line, sizeof(line));
}

TEST_F(auth, dynamic_daemon_clean_until_unmarked_dlopen)
{
	struct dyn d;
	pid_t pid;

	ASSERT_EQ(0, dyn_setup(self, &d, 1)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, load(self, DYN_DAEMON)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, level(self, "daemon")) TH_LOG("%s", self->out);
	/* Program, ld.so, libc and the plugin all +p: clean, may switch. */
	EXPECT_EQ(0, run_dyn(&d, &pid, "clean", d.dl_ok, "clean", "setuid:1001",
			     NULL));
	/* dlopen() of an unmarked object makes it dirty. */
	EXPECT_EQ(ENODATA, run_dyn(&d, &pid, d.dl_bad, "clean", NULL));
	EXPECT_EQ(EPERM, run_dyn(&d, &pid, d.dl_bad, "setuid:1001", NULL));
	EXPECT_EQ(0, audited(pid, "setuid", "not clean", d.bad));
}

TEST_F(auth, dynamic_must_stay_clean_dlopen_fails)
{
	struct dyn d;
	pid_t pid;

	ASSERT_EQ(0, dyn_setup(self, &d, 1)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, load(self, DYN_DAEMON)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, level(self, "daemon")) TH_LOG("%s", self->out);
	/* The loader's mmap() of the unmarked object fails with EACCES (the
	 * record's error=-13): dlopen() fails (ENOEXEC, see pal_dyn.c). */
	EXPECT_EQ(ENOEXEC, run_dyn(&d, &pid, "stay", d.dl_bad, NULL));
	EXPECT_EQ(0, audited(pid, "file_mmap", "not clean", d.bad));
	EXPECT_EQ(0, audited_error(pid, "file_mmap", d.bad, -EACCES));
	/* ... and the process stays clean: it may still switch. */
	EXPECT_EQ(0, run_dyn(&d, &pid, "stay", d.dl_bad, "clean", "setuid:1001",
			     NULL));
	/* A marked plugin loads. */
	EXPECT_EQ(0, run_dyn(&d, &pid, "stay", d.dl_ok, "setuid:1001", NULL));
}

/* The kernel maps the interpreter during exec: an unmarked ld.so makes
 * every program it loads dirty from the start. */
TEST_F(auth, dynamic_unmarked_ldso_is_dirty)
{
	struct dyn d;
	pid_t pid;

	ASSERT_EQ(0, dyn_setup(self, &d, 0)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, load(self, DYN_DAEMON)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, level(self, "daemon")) TH_LOG("%s", self->out);
	EXPECT_EQ(ENODATA, run_dyn(&d, &pid, "clean", NULL));
	EXPECT_EQ(EPERM, run_dyn(&d, &pid, "setuid:1001", NULL));
	EXPECT_EQ(0, audited(pid, "setuid", "not clean", DYN_LDSO));
	/* Under must_stay_clean the interpreter's mapping fails after exec's
	 * point of no return: the kernel kills the new image. */
	ASSERT_EQ(0, load(self,
			  "profile dyn {D}/dyn flags=(must_stay_clean) {\n"
			  "  /** rwm,\n"
			  "  capability setuid setgid,\n"
			  "  daemon,\n"
			  "}\n")) TH_LOG("%s", self->out);
	{
		const char *argv[] = { d.prog, "clean", NULL };
		int status = pal_run_status(argv, &pid);

		EXPECT_TRUE(WIFSIGNALED(status)) TH_LOG("status %#x", status);
		EXPECT_EQ(0, audited(pid, "file_mmap", "not clean", DYN_LDSO));
	}
}

TEST_HARNESS_MAIN
