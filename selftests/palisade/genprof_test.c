// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: learning profiles.  genprof driven through a
 * pseudo-terminal as a person would (the prompts read, the keys typed),
 * against a copy of pal_try: the saved profile holds the accepted rules,
 * then in enforce mode the program still does what it did while a new
 * access is denied with its audit line.  logprof on a recorded log.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include "kselftest_harness.h"
#include "common.h"

FIXTURE(genprof) {
	char dir[64];
	char profdir[128];
	char prog[PATH_MAX];
	char out[65536];
	int mounted_pts;
	int have_pts;
};

/* A terminal needs devpts; the test VM's init mounts none. */
static int ensure_devpts(void)
{
	struct stat st;

	if (stat("/dev/pts/ptmx", &st) == 0)
		return 0;
	mkdir("/dev/pts", 0755);
	if (mount("devpts", "/dev/pts", "devpts", 0, "mode=0620,ptmxmode=0666"))
		return -errno;
	return 1;
}

FIXTURE_SETUP(genprof)
{
	char path[PATH_MAX];
	int r;

	ASSERT_EQ(0, pal_tmpfs_make(self->dir, "size=16m,mode=0755"));
	snprintf(self->prog, sizeof(self->prog), "%s/gp_try", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->prog, 0755));
	snprintf(self->profdir, sizeof(self->profdir), "%s/palisade.d", self->dir);
	ASSERT_EQ(0, mkdir(self->profdir, 0755));
	snprintf(path, sizeof(path), "%s/abstractions", self->profdir);
	ASSERT_EQ(0, mkdir(path, 0755));
	/* base: included by the stub; nameservice: offered for /etc/group. */
	snprintf(path, sizeof(path), "%s/abstractions/base", self->profdir);
	ASSERT_EQ(0, pal_write_file(path, "/etc/ld.so.cache r,\n"));
	snprintf(path, sizeof(path), "%s/abstractions/nameservice", self->profdir);
	ASSERT_EQ(0, pal_write_file(path, "/etc/passwd r,\n/etc/group r,\n"));
	snprintf(path, sizeof(path), "%s/data", self->dir);
	ASSERT_EQ(0, mkdir(path, 0755));
	snprintf(path, sizeof(path), "%s/data/a.txt", self->dir);
	ASSERT_EQ(0, pal_write_file(path, "a\n"));
	snprintf(path, sizeof(path), "%s/data/b.txt", self->dir);
	ASSERT_EQ(0, pal_write_file(path, "b\n"));
	snprintf(path, sizeof(path), "%s/data/c.log", self->dir);
	ASSERT_EQ(0, pal_write_file(path, "c\n"));
	snprintf(path, sizeof(path), "%s/data/x y.txt", self->dir);
	ASSERT_EQ(0, pal_write_file(path, "x\n"));
	snprintf(path, sizeof(path), "%s/secret", self->dir);
	ASSERT_EQ(0, pal_write_file(path, "s\n"));
	setenv("PALISADE_PROFILE_DIR", self->profdir, 1);
	/* A kernel without pseudo-terminals (CONFIG_UNIX98_PTYS=n, the
	 * s390x tinyconfig) fails with ENODEV: only the terminal test needs
	 * them, and it says so. */
	r = ensure_devpts();
	self->have_pts = r >= 0;
	self->mounted_pts = r == 1;
}

FIXTURE_TEARDOWN(genprof)
{
	char out[4096];

	pal_palisade(out, sizeof(out), "remove", self->prog, NULL);
	unsetenv("PALISADE_PROFILE_DIR");
	pal_tmpfs_drop(self->dir);
	if (self->mounted_pts)
		umount2("/dev/pts", MNT_DETACH);
}

/**
 * struct term - genprof on the master side of a pseudo-terminal
 * @fd: the master
 * @pid: genprof
 * @buf: everything it wrote
 * @len: bytes in @buf
 * @seen: bytes of @buf the test has looked at
 */
struct term {
	int fd;
	pid_t pid;
	char buf[65536];
	size_t len;
	size_t seen;
};

static int term_start(struct term *t, const char *const argv[])
{
	struct winsize ws = { .ws_row = 50, .ws_col = 200 };

	t->len = t->seen = 0;
	t->buf[0] = 0;
	t->pid = forkpty(&t->fd, NULL, NULL, &ws);
	if (t->pid < 0)
		return -errno;
	if (t->pid == 0) {
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	return 0;
}

/*
 * Read until the output after @t->seen holds one of @a or @b (NULL: only
 * @a); 10 s at most.  Returns 1 for @a, 2 for @b, 0 at the end of output
 * or on a timeout.  @t->seen moves past the match.
 */
static int term_expect(struct term *t, const char *a, const char *b)
{
	struct timespec start, now;
	char *hit_a, *hit_b;
	struct pollfd p;
	ssize_t n;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		hit_a = strstr(t->buf + t->seen, a);
		hit_b = b ? strstr(t->buf + t->seen, b) : NULL;
		if (hit_a && (!hit_b || hit_a <= hit_b)) {
			t->seen = (size_t)(hit_a - t->buf) + strlen(a);
			return 1;
		}
		if (hit_b) {
			t->seen = (size_t)(hit_b - t->buf) + strlen(b);
			return 2;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec > 10 || t->len + 1 >= sizeof(t->buf))
			return 0;
		p.fd = t->fd;
		p.events = POLLIN;
		if (poll(&p, 1, 200) <= 0)
			continue;
		n = read(t->fd, t->buf + t->len, sizeof(t->buf) - 1 - t->len);
		if (n <= 0)
			return 0;	/* EIO: the other side closed */
		t->len += (size_t)n;
		t->buf[t->len] = 0;
	}
}

static void term_type(struct term *t, const char *keys)
{
	ssize_t n = write(t->fd, keys, strlen(keys));

	(void)n;
}

/* Drain the rest of the output and reap genprof: its exit status. */
static int term_end(struct term *t)
{
	int status;

	while (term_expect(t, "\x01never\x01", NULL))
		;
	close(t->fd);
	if (waitpid(t->pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int try(const char *prog, const char *op, const char *path)
{
	const char *argv[] = { prog, op, path, NULL };

	return pal_run(argv);
}

static int read_all(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	return 0;
}

/* The text after the last "Path:     " before the prompt just matched. */
static void last_path(const struct term *t, char *out, size_t len)
{
	const char *p = NULL, *q = t->buf;
	size_t n;

	while ((q = strstr(q, "Path:     ")) && q < t->buf + t->seen)
		p = q++;
	out[0] = 0;
	if (!p)
		return;
	p += strlen("Path:     ");
	n = strcspn(p, "\r\n");
	snprintf(out, len, "%.*s", (int)(n < len ? n : len - 1), p);
}

TEST_F(genprof, genprof_through_a_terminal_then_enforced)
{
	const char *argv[] = { "/usr/sbin/palisade", "genprof", "-d",
			       self->profdir, self->prog, NULL };
	char path[PATH_MAX], a[PATH_MAX], b[PATH_MAX], c[PATH_MAX], sec[PATH_MAX];
	char text[8192], want[PATH_MAX + 64], seenp[PATH_MAX];
	struct term *t = calloc(1, sizeof(*t));
	int asked_a = 0, asked_b = 0, asked_c = 0, asked_group = 0, r;
	const char *need_a[] = { "apparmor=\"ALLOWED\"", "operation=\"open\"",
				 a, NULL };
	const char *need_c[] = { "apparmor=\"ALLOWED\"", c, NULL };

	ASSERT_NE(NULL, t);
	if (!self->have_pts) {
		free(t);
		SKIP(return, "no devpts in this kernel (CONFIG_UNIX98_PTYS)");
	}
	snprintf(a, sizeof(a), "%s/data/a.txt", self->dir);
	snprintf(b, sizeof(b), "%s/data/b.txt", self->dir);
	snprintf(c, sizeof(c), "%s/data/c.log", self->dir);
	snprintf(sec, sizeof(sec), "%s/secret", self->dir);

	ASSERT_EQ(0, term_start(t, argv));
	ASSERT_EQ(1, term_expect(t, "(F)inish: ", NULL)) {
		TH_LOG("genprof said: %s", t->buf);
	}
	ASSERT_NE(NULL, strstr(t->buf, "complain mode"));

	/* Exercise the program: complain mode lets everything through. */
	EXPECT_EQ(0, try(self->prog, "r", a));
	EXPECT_EQ(0, try(self->prog, "r", b));
	EXPECT_EQ(0, try(self->prog, "w", c));
	EXPECT_EQ(0, try(self->prog, "r", "/etc/group"));
	EXPECT_LE(1, pal_wait_audit_count(need_a, 1));
	EXPECT_LE(1, pal_wait_audit_count(need_c, 1));

	term_type(t, "s\n");
	for (;;) {
		r = term_expect(t, "\n> ", "Save these changes? (Y)es / (N)o: ");
		ASSERT_NE(0, r) {
			TH_LOG("genprof said: %s", t->buf);
		}
		if (r == 2)
			break;
		last_path(t, seenp, sizeof(seenp));
		if (!strcmp(seenp, a)) {
			/* Glob with (E)xtension, then (A)llow the glob. */
			term_type(t, asked_a++ ? "a\n" : "e\n");
		} else if (!strcmp(seenp, b)) {
			asked_b++;
			term_type(t, "i\n");
		} else if (!strcmp(seenp, c)) {
			asked_c++;
			term_type(t, "a\n");
		} else if (!strcmp(seenp, "/etc/group")) {
			/* The abstraction that allows it comes first. */
			asked_group++;
			EXPECT_NE(NULL, strstr(t->buf,
					       "[1 - include <abstractions/nameservice>]"));
			term_type(t, "a\n");
		} else {
			term_type(t, "i\n");
		}
	}
	/* a.txt twice (before and after the E), b.txt never: *.txt covers it. */
	EXPECT_EQ(2, asked_a);
	EXPECT_EQ(0, asked_b);
	EXPECT_EQ(1, asked_c);
	EXPECT_EQ(1, asked_group);
	/* The diff view shows the new rules. */
	snprintf(want, sizeof(want), "+  %s/data/*.txt r,", self->dir);
	EXPECT_NE(NULL, strstr(t->buf, want));
	term_type(t, "y\n");
	ASSERT_EQ(1, term_expect(t, "(F)inish: ", NULL));
	/* A second scan: nothing new is asked. */
	term_type(t, "s\n");
	ASSERT_EQ(1, term_expect(t, "No new events", NULL));
	ASSERT_EQ(1, term_expect(t, "(F)inish: ", NULL));
	term_type(t, "f\n");
	EXPECT_EQ(1, term_expect(t, "is profiled and enforced", NULL));
	EXPECT_EQ(0, term_end(t)) {
		TH_LOG("genprof said: %s", t->buf);
	}

	/* The saved profile: the stub, the accepted rules, enforce mode. */
	snprintf(path, sizeof(path), "%s%s", self->profdir, "/");
	{
		const char *s = self->prog + 1;
		size_t o = strlen(path);

		for (; *s && o + 1 < sizeof(path); s++)
			path[o++] = *s == '/' ? '.' : *s;
		path[o] = 0;
	}
	ASSERT_EQ(0, read_all(path, text, sizeof(text)));
	TH_LOG("saved profile:\n%s", text);
	snprintf(want, sizeof(want), "%s {", self->prog);
	EXPECT_NE(NULL, strstr(text, want));
	EXPECT_EQ(NULL, strstr(text, "complain"));
	EXPECT_NE(NULL, strstr(text, "include <abstractions/base>"));
	EXPECT_NE(NULL, strstr(text, "include <abstractions/nameservice>"));
	snprintf(want, sizeof(want), "  %s/data/*.txt r,\n", self->dir);
	EXPECT_NE(NULL, strstr(text, want));
	snprintf(want, sizeof(want), "  %s/data/c.log w,\n", self->dir);
	EXPECT_NE(NULL, strstr(text, want));

	/* Enforced: what it did still works, a new access is denied. */
	EXPECT_EQ(0, pal_palisade(self->out, sizeof(self->out), "mode",
				  self->prog, NULL));
	EXPECT_NE(NULL, strstr(self->out, "enforce")) {
		TH_LOG("mode: %s", self->out);
	}
	EXPECT_EQ(0, try(self->prog, "r", a));
	EXPECT_EQ(0, try(self->prog, "r", b));
	EXPECT_EQ(0, try(self->prog, "w", c));
	EXPECT_EQ(0, try(self->prog, "r", "/etc/group"));
	EXPECT_EQ(EACCES, try(self->prog, "r", sec));
	EXPECT_EQ(EACCES, try(self->prog, "w", a));
	if (1) {
		char line[16384];
		const char *need[] = { "apparmor=\"DENIED\"", "operation=\"open\"",
				       sec, "requested_mask=\"r\"", NULL };

		snprintf(want, sizeof(want), "profile=\"%s\"", self->prog);
		EXPECT_EQ(0, pal_find_audit(need, line, sizeof(line)));
		EXPECT_NE(NULL, strstr(line, want)) {
			TH_LOG("audit: %s", line);
		}
	}
	free(t);
}

TEST_F(genprof, genprof_run_with_yes)
{
	char path[PATH_MAX], a[PATH_MAX], text[8192], want[PATH_MAX + 64];
	const char *argv[] = { "/usr/sbin/palisade", "genprof", "-d",
			       self->profdir, "--yes", "--run", self->prog, "--",
			       "r", a, NULL };
	char sec[PATH_MAX];

	snprintf(a, sizeof(a), "%s/data/a.txt", self->dir);
	snprintf(sec, sizeof(sec), "%s/secret", self->dir);
	ASSERT_EQ(0, pal_run_capture(argv, self->out, sizeof(self->out))) {
		TH_LOG("genprof: %s", self->out);
	}
	snprintf(path, sizeof(path), "%s/%s", self->profdir,
		 self->prog + 1);
	for (char *s = path + strlen(self->profdir) + 1; *s; s++)
		if (*s == '/')
			*s = '.';
	ASSERT_EQ(0, read_all(path, text, sizeof(text)));
	/* --yes takes the first suggestion: the literal path. */
	snprintf(want, sizeof(want), "  %s r,\n", a);
	EXPECT_NE(NULL, strstr(text, want)) {
		TH_LOG("profile: %s\noutput: %s", text, self->out);
	}
	EXPECT_EQ(NULL, strstr(text, "complain"));
	EXPECT_EQ(0, try(self->prog, "r", a));
	EXPECT_EQ(EACCES, try(self->prog, "r", sec));
}

/* A log recorded earlier (as palisaded writes it), read by logprof. */
TEST_F(genprof, logprof_on_a_recorded_log)
{
	char prof[PATH_MAX], log[PATH_MAX], ans[PATH_MAX], text[8192];
	char a[PATH_MAX], xy[PATH_MAX], sec[PATH_MAX], want[PATH_MAX + 64];
	static char lines[65536];
	char hex[2 * PATH_MAX + 1];
	const char *argv[] = { "/usr/sbin/palisade", "logprof", "-d", self->profdir,
			       "-f", log, "-p", self->prog, "--answers", ans, NULL };
	size_t i;

	snprintf(a, sizeof(a), "%s/data/a.txt", self->dir);
	snprintf(xy, sizeof(xy), "%s/data/x y.txt", self->dir);
	snprintf(sec, sizeof(sec), "%s/secret", self->dir);
	for (i = 0; xy[i]; i++)
		sprintf(hex + 2 * i, "%02X", (unsigned char)xy[i]);
	snprintf(prof, sizeof(prof), "%s/lp", self->profdir);
	snprintf(text, sizeof(text), "%s {\n  /etc/hostname r,\n}\n", self->prog);
	ASSERT_EQ(0, pal_write_file(prof, text));
	EXPECT_EQ(0, pal_palisade(self->out, sizeof(self->out), "replace", prof,
				  NULL)) {
		TH_LOG("replace: %s", self->out);
	}
	EXPECT_EQ(EACCES, try(self->prog, "r", a));

	snprintf(log, sizeof(log), "%s/recorded.log", self->dir);
	snprintf(lines, sizeof(lines),
		 "type=AVC msg=audit(1.001:1): apparmor=\"DENIED\" operation=\"open\" profile=\"%s\" name=\"/etc/hostname\" pid=7 comm=\"gp_try\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0\n"
		 "type=AVC msg=audit(1.002:2): apparmor=\"DENIED\" operation=\"open\" profile=\"%s\" name=\"%s\" pid=7 comm=\"gp_try\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0 error=-13\n"
		 "type=AVC msg=audit(1.003:3): apparmor=\"DENIED\" operation=\"open\" profile=\"other\" name=\"/etc/shadow\" pid=8 comm=\"x\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0\n"
		 "type=AVC msg=audit(1.004:4): apparmor=\"DENIED\" operation=\"open\" profile=\"%s\" name=%s pid=7 comm=\"gp_try\" requested_mask=\"w\" denied_mask=\"w\" fsuid=0 ouid=0 error=-13\n"
		 "not an audit line\n"
		 "type=AVC msg=audit(1.005:5): apparmor=\"DENIED\" operation=\"open\" profile=\"%s\" name=\"%s\" pid=9 comm=\"gp_try\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0 error=-13\n",
		 self->prog, self->prog, a, self->prog, hex, self->prog, sec);
	ASSERT_EQ(0, pal_write_file(log, lines));
	/* a.txt: allow; "x y.txt": a new path; secret: deny; save. */
	snprintf(ans, sizeof(ans), "%s/answers", self->dir);
	snprintf(text, sizeof(text), "# logprof answers\na\nn %s/data/*.txt\na\nd\ny\n",
		 self->dir);
	ASSERT_EQ(0, pal_write_file(ans, text));
	ASSERT_EQ(0, pal_run_capture(argv, self->out, sizeof(self->out))) {
		TH_LOG("logprof: %s", self->out);
	}
	/* /etc/hostname was allowed already and /etc/shadow is another
	 * profile's: neither is asked. */
	EXPECT_EQ(NULL, strstr(self->out, "Path:     /etc/hostname"));
	EXPECT_EQ(NULL, strstr(self->out, "/etc/shadow"));
	ASSERT_EQ(0, read_all(prof, text, sizeof(text)));
	TH_LOG("saved profile:\n%s", text);
	snprintf(want, sizeof(want), "  %s r,\n", a);
	EXPECT_NE(NULL, strstr(text, want));
	snprintf(want, sizeof(want), "  %s/data/*.txt w,\n", self->dir);
	EXPECT_NE(NULL, strstr(text, want));
	snprintf(want, sizeof(want), "  deny %s r,\n", sec);
	EXPECT_NE(NULL, strstr(text, want));
	/* Saved and loaded. */
	EXPECT_EQ(0, try(self->prog, "r", a));
	EXPECT_EQ(0, try(self->prog, "w", xy));
	EXPECT_EQ(EACCES, try(self->prog, "r", sec));
	EXPECT_EQ(EACCES, try(self->prog, "w", "/etc/hostname"));
}

/* An answers file that runs out stops without saving anything. */
TEST_F(genprof, logprof_answers_exhausted_saves_nothing)
{
	char prof[PATH_MAX], log[PATH_MAX], ans[PATH_MAX];
	static char text[16384], before[8192];
	const char *argv[] = { "/usr/sbin/palisade", "logprof", "-d", self->profdir,
			       "-f", log, "--answers", ans, NULL };

	snprintf(prof, sizeof(prof), "%s/lp", self->profdir);
	snprintf(before, sizeof(before), "%s {\n}\n", self->prog);
	ASSERT_EQ(0, pal_write_file(prof, before));
	snprintf(log, sizeof(log), "%s/recorded.log", self->dir);
	snprintf(text, sizeof(text),
		 "apparmor=\"DENIED\" operation=\"open\" profile=\"%s\" name=\"/etc/a\" pid=1 comm=\"x\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0\n"
		 "apparmor=\"DENIED\" operation=\"open\" profile=\"%s\" name=\"/etc/b\" pid=1 comm=\"x\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0\n",
		 self->prog, self->prog);
	ASSERT_EQ(0, pal_write_file(log, text));
	snprintf(ans, sizeof(ans), "%s/answers", self->dir);
	ASSERT_EQ(0, pal_write_file(ans, "a\n"));
	EXPECT_EQ(1, pal_run_capture(argv, self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "no answer left"));
	ASSERT_EQ(0, read_all(prof, text, sizeof(text)));
	EXPECT_STREQ(before, text);
}

TEST_HARNESS_MAIN
