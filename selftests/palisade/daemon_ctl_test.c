// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: palisaded as a daemon.  The boot policy comes from a
 * profile directory (-d) through a compiled-policy cache (-c) that a second
 * start reuses and an edited profile or a damaged cache file recompiles;
 * SIGHUP reloads (an edit decides, a profile error changes nothing and is
 * logged); the pid file lives as long as the daemon; SIGTERM leaves
 * enforcement in place; without -f it detaches from its terminal.  Also
 * `palisade unconfined` and `palisade status` without a policy.
 *
 * A test that runs its own palisaded stops the VM's one first (two drains
 * would split the trail) and starts it again, as /init does, at the end.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include "common.h"
#include "kselftest_harness.h"

#define PALISADED	"/usr/sbin/palisaded"
#define MAIN_PIDFILE	"/run/palisaded.pid"
#define PIN_DIR		"/sys/fs/bpf/palisade"

FIXTURE(daemon) {
	char dir[64];
	char prof[128];	/* the profile directory (-d) */
	char cache[128];	/* the cache (-c) */
	char pidf[128];	/* this test's pid file (-P) */
	char err[128];	/* its stderr */
	char profile[256];	/* prof/dctl */
	char confined[PATH_MAX];
	char other[128];	/* a profile that is not dctl, to load between starts */
	int main_stopped;	/* the VM's palisaded was stopped */
	int devlog;		/* this test is bound at /dev/log */
	pid_t pid;		/* this test's palisaded, 0 when none */
	char out[16384];
};

/* The pid in @path, or -1. */
static pid_t read_pid(const char *path)
{
	char buf[32];

	if (pal_read_file(path, buf, sizeof(buf)))
		return -1;
	return atoi(buf) > 0 ? atoi(buf) : -1;
}

/* Wait (up to 5 s) until @pid is gone: reaped when it is a child (this
 * process is a subreaper, so a detached daemon is one too). */
static int wait_gone(pid_t pid, int *status)
{
	char path[64], buf[512], *p;
	int i, st = -1;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (i = 0; i < 100; i++) {
		/* Someone else's child may linger as a zombie: gone too. */
		p = pal_read_file(path, buf, sizeof(buf)) ? NULL : strrchr(buf, ')');
		if (waitpid(pid, &st, WNOHANG) == pid ||
		    (kill(pid, 0) && errno == ESRCH) || (p && p[2] == 'Z')) {
			if (status)
				*status = st;
			return 0;
		}
		usleep(50 * 1000);
	}
	return -1;
}

/* SIGTERM the VM's palisaded; remember to start it again. */
static int stop_main(struct _test_data_daemon *self)
{
	pid_t pid = read_pid(MAIN_PIDFILE);

	if (pid <= 0 || kill(pid, SIGTERM))
		return -1;
	self->main_stopped = 1;
	return wait_gone(pid, NULL);
}

/* Start `palisaded [-f] ARGS...` (NULL-terminated) with stdout and stderr
 * appended to @out; wait (up to 60 s: loading the programs takes seconds
 * under emulation) for @pidfile to name it.  Returns its pid, or -1 (and
 * the process is ended). */
static pid_t spawn(const char *pidfile, const char *out, int foreground, ...)
{
	const char *argv[20] = { PALISADED };
	va_list ap;
	pid_t pid;
	int n = 1, i, fd;

	if (foreground)
		argv[n++] = "-f";
	va_start(ap, foreground);
	while (n < 19 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	unlink(pidfile);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setsid();
		fd = open(out, O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	for (i = 0; i < 1200; i++) {
		pid_t p = read_pid(pidfile);

		if (p > 0 && (!foreground || p == pid))
			return p;
		if (foreground && waitpid(pid, NULL, WNOHANG) == pid)
			return -1;
		usleep(50 * 1000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

/* This test's palisaded on the fixture's directories. */
static void err_clear(struct _test_data_daemon *self)
{
	int fd = open(self->err, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd >= 0)
		close(fd);
}

static pid_t start(struct _test_data_daemon *self)
{
	err_clear(self);
	self->pid = spawn(self->pidf, self->err, 1, "-d", self->prof,
			  "-c", self->cache, "-l", PAL_AUDIT_LOG, "-P",
			  self->pidf, (char *)NULL);
	return self->pid;
}

/* SIGTERM this test's palisaded; its exit status, or -1. */
static int stop(struct _test_data_daemon *self)
{
	int status = -1;

	if (self->pid <= 0 || kill(self->pid, SIGTERM) ||
	    wait_gone(self->pid, &status))
		return -1;
	self->pid = 0;
	return status;
}

/* Lines of the daemon's stderr containing @needle. */
static int err_count(struct _test_data_daemon *self, const char *needle)
{
	char line[4096];
	int n = 0;
	FILE *f = fopen(self->err, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, needle))
			n++;
	fclose(f);
	return n;
}

/* Wait (up to 5 s) for @want lines with @needle in the daemon's stderr. */
static int err_wait(struct _test_data_daemon *self, const char *needle, int want)
{
	int i, n = 0;

	for (i = 0; i < 100; i++) {
		n = err_count(self, needle);
		if (n >= want)
			break;
		usleep(50 * 1000);
	}
	return n;
}

/* "policy loaded from PROF (compiled)" or "(cached)". */
static const char *loaded(struct _test_data_daemon *self, const char *how,
			  char *buf, size_t len)
{
	snprintf(buf, len, "policy loaded from %s (%s)", self->prof, how);
	return buf;
}

static int write_profile(struct _test_data_daemon *self, const char *rules)
{
	char text[PATH_MAX + 512];

	snprintf(text, sizeof(text), "profile dctl %s {\n%s}\n", self->confined,
		 rules);
	return pal_write_file(self->profile, text);
}

/* Put a policy without dctl in force (loaded by the CLI). */
static int load_other(struct _test_data_daemon *self)
{
	return pal_palisade(self->out, sizeof(self->out), "load", self->other,
			    NULL);
}

static int try(struct _test_data_daemon *self, const char *path)
{
	return pal_try_op(self->confined, "r", path);
}

FIXTURE_SETUP(daemon)
{
	char text[PATH_MAX + 128];

	/* A detached daemon's parent exits: it becomes this process's child. */
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	ASSERT_EQ(0, pal_tmpfs_make(self->dir, "size=16m,mode=0755"));
	snprintf(self->prof, sizeof(self->prof), "%s/palisade.d", self->dir);
	snprintf(self->cache, sizeof(self->cache), "%s/cache", self->dir);
	snprintf(self->pidf, sizeof(self->pidf), "%s/palisaded.pid", self->dir);
	snprintf(self->err, sizeof(self->err), "%s/palisaded.err", self->dir);
	snprintf(self->profile, sizeof(self->profile), "%s/dctl", self->prof);
	snprintf(self->other, sizeof(self->other), "%s/other", self->dir);
	ASSERT_EQ(0, mkdir(self->prof, 0755));
	ASSERT_EQ(0, pal_try_install(self->dir, "confined", self->confined,
				     sizeof(self->confined)));
	snprintf(text, sizeof(text), "profile other %s/nothing {\n}\n", self->dir);
	ASSERT_EQ(0, pal_write_file(self->other, text));
}

FIXTURE_TEARDOWN(daemon)
{
	pid_t pid;

	if (self->pid > 0)
		stop(self);
	if (self->devlog)
		unlink("/dev/log");
	if (self->main_stopped && read_pid(MAIN_PIDFILE) <= 0) {
		/* As /init starts it. */
		pid = spawn(MAIN_PIDFILE, "/run/palisaded.err", 1, "-l",
			    PAL_AUDIT_LOG, (char *)NULL);
		if (pid <= 0)
			TH_LOG("palisaded did not start again");
	}
	pal_tmpfs_drop(self->dir);
}

TEST_F_TIMEOUT(daemon, boot_dir_and_cache, 120)
{
	char b[PATH_MAX + 64], pid[32], line[8192], bin[PATH_MAX];
	char key0[128], key1[128];
	const char *needles[] = { "apparmor=\"DENIED\"", " profile=\"dctl\"", pid,
				  NULL };
	const char *argv[] = { self->confined, "r", "/etc/passwd", NULL };
	struct stat st0, st1;
	pid_t child;

	snprintf(bin, sizeof(bin), "%s/policy.bin", self->cache);
	ASSERT_EQ(0, write_profile(self, "  /etc/hostname r,\n"));
	ASSERT_EQ(0, stop_main(self));

	/* First start: compiled, cached, in force. */
	ASSERT_LT(0, start(self))
		TH_LOG("%s", pal_read_file(self->err, self->out, sizeof(self->out)) ?
			     "" : self->out);
	EXPECT_EQ(1, err_count(self, loaded(self, "compiled", b, sizeof(b))));
	EXPECT_EQ(0, try(self, "/etc/hostname"));
	EXPECT_EQ(EACCES, pal_run_pid(argv, &child));
	snprintf(pid, sizeof(pid), " pid=%d ", child);
	EXPECT_EQ(0, pal_find_audit(needles, line, sizeof(line)));
	ASSERT_EQ(0, stat(bin, &st0));
	snprintf(b, sizeof(b), "%s/policy.key", self->cache);
	ASSERT_EQ(0, pal_read_file(b, key0, sizeof(key0)));
	EXPECT_EQ(0, stop(self));

	/* Second start, nothing changed: the cache serves, untouched. */
	ASSERT_EQ(0, load_other(self)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, try(self, "/etc/passwd"));
	usleep(20 * 1000);	/* a rewrite would move the mtime */
	ASSERT_LT(0, start(self));
	EXPECT_EQ(1, err_count(self, loaded(self, "cached", b, sizeof(b))));
	EXPECT_EQ(0, err_count(self, loaded(self, "compiled", b, sizeof(b))));
	ASSERT_EQ(0, stat(bin, &st1));
	EXPECT_EQ(st0.st_mtim.tv_sec, st1.st_mtim.tv_sec);
	EXPECT_EQ(st0.st_mtim.tv_nsec, st1.st_mtim.tv_nsec);
	EXPECT_EQ(st0.st_ino, st1.st_ino);
	snprintf(b, sizeof(b), "%s/policy.key", self->cache);
	ASSERT_EQ(0, pal_read_file(b, key1, sizeof(key1)));
	EXPECT_STREQ(key0, key1);
	/* The cached policy is the one in force again. */
	EXPECT_EQ(0, try(self, "/etc/hostname"));
	EXPECT_EQ(EACCES, try(self, "/etc/passwd"));
	EXPECT_EQ(0, stop(self));

	/* An edited profile: recompiled, and the new rule decides. */
	ASSERT_EQ(0, write_profile(self, "  /etc/hostname r,\n  /etc/passwd r,\n"));
	ASSERT_LT(0, start(self));
	EXPECT_EQ(1, err_count(self, loaded(self, "compiled", b, sizeof(b))));
	EXPECT_EQ(0, err_count(self, loaded(self, "cached", b, sizeof(b))));
	ASSERT_EQ(0, stat(bin, &st1));
	EXPECT_NE(st0.st_ino, st1.st_ino);
	snprintf(b, sizeof(b), "%s/policy.key", self->cache);
	ASSERT_EQ(0, pal_read_file(b, key1, sizeof(key1)));
	EXPECT_STRNE(key0, key1);
	EXPECT_EQ(0, try(self, "/etc/passwd"));
	EXPECT_EQ(EACCES, try(self, self->other));
	EXPECT_EQ(0, stop(self));
}

/* Read @path whole into a malloc'd buffer. */
static void *slurp(const char *path, size_t *size)
{
	struct stat st;
	void *buf;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) || !(buf = malloc(st.st_size + 1))) {
		close(fd);
		return NULL;
	}
	*size = read(fd, buf, st.st_size) == st.st_size ? (size_t)st.st_size : 0;
	close(fd);
	return buf;
}

static int spew(const char *path, const void *buf, size_t size)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, buf, size);
	close(fd);
	return n == (ssize_t)size ? 0 : -1;
}

TEST_F_TIMEOUT(daemon, damaged_cache_is_recompiled, 120)
{
	char b[PATH_MAX + 64], bin[PATH_MAX];
	size_t size, size2, off;
	unsigned char *good, *now;
	int round;

	snprintf(bin, sizeof(bin), "%s/policy.bin", self->cache);
	ASSERT_EQ(0, write_profile(self, "  /etc/hostname r,\n"));
	ASSERT_EQ(0, stop_main(self));
	ASSERT_LT(0, start(self));
	EXPECT_EQ(1, err_count(self, loaded(self, "compiled", b, sizeof(b))));
	EXPECT_EQ(0, stop(self));
	good = slurp(bin, &size);
	ASSERT_NE(NULL, good);
	ASSERT_LT((size_t)64, size);

	/*
	 * Round 0 flips one bit in every 64-byte step of the body (one at
	 * a time would be many restarts: any flip must do), round 1 a
	 * single bit in the middle, round 2 cuts the file in half, round 3
	 * renames the profile in its string table (well formed: only the
	 * policy's checksum tells it from the one compiled).  Each time the daemon must compile again, write a good
	 * cache and enforce the profile's rules.
	 */
	for (round = 0; round < 4; round++) {
		now = malloc(size);
		ASSERT_NE(NULL, now);
		memcpy(now, good, size);
		if (round == 0)
			for (off = 64; off < size; off += 64)
				now[off] ^= 0x10;
		else if (round == 1)
			now[size / 2] ^= 0x01;
		else if (round == 3) {
			unsigned char *name = memmem(now, size, "dctl", 4);

			ASSERT_NE(NULL, name);
			name[3] = 'X';
		}
		ASSERT_EQ(0, spew(bin, now, round == 2 ? size / 2 : size));
		free(now);
		ASSERT_EQ(0, load_other(self)) TH_LOG("%s", self->out);
		ASSERT_LT(0, start(self));
		EXPECT_EQ(1, err_count(self, loaded(self, "compiled", b, sizeof(b))))
			TH_LOG("round %d", round);
		EXPECT_EQ(0, err_count(self, loaded(self, "cached", b, sizeof(b))))
			TH_LOG("round %d", round);
		EXPECT_EQ(0, try(self, "/etc/hostname"));
		EXPECT_EQ(EACCES, try(self, "/etc/passwd"));
		EXPECT_EQ(0, pal_palisade(self->out, sizeof(self->out), "mode",
					  "dctl", NULL)) TH_LOG("%s", self->out);
		EXPECT_EQ(0, stop(self));
		now = slurp(bin, &size2);
		ASSERT_NE(NULL, now);
		EXPECT_EQ(size, size2);
		EXPECT_EQ(0, memcmp(good, now, size < size2 ? size : size2))
			TH_LOG("round %d: the rewritten cache differs", round);
		free(now);
	}
	free(good);
}

/* Catch syslog lines at /dev/log (no syslog daemon runs in the VM). */
static int syslog_open(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { 0, 200 * 1000 };
	int fd;

	strcpy(sa.sun_path, "/dev/log");
	if (!access("/dev/log", F_OK))
		return -1;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

/* Wait (up to 5 s) for a syslog line with @needle; its priority, or -1. */
static int syslog_find(int fd, const char *needle, char *buf, size_t len)
{
	int tries, pri;
	ssize_t n;

	for (tries = 0; tries < 25; ) {
		n = recv(fd, buf, len - 1, 0);
		if (n < 0) {
			tries++;
			continue;
		}
		buf[n] = 0;
		if (strstr(buf, needle) && sscanf(buf, "<%d>", &pri) == 1)
			return pri;
	}
	return -1;
}

TEST_F_TIMEOUT(daemon, sighup_reloads_and_keeps_policy_on_error, 120)
{
	char b[PATH_MAX + 64], msg[8192], where[PATH_MAX + 16], ident[32];
	int fd, pri;

	ASSERT_EQ(0, write_profile(self, "  /etc/hostname r,\n"));
	ASSERT_EQ(0, stop_main(self));
	fd = syslog_open();
	ASSERT_LE(0, fd) TH_LOG("/dev/log: a syslog daemon runs");
	self->devlog = 1;
	ASSERT_LT(0, start(self));
	snprintf(ident, sizeof(ident), "palisaded[%d]: ", self->pid);
	EXPECT_EQ(EACCES, try(self, "/etc/passwd"));
	EXPECT_EQ(0, try(self, "/etc/hostname"));

	/* An edit and SIGHUP: the new rule decides. */
	ASSERT_EQ(0, write_profile(self, "  /etc/hostname r,\n  /etc/passwd r,\n"));
	ASSERT_EQ(0, kill(self->pid, SIGHUP));
	EXPECT_EQ(2, err_wait(self, loaded(self, "compiled", b, sizeof(b)), 2));
	EXPECT_EQ(0, try(self, "/etc/passwd"));
	/* The start logged "compiled" too: the reload's line follows this. */
	pri = syslog_find(fd, "SIGHUP: reloading the policy", msg, sizeof(msg));
	EXPECT_EQ(LOG_AUTHPRIV | LOG_NOTICE, pri) TH_LOG("%s", msg);
	pri = syslog_find(fd, loaded(self, "compiled", b, sizeof(b)), msg,
			  sizeof(msg));
	EXPECT_EQ(LOG_AUTHPRIV | LOG_NOTICE, pri) TH_LOG("%s", msg);
	EXPECT_NE(NULL, strstr(msg, ident)) TH_LOG("%s", msg);

	/* A profile with an error (line 3): nothing changes, the error is
	 * logged with its place, to stderr and to syslog. */
	ASSERT_EQ(0, write_profile(self, "  /etc/hostname r,\n  /etc/passwd rq\n"));
	ASSERT_EQ(0, kill(self->pid, SIGHUP));
	EXPECT_EQ(1, err_wait(self, "policy does not compile; the policy in force stays", 1));
	snprintf(where, sizeof(where), "%s:3:", self->profile);
	EXPECT_LE(1, err_count(self, where));
	pri = syslog_find(fd, where, msg, sizeof(msg));
	EXPECT_EQ(LOG_AUTHPRIV | LOG_ERR, pri) TH_LOG("%s", msg);
	EXPECT_NE(NULL, strstr(msg, ident)) TH_LOG("%s", msg);
	pri = syslog_find(fd, "policy does not compile", msg, sizeof(msg));
	EXPECT_EQ(LOG_AUTHPRIV | LOG_ERR, pri) TH_LOG("%s", msg);
	EXPECT_EQ(0, try(self, "/etc/passwd"));
	EXPECT_EQ(0, try(self, "/etc/hostname"));
	EXPECT_EQ(EACCES, try(self, self->other));
	EXPECT_EQ(2, err_count(self, "policy loaded from"));
	/* The daemon lives on. */
	EXPECT_EQ(0, kill(self->pid, 0));
	EXPECT_EQ(0, stop(self));
	close(fd);
	unlink("/dev/log");
	self->devlog = 0;
}

TEST_F_TIMEOUT(daemon, pidfile_sigterm_and_enforcement_stays, 120)
{
	char b[64];
	char pstat[1024], *p;
	pid_t launcher;
	int status, tty, sid, i, e;

	ASSERT_EQ(0, write_profile(self, "  /etc/hostname r,\n"));
	ASSERT_EQ(0, stop_main(self));
	ASSERT_LT(0, start(self));
	EXPECT_EQ(self->pid, read_pid(self->pidf));
	EXPECT_EQ(EACCES, try(self, "/etc/passwd"));

	/* SIGTERM: a clean exit, the pid file removed, enforcement stays. */
	status = stop(self);
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	e = access(self->pidf, F_OK) ? errno : 0;
	EXPECT_EQ(ENOENT, e);
	EXPECT_EQ(EACCES, try(self, "/etc/passwd"));
	EXPECT_EQ(0, try(self, "/etc/hostname"));
	EXPECT_EQ(0, pal_palisade(self->out, sizeof(self->out), "status", NULL))
		TH_LOG("%s", self->out);

	/* Without -f: the launcher returns, the daemon has its own session
	 * and no controlling terminal; the pid file names the daemon. */
	err_clear(self);
	launcher = fork();
	ASSERT_LE(0, launcher);
	if (launcher == 0) {
		int fd = open(self->err, O_WRONLY | O_APPEND);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execl(PALISADED, PALISADED, "-d", self->prof, "-c", self->cache,
		      "-l", PAL_AUDIT_LOG, "-P", self->pidf, (char *)NULL);
		_exit(127);
	}
	ASSERT_EQ(launcher, waitpid(launcher, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	for (i = 0; i < 100 && read_pid(self->pidf) <= 0; i++)
		usleep(50 * 1000);
	self->pid = read_pid(self->pidf);
	ASSERT_LT(0, self->pid);
	EXPECT_NE(launcher, self->pid);
	snprintf(b, sizeof(b), "/proc/%d/stat", self->pid);
	ASSERT_EQ(0, pal_read_file(b, pstat, sizeof(pstat)));
	p = strrchr(pstat, ')');
	ASSERT_NE(NULL, p);
	/* ") S ppid pgrp session tty_nr" */
	ASSERT_EQ(2, sscanf(p + 2, "%*c %*d %*d %d %d", &sid, &tty)) TH_LOG("%s", pstat);
	EXPECT_EQ(0, tty);
	EXPECT_NE(getsid(0), sid);
	EXPECT_EQ(EACCES, try(self, "/etc/passwd"));
	status = stop(self);
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_NE(0, access(self->pidf, F_OK));
	EXPECT_EQ(EACCES, try(self, "/etc/passwd"));
}

/* `PROG listen` with its port read back: it listens when this returns;
 * -1, or minus its exit status when it could not listen. */
static int listener(struct pal_waiter *w, const char *prog)
{
	int in[2], out[2];
	char buf[16];
	ssize_t n;

	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC))
		return -1;
	w->pid = fork();
	if (w->pid < 0)
		return -1;
	if (w->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		execl(prog, prog, "listen", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	w->in = in[1];
	n = read(out[0], buf, sizeof(buf) - 1);
	close(out[0]);
	if (n <= 0) {
		int status = 0;

		close(w->in);
		waitpid(w->pid, &status, 0);
		return WIFEXITED(status) ? -WEXITSTATUS(status) : -1;
	}
	buf[n] = 0;
	return atoi(buf);
}

TEST_F(daemon, unconfined_lists_listening_unconfined_only)
{
	char text[PATH_MAX + 128], key[64];
	struct pal_waiter conf, unconf;

	snprintf(text, sizeof(text),
		 "profile dctl %s {\n  network inet stream,\n}\n", self->confined);
	ASSERT_EQ(0, pal_write_file(self->profile, text));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "load",
				  self->profile, NULL)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_loopback_up());
	ASSERT_LT(0, listener(&unconf, PAL_TRY));
	ASSERT_LT(0, listener(&conf, self->confined));

	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "unconfined",
				  NULL)) TH_LOG("%s", self->out);
	snprintf(key, sizeof(key), "%d %s not confined (tcp)\n", unconf.pid, PAL_TRY);
	EXPECT_NE(NULL, strstr(self->out, key)) TH_LOG("%s", self->out);
	snprintf(key, sizeof(key), "%d ", conf.pid);
	EXPECT_EQ(NULL, strstr(self->out, key)) TH_LOG("%s", self->out);

	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "--json",
				  "unconfined", NULL)) TH_LOG("%s", self->out);
	snprintf(key, sizeof(key), "{\"pid\":%d,", unconf.pid);
	EXPECT_NE(NULL, strstr(self->out, key)) TH_LOG("%s", self->out);
	snprintf(key, sizeof(key), "{\"pid\":%d,", conf.pid);
	EXPECT_EQ(NULL, strstr(self->out, key)) TH_LOG("%s", self->out);
	/* The confined one does listen: it was refused nothing. */
	pal_waiter_stop(&unconf);
	EXPECT_EQ(0, WEXITSTATUS(pal_waiter_stop(&conf)));
}

/* Unpin everything under the pin directory: the programs detach. */
static int unpin(const char *dir, int depth)
{
	char path[PATH_MAX];
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(dir);

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!lstat(path, &st) && S_ISDIR(st.st_mode) && depth < 4)
			unpin(path, depth + 1);
		else if (unlink(path))
			return -1;
	}
	closedir(d);
	return rmdir(dir);
}

/*
 * Programs loaded and no policy: a fresh pin directory and an empty
 * profile directory, as on a first boot before any profile is installed.
 * `palisade status` exits 2; a profile and SIGHUP bring it to 0.
 */
TEST_F_TIMEOUT(daemon, status_2_without_policy, 180)
{
	char b[PATH_MAX + 64];

	ASSERT_EQ(0, stop_main(self));
	ASSERT_EQ(0, unpin(PIN_DIR, 0)) TH_LOG("%s", strerror(errno));
	ASSERT_LT(0, start(self))
		TH_LOG("%s", pal_read_file(self->err, self->out, sizeof(self->out)) ?
			     "" : self->out);
	EXPECT_EQ(0, err_count(self, "policy loaded from"));
	EXPECT_EQ(2, pal_palisade(self->out, sizeof(self->out), "status", NULL))
		TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "no policy loaded\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(2, pal_palisade(self->out, sizeof(self->out), "--json",
				  "status", NULL));
	EXPECT_NE(NULL, strstr(self->out, "\"policy_loaded\":false"))
		TH_LOG("%s", self->out);
	EXPECT_EQ(0, try(self, "/etc/passwd"));

	ASSERT_EQ(0, write_profile(self, "  /etc/hostname r,\n"));
	ASSERT_EQ(0, kill(self->pid, SIGHUP));
	EXPECT_EQ(1, err_wait(self, loaded(self, "compiled", b, sizeof(b)), 1));
	EXPECT_EQ(0, pal_palisade(self->out, sizeof(self->out), "status", NULL))
		TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, try(self, "/etc/passwd"));
	EXPECT_EQ(0, try(self, "/etc/hostname"));
	EXPECT_EQ(0, stop(self));
}

TEST_HARNESS_MAIN
