// SPDX-License-Identifier: GPL-2.0
/*
 * pal_bench - one micro-benchmark workload, timed.
 *
 *   pal_bench WORKLOAD ITERATIONS [PATH]
 *
 * Prints the mean cost of one operation in nanoseconds.  The caller (the
 * benchmark script in the VM) runs the same binary under several names, so
 * that an AppArmor profile, a palisade profile or no profile attaches to it,
 * and interleaves the runs.
 *
 * Workloads:
 *   open     open(PATH, O_RDONLY) + close
 *   stat     stat(PATH)
 *   exec     fork + execve(self, "noop") + wait
 *   mmap     open(PATH) + mmap(PROT_READ | PROT_EXEC) + munmap + close
 *   connect  socket(AF_INET, SOCK_STREAM) + connect to a loopback listener
 *            + accept + close both
 *   fork     fork + _exit + wait
 *   noop     exit at once (the program exec runs)
 *
 *   pal_bench time CMD [ARG]...
 *
 * runs CMD once and prints its wall time in nanoseconds (for load and
 * replace times; busybox's date has no nanoseconds), failing as CMD fails.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *self;

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int op_open(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int op_stat(const char *path)
{
	struct stat st;

	return stat(path, &st);
}

static int wait_child(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int op_exec(const char *path)
{
	pid_t pid = fork();

	(void)path;
	if (pid == 0) {
		execl(self, self, "noop", "1", (char *)NULL);
		_exit(127);
	}
	return wait_child(pid);
}

static int op_fork(const char *path)
{
	pid_t pid = fork();

	(void)path;
	if (pid == 0)
		_exit(0);
	return wait_child(pid);
}

static int op_mmap(const char *path)
{
	int fd = open(path, O_RDONLY);
	void *p;

	if (fd < 0)
		return -1;
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -1;
	munmap(p, 4096);
	return 0;
}

static int listener = -1;
static struct sockaddr_in listen_addr;

static int listen_setup(void)
{
	socklen_t len = sizeof(listen_addr);

	listener = socket(AF_INET, SOCK_STREAM, 0);
	if (listener < 0)
		return -1;
	memset(&listen_addr, 0, sizeof(listen_addr));
	listen_addr.sin_family = AF_INET;
	listen_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(listener, (struct sockaddr *)&listen_addr, sizeof(listen_addr)) ||
	    listen(listener, 16) ||
	    getsockname(listener, (struct sockaddr *)&listen_addr, &len))
		return -1;
	return 0;
}

static int op_connect(const char *path)
{
	int s = socket(AF_INET, SOCK_STREAM, 0), a;

	(void)path;
	if (s < 0)
		return -1;
	if (connect(s, (struct sockaddr *)&listen_addr, sizeof(listen_addr))) {
		close(s);
		return -1;
	}
	a = accept(listener, NULL, NULL);
	close(s);
	if (a < 0)
		return -1;
	close(a);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(const char *path);
	int needs_path;
} workloads[] = {
	{ "open", op_open, 1 },	    { "stat", op_stat, 1 }, { "exec", op_exec, 0 },
	{ "mmap", op_mmap, 1 },	    { "connect", op_connect, 0 },
	{ "fork", op_fork, 0 },
};

int main(int argc, char **argv)
{
	const char *path = argc > 3 ? argv[3] : NULL;
	unsigned long long start, end;
	long i, n;
	size_t w;

	self = argv[0];
	if (argc < 3) {
		fprintf(stderr, "usage: pal_bench WORKLOAD ITERATIONS [PATH]\n");
		return 2;
	}
	if (!strcmp(argv[1], "noop"))
		return 0;
	if (!strcmp(argv[1], "time")) {
		pid_t pid;

		start = now_ns();
		pid = fork();
		if (pid == 0) {
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		if (wait_child(pid))
			return 1;
		printf("%llu\n", now_ns() - start);
		return 0;
	}
	n = strtol(argv[2], NULL, 10);
	for (w = 0; w < sizeof(workloads) / sizeof(workloads[0]); w++)
		if (!strcmp(argv[1], workloads[w].name))
			break;
	if (w == sizeof(workloads) / sizeof(workloads[0]) || n <= 0 ||
	    (workloads[w].needs_path && !path)) {
		fprintf(stderr, "pal_bench: bad workload, count or missing path\n");
		return 2;
	}
	if (workloads[w].fn == op_connect && listen_setup()) {
		perror("pal_bench: loopback listener");
		return 1;
	}
	/* One untimed call: fault in code and caches, catch a denial early. */
	if (workloads[w].fn(path)) {
		fprintf(stderr, "pal_bench: %s %s: %s\n", argv[1], path ? path : "",
			strerror(errno));
		return 1;
	}
	start = now_ns();
	for (i = 0; i < n; i++)
		if (workloads[w].fn(path)) {
			fprintf(stderr, "pal_bench: %s failed at %ld: %s\n", argv[1],
				i, strerror(errno));
			return 1;
		}
	end = now_ns();
	printf("%llu\n", (end - start) / (unsigned long long)n);
	return 0;
}
