// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: ptrace rules.  The tracer's profile needs trace
 * (PTRACE_ATTACH) or read (a PTRACE_MODE_READ access such as opening
 * /proc/PID/environ) to the tracee's profile name, the tracee's profile
 * tracedby or readby from the tracer's.  A refusal is EACCES with an
 * operation="ptrace" audit line naming the peer.
 */
#define _GNU_SOURCE
#include "common.h"
#include "kselftest_harness.h"

FIXTURE(ptr) {
	char dir[64];
	char tracer[PATH_MAX];
	char tracee[PATH_MAX];
	char out[8192];
};

FIXTURE_SETUP(ptr)
{
	ASSERT_EQ(0, pal_tmpfs_make(self->dir, "size=16m,mode=0755"));
	snprintf(self->tracer, sizeof(self->tracer), "%s/tracer", self->dir);
	snprintf(self->tracee, sizeof(self->tracee), "%s/tracee", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->tracer, 0755));
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->tracee, 0755));
}

FIXTURE_TEARDOWN(ptr)
{
	pal_tmpfs_drop(self->dir);
}

static int load(struct _test_data_ptr *self, const char *tmpl)
{
	char text[8192];

	pal_expand(self->dir, tmpl, text, sizeof(text));
	return pal_load_profile(self->dir, text, self->out, sizeof(self->out));
}

struct waiter {
	pid_t pid;
	int in;
};

/* @prog pause (confined by its profile), or an unconfined child. */
static int waiter_start(struct waiter *w, const char *prog)
{
	int fds[2];
	char c;

	if (pipe2(fds, O_CLOEXEC))
		return -errno;
	w->pid = fork();
	if (w->pid < 0)
		return -errno;
	if (w->pid == 0) {
		dup2(fds[0], 0);
		close(fds[1]);
		if (prog) {
			execl(prog, prog, "pause", (char *)NULL);
			_exit(127);
		}
		while (read(0, &c, 1) > 0)
			;
		_exit(0);
	}
	close(fds[0]);
	w->in = fds[1];
	usleep(200 * 1000);
	return 0;
}

static int waiter_stop(struct waiter *w)
{
	int status = -1;

	close(w->in);
	waitpid(w->pid, &status, 0);
	return status;
}

static int probe(struct _test_data_ptr *self, const char *op, pid_t target)
{
	char p[16];
	const char *argv[] = { self->tracer, op, p, NULL };

	snprintf(p, sizeof(p), "%d", target);
	return pal_run(argv);
}

static int ptrace_lines(const char *verdict, const char *profile,
			const char *mask, const char *peer, int want)
{
	char v[64], pr[64], m[64], pe[PATH_MAX + 16];
	const char *needles[] = { v, " operation=\"ptrace\"", pr, m, pe, NULL };

	snprintf(v, sizeof(v), "apparmor=\"%s\"", verdict);
	snprintf(pr, sizeof(pr), " profile=\"%s\"", profile);
	snprintf(m, sizeof(m), " denied_mask=\"%s\"", mask);
	snprintf(pe, sizeof(pe), " peer=\"%s\"", peer);
	return pal_wait_audit_count(needles, want);
}

#define TRACER_FILES "  /proc/*/environ r,\n"

TEST_F(ptr, attach_needs_trace)
{
	struct waiter w;

	ASSERT_EQ(0, load(self, "profile tracer {D}/tracer {\n" TRACER_FILES
				"  ptrace (read) peer=unconfined,\n"
				"}\n")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, waiter_start(&w, NULL));
	EXPECT_EQ(EACCES, probe(self, "ptrace", w.pid));
	EXPECT_EQ(1, ptrace_lines("DENIED", "tracer", "trace", "unconfined", 1));
	/* read is granted: /proc/PID/environ opens */
	EXPECT_EQ(0, probe(self, "environ", w.pid));

	ASSERT_EQ(0, load(self, "profile tracer {D}/tracer {\n" TRACER_FILES
				"  ptrace (trace) peer=unconfined,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, probe(self, "ptrace", w.pid));
	/* trace implies read */
	EXPECT_EQ(0, probe(self, "environ", w.pid));
	EXPECT_EQ(0, waiter_stop(&w));
}

TEST_F(ptr, read_access_needs_read)
{
	struct waiter w;

	ASSERT_EQ(0, load(self, "profile tracer {D}/tracer {\n" TRACER_FILES
				"  ptrace (read) peer=someone_else,\n"
				"}\n")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, waiter_start(&w, NULL));
	EXPECT_EQ(EACCES, probe(self, "environ", w.pid));
	EXPECT_EQ(1, ptrace_lines("DENIED", "tracer", "read", "unconfined", 1));
	EXPECT_EQ(0, waiter_stop(&w));
}

TEST_F(ptr, tracee_side_needs_tracedby)
{
	struct waiter w;

	ASSERT_EQ(0, load(self, "profile tracer {D}/tracer {\n" TRACER_FILES
				"  ptrace (trace) peer=tracee,\n"
				"}\n"
				"profile tracee {D}/tracee {\n"
				"  ptrace (readby) peer=tracer,\n"
				"}\n")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, waiter_start(&w, self->tracee));
	EXPECT_EQ(EACCES, probe(self, "ptrace", w.pid));
	EXPECT_EQ(1, ptrace_lines("DENIED", "tracee", "tracedby", "tracer", 1));
	EXPECT_EQ(0, probe(self, "environ", w.pid));
	EXPECT_EQ(0, waiter_stop(&w));

	ASSERT_EQ(0, load(self, "profile tracer {D}/tracer {\n" TRACER_FILES
				"  ptrace (trace) peer=tracee,\n"
				"}\n"
				"profile tracee {D}/tracee {\n"
				"  ptrace (tracedby) peer=tracer,\n"
				"}\n")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, waiter_start(&w, self->tracee));
	EXPECT_EQ(0, probe(self, "ptrace", w.pid));
	EXPECT_EQ(0, waiter_stop(&w));
}

TEST_F(ptr, unconfined_tracer_is_not_checked)
{
	struct waiter w;
	char path[64];
	int fd;

	ASSERT_EQ(0, load(self, "profile tracee {D}/tracee {\n}\n"))
		TH_LOG("%s", self->out);
	ASSERT_EQ(0, waiter_start(&w, self->tracee));
	snprintf(path, sizeof(path), "/proc/%d/environ", w.pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	EXPECT_LE(0, fd);
	if (fd >= 0)
		close(fd);
	EXPECT_EQ(0, waiter_stop(&w));
}

TEST_F(ptr, traceme)
{
	const char *argv[] = { self->tracer, "traceme", NULL };

	/* parent and child share the profile: the parent needs trace to it,
	 * the child tracedby from it */
	ASSERT_EQ(0, load(self, "profile tracer {D}/tracer {\n"
				"  ptrace (trace) peer=tracer,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, pal_run(argv));
	EXPECT_LE(1, ptrace_lines("DENIED", "tracer", "tracedby", "tracer", 1));

	ASSERT_EQ(0, load(self, "profile tracer {D}/tracer {\n"
				"  ptrace (tracedby) peer=tracer,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, pal_run(argv));
	EXPECT_LE(1, ptrace_lines("DENIED", "tracer", "trace", "tracer", 1));

	ASSERT_EQ(0, load(self, "profile tracer {D}/tracer {\n"
				"  ptrace (trace, tracedby) peer=tracer,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_run(argv));
}

TEST_HARNESS_MAIN
