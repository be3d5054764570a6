// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: signal rules.  A signal is checked on both sides:
 * the sender's profile needs send for it to the target's profile name, the
 * target's profile receive from the sender's ("unconfined" for a task
 * without a profile).  A refusal is EACCES with an operation="signal"
 * audit line naming the signal and the peer.
 */
#define _GNU_SOURCE
#include <signal.h>
#include "common.h"
#include "kselftest_harness.h"

FIXTURE(sig) {
	char dir[64];
	char sender[PATH_MAX];
	char target[PATH_MAX];
	char out[8192];
};

FIXTURE_SETUP(sig)
{
	ASSERT_EQ(0, pal_tmpfs_make(self->dir, "size=16m,mode=0755"));
	snprintf(self->sender, sizeof(self->sender), "%s/sender", self->dir);
	snprintf(self->target, sizeof(self->target), "%s/target", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->sender, 0755));
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->target, 0755));
}

FIXTURE_TEARDOWN(sig)
{
	pal_tmpfs_drop(self->dir);
}

static int load(struct _test_data_sig *self, const char *tmpl)
{
	char text[8192];

	pal_expand(self->dir, tmpl, text, sizeof(text));
	return pal_load_profile(self->dir, text, self->out, sizeof(self->out));
}

/* A process waiting on its stdin: @prog pause (confined by the profile
 * attached to @prog), or an unconfined child when @prog is NULL. */
struct waiter {
	pid_t pid;
	int in;
};

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
	/* let the child reach its exec (and its profile) */
	usleep(200 * 1000);
	return 0;
}

/* End it; return its raw wait status. */
static int waiter_stop(struct waiter *w)
{
	int status = -1;

	close(w->in);
	waitpid(w->pid, &status, 0);
	return status;
}

static int send_sig(struct _test_data_sig *self, pid_t target, const char *sig,
		    pid_t *pid)
{
	char p[16];
	const char *argv[] = { self->sender, "kill", p, sig, NULL };

	snprintf(p, sizeof(p), "%d", target);
	return pal_run_pid(argv, pid);
}

/* Lines of @verdict by @profile for @mask of signal @sig with @peer. */
static int sig_lines(const char *verdict, const char *profile, const char *mask,
		     const char *sig, const char *peer, int want)
{
	char v[64], pr[64], m[64], s[64], pe[PATH_MAX + 16];
	const char *needles[] = { v, " operation=\"signal\"", pr, m, s, pe, NULL };

	snprintf(v, sizeof(v), "apparmor=\"%s\"", verdict);
	snprintf(pr, sizeof(pr), " profile=\"%s\"", profile);
	snprintf(m, sizeof(m), " denied_mask=\"%s\"", mask);
	snprintf(s, sizeof(s), " signal=%s ", sig);
	snprintf(pe, sizeof(pe), " peer=\"%s\"", peer);
	return pal_wait_audit_count(needles, want);
}

TEST_F(sig, send_by_set)
{
	struct waiter w;
	int status;

	ASSERT_EQ(0, load(self, "profile sender {D}/sender {\n"
				"  signal (send) set=(usr1, exists) peer=unconfined,\n"
				"}\n")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, waiter_start(&w, NULL));
	EXPECT_EQ(0, send_sig(self, w.pid, "exists", NULL));
	EXPECT_EQ(EACCES, send_sig(self, w.pid, "term", NULL));
	EXPECT_EQ(1, sig_lines("DENIED", "sender", "send", "term", "unconfined", 1));
	EXPECT_EQ(0, send_sig(self, w.pid, "usr1", NULL));
	status = waiter_stop(&w);
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR1);
}

TEST_F(sig, send_by_peer)
{
	struct waiter confined, plain;

	ASSERT_EQ(0, load(self, "profile sender {D}/sender {\n"
				"  signal (send) peer=sigtarget,\n"
				"}\n"
				"profile sigtarget {D}/target {\n"
				"  signal (receive) peer=sender,\n"
				"}\n")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, waiter_start(&confined, self->target));
	ASSERT_EQ(0, waiter_start(&plain, NULL));
	EXPECT_EQ(0, send_sig(self, confined.pid, "exists", NULL));
	EXPECT_EQ(EACCES, send_sig(self, plain.pid, "exists", NULL));
	EXPECT_EQ(1, sig_lines("DENIED", "sender", "send", "exists", "unconfined", 1));
	EXPECT_EQ(0, waiter_stop(&plain));
	EXPECT_EQ(0, waiter_stop(&confined));
}

TEST_F(sig, receive_side)
{
	struct waiter w;
	int status;

	/* the target may receive only usr1 from unconfined tasks, and
	 * nothing from the sender's profile */
	ASSERT_EQ(0, load(self, "profile sender {D}/sender {\n"
				"  signal (send),\n"
				"}\n"
				"profile sigtarget {D}/target {\n"
				"  signal (receive) set=(usr1) peer=unconfined,\n"
				"}\n")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, waiter_start(&w, self->target));
	EXPECT_EQ(-1, kill(w.pid, SIGTERM));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(1, sig_lines("DENIED", "sigtarget", "receive", "term",
			       "unconfined", 1));
	EXPECT_EQ(EACCES, send_sig(self, w.pid, "usr1", NULL));
	EXPECT_EQ(1, sig_lines("DENIED", "sigtarget", "receive", "usr1", "sender", 1));
	EXPECT_EQ(0, kill(w.pid, SIGUSR1));
	status = waiter_stop(&w);
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR1);
}

TEST_F(sig, complain_allows_and_logs)
{
	struct waiter w;

	ASSERT_EQ(0, load(self, "profile sender {D}/sender flags=(complain) {\n"
				"}\n")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, waiter_start(&w, NULL));
	EXPECT_EQ(0, send_sig(self, w.pid, "exists", NULL));
	EXPECT_EQ(1, sig_lines("ALLOWED", "sender", "send", "exists", "unconfined", 1));
	EXPECT_EQ(0, waiter_stop(&w));
}

TEST_HARNESS_MAIN
