// SPDX-License-Identifier: GPL-2.0
/*
 * pal_try: the program the selftests confine.  It performs one operation
 * and exits with 0 on success or the errno value of the failure, so a test
 * can assert the exact error the kernel returned.
 *
 *   pal_try [fork] OP PATH
 *     OP: r (O_RDONLY)  w (O_WRONLY)  rw (O_RDWR)  a (O_WRONLY|O_APPEND)
 *         c (O_WRONLY|O_CREAT)  d (O_RDONLY|O_DIRECTORY)
 *     fork: run the operation in a child process and report its result
 *   pal_try wait OP PATH
 *     read one byte from stdin first (lets a test change the policy while
 *     this confined process is alive)
 *   pal_try x PATH [ARG...]
 *     execute PATH with ARG... as its arguments (argv[0] = PATH)
 *   pal_try repeat N OP PATH
 *     perform the operation N times: exit with its result when all N
 *     results are the same, 252 otherwise
 *   pal_try serve OP PATH
 *     for each byte read from stdin, perform the operation and write its
 *     result as one byte to stdout; exit 0 at end of input (lets a test
 *     watch one confined process while it changes the policy)
 *   pal_try hammer DIR
 *     the replace hammer: see hammer() below
 *   pal_try pc STEP...
 *     program-control steps, in order; prints "STEP=ERRNO" for each and
 *     exits with the last one's result (see pc_step())
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "palisade.h"
#include "palisade/libpalisade.h"

static int try_op(const char *op, const char *path)
{
	static const struct {
		const char *op;
		int flags;
	} ops[] = {
		{ "r", O_RDONLY },
		{ "w", O_WRONLY },
		{ "rw", O_RDWR },
		{ "a", O_WRONLY | O_APPEND },
		{ "c", O_WRONLY | O_CREAT },
		{ "d", O_RDONLY | O_DIRECTORY },
	};
	size_t i;
	int fd;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (strcmp(op, ops[i].op))
			continue;
		fd = open(path, ops[i].flags | O_CLOEXEC, 0600);
		if (fd < 0)
			return errno;
		close(fd);
		return 0;
	}
	fprintf(stderr, "pal_try: unknown operation '%s'\n", op);
	return 255;
}

/*
 * The replace hammer.  The test installs policy k % HAMMER_FILES as its
 * k-th install, and policy k allows reading DIR/ak and nothing else of
 * DIR; DIR/c is allowed by none.  Around every install it bumps a sequence
 * word (fd 3, shared memory): odd while an install runs, 2k once install k
 * is in force.  Each round opens every ak and c between two reads of the
 * word, so:
 *   - c must never open: an open of it means a decision made unconfined
 *     or from a policy that is neither;
 *   - when the word did not move, exactly a(k % HAMMER_FILES) opens;
 *   - when it moved, only the files of the policies in force meanwhile.
 * Any other result is a decision made from a mix of policies.  Prints the
 * counts; exits 0 when every round passed.
 */
static int hammer(const char *dir)
{
	unsigned long stable = 0, spans = 0, bad_c = 0, bad_err = 0,
		      bad_stable = 0, bad_span = 0;
	char path[HAMMER_FILES + 1][PATH_MAX];
	volatile uint64_t *seq;
	uint64_t s1, s2, lo, hi, j;
	int r[HAMMER_FILES + 1], k, fd, allowed_ok;

	seq = mmap(NULL, 4096, PROT_READ, MAP_SHARED, HAMMER_SEQ_FD, 0);
	if (seq == MAP_FAILED)
		return errno;
	for (k = 0; k < HAMMER_FILES; k++)
		snprintf(path[k], sizeof(path[k]), "%s/a%d", dir, k);
	snprintf(path[HAMMER_FILES], sizeof(path[0]), "%s/c", dir);
	for (;;) {
		s1 = __atomic_load_n(seq, __ATOMIC_SEQ_CST);
		if (s1 == HAMMER_STOP)
			break;
		for (k = 0; k <= HAMMER_FILES; k++) {
			fd = open(path[k], O_RDONLY | O_CLOEXEC);
			r[k] = fd < 0 ? errno : 0;
			if (fd >= 0)
				close(fd);
		}
		s2 = __atomic_load_n(seq, __ATOMIC_SEQ_CST);
		if (s2 == HAMMER_STOP)
			break;
		if (r[HAMMER_FILES] != EACCES)
			bad_c++;
		for (k = 0; k < HAMMER_FILES; k++)
			if (r[k] != 0 && r[k] != EACCES)
				bad_err++;
		if (s1 == s2 && !(s1 & 1)) {
			stable++;
			for (k = 0; k < HAMMER_FILES; k++)
				if ((r[k] == 0) != (k == (int)((s1 / 2) % HAMMER_FILES)))
					bad_stable++;
			continue;
		}
		spans++;
		/* Installs lo..hi were in force at some point of the round. */
		lo = s1 / 2;
		hi = (s2 + 1) / 2;
		for (k = 0; k < HAMMER_FILES; k++) {
			if (r[k])
				continue;
			allowed_ok = 0;
			for (j = lo; j <= hi && j < lo + HAMMER_FILES; j++)
				if ((int)(j % HAMMER_FILES) == k)
					allowed_ok = 1;
			if (!allowed_ok)
				bad_span++;
		}
	}
	printf("stable=%lu spans=%lu bad_c=%lu bad_errno=%lu bad_stable=%lu "
	       "bad_span=%lu\n", stable, spans, bad_c, bad_err, bad_stable,
	       bad_span);
	fflush(stdout);
	return bad_c || bad_err || bad_stable || bad_span ? 1 : 0;
}

static void *pc_thread_setuid(void *arg)
{
	long id = (long)arg;

	return (void *)(long)(syscall(SYS_setresuid, id, id, id) ? errno : 0);
}

static void *pc_thread_sleep(void *arg)
{
	(void)arg;
	pause();
	return NULL;
}

/*
 * One program-control step:
 *   mapx:PATH        map PATH executable (as ld.so maps a library)
 *   anonx            mprotect(PROT_EXEC) of anonymous memory
 *   stay             prctl: must stay clean
 *   setuid:N         raw setresuid(N, N, N) of this thread
 *   setgid:N         raw setresgid(N, N, N)
 *   thread-setuid:N  raw setresuid(N, N, N) in a second thread
 *   threads:N        start N more threads
 *   fork             fork a child that exits at once
 *   truncate:PATH    truncate(2) PATH to 0 bytes
 *   clean            0 when the process is clean, ENODATA when dirty
 */
static int pc_step(const char *st)
{
	const char *arg = strchr(st, ':');
	long n = arg ? atol(arg + 1) : 0;
	pthread_t th;
	void *res;
	int fd, i;

	if (!strncmp(st, "mapx:", 5)) {
		fd = open(arg + 1, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return errno;
		res = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
		close(fd);
		return res == MAP_FAILED ? errno : 0;
	}
	if (!strcmp(st, "anonx")) {
		res = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (res == MAP_FAILED)
			return errno;
		return mprotect(res, 4096, PROT_READ | PROT_EXEC) ? errno : 0;
	}
	if (!strcmp(st, "stay"))
		return palisade_must_stay_clean() ? errno : 0;
	if (!strncmp(st, "setuid:", 7))
		return syscall(SYS_setresuid, n, n, n) ? errno : 0;
	if (!strncmp(st, "setgid:", 7))
		return syscall(SYS_setresgid, n, n, n) ? errno : 0;
	if (!strncmp(st, "thread-setuid:", 14)) {
		if (pthread_create(&th, NULL, pc_thread_setuid, (void *)n))
			return EAGAIN;
		pthread_join(th, &res);
		return (int)(long)res;
	}
	if (!strncmp(st, "threads:", 8)) {
		for (i = 0; i < n; i++) {
			int err = pthread_create(&th, NULL, pc_thread_sleep, NULL);

			if (err)
				return err;
		}
		return 0;
	}
	if (!strcmp(st, "fork")) {
		pid_t pid = fork();

		if (pid < 0)
			return errno;
		if (!pid)
			_exit(0);
		waitpid(pid, NULL, 0);
		return 0;
	}
	if (!strncmp(st, "truncate:", 9))
		return truncate(arg + 1, 0) ? errno : 0;
	if (!strcmp(st, "clean")) {
		int c = palisade_is_clean();

		return c < 0 ? errno : c ? 0 : ENODATA;
	}
	fprintf(stderr, "pal_try: unknown step '%s'\n", st);
	return 255;
}

int main(int argc, char **argv)
{
	int status, i, n, first = -1, r;
	pid_t pid;
	char c;

	if (argc >= 3 && !strcmp(argv[1], "x")) {
		execv(argv[2], argv + 2);
		return errno;
	}
	if (argc >= 3 && !strcmp(argv[1], "pc")) {
		for (i = 2, r = 0; i < argc; i++) {
			r = pc_step(argv[i]);
			printf("%s=%d\n", argv[i], r);
		}
		fflush(stdout);
		return r;
	}
	if (argc == 3 && !strcmp(argv[1], "hammer"))
		return hammer(argv[2]);
	if (argc == 5 && !strcmp(argv[1], "repeat")) {
		n = atoi(argv[2]);
		for (i = 0; i < n; i++) {
			r = try_op(argv[3], argv[4]);
			if (first < 0)
				first = r;
			else if (r != first)
				return 252;
		}
		return first < 0 ? 0 : first;
	}
	if (argc == 4 && !strcmp(argv[1], "serve")) {
		while (read(0, &c, 1) == 1) {
			c = (char)try_op(argv[2], argv[3]);
			if (write(1, &c, 1) != 1)
				return 253;
		}
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "wait")) {
		if (read(0, &c, 1) != 1)
			return 253;
		return try_op(argv[2], argv[3]);
	}
	if (argc == 4 && !strcmp(argv[1], "fork")) {
		pid = fork();
		if (pid < 0)
			return errno;
		if (pid == 0)
			_exit(try_op(argv[2], argv[3]));
		if (waitpid(pid, &status, 0) < 0)
			return errno;
		return WIFEXITED(status) ? WEXITSTATUS(status) : 254;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: pal_try [fork] OP PATH\n");
		return 255;
	}
	return try_op(argv[1], argv[2]);
}
