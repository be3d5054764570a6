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
 *   pal_try nnpx PATH [ARG...]
 *     set no_new_privs, then execute PATH as x does
 *   pal_try secure [OP PATH]
 *     print "AT_SECURE=N" (the kernel's secure-exec flag for this
 *     program, getauxval(AT_SECURE)), then perform the operation if given
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

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

int main(int argc, char **argv)
{
	int status, i, n, first = -1, r;
	pid_t pid;
	char c;

	if (argc >= 3 && !strcmp(argv[1], "x")) {
		execv(argv[2], argv + 2);
		return errno;
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
	if (argc >= 3 && !strcmp(argv[1], "nnpx")) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			return errno;
		execv(argv[2], argv + 2);
		return errno;
	}
	if ((argc == 2 || argc == 4) && !strcmp(argv[1], "secure")) {
		printf("AT_SECURE=%lu\n", getauxval(AT_SECURE));
		fflush(stdout);
		return argc == 4 ? try_op(argv[2], argv[3]) : 0;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: pal_try [fork] OP PATH\n");
		return 255;
	}
	return try_op(argv[1], argv[2]);
}
