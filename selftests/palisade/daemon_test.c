// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: Debian's real daemons under the shipped profiles
 * (profiles/, installed as /etc/palisade), in enforce mode.  Each daemon
 * must do its job with no denial logged, and a scripted attack through it
 * (reading /etc/shadow from a command it runs, writing outside its
 * directories, running a shell where it may run none) must be refused with
 * EACCES and logged.  The daemons and their libraries come from the image
 * overlay tools/vm/mkdaemonroot builds (make check-daemons); without them
 * every test skips.
 *
 * Called as pal_probe, this program is the command the daemons run:
 *   pal_probe hello          print "pal_probe ok uid=N"
 *   pal_probe read PATH      open PATH for reading
 *   pal_probe write PATH     open PATH for writing (created)
 *   pal_probe exec PATH      exec PATH -c true
 * each printing "OP PATH: ERRNO" (0 on success) and exiting with it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <libgen.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "common.h"
/* TEST_F_TIMEOUT's wrapper keeps a pid across the harness's setjmp; gcc
 * warns about it although the harness never longjmps past the fork. */
#pragma GCC diagnostic ignored "-Wclobbered"
#include "kselftest_harness.h"

#define PROFILES	"/etc/palisade"
#define ACCOUNTS	"/usr/lib/palisade/daemons"
#define PROBE		"/usr/local/bin/pal_probe"
#define PAM_PERMIT	"/lib/x86_64-linux-gnu/security/pam_permit.so"
#define LIBCRYPTO	"/usr/lib/x86_64-linux-gnu/libcrypto.so.3"
#define LDSO		"/lib64/ld-linux-x86-64.so.2"

static int probe_main(int argc, char **argv)
{
	const char *op = argc > 1 ? argv[1] : "", *path = argc > 2 ? argv[2] : "";
	int err = 0, fd;

	if (!strcmp(op, "hello")) {
		printf("pal_probe ok uid=%d\n", (int)getuid());
		return 0;
	}
	if (!strcmp(op, "read") || !strcmp(op, "write")) {
		fd = open(path, op[0] == 'r' ? O_RDONLY : O_WRONLY | O_CREAT, 0600);
		err = fd < 0 ? errno : 0;
		if (fd >= 0)
			close(fd);
	} else if (!strcmp(op, "exec")) {
		fflush(stdout);
		execl(path, path, "-c", "true", (char *)NULL);
		err = errno;
	} else {
		fprintf(stderr, "pal_probe: unknown operation '%s'\n", op);
		return 255;
	}
	printf("%s %s: %d\n", op, path, err);
	return err;
}

/* ---- helpers --------------------------------------------------------- */

/* Append the lines of ACCOUNTS/NAME to /etc/NAME once. */
static int add_accounts(const char *name)
{
	char from[PATH_MAX], to[PATH_MAX], line[512], cur[65536];
	FILE *in, *out;
	int fd;
	ssize_t n;

	snprintf(from, sizeof(from), ACCOUNTS "/%s", name);
	snprintf(to, sizeof(to), "/etc/%s", name);
	fd = open(to, O_RDONLY | O_CREAT, 0644);
	if (fd < 0)
		return -errno;
	n = read(fd, cur, sizeof(cur) - 1);
	close(fd);
	cur[n > 0 ? n : 0] = 0;
	in = fopen(from, "r");
	out = fopen(to, "a");
	if (!in || !out)
		return -ENOENT;
	while (fgets(line, sizeof(line), in)) {
		char key[128];

		snprintf(key, sizeof(key), "%.*s", (int)strcspn(line, ":") + 1, line);
		if (!strstr(cur, key))
			fputs(line, out);
	}
	fclose(in);
	fclose(out);
	return 0;
}

static int sh(const char *cmd)
{
	const char *argv[] = { "/bin/sh", "-c", cmd, NULL };

	return pal_run(argv);
}

static int sh_capture(const char *cmd, char *out, size_t len)
{
	const char *argv[] = { "/bin/sh", "-c", cmd, NULL };

	return pal_run_capture(argv, out, len);
}

/* One-time set-up of the image: accounts, loopback, run-time dirs. */
static int image_ready(void)
{
	static int done;

	if (done)
		return 0;
	if (access("/usr/sbin/sshd", X_OK))
		return -ENOENT;
	if (add_accounts("passwd") || add_accounts("group") ||
	    add_accounts("shadow"))
		return -EIO;
	if (sh("chmod 0640 /etc/shadow && chown 0:42 /etc/shadow && "
	       "chown -R 1000:1000 /home/alice && chown -R 1001:1001 /home/bob && "
	       "chmod 0755 /home/alice /root && ip link set lo up && "
	       "{ [ -e /var/run ] || ln -s /run /var/run; } && "
	       "mkdir -p /run/sshd /run/vsftpd/empty /run/chrony /var/log && "
	       "chmod 0755 /run/sshd && chown 102:102 /run/chrony /var/lib/chrony && "
	       "chmod 0750 /run/chrony && mkdir -p " PROFILES "/local"))
		return -EIO;
	done = 1;
	return 0;
}

/* Load every daemon profile (with whatever local/ files the test wrote). */
static int load_profiles(char *out, size_t len)
{
	return pal_palisade(out, len, "load", "-I", PROFILES,
			    PROFILES "/sshd", PROFILES "/cron",
			    PROFILES "/rsyslogd", PROFILES "/vsftpd",
			    PROFILES "/inetd", PROFILES "/chronyd", NULL);
}

static int set_local(const char *name, const char *text)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), PROFILES "/local/%s", name);
	if (!text)
		return unlink(path) && errno != ENOENT ? -errno : 0;
	return pal_write_file(path, text);
}

/* Audit lines of @verdict for profile @prof (a prefix: "sshd" also counts
 * sshd//session). */
static int audit_count(const char *verdict, const char *prof)
{
	char v[64], p[128];
	const char *needles[] = { v, p, NULL };

	snprintf(v, sizeof(v), "apparmor=\"%s\"", verdict);
	snprintf(p, sizeof(p), "profile=\"%s", prof);
	return pal_count_audit_all(needles);
}

/* Wait for an audit DENIED line of @prof naming @name (and @op if set),
 * with the errno the call got: EACCES (-13) for every file and exec
 * denial. */
static int denied_logged(const char *prof, const char *name, const char *op)
{
	char p[128], n[PATH_MAX + 16], o[64], e[32], line[16384];
	const char *needles[] = { "apparmor=\"DENIED\"", p, n, e, op ? o : NULL, NULL };

	snprintf(e, sizeof(e), " error=-%d", EACCES);

	snprintf(p, sizeof(p), "profile=\"%s\"", prof);
	snprintf(n, sizeof(n), " name=\"%s\"", name);
	snprintf(o, sizeof(o), "operation=\"%s\"", op ? op : "");
	return pal_find_audit(needles, line, sizeof(line));
}

/* The output file of the daemon spawn() started last, for the report. */
static const char *spawn_log;

/*
 * Daemons started by a test whose ASSERT failed outlive it (the harness
 * then skips the teardown): spawn() lists every daemon in SPAWNED and the
 * next set-up stops whichever still runs.
 */
#define SPAWNED		"/run/daemon_test.pids"

static void stop_leftovers(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	FILE *f = fopen(SPAWNED, "r");
	int pid, i;

	if (!f)
		return;
	while (fscanf(f, "%d", &pid) == 1) {
		if (pid <= 1 || kill(pid, SIGTERM))
			continue;
		for (i = 0; i < 100 && !kill(pid, 0); i++)
			nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
	}
	fclose(f);
	unlink(SPAWNED);
}

static pid_t spawn(const char *const argv[], const char *logfile)
{
	pid_t pid = fork();
	FILE *f;

	spawn_log = logfile;
	if (pid > 0) {
		f = fopen(SPAWNED, "a");
		if (f) {
			fprintf(f, "%d\n", (int)pid);
			fclose(f);
		}
	}
	if (pid == 0) {
		int fd = open(logfile, O_WRONLY | O_CREAT | O_APPEND, 0644);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		setsid();
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	return pid;
}

static void stop(pid_t *pid)
{
	if (*pid > 0) {
		kill(*pid, SIGTERM);
		waitpid(*pid, NULL, 0);
		*pid = 0;
	}
}

/* Wait up to @secs for a TCP listener on 127.0.0.1:@port. */
static int wait_tcp(int port, int secs)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	int i, fd, ok;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (i = 0; i < secs * 10; i++) {
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		ok = fd >= 0 && !connect(fd, (struct sockaddr *)&a, sizeof(a));
		if (fd >= 0)
			close(fd);
		if (ok)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -ETIMEDOUT;
}

static int wait_path(const char *path, int secs)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	int i;

	for (i = 0; i < secs * 10; i++) {
		if (!access(path, F_OK))
			return 0;
		nanosleep(&ts, NULL);
	}
	return -ETIMEDOUT;
}

/* Wait up to @secs for @file to contain @needle. */
static int wait_content(const char *file, const char *needle, int secs)
{
	char buf[65536];
	struct timespec ts = { 0, 200 * 1000 * 1000 };
	int i, fd;
	ssize_t n;

	for (i = 0; i < secs * 5; i++) {
		fd = open(file, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			n = read(fd, buf, sizeof(buf) - 1);
			close(fd);
			buf[n > 0 ? n : 0] = 0;
			if (strstr(buf, needle))
				return 0;
		}
		nanosleep(&ts, NULL);
	}
	return -ETIMEDOUT;
}

/*
 * The DENIED lines in the audit log once the events of what just ran have
 * been drained: palisaded writes them shortly after the denial, so a "no
 * new denial" check first gives it a second.
 */
static int settled_denials(void)
{
	sleep(1);
	return audit_count("DENIED", "");
}

/*
 * Mark each of @progs (a space-separated list of programs and the modules
 * they dlopen), the loader and every library the loader resolves for them
 * as program-controlled (+p).  At authority level daemon an identity switch
 * needs a clean address space: every file the process has mapped
 * executable must carry the mark.
 */
static int mark_clean(const char *progs, char *out, size_t len)
{
	char cmd[2048];

	snprintf(cmd, sizeof(cmd),
		 "set -e; libs=$(for p in %s; do %s --list $p; done | "
		 "awk '$2 == \"=>\" && $3 ~ /^\\// {print $3}' | sort -u); "
		 "palisade extattr +p %s %s $libs",
		 progs, LDSO, LDSO, progs);
	return sh_capture(cmd, out, len);
}

/* Wait up to @secs for an audit line with every one of @needles. */
static int audit_wait(const char *const needles[], int secs)
{
	char line[8192];
	int i;

	for (i = 0; i < secs; i += 5)
		if (!pal_find_audit(needles, line, sizeof(line)))
			return 0;
	return -ETIMEDOUT;
}

static int set_authority(const char *level, char *out, size_t len)
{
	return pal_palisade(out, len, "authority", level, NULL);
}

static void clean_local(void)
{
	static const char *const names[] = { "sshd", "cron", "inetd",
		"inetd.service", "rsyslogd", "chronyd", "vsftpd", NULL };
	int i;

	for (i = 0; names[i]; i++)
		set_local(names[i], NULL);
}

static long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : (long)st.st_size;
}

/*
 * Print the lines of @path from offset @from that contain @needle (all of
 * them if NULL), prefixed for the TAP stream: the denials a test caused,
 * the daemon's own complaints.
 */
static void print_since(const char *path, long from, const char *needle,
			const char *prefix)
{
	char line[4096];
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	if (from > 0)
		fseek(f, from, SEEK_SET);
	while (fgets(line, sizeof(line), f))
		if (!needle || strstr(line, needle))
			printf("# %s: %s%s", prefix, line,
			       strchr(line, '\n') ? "" : "\n");
	fclose(f);
}

/* ---- fixture ---------------------------------------------------------- */

FIXTURE(daemon) {
	pid_t pid;
	pid_t syslog_pid;
	int denied0;
	long audit_from;
	char out[16384];
};

FIXTURE_SETUP(daemon)
{
	int ret = image_ready();

	if (ret == -ENOENT)
		SKIP(return, "no daemons in this image (make check-daemons)");
	ASSERT_EQ(0, ret);
	self->pid = 0;
	self->syslog_pid = 0;
	/* A failed assertion skips the teardown: start from the shipped
	 * profiles and no leftovers of an earlier test. */
	stop_leftovers();
	clean_local();
	sh("rm -f /etc/cron.d/palisade /etc/cron.d/palisade-alice /etc/rsyslog.d/attack.conf "
	   "/etc/chrony/attack.conf /etc/sshd-was-here /usr/bin/planted "
	   "/etc/chronyd-was-here.pid /etc/rsyslog-was-here /var/spool/drop/up; "
	   "chmod 0640 /etc/shadow");
	set_authority("unix", self->out, sizeof(self->out));
	self->denied0 = settled_denials();
	self->audit_from = file_size(PAL_AUDIT_LOG);
	spawn_log = NULL;
}

FIXTURE_TEARDOWN(daemon)
{
	stop(&self->pid);
	stop(&self->syslog_pid);
	clean_local();
	/* Every denial the test caused (the attacks' are expected), and on
	 * failure what the daemon said. */
	print_since(PAL_AUDIT_LOG, self->audit_from, "apparmor=\"DENIED\"", "audit");
	if (_metadata->exit_code == KSFT_FAIL && spawn_log)
		print_since(spawn_log, 0, NULL, spawn_log);
	fflush(stdout);
}

#define SSH "/usr/bin/ssh -i /root/.ssh/id_ed25519 -o BatchMode=yes " \
	"-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null " \
	"-o LogLevel=ERROR "

static void start_sshd(struct __test_metadata *_metadata, pid_t *pid)
{
	const char *argv[] = { "/usr/sbin/sshd", "-D", "-e", NULL };

	*pid = spawn(argv, "/var/log/sshd.out");
	ASSERT_LT(0, *pid);
	ASSERT_EQ(0, wait_tcp(22, 30));
}

TEST_F_TIMEOUT(daemon, sshd_key_login_runs_command_as_alice, 120)
{
	ASSERT_EQ(0, load_profiles(self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	start_sshd(_metadata, &self->pid);
	EXPECT_EQ(0, sh_capture(SSH "alice@127.0.0.1 'id -un; id -u'",
				self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	EXPECT_STREQ("alice\n1000\n", self->out);
	EXPECT_EQ(self->denied0, settled_denials());
}

/* A key login as root: DAC lets root read anything, the session profile
 * must not. */
TEST_F_TIMEOUT(daemon, sshd_session_attack_denied, 120)
{
	ASSERT_EQ(0, load_profiles(self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	start_sshd(_metadata, &self->pid);
	sh_capture(SSH "root@127.0.0.1 'cat /etc/shadow; echo rc=$?; "
		   "echo x > /etc/sshd-was-here; echo rc=$?; "
		   "echo x > /usr/bin/planted; echo rc=$?'",
		   self->out, sizeof(self->out));
	EXPECT_EQ(NULL, strstr(self->out, "root:")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "/etc/shadow")) TH_LOG("%s", self->out);
	/* Each refusal is the shell's or cat's strerror(EACCES). */
	EXPECT_NE(NULL, strstr(self->out, strerror(EACCES))) TH_LOG("%s", self->out);
	EXPECT_EQ(NULL, strstr(self->out, "rc=0")) TH_LOG("%s", self->out);
	EXPECT_EQ(-1, access("/etc/sshd-was-here", F_OK));
	EXPECT_EQ(-1, access("/usr/bin/planted", F_OK));
	EXPECT_EQ(0, denied_logged("sshd//session", "/etc/shadow", "open"));
	EXPECT_EQ(0, denied_logged("sshd//session", "/etc/sshd-was-here", NULL));
	EXPECT_EQ(0, denied_logged("sshd//session", "/usr/bin/planted", NULL));
}

/*
 * Authority level daemon: sshd's profile grants `daemon,` (local/sshd
 * includes authority/sshd) and every file it maps is marked +p, so the
 * login still switches to alice.  With one library unmarked (libcrypto)
 * sshd's address space is not clean and the switch is refused.
 */
TEST_F_TIMEOUT(daemon, sshd_at_authority_daemon, 120)
{
	const char *dirty[] = { "apparmor=\"AUDIT\"", "operation=\"clean\"",
				"profile=\"sshd\"", "name=\"" LIBCRYPTO "\"",
				"info=\"not clean\"", NULL };
	const char *refused[] = { "apparmor=\"DENIED\"", "profile=\"sshd\"",
				  "info=\"not clean\"", "error=-1", NULL };
	char msg[4096];
	int denied;

	ASSERT_EQ(0, set_local("sshd", "include <authority/sshd>\n"));
	ASSERT_EQ(0, mark_clean("/usr/sbin/sshd", msg, sizeof(msg))) TH_LOG("%s", msg);
	ASSERT_EQ(0, pal_palisade(msg, sizeof(msg), "extattr", "-p", LIBCRYPTO, NULL)) TH_LOG("%s", msg);
	ASSERT_EQ(0, load_profiles(self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	ASSERT_EQ(0, set_authority("daemon", msg, sizeof(msg))) TH_LOG("%s", msg);
	start_sshd(_metadata, &self->pid);
	EXPECT_NE(0, sh_capture(SSH "alice@127.0.0.1 'id -un'",
				self->out, sizeof(self->out)));
	EXPECT_EQ(0, audit_wait(dirty, 5));
	EXPECT_EQ(0, audit_wait(refused, 5));
	stop(&self->pid);

	denied = settled_denials();
	ASSERT_EQ(0, set_authority("unix", msg, sizeof(msg))) TH_LOG("%s", msg);
	ASSERT_EQ(0, mark_clean(LIBCRYPTO, msg, sizeof(msg))) TH_LOG("%s", msg);
	ASSERT_EQ(0, set_authority("daemon", msg, sizeof(msg))) TH_LOG("%s", msg);
	start_sshd(_metadata, &self->pid);
	EXPECT_EQ(0, sh_capture(SSH "alice@127.0.0.1 'id -un'",
				self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	EXPECT_STREQ("alice\n", self->out);
	EXPECT_EQ(denied, settled_denials());
	EXPECT_EQ(0, set_authority("unix", msg, sizeof(msg))) TH_LOG("%s", msg);
}

/* cron's granularity is a minute: one crontab holds the job and the
 * attacks, and the test waits for the next minute to pass. */
#define CRONTAB \
	"* * * * * root " PROBE " hello >> /var/log/pal-cron.log 2>&1\n" \
	"* * * * * root " PROBE " read /etc/shadow >> /var/log/pal-cron.log 2>&1\n" \
	"* * * * * root " PROBE " write /etc/cron-was-here >> /var/log/pal-cron.log 2>&1\n"

/*
 * cron starts jobs when the minute turns.  Rather than wait up to a minute,
 * step the VM's clock forward (by less than a minute) to 52 s past the
 * minute before cron starts: cron never sees the clock move, and its first
 * minute ends about 8 s later.  Nothing in the tests measures wall time.
 */
static int clock_to_minute_end(void)
{
	struct timespec now;
	time_t target;

	if (clock_gettime(CLOCK_REALTIME, &now))
		return -errno;
	target = now.tv_sec - now.tv_sec % 60 + 52;
	if (target <= now.tv_sec)
		target += 60;
	now.tv_sec = target;
	now.tv_nsec = 0;
	return clock_settime(CLOCK_REALTIME, &now) ? -errno : 0;
}

static void start_rsyslogd(struct __test_metadata *_metadata, pid_t *pid);

/* cron logs what it does (and why it skips a crontab) to syslog: run
 * rsyslogd, under its own profile, next to it. */
static void cron_run(struct __test_metadata *_metadata, FIXTURE_DATA(daemon) *self)
{
	const char *argv[] = { "/usr/sbin/cron", "-f", NULL };
	pid_t *pid = &self->pid;

	start_rsyslogd(_metadata, &self->syslog_pid);
	unlink("/var/log/pal-cron.log");
	ASSERT_EQ(0, pal_write_file("/etc/cron.d/palisade", CRONTAB));
	ASSERT_EQ(0, clock_to_minute_end());
	*pid = spawn(argv, "/var/log/cron.out");
	ASSERT_LT(0, *pid);
	if (wait_content("/var/log/pal-cron.log", "pal_probe ok uid=0", 30)) {
		/* What cron said about it (a failed ASSERT skips the teardown
		 * that would print it). */
		print_since("/var/log/syslog", 0, "cron", "syslog");
		print_since("/var/log/cron.out", 0, NULL, "cron");
		ASSERT_TRUE(0) TH_LOG("no cron job ran");
	}
	ASSERT_EQ(0, wait_content("/var/log/pal-cron.log", "write /etc/cron-was-here:", 10));
	ASSERT_EQ(0, wait_content("/var/log/pal-cron.log", "read /etc/shadow:", 10));
}

TEST_F_TIMEOUT(daemon, cron_runs_job_attacks_denied, 150)
{
	char want[64];

	ASSERT_EQ(0, load_profiles(self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	cron_run(_metadata, self);
	snprintf(want, sizeof(want), "read /etc/shadow: %d", EACCES);
	EXPECT_EQ(0, wait_content("/var/log/pal-cron.log", want, 1));
	snprintf(want, sizeof(want), "write /etc/cron-was-here: %d", EACCES);
	EXPECT_EQ(0, wait_content("/var/log/pal-cron.log", want, 1));
	EXPECT_EQ(0, denied_logged("cron//job", "/etc/shadow", "open"));
	EXPECT_EQ(0, denied_logged("cron//job", "/etc/cron-was-here", NULL));
	/* Those two, and nothing else. */
	EXPECT_EQ(self->denied0 + 2, settled_denials());
	unlink("/etc/cron.d/palisade");
}

/* A job of alice's: cron must switch to uid 1000 to run it. */
#define CRON_ALICE \
	"* * * * * alice " PROBE " hello >> /tmp/pal-cron-alice.log 2>&1\n"

/*
 * Authority level daemon: cron's profile grants `daemon,` (local/cron
 * includes authority/cron), and its address space must be clean when it
 * switches to a job's user.  cron dlopens the PAM modules of its stack for
 * every job: with pam_permit.so unmarked the switch to alice is refused
 * ("not clean", naming the module); with it marked alice's job runs.
 */
TEST_F_TIMEOUT(daemon, cron_at_authority_daemon, 150)
{
	const char *argv[] = { "/usr/sbin/cron", "-f", NULL };
	/* The load that made cron dirty, then the refused switch (its first
	 * one, setgid, in the forked job runner). */
	const char *dirty[] = { "apparmor=\"AUDIT\"", "operation=\"clean\"",
				"profile=\"cron\"", "name=\"" PAM_PERMIT "\"",
				"info=\"not clean\"", NULL };
	const char *refused[] = { "apparmor=\"DENIED\"", "operation=\"setgid\"",
				  "profile=\"cron\"", "info=\"not clean\"",
				  "error=-1", NULL };
	char msg[4096];
	int denied;

	ASSERT_EQ(0, set_local("cron", "include <authority/cron>\n"));
	ASSERT_EQ(0, mark_clean("/usr/sbin/cron " PAM_PERMIT, msg, sizeof(msg))) TH_LOG("%s", msg);
	ASSERT_EQ(0, pal_palisade(msg, sizeof(msg), "extattr", "-p", PAM_PERMIT, NULL)) TH_LOG("%s", msg);
	ASSERT_EQ(0, load_profiles(self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	ASSERT_EQ(0, set_authority("daemon", msg, sizeof(msg))) TH_LOG("%s", msg);

	unlink("/tmp/pal-cron-alice.log");
	ASSERT_EQ(0, pal_write_file("/etc/cron.d/palisade-alice", CRON_ALICE));
	ASSERT_EQ(0, clock_to_minute_end());
	self->pid = spawn(argv, "/var/log/cron.out");
	ASSERT_LT(0, self->pid);
	EXPECT_EQ(0, audit_wait(refused, 30));
	EXPECT_EQ(0, audit_wait(dirty, 5));
	stop(&self->pid);
	if (_metadata->exit_code == KSFT_FAIL)
		print_since(PAL_AUDIT_LOG, self->audit_from, NULL, "audit");
	EXPECT_EQ(-1, access("/tmp/pal-cron-alice.log", F_OK));

	/* Marks are set by the administrator at level unix (at level daemon
	 * only a profile granting progctl may set them). */
	denied = settled_denials();
	ASSERT_EQ(0, set_authority("unix", msg, sizeof(msg))) TH_LOG("%s", msg);
	ASSERT_EQ(0, mark_clean(PAM_PERMIT, msg, sizeof(msg))) TH_LOG("%s", msg);
	ASSERT_EQ(0, set_authority("daemon", msg, sizeof(msg))) TH_LOG("%s", msg);
	cron_run(_metadata, self);
	EXPECT_EQ(0, wait_content("/tmp/pal-cron-alice.log", "pal_probe ok uid=1000", 10));
	EXPECT_EQ(denied + 2, settled_denials());
	EXPECT_EQ(0, set_authority("unix", msg, sizeof(msg))) TH_LOG("%s", msg);
	unlink("/etc/cron.d/palisade");
	unlink("/etc/cron.d/palisade-alice");
}

static void start_rsyslogd(struct __test_metadata *_metadata, pid_t *pid)
{
	const char *argv[] = { "/usr/sbin/rsyslogd", "-n", "-f",
			       "/etc/rsyslog.conf", "-i", "/run/rsyslogd.pid", NULL };

	unlink("/dev/log");
	*pid = spawn(argv, "/var/log/rsyslogd.out");
	ASSERT_LT(0, *pid);
	ASSERT_EQ(0, wait_path("/dev/log", 30));
}

TEST_F_TIMEOUT(daemon, rsyslogd_writes_logger_line, 60)
{
	char cmd[128], tag[64];

	ASSERT_EQ(0, load_profiles(self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	start_rsyslogd(_metadata, &self->pid);
	snprintf(tag, sizeof(tag), "palisade-%d", getpid());
	snprintf(cmd, sizeof(cmd), "logger -t paltest %s", tag);
	ASSERT_EQ(0, sh(cmd));
	EXPECT_EQ(0, wait_content("/var/log/syslog", tag, 20));
	EXPECT_EQ(self->denied0, settled_denials());
}

/* A hostile configuration: read /etc/shadow as an input file, write a log
 * into /etc, pipe messages into a shell. */
TEST_F_TIMEOUT(daemon, rsyslogd_hostile_config_denied, 60)
{
	ASSERT_EQ(0, pal_write_file("/etc/rsyslog.d/attack.conf",
		"module(load=\"imfile\")\n"
		"input(type=\"imfile\" File=\"/etc/shadow\" Tag=\"stolen\")\n"
		"module(load=\"omprog\")\n"
		"*.* action(type=\"omprog\" binary=\"/bin/sh -c cat\")\n"
		"*.* action(type=\"omfile\" file=\"/etc/rsyslog-was-here\")\n"));
	ASSERT_EQ(0, load_profiles(self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	start_rsyslogd(_metadata, &self->pid);
	ASSERT_EQ(0, sh("logger -t paltest attack"));
	EXPECT_EQ(0, wait_content("/var/log/syslog", "attack", 20));
	EXPECT_EQ(0, denied_logged("rsyslogd", "/etc/shadow", "open"));
	EXPECT_EQ(0, denied_logged("rsyslogd", "/bin/busybox", "exec"));
	EXPECT_EQ(0, denied_logged("rsyslogd", "/etc/rsyslog-was-here", NULL));
	EXPECT_EQ(-1, access("/etc/rsyslog-was-here", F_OK));
	unlink("/etc/rsyslog.d/attack.conf");
}

static void start_vsftpd(struct __test_metadata *_metadata, pid_t *pid,
			 const char *conf)
{
	const char *argv[] = { "/usr/sbin/vsftpd", conf, NULL };

	*pid = spawn(argv, "/var/log/vsftpd.out");
	ASSERT_LT(0, *pid);
	ASSERT_EQ(0, wait_tcp(21, 30));
}

TEST_F_TIMEOUT(daemon, vsftpd_serves_file, 60)
{
	ASSERT_EQ(0, load_profiles(self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	start_vsftpd(_metadata, &self->pid, "/etc/vsftpd.conf");
	unlink("/tmp/ftp-got");
	EXPECT_EQ(0, sh("ftpget -u anonymous -p pal 127.0.0.1 /tmp/ftp-got pub/hello.txt"));
	EXPECT_EQ(0, wait_content("/tmp/ftp-got", "palisade ftp payload", 1));
	EXPECT_EQ(self->denied0, settled_denials());
}

/* A configuration that exports / with anonymous uploads, on a system whose
 * file modes would let both through: the profile must not. */
TEST_F_TIMEOUT(daemon, vsftpd_exported_root_denied, 60)
{
	ASSERT_EQ(0, sh("sed -e 's|^anon_root=.*|anon_root=/|' "
			"-e 's|^write_enable=.*|write_enable=YES|' /etc/vsftpd.conf "
			"> /etc/vsftpd-open.conf && "
			"printf 'anon_upload_enable=YES\\nanon_umask=022\\n' >> /etc/vsftpd-open.conf && "
			"mkdir -p /var/spool/drop && chmod 0777 /var/spool/drop && "
			"chmod 0644 /etc/shadow"));
	ASSERT_EQ(0, load_profiles(self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	start_vsftpd(_metadata, &self->pid, "/etc/vsftpd-open.conf");
	EXPECT_NE(0, sh("ftpget -u anonymous -p pal 127.0.0.1 /tmp/ftp-shadow etc/shadow"));
	EXPECT_NE(0, sh("echo x > /tmp/up && ftpput -u anonymous -p pal 127.0.0.1 "
			"var/spool/drop/up /tmp/up"));
	EXPECT_EQ(0, denied_logged("vsftpd", "/etc/shadow", "open"));
	EXPECT_EQ(0, denied_logged("vsftpd", "/var/spool/drop/up", NULL));
	EXPECT_EQ(-1, access("/var/spool/drop/up", F_OK));
	sh("chmod 0640 /etc/shadow");
}

#define INETD_CONF \
	"palhello stream tcp nowait root " PROBE " pal_probe hello\n" \
	"palsteal stream tcp nowait root " PROBE " pal_probe read /etc/shadow\n" \
	"palshell stream tcp nowait root /bin/sh sh -c id\n"

TEST_F_TIMEOUT(daemon, inetd_spawns_service_attacks_denied, 60)
{
	const char *argv[] = { "/usr/sbin/inetd", "-i", "/etc/inetd.conf", NULL };
	char want[64];

	ASSERT_EQ(0, pal_write_file("/etc/inetd.conf", INETD_CONF));
	ASSERT_EQ(0, set_local("inetd", PROBE " Cx -> service,\n"));
	ASSERT_EQ(0, set_local("inetd.service", PROBE " mr,\n"));
	ASSERT_EQ(0, load_profiles(self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	self->pid = spawn(argv, "/var/log/inetd.out");
	ASSERT_LT(0, self->pid);
	ASSERT_EQ(0, wait_tcp(7001, 30));

	EXPECT_EQ(0, sh_capture("nc 127.0.0.1 7001 < /dev/null", self->out, sizeof(self->out)));
	EXPECT_STREQ("pal_probe ok uid=0\n", self->out);
	EXPECT_EQ(self->denied0, settled_denials());

	sh_capture("nc 127.0.0.1 7002 < /dev/null", self->out, sizeof(self->out));
	snprintf(want, sizeof(want), "read /etc/shadow: %d\n", EACCES);
	EXPECT_STREQ(want, self->out);
	EXPECT_EQ(0, denied_logged("inetd//service", "/etc/shadow", "open"));

	sh_capture("nc 127.0.0.1 7003 < /dev/null", self->out, sizeof(self->out));
	EXPECT_EQ(NULL, strstr(self->out, "uid=")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, denied_logged("inetd", "/bin/busybox", "exec"));
	set_local("inetd.service", NULL);
}

static void start_chronyd(struct __test_metadata *_metadata, pid_t *pid,
			  const char *conf)
{
	const char *argv[] = { "/usr/sbin/chronyd", "-d", "-x", "-u", "_chrony",
			       "-f", conf, NULL };

	unlink("/run/chrony/chronyd.sock");
	*pid = spawn(argv, "/var/log/chronyd.out");
	ASSERT_LT(0, *pid);
}

TEST_F_TIMEOUT(daemon, chronyd_answers_chronyc, 60)
{
	ASSERT_EQ(0, load_profiles(self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	start_chronyd(_metadata, &self->pid, "/etc/chrony/chrony.conf");
	ASSERT_EQ(0, wait_path("/run/chrony/chronyd.sock", 30));
	EXPECT_EQ(0, sh_capture("chronyc -h /run/chrony/chronyd.sock tracking",
				self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "Reference ID")) TH_LOG("%s", self->out);
	EXPECT_EQ(self->denied0, settled_denials());
}

/* A configuration that reads /etc/shadow as its key file and drops its
 * pid file into /etc. */
TEST_F_TIMEOUT(daemon, chronyd_hostile_config_denied, 60)
{
	ASSERT_EQ(0, sh("cp /etc/chrony/chrony.conf /etc/chrony/attack.conf && "
			"printf 'keyfile /etc/shadow\\n' >> /etc/chrony/attack.conf && "
			"sed -i 's|^pidfile .*|pidfile /etc/chronyd-was-here.pid|' "
			"/etc/chrony/attack.conf"));
	ASSERT_EQ(0, load_profiles(self->out, sizeof(self->out))) TH_LOG("%s", self->out);
	start_chronyd(_metadata, &self->pid, "/etc/chrony/attack.conf");
	EXPECT_EQ(0, denied_logged("chronyd", "/etc/chronyd-was-here.pid", NULL));
	EXPECT_EQ(-1, access("/etc/chronyd-was-here.pid", F_OK));
	stop(&self->pid);
	ASSERT_EQ(0, sh("sed -i '/^pidfile/d' /etc/chrony/attack.conf"));
	start_chronyd(_metadata, &self->pid, "/etc/chrony/attack.conf");
	EXPECT_EQ(0, denied_logged("chronyd", "/etc/shadow", "open"));
	unlink("/etc/chrony/attack.conf");
}

/* ---- program-control examples ---------------------------------------- */

#define GRADER		"/usr/sbin/grader"
#define PLANTED		"/usr/local/lib/libplanted.so.1"
#define GTMSECSHR	"/usr/lib/fis-gtm/V7.0-005_x86_64/gtmsecshr"

/*
 * The grader and gtmsecshr examples have no real program behind them: a
 * copy of the static pal_try (one file, so marking it makes its process
 * clean) stands at each attachment path and makes the identity switches
 * and loads a grader or gtmsecshr would make.
 */
static int install_example(const char *path, char *out, size_t len)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "mkdir -p $(dirname %s) && cp %s %s && "
		 "chmod 0755 %s && palisade extattr +p %s", path, PAL_TRY,
		 path, path, path);
	return sh_capture(cmd, out, len);
}

/* Run `@prog pc STEP`; return its exit status (the step's errno). */
static int pc_run(const char *prog, const char *step, pid_t *pid)
{
	const char *argv[] = { prog, "pc", step, NULL };

	return pal_run_pid(argv, pid);
}

static int audited_pid(pid_t pid, const char *prof, const char *op,
		       const char *more)
{
	char p[32], pr[96], o[64], line[8192];
	const char *needles[] = { p, pr, o, more, NULL };

	snprintf(p, sizeof(p), " pid=%d ", (int)pid);
	snprintf(pr, sizeof(pr), "profile=\"%s\"", prof);
	snprintf(o, sizeof(o), "operation=\"%s\"", op);
	return pal_find_audit(needles, line, sizeof(line));
}

/*
 * grader at authority level daemon: it may become the students of
 * @{grader_students} (uids 1000 and 1001), never anyone else, and being
 * must_stay_clean it is refused the load of an unmarked library.
 */
TEST_F_TIMEOUT(daemon, grader_switches_only_to_students, 60)
{
	char msg[4096];
	pid_t pid;

	ASSERT_EQ(0, install_example(GRADER, msg, sizeof(msg))) TH_LOG("%s", msg);
	/* A planted library where the profile lets it map libraries. */
	ASSERT_EQ(0, sh("mkdir -p /usr/local/lib && "
			"echo 'not a library' > " PLANTED));
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "load", "-I",
				  PROFILES, PROFILES "/grader", NULL)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, set_authority("daemon", msg, sizeof(msg))) TH_LOG("%s", msg);

	EXPECT_EQ(0, pc_run(GRADER, "setgid:1001", &pid));
	EXPECT_EQ(0, pc_run(GRADER, "setuid:1000", &pid));
	EXPECT_EQ(0, pc_run(GRADER, "setuid:1001", &pid));
	EXPECT_EQ(EPERM, pc_run(GRADER, "setuid:1002", &pid));
	EXPECT_EQ(0, audited_pid(pid, "grader", "setuid",
				 "info=\"target uid 1002 not allowed\""));
	EXPECT_EQ(EPERM, pc_run(GRADER, "setgid:1002", &pid));
	EXPECT_EQ(0, audited_pid(pid, "grader", "setgid",
				 "info=\"target gid 1002 not allowed\""));
	EXPECT_EQ(EACCES, pc_run(GRADER, "mapx:" PLANTED, &pid));
	EXPECT_EQ(0, audited_pid(pid, "grader", "file_mmap", "info=\"not clean\""));
	EXPECT_EQ(0, pc_run(GRADER, "clean", &pid));
	unlink(PLANTED);
	EXPECT_EQ(0, set_authority("unix", msg, sizeof(msg))) TH_LOG("%s", msg);
}

/*
 * gtmsecshr gives its root identity to nobody: refused at level unix by
 * its `audit deny capability setuid/setgid` (EPERM, audited), and at
 * level daemon as well.
 */
TEST_F_TIMEOUT(daemon, gtmsecshr_switches_to_nobody, 60)
{
	char msg[4096];
	pid_t pid;

	ASSERT_EQ(0, install_example(GTMSECSHR, msg, sizeof(msg))) TH_LOG("%s", msg);
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "load", "-I",
				  PROFILES, PROFILES "/gtmsecshr", NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(EPERM, pc_run(GTMSECSHR, "setuid:1000", &pid));
	EXPECT_EQ(0, audited_pid(pid, "gtmsecshr", "capable", "capname=\"setuid\""));
	EXPECT_EQ(EPERM, pc_run(GTMSECSHR, "setgid:1000", &pid));
	EXPECT_EQ(0, audited_pid(pid, "gtmsecshr", "capable", "capname=\"setgid\""));
	ASSERT_EQ(0, set_authority("daemon", msg, sizeof(msg))) TH_LOG("%s", msg);
	EXPECT_EQ(EPERM, pc_run(GTMSECSHR, "setuid:1000", &pid));
	EXPECT_EQ(0, audited_pid(pid, "gtmsecshr", "capable", "capname=\"setuid\""));
	/* It is clean (a marked static program): the refusal is the
	 * profile's, not dirt. */
	EXPECT_EQ(0, pc_run(GTMSECSHR, "clean", &pid));
	EXPECT_EQ(0, set_authority("unix", msg, sizeof(msg))) TH_LOG("%s", msg);
}

int main(int argc, char **argv)
{
	if (!strcmp(basename(argv[0]), "pal_probe"))
		return probe_main(argc, argv);
	return test_harness_run(argc, argv);
}
