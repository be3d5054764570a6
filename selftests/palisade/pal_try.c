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
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

int main(int argc, char **argv)
{
	int status;
	pid_t pid;

	if (argc >= 3 && !strcmp(argv[1], "x")) {
		execv(argv[2], argv + 2);
		return errno;
	}
	if (argc == 4 && !strcmp(argv[1], "wait")) {
		char c;

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
