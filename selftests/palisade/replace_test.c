// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: atomic replace under load.  Confined tasks open files
 * in a tight loop while the policy is replaced again and again; every open
 * must be decided by one whole policy in force at the time, never by a mix
 * of two and never unconfined (pal_try.c, hammer(), says how each result
 * names the policy that decided it).
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include "common.h"
/* The harness's setjmp-based wrappers around these one-call test bodies
 * draw a false -Wclobbered on its own fork variable. */
#pragma GCC diagnostic ignored "-Wclobbered"
#include "kselftest_harness.h"

#define HAMMER_TASKS	2
#define HAMMER_REPLACES	200

FIXTURE(replace) {
	char dir[64];
	char confined[PATH_MAX];
	char bin[HAMMER_FILES][PATH_MAX];
	char out[8192];
};

FIXTURE_SETUP(replace)
{
	char path[PATH_MAX], xpath[PATH_MAX], text[3 * PATH_MAX + 128];
	int k;

	ASSERT_EQ(0, pal_tmpfs_make(self->dir, "size=32m,mode=0755"));
	snprintf(self->confined, sizeof(self->confined), "%s/confined", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->confined, 0755));
	snprintf(path, sizeof(path), "%s/c", self->dir);
	ASSERT_EQ(0, pal_write_file(path, "c\n"));
	/* Compiled once: the loop measures replace, not the compiler. */
	for (k = 0; k < HAMMER_FILES; k++) {
		const char *argv[] = { "/usr/sbin/palisade_parser", "-o",
				       self->bin[k], path, NULL };

		snprintf(path, sizeof(path), "%s/a%d", self->dir, k);
		ASSERT_EQ(0, pal_write_file(path, "a\n"));
		snprintf(xpath, sizeof(xpath), "%s/x%d", self->dir, k);
		ASSERT_EQ(0, pal_copy_file(PAL_TRY, xpath, 0755));
		snprintf(text, sizeof(text),
			 "profile hammer %s {\n  %s r,\n  %s ix,\n}\n",
			 self->confined, path, xpath);
		snprintf(path, sizeof(path), "%s/policy.%d", self->dir, k);
		ASSERT_EQ(0, pal_write_file(path, text));
		snprintf(self->bin[k], sizeof(self->bin[k]), "%s/policy.%d.bin",
			 self->dir, k);
		ASSERT_EQ(0, pal_run_capture(argv, self->out, sizeof(self->out)))
			TH_LOG("%s", self->out);
	}
}

FIXTURE_TEARDOWN(replace)
{
	pal_tmpfs_drop(self->dir);
	/*
	 * The hammer's denials use up the audit rate limit of the current
	 * one-second window (PAL_AUDIT_RATE_DEFAULT per CPU): let it pass, so
	 * the records the next test waits for are not suppressed.
	 */
	usleep(1100 * 1000);
}

static int load_bin(struct _test_data_replace *self, int k)
{
	return pal_palisade(self->out, sizeof(self->out), "load",
			    self->bin[k % HAMMER_FILES], NULL);
}

/*
 * Run @ntasks confined `pal_try MODE DIR` hammers while the policy is
 * replaced @replaces times, @pause apart; each reports its rounds.
 */
static __attribute__((noinline)) void
hammer_run(struct __test_metadata *_metadata,
		       struct _test_data_replace *self, const char *mode,
		       int ntasks, int replaces, useconds_t pause)
{
	unsigned long stable = 0, spans = 0, st, sp, b1, b2, b3, b4;
	int out[HAMMER_TASKS], seqfd, fds[2], i, status, failed_loads = 0;
	pid_t pids[HAMMER_TASKS];

	ASSERT_GE(HAMMER_TASKS, ntasks);
	char path[PATH_MAX], report[512];
	volatile uint64_t *seq;
	struct timespec t0, t1;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/seq", self->dir);
	seqfd = open(path, O_RDWR | O_CREAT, 0600);
	ASSERT_LE(0, seqfd);
	ASSERT_EQ(0, ftruncate(seqfd, 4096));
	seq = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, seqfd, 0);
	ASSERT_NE(MAP_FAILED, seq);
	*seq = 0;
	ASSERT_EQ(0, load_bin(self, 0)) TH_LOG("%s", self->out);

	for (i = 0; i < ntasks; i++) {
		ASSERT_EQ(0, pipe2(fds, O_CLOEXEC));
		pids[i] = fork();
		ASSERT_LE(0, pids[i]);
		if (pids[i] == 0) {
			/* Leave the replacing side its share of the CPUs. */
			if (nice(10) < 0)
				_exit(126);
			dup2(fds[1], 1);
			dup2(seqfd, HAMMER_SEQ_FD);
			close(fds[0]);
			execl(self->confined, self->confined, mode, self->dir,
			      (char *)NULL);
			_exit(127);
		}
		close(fds[1]);
		out[i] = fds[0];
	}
	usleep(100 * 1000);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 1; i <= replaces; i++) {
		if (pause)
			usleep(pause);
		__atomic_store_n(seq, 2 * (uint64_t)i - 1, __ATOMIC_SEQ_CST);
		if (load_bin(self, i))
			failed_loads++;
		__atomic_store_n(seq, 2 * (uint64_t)i, __ATOMIC_SEQ_CST);
		if (failed_loads)
			break;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	TH_LOG("%d replaces in %.1f s", i - 1, (double)(t1.tv_sec - t0.tv_sec) +
	       (t1.tv_nsec - t0.tv_nsec) / 1e9);
	usleep(50 * 1000);
	__atomic_store_n(seq, HAMMER_STOP, __ATOMIC_SEQ_CST);
	EXPECT_EQ(0, failed_loads) TH_LOG("%s", self->out);

	for (i = 0; i < ntasks; i++) {
		n = read(out[i], report, sizeof(report) - 1);
		report[n > 0 ? n : 0] = 0;
		close(out[i]);
		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		TH_LOG("task %d: %s", i, report);
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
			TH_LOG("task %d: status %#x: %s", i, status, report);
		ASSERT_EQ(6, sscanf(report, "stable=%lu spans=%lu bad_c=%lu "
				    "bad_errno=%lu bad_stable=%lu bad_span=%lu",
				    &st, &sp, &b1, &b2, &b3, &b4)) TH_LOG("%s", report);
		stable += st;
		spans += sp;
	}
	/* The run proves something only if rounds overlapped replaces. */
	EXPECT_LT(0UL, spans);
	EXPECT_LT(20UL, stable);
	munmap((void *)seq, 4096);
	close(seqfd);
}

TEST_F_TIMEOUT(replace, hammer_no_mixed_or_unconfined_decision, 120)
{
	hammer_run(_metadata, self, "hammer", HAMMER_TASKS, HAMMER_REPLACES, 0);
}

/*
 * Forks and execs during replaces: a fork keeps its parent's profile, an
 * exec is decided by one policy (only the program that policy lets run
 * starts) and the program it starts is confined, never unconfined.
 */
TEST_F_TIMEOUT(replace, hammer_exec_and_fork, 180)
{
	/* A round (four forks and execs) takes about as long as a replace:
	 * paced, so rounds also run while one policy stays in force. */
	hammer_run(_metadata, self, "hammerx", 1, 60, 300 * 1000);
}

TEST_HARNESS_MAIN
