// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: program-control marks (DESIGN.md section 4).
 * `palisade extattr` sets and shows them; only a profile granting
 * `progctl,` (or unconfined root at authority level unix) may change them;
 * writing, truncating or renaming over a marked file clears its marks,
 * audited; the registry restores the marks of unchanged files; an
 * execute-controlled program runs only under a MAIN daemon at maincheck.
 */
#define _GNU_SOURCE
#include <sys/prctl.h>
#include <sys/xattr.h>
#include "common.h"
#include "palisade.h"
#include "kselftest_harness.h"

#define PAL_REGISTRY	"/var/lib/palisade/marks"
#define PAL_XATTR	"security.palisade"

FIXTURE(pc) {
	char dir[64];
	char file[PATH_MAX];
	char other[PATH_MAX];
	char marker[PATH_MAX];
	char out[8192];
};

FIXTURE_SETUP(pc)
{
	ASSERT_EQ(0, pal_tmpfs_make(self->dir, "size=16m,mode=0755"));
	snprintf(self->file, sizeof(self->file), "%s/prog", self->dir);
	snprintf(self->other, sizeof(self->other), "%s/other", self->dir);
	snprintf(self->marker, sizeof(self->marker), "%s/marker", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->file, 0755));
	ASSERT_EQ(0, pal_write_file(self->other, "another program\n"));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "authority",
				  "unix", NULL)) TH_LOG("%s", self->out);
}

FIXTURE_TEARDOWN(pc)
{
	pal_palisade(self->out, sizeof(self->out), "authority", "unix", NULL);
	pal_tmpfs_drop(self->dir);
}

static int load(struct _test_data_pc *self, const char *tmpl)
{
	char text[8192];

	pal_expand(self->dir, tmpl, text, sizeof(text));
	return pal_load_profile(self->dir, text, self->out, sizeof(self->out));
}

static int cli(struct _test_data_pc *self, const char *a, const char *b,
	       const char *c)
{
	return pal_palisade(self->out, sizeof(self->out), a, b, c, NULL);
}

/* `palisade extattr FILE` shows exactly @marks ("p,main", "-"). */
static int shows(struct _test_data_pc *self, const char *file,
		 const char *marks)
{
	char want[PATH_MAX + 64];

	if (cli(self, "extattr", file, NULL))
		return -1;
	snprintf(want, sizeof(want), "%s: %s\n", file, marks);
	return strcmp(self->out, want) ? -1 : 0;
}

/* An audit line holding every one of the strings (NULL-terminated). */
static int audited(const char *a, const char *b, const char *c, const char *d)
{
	const char *needles[] = { a, b, c, d, NULL };
	char line[8192];

	return pal_find_audit(needles, line, sizeof(line));
}

static int run(const char *prog, ...)
{
	const char *argv[16] = { prog };
	va_list ap;
	int n = 1;

	va_start(ap, prog);
	while (n < 15 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	return pal_run(argv);
}

/*
 * Clear @marks of @path in the marks map only, as a reboot forgets them:
 * the registry and the file's attribute keep them (this test runs as
 * unconfined root at level unix, which may mark).
 */
static int forget(const char *path, __u32 marks)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -errno;
	ret = prctl(PAL_PRCTL_MARK, fd, 0, marks, path);
	ret = ret && errno == PAL_PRCTL_DONE ? 0 : -1;
	close(fd);
	return ret;
}

TEST_F(pc, set_show_and_clear_marks)
{
	char dirpath[80];

	EXPECT_EQ(0, shows(self, self->file, "-")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, cli(self, "extattr", "+p", self->file)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, shows(self, self->file, "p")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, cli(self, "extattr", "+main", self->file)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, cli(self, "extattr", "+xc", self->file)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, shows(self, self->file, "p,main,xc")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, cli(self, "extattr", "-main", self->file)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, shows(self, self->file, "p,xc")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_palisade(self->out, sizeof(self->out), "extattr",
				  "-p", "-xc", self->file, NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, shows(self, self->file, "-")) TH_LOG("%s", self->out);
	/* Bad input: an unknown mark, a directory. */
	EXPECT_EQ(2, cli(self, "extattr", "+q", self->file));
	EXPECT_NE(NULL, strstr(self->out, "unknown mark '+q'")) TH_LOG("%s", self->out);
	snprintf(dirpath, sizeof(dirpath), "%s", self->dir);
	EXPECT_EQ(1, cli(self, "extattr", "+p", dirpath));
	EXPECT_NE(NULL, strstr(self->out, strerror(EINVAL))) TH_LOG("%s", self->out);
}

TEST_F(pc, only_progctl_may_mark)
{
	ASSERT_EQ(0, pal_copy_file("/usr/sbin/palisade", self->marker, 0755));
	/* Unconfined root loses the right above level unix. */
	ASSERT_EQ(0, cli(self, "authority", "daemon", NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(1, cli(self, "extattr", "+p", self->file));
	EXPECT_NE(NULL, strstr(self->out, strerror(EPERM))) TH_LOG("%s", self->out);
	EXPECT_EQ(0, audited("apparmor=\"DENIED\"", "operation=\"progctl\"",
			     "profile=\"unconfined\"", "comm=\"palisade\""));
	/* A profile without progctl, may not, even at level unix. */
	ASSERT_EQ(0, cli(self, "authority", "unix", NULL)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, load(self,
			  "profile nomark {D}/marker {\n"
			  "  /** rwm,\n"
			  "}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(1, run(self->marker, "extattr", "+p", self->file, NULL));
	EXPECT_EQ(0, audited("apparmor=\"DENIED\"", "operation=\"progctl\"",
			     "profile=\"nomark\"", "comm=\"marker\""));
	EXPECT_EQ(0, shows(self, self->file, "-")) TH_LOG("%s", self->out);
	/* With progctl, it may, at any level. */
	ASSERT_EQ(0, load(self,
			  "profile marker {D}/marker {\n"
			  "  /** rwm,\n"
			  "  progctl,\n"
			  "}\n")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, cli(self, "authority", "maincheck", NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, run(self->marker, "extattr", "+p", self->file, NULL));
	EXPECT_EQ(0, audited("apparmor=\"AUDIT\"", "operation=\"progctl\"",
			     "profile=\"marker\"", "comm=\"marker\""));
	EXPECT_EQ(0, shows(self, self->file, "p")) TH_LOG("%s", self->out);
}

TEST_F(pc, write_clears_marks)
{
	char name[PATH_MAX + 16];

	snprintf(name, sizeof(name), "name=\"%s\"", self->file);
	ASSERT_EQ(0, cli(self, "extattr", "+p", self->file)) TH_LOG("%s", self->out);
	/* Reading keeps the mark, opening for write drops it. */
	EXPECT_EQ(0, run(PAL_TRY, "r", self->file, NULL));
	EXPECT_EQ(0, shows(self, self->file, "p")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, run(PAL_TRY, "a", self->file, NULL));
	EXPECT_EQ(0, shows(self, self->file, "-")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, audited("operation=\"progctl\"", "info=\"marks cleared\"",
			     name, "comm=\"pal_try\""));
}

TEST_F(pc, truncate_clears_marks)
{
	char step[PATH_MAX + 16];

	snprintf(step, sizeof(step), "truncate:%s", self->other);
	ASSERT_EQ(0, cli(self, "extattr", "+p", self->other)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, run(PAL_TRY, "pc", step, NULL));
	EXPECT_EQ(0, shows(self, self->other, "-")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, audited("operation=\"progctl\"", "info=\"marks cleared\"",
			     "name=\"other\"", "comm=\"pal_try\""));
}

TEST_F(pc, rename_over_clears_marks)
{
	char alias[PATH_MAX], repl[PATH_MAX];

	/* A second name of the marked inode shows what happened to it. */
	snprintf(alias, sizeof(alias), "%s/prog.link", self->dir);
	snprintf(repl, sizeof(repl), "%s/prog.new", self->dir);
	ASSERT_EQ(0, link(self->file, alias));
	ASSERT_EQ(0, pal_write_file(repl, "replacement\n"));
	ASSERT_EQ(0, cli(self, "extattr", "+p", self->file)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, shows(self, alias, "p")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, rename(repl, self->file));
	EXPECT_EQ(0, shows(self, alias, "-")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, shows(self, self->file, "-")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, audited("operation=\"progctl\"", "info=\"marks cleared\"",
			     "name=\"prog\"", NULL));
}

TEST_F(pc, registry_restores_unchanged_files)
{
	char saved[PATH_MAX], line[PATH_MAX + 64];

	snprintf(saved, sizeof(saved), "%s/registry", self->dir);
	ASSERT_EQ(0, cli(self, "extattr", "+p", self->file)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, cli(self, "extattr", "+main", self->other)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_copy_file(PAL_REGISTRY, saved, 0600));
	/* The marks map forgets (as at a reboot); the registry copy does not. */
	ASSERT_EQ(0, forget(self->file, PAL_MARK_P));
	ASSERT_EQ(0, forget(self->other, PAL_MARK_MAIN));
	ASSERT_EQ(0, shows(self, self->file, "-")) TH_LOG("%s", self->out);
	/* other changes while palisade is not looking: it must not get back
	 * the mark vouched for its old contents. */
	ASSERT_EQ(0, pal_write_file(self->other, "rewritten\n"));
	EXPECT_EQ(0, cli(self, "extattr", "--restore", saved)) TH_LOG("%s", self->out);
	snprintf(line, sizeof(line), "marks of %s not restored: the file changed",
		 self->other);
	EXPECT_NE(NULL, strstr(self->out, line)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, shows(self, self->file, "p")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, shows(self, self->other, "-")) TH_LOG("%s", self->out);
	/* A restore is a marking like any other: refused above level unix. */
	ASSERT_EQ(0, forget(self->file, PAL_MARK_P));
	ASSERT_EQ(0, cli(self, "authority", "daemon", NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, cli(self, "extattr", "--restore", saved)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, shows(self, self->file, "-")) TH_LOG("%s", self->out);
}

TEST_F(pc, xc_program_only_under_main_daemon)
{
	char helper[PATH_MAX];

	snprintf(helper, sizeof(helper), "%s/helper", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, helper, 0755));
	ASSERT_EQ(0, load(self,
			  "profile d {D}/prog {\n"
			  "  /** rwm,\n"
			  "  {D}/helper ix,\n"
			  "  daemon,\n"
			  "}\n")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "extattr",
				  "+p", "+main", self->file, NULL)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "extattr",
				  "+p", "+xc", helper, NULL)) TH_LOG("%s", self->out);
	/* At level daemon, xc means nothing. */
	ASSERT_EQ(0, cli(self, "authority", "daemon", NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, run(PAL_TRY, "x", helper, "pc", "fork", NULL));
	ASSERT_EQ(0, cli(self, "authority", "maincheck", NULL)) TH_LOG("%s", self->out);
	/* From a shell (an unconfined, non-MAIN process): refused. */
	EXPECT_EQ(EACCES, run(PAL_TRY, "x", helper, "pc", "fork", NULL));
	EXPECT_EQ(0, audited("apparmor=\"DENIED\"", "operation=\"exec\"",
			     "info=\"execute-controlled program\"",
			     "comm=\"pal_try\""));
	/* Loaded by the MAIN daemon: runs, and its process is clean. */
	EXPECT_EQ(0, run(self->file, "x", helper, "pc", "clean", NULL));
}

/* Stop palisaded and start a new one (which finds its pins). */
static int restart_palisaded(void)
{
	pid_t old = pal_palisaded_pid(), pid;
	int i;

	if (old <= 0 || kill(old, SIGTERM)) {
		fprintf(stderr, "restart: no palisaded (pid %d)\n", old);
		return -1;
	}
	/* A daemon this test started is its child: reap it. */
	for (i = 0; i < 600 && kill(old, 0) == 0; i++) {
		waitpid(old, NULL, WNOHANG);
		usleep(50 * 1000);
	}
	if (kill(old, 0) == 0) {
		fprintf(stderr, "restart: palisaded %d did not exit\n", old);
		return -1;
	}
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setsid();
		execl("/usr/sbin/palisaded", "palisaded", "-f", "-l",
		      PAL_AUDIT_LOG, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 600 && pal_palisaded_pid() != pid; i++)
		usleep(50 * 1000);
	if (pal_palisaded_pid() != pid) {
		fprintf(stderr, "restart: palisaded %d did not come up\n", pid);
		return -1;
	}
	return 0;
}

/*
 * Where the filesystem has security.* attributes, the marks live in the
 * file's security.palisade too ("MARKS sha256:DIGEST"): they come back
 * through a palisaded restart after the map forgot them, survive changes
 * of metadata only (which the registry's times alone would refuse), never
 * a change of contents, and a forged attribute adds no mark.
 */
TEST_F_TIMEOUT(pc, xattr_keeps_marks_across_palisaded_restart, 240)
{
	char val[256], forged[300];
	ssize_t n;

	ASSERT_EQ(0, cli(self, "extattr", "+p", self->file)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, cli(self, "extattr", "+main", self->file)) TH_LOG("%s", self->out);
	n = getxattr(self->file, PAL_XATTR, val, sizeof(val) - 1);
	if (n < 0 && errno == EOPNOTSUPP)
		SKIP(return, "no security.* attributes on tmpfs in this kernel");
	ASSERT_LT(0, n) TH_LOG("getxattr: %s", strerror(errno));
	val[n] = 0;
	EXPECT_EQ(0, strncmp(val, "p,main sha256:", 14)) TH_LOG("%s", val);
	EXPECT_EQ(14 + 64, (int)n) TH_LOG("%s", val);

	/* Forgotten, then back through a restart of palisaded. */
	ASSERT_EQ(0, forget(self->file, PAL_MARK_P | PAL_MARK_MAIN));
	ASSERT_EQ(0, shows(self, self->file, "-")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, restart_palisaded());
	EXPECT_EQ(0, shows(self, self->file, "p,main")) TH_LOG("%s", self->out);

	/* Metadata changes: the attribute still vouches for the contents. */
	ASSERT_EQ(0, forget(self->file, PAL_MARK_P | PAL_MARK_MAIN));
	ASSERT_EQ(0, chmod(self->file, 0700));
	ASSERT_EQ(0, cli(self, "extattr", "--restore", NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, shows(self, self->file, "p,main")) TH_LOG("%s", self->out);

	/* A forged attribute naming more marks adds none. */
	ASSERT_EQ(0, forget(self->file, PAL_MARK_P | PAL_MARK_MAIN));
	snprintf(forged, sizeof(forged), "p,main,xc%s", val + 6);
	ASSERT_EQ(0, setxattr(self->file, PAL_XATTR, forged, strlen(forged), 0));
	ASSERT_EQ(0, cli(self, "extattr", "--restore", NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, shows(self, self->file, "p,main")) TH_LOG("%s", self->out);

	/* New contents while the map forgot (as offline): no mark returns,
	 * not at a restart either. */
	ASSERT_EQ(0, forget(self->file, PAL_MARK_P | PAL_MARK_MAIN));
	ASSERT_EQ(0, pal_write_file(self->file, "other contents\n"));
	ASSERT_EQ(0, restart_palisaded());
	EXPECT_EQ(0, shows(self, self->file, "-")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, cli(self, "extattr", "--restore", NULL)) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "the file changed")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, shows(self, self->file, "-")) TH_LOG("%s", self->out);

	/* -p and -main drop the attribute with the marks. */
	ASSERT_EQ(0, cli(self, "extattr", "+p", self->file)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, cli(self, "extattr", "-p", self->file)) TH_LOG("%s", self->out);
	EXPECT_GT(0, getxattr(self->file, PAL_XATTR, val, sizeof(val)));
	EXPECT_EQ(ENODATA, errno);
}

TEST_HARNESS_MAIN
