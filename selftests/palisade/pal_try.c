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
 *   pal_try hammerx DIR
 *     the replace hammer for exec and fork: see hammer_exec() below
 *   pal_try nnpx PATH [ARG...]
 *     set no_new_privs, then execute PATH as x does
 *   pal_try secure [OP PATH]
 *     print "AT_SECURE=N" (the kernel's secure-exec flag for this
 *     program, getauxval(AT_SECURE)), then perform the operation if given
 *   pal_try chown PATH        chown(PATH, 4321, -1): needs CAP_CHOWN
 *   pal_try rawsock           an AF_INET raw ICMP socket: needs CAP_NET_RAW
 *   pal_try net FAMILY TYPE   inet|inet6|unix, stream|dgram: a server and a
 *     client socket over the loopback (unix: an abstract address) through
 *     create, bind, listen, connect, accept, send, recv; prints the step
 *     that failed
 *   pal_try kill PID SIG      kill(PID, SIG)
 *   pal_try pause             wait for end of input (a signal target)
 *   pal_try ptrace PID        PTRACE_ATTACH, then detach
 *   pal_try environ PID       open /proc/PID/environ (a PTRACE_MODE_READ access)
 *   pal_try traceme           a child asks PTRACE_TRACEME of this process
 *   pal_try fs OP ARG...
 *     one file-system or process operation (see fs_ops[] below): mknod,
 *     mkdir, rmdir, unlink, symlink, rename, exchange, link, chmod, chown,
 *     truncate, otrunc, lockr, lockw, mmapx, mprotx, openat, opath,
 *     fdread, chroot, unshare, bind, memfdx, uring, kill, ptrace, bpfid,
 *     objget, linkdetach
 *   pal_try listen            listen on a TCP port of 127.0.0.1, print the
 *     port, then wait for end of input (a server for `palisade unconfined`)
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
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/io_uring.h>
#include <linux/capability.h>

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

	/* "udp": create an inet datagram socket (PATH unused). */
	if (!strcmp(op, "udp")) {
		fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return errno;
		close(fd);
		return 0;
	}
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

/*
 * The exec and fork hammer: like hammer(), but each round forks one child
 * per DIR/xk (a copy of pal_try), which first opens DIR/c (a fork must
 * keep its parent's profile: EACCES) and then execs DIR/xk "r" DIR/c.
 * Policy k lets only DIR/xk be exec'd, with ix, so:
 *   - a child whose fork or exec'd program opens c ran unconfined;
 *   - when the word did not move, exactly x(k % HAMMER_FILES) execs;
 *   - when it moved, only the programs of the policies in force meanwhile.
 * Child exit codes: 101 the fork opened c, 100 + errno the exec failed,
 * else the exec'd program's (EACCES: confined, 0: it opened c).
 */
static int hammer_exec(const char *dir)
{
	unsigned long stable = 0, spans = 0, bad_unconfined = 0, bad_err = 0,
		      bad_stable = 0, bad_span = 0;
	char xpath[HAMMER_FILES][PATH_MAX], cpath[PATH_MAX];
	int ran[HAMMER_FILES], k, fd, status, allowed_ok;
	volatile uint64_t *seq;
	uint64_t s1, s2, lo, hi, j;
	pid_t pid;

	seq = mmap(NULL, 4096, PROT_READ, MAP_SHARED, HAMMER_SEQ_FD, 0);
	if (seq == MAP_FAILED)
		return errno;
	for (k = 0; k < HAMMER_FILES; k++)
		snprintf(xpath[k], sizeof(xpath[k]), "%s/x%d", dir, k);
	snprintf(cpath, sizeof(cpath), "%s/c", dir);
	for (;;) {
		s1 = __atomic_load_n(seq, __ATOMIC_SEQ_CST);
		if (s1 == HAMMER_STOP)
			break;
		for (k = 0; k < HAMMER_FILES; k++) {
			pid = fork();
			if (pid < 0)
				return errno;
			if (pid == 0) {
				fd = open(cpath, O_RDONLY | O_CLOEXEC);
				if (fd >= 0)
					_exit(101);
				execl(xpath[k], xpath[k], "r", cpath, (char *)NULL);
				_exit(100 + errno);
			}
			if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
				return 255;
			status = WEXITSTATUS(status);
			ran[k] = status == EACCES;
			if (status == 0 || status == 101)
				bad_unconfined++;
			else if (status != EACCES && status != 100 + EACCES)
				bad_err++;
		}
		s2 = __atomic_load_n(seq, __ATOMIC_SEQ_CST);
		if (s2 == HAMMER_STOP)
			break;
		if (s1 == s2 && !(s1 & 1)) {
			stable++;
			for (k = 0; k < HAMMER_FILES; k++)
				if (ran[k] != (k == (int)((s1 / 2) % HAMMER_FILES)))
					bad_stable++;
			continue;
		}
		spans++;
		lo = s1 / 2;
		hi = (s2 + 1) / 2;
		for (k = 0; k < HAMMER_FILES; k++) {
			if (!ran[k])
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
	       "bad_span=%lu\n", stable, spans, bad_unconfined, bad_err,
	       bad_stable, bad_span);
	fflush(stdout);
	return bad_unconfined || bad_err || bad_stable || bad_span ? 1 : 0;
}

/* ---- capability, network, signal and ptrace probes ---- */

/* A step of the network exchange failed: name it, return its errno. */
static int net_fail(const char *step)
{
	int e = errno;

	printf("%s\n", step);
	fflush(stdout);
	return e;
}

static int net_exchange(const char *fam, const char *typ)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *in4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
	struct sockaddr_un *un = (struct sockaddr_un *)&ss;
	int family, type, srv, cli, conn, stream;
	socklen_t len;
	char c = 'x';

	family = !strcmp(fam, "inet") ? AF_INET : !strcmp(fam, "inet6") ? AF_INET6 :
		 !strcmp(fam, "unix") ? AF_UNIX : -1;
	type = !strcmp(typ, "stream") ? SOCK_STREAM :
	       !strcmp(typ, "dgram") ? SOCK_DGRAM : -1;
	if (family < 0 || type < 0)
		return 255;
	stream = type == SOCK_STREAM;
	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		in4->sin_family = AF_INET;
		in4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(*in4);
	} else if (family == AF_INET6) {
		in6->sin6_family = AF_INET6;
		in6->sin6_addr = in6addr_loopback;
		len = sizeof(*in6);
	} else {
		/* abstract: no file to name */
		un->sun_family = AF_UNIX;
		len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
				  snprintf(un->sun_path + 1, sizeof(un->sun_path) - 1,
					   "pal_try.%d", getpid()));
	}
	srv = socket(family, type | SOCK_CLOEXEC, 0);
	if (srv < 0)
		return net_fail("create");
	if (bind(srv, (struct sockaddr *)&ss, len))
		return net_fail("bind");
	if (family != AF_UNIX && getsockname(srv, (struct sockaddr *)&ss, &len))
		return net_fail("getsockname");
	if (stream && listen(srv, 4))
		return net_fail("listen");
	cli = socket(family, type | SOCK_CLOEXEC, 0);
	if (cli < 0)
		return net_fail("create");
	if (connect(cli, (struct sockaddr *)&ss, len))
		return net_fail("connect");
	conn = srv;
	if (stream) {
		conn = accept(srv, NULL, NULL);
		if (conn < 0)
			return net_fail("accept");
	}
	if (send(cli, &c, 1, 0) != 1)
		return net_fail("send");
	if (recv(conn, &c, 1, 0) != 1)
		return net_fail("recv");
	return 0;
}

static int sig_num(const char *s)
{
	static const struct {
		const char *name;
		int sig;
	} sigs[] = {
		{ "hup", SIGHUP }, { "int", SIGINT }, { "kill", SIGKILL },
		{ "usr1", SIGUSR1 }, { "usr2", SIGUSR2 }, { "term", SIGTERM },
		{ "exists", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (!strcmp(s, sigs[i].name))
			return sigs[i].sig;
	return atoi(s);
}

static int probe_ptrace(pid_t pid)
{
	int status;

	if (ptrace(PTRACE_ATTACH, pid, NULL, NULL))
		return errno;
	if (waitpid(pid, &status, __WALL) < 0)
		return errno;
	if (ptrace(PTRACE_DETACH, pid, NULL, NULL))
		return errno;
	return 0;
}

static int probe_traceme(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return errno;
	if (pid == 0)
		_exit(ptrace(PTRACE_TRACEME, 0, NULL, NULL) ? errno : 0);
	if (waitpid(pid, &status, 0) < 0)
		return errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 254;
}

/* A listening server until end of input; its port on stdout once it listens. */
static int probe_listen(void)
{
	struct sockaddr_in in4 = { .sin_family = AF_INET };
	socklen_t len = sizeof(in4);
	int fd;
	char c;

	in4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return errno;
	if (bind(fd, (struct sockaddr *)&in4, len) ||
	    getsockname(fd, (struct sockaddr *)&in4, &len) || listen(fd, 4))
		return errno;
	printf("%u\n", ntohs(in4.sin_port));
	fflush(stdout);
	while (read(0, &c, 1) > 0)
		;
	close(fd);
	return 0;
}

static int probes(int argc, char **argv)
{
	char path[64], c;
	int fd;

	if (argc == 3 && !strcmp(argv[1], "chown"))
		return chown(argv[2], 4321, (gid_t)-1) ? errno : 0;
	if (argc == 2 && !strcmp(argv[1], "rawsock")) {
		fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
		if (fd < 0)
			return errno;
		close(fd);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "net"))
		return net_exchange(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "kill"))
		return kill((pid_t)atoi(argv[2]), sig_num(argv[3])) ? errno : 0;
	if (argc == 2 && !strcmp(argv[1], "pause")) {
		while (read(0, &c, 1) > 0)
			;
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "ptrace"))
		return probe_ptrace((pid_t)atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "environ")) {
		snprintf(path, sizeof(path), "/proc/%d/environ", atoi(argv[2]));
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return errno;
		close(fd);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "traceme"))
		return probe_traceme();
	if (argc == 2 && !strcmp(argv[1], "listen"))
		return probe_listen();
	return -1;
}

/* ---- pal_try fs OP ARG... ------------------------------------------- */

static int fs_rc(long r)
{
	return r < 0 ? errno : 0;
}

static int op_mknod(char **a)
{
	return fs_rc(mknod(a[0], S_IFREG | 0600, 0));
}

static int op_mkdir(char **a)
{
	return fs_rc(mkdir(a[0], 0700));
}

static int op_rmdir(char **a)
{
	return fs_rc(rmdir(a[0]));
}

static int op_unlink(char **a)
{
	return fs_rc(unlink(a[0]));
}

/* symlink NEW TARGET */
static int op_symlink(char **a)
{
	return fs_rc(symlink(a[1], a[0]));
}

/* rename FROM TO */
static int op_rename(char **a)
{
	return fs_rc(rename(a[0], a[1]));
}

static int op_exchange(char **a)
{
	return fs_rc(syscall(SYS_renameat2, AT_FDCWD, a[0], AT_FDCWD, a[1],
			     RENAME_EXCHANGE));
}

/* link TARGET NEW */
static int op_link(char **a)
{
	return fs_rc(link(a[0], a[1]));
}

static int op_chmod(char **a)
{
	return fs_rc(chmod(a[0], 0640));
}

static int op_chown(char **a)
{
	return fs_rc(chown(a[0], 0, 0));
}

static int op_truncate(char **a)
{
	return fs_rc(truncate(a[0], 1));
}

/* open O_RDONLY|O_TRUNC */
static int op_otrunc(char **a)
{
	int fd = open(a[0], O_RDONLY | O_TRUNC | O_CLOEXEC);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* An fcntl lock: the file is opened (r or rw) by an allowed name first. */
static int do_lock(const char *path, int type)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET };
	int fd, r;

	fd = open(path, (type == F_WRLCK ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (fd < 0)
		return 200;	/* the open, not the lock, failed */
	r = fs_rc(fcntl(fd, F_SETLK, &fl));
	close(fd);
	return r;
}

static int op_lockr(char **a)
{
	return do_lock(a[0], F_RDLCK);
}

static int op_lockw(char **a)
{
	return do_lock(a[0], F_WRLCK);
}

/* mmap PROT_EXEC of a file opened for reading */
static int op_mmapx(char **a)
{
	int fd = open(a[0], O_RDONLY | O_CLOEXEC);
	void *p;

	if (fd < 0)
		return 200;
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return errno;
	munmap(p, 4096);
	return 0;
}

/* map readable, then mprotect to add PROT_EXEC */
static int op_mprotx(char **a)
{
	int fd = open(a[0], O_RDONLY | O_CLOEXEC), r;
	void *p;

	if (fd < 0)
		return 200;
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return 201;
	r = fs_rc(mprotect(p, 4096, PROT_READ | PROT_EXEC));
	munmap(p, 4096);
	return r;
}

/* openat DIR REL: read REL relative to a dirfd of DIR */
static int op_openat(char **a)
{
	int dfd = open(a[0], O_PATH | O_DIRECTORY | O_CLOEXEC), fd;

	if (dfd < 0)
		return 200;
	fd = openat(dfd, a[1], O_RDONLY | O_CLOEXEC);
	close(dfd);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* opath PATH: O_PATH (no access), then re-open it for reading by
 * /proc/self/fd/N; 200 when the O_PATH open itself failed */
static int op_opath(char **a)
{
	char proc[64];
	int pfd = open(a[0], O_PATH | O_CLOEXEC), fd;

	if (pfd < 0)
		return 200;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	fd = open(proc, O_RDONLY | O_CLOEXEC);
	close(pfd);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* fdread N: read from the inherited fd N; fdreopen N: open
 * /proc/self/fd/N for reading */
static int op_fdread(char **a)
{
	char c;

	return read(atoi(a[0]), &c, 1) < 0 ? errno : 0;
}

static int op_fdreopen(char **a)
{
	char proc[64];
	int fd;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%s", a[0]);
	fd = open(proc, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* chroot DIR PATH: read PATH (absolute in the new root) after chroot */
static int op_chroot(char **a)
{
	if (chroot(a[0]) || chdir("/"))
		return 200;
	return try_op("r", a[1]);
}

/* unshare PATH: read PATH in a new mount namespace */
static int op_unshare(char **a)
{
	if (unshare(CLONE_NEWNS))
		return 200;
	return try_op("r", a[0]);
}

/* bind SRC DST PATH: in a new mount namespace, bind SRC on DST, read PATH */
static int op_bind(char **a)
{
	if (unshare(CLONE_NEWNS))
		return 200;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return 201;
	if (mount(a[0], a[1], NULL, MS_BIND, NULL))
		return 202;
	return try_op("r", a[2]);
}

/* memfdx PROG: copy PROG into a memfd and execveat() it (argv: PROG
 * r /etc/hostname); 200..202 when the set-up failed */
static int op_memfdx(char **a)
{
	char *argv[] = { a[0], "r", "/etc/hostname", NULL };
	char *envp[] = { NULL };
	char buf[65536];
	int in, mfd;
	ssize_t n;

	mfd = (int)syscall(SYS_memfd_create, "pal", 0);
	if (mfd < 0)
		return 200;
	in = open(a[0], O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return 201;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(mfd, buf, n) != n)
			return 202;
	close(in);
	syscall(SYS_execveat, mfd, "", argv, envp, AT_EMPTY_PATH);
	return errno;
}

/* uring PATH [async]: openat through io_uring (raw syscalls), inline or
 * forced to an io-wq worker; 200.. when io_uring itself failed, ENOSYS
 * when the kernel has none */
static int op_uring(char **a)
{
	struct io_uring_params p;
	struct io_uring_sqe *sqes, *sqe;
	struct io_uring_cqe *cqe;
	unsigned int *sq_tail, *sq_array, *cq_head, *cq_tail;
	void *sq, *cq;
	size_t sqsz, cqsz;
	int ring, res;

	memset(&p, 0, sizeof(p));
	ring = (int)syscall(SYS_io_uring_setup, 4, &p);
	if (ring < 0)
		return errno == ENOSYS ? ENOSYS : 200;
	sqsz = p.sq_off.array + p.sq_entries * sizeof(unsigned int);
	cqsz = p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe);
	sq = mmap(NULL, sqsz, PROT_READ | PROT_WRITE, MAP_SHARED, ring,
		  IORING_OFF_SQ_RING);
	cq = mmap(NULL, cqsz, PROT_READ | PROT_WRITE, MAP_SHARED, ring,
		  IORING_OFF_CQ_RING);
	sqes = mmap(NULL, p.sq_entries * sizeof(*sqes), PROT_READ | PROT_WRITE,
		    MAP_SHARED, ring, IORING_OFF_SQES);
	if (sq == MAP_FAILED || cq == MAP_FAILED || sqes == MAP_FAILED)
		return 201;
	sq_tail = (unsigned int *)((char *)sq + p.sq_off.tail);
	sq_array = (unsigned int *)((char *)sq + p.sq_off.array);
	cq_head = (unsigned int *)((char *)cq + p.cq_off.head);
	cq_tail = (unsigned int *)((char *)cq + p.cq_off.tail);
	sqe = &sqes[0];
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_OPENAT;
	sqe->fd = AT_FDCWD;
	sqe->addr = (unsigned long)a[0];
	sqe->open_flags = O_RDONLY | O_CLOEXEC;
	if (a[1] && !strcmp(a[1], "async"))
		sqe->flags = IOSQE_ASYNC;
	sq_array[0] = 0;
	__atomic_store_n(sq_tail, *sq_tail + 1, __ATOMIC_RELEASE);
	if (syscall(SYS_io_uring_enter, ring, 1, 1, IORING_ENTER_GETEVENTS,
		    NULL, 0) < 0)
		return 202;
	if (__atomic_load_n(cq_tail, __ATOMIC_ACQUIRE) == *cq_head)
		return 203;
	cqe = (struct io_uring_cqe *)((char *)cq + p.cq_off.cqes) +
	      (*cq_head & *(unsigned int *)((char *)cq + p.cq_off.ring_mask));
	res = cqe->res;
	close(ring);
	if (res < 0)
		return -res;
	close(res);
	return 0;
}

static int op_kill(char **a)
{
	return fs_rc(kill(atoi(a[0]), atoi(a[1])));
}

/* ptrace PID: PTRACE_SEIZE and detach */
static int op_ptrace(char **a)
{
	pid_t pid = atoi(a[0]);

	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL))
		return errno;
	ptrace(PTRACE_DETACH, pid, NULL, NULL);
	return 0;
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

/* bpfid map|prog|link ID: get an fd of a BPF object by id */
static int op_bpfid(char **a)
{
	union bpf_attr attr;
	int cmd;

	memset(&attr, 0, sizeof(attr));
	if (!strcmp(a[0], "map")) {
		cmd = BPF_MAP_GET_FD_BY_ID;
		attr.map_id = (unsigned int)atoi(a[1]);
	} else if (!strcmp(a[0], "prog")) {
		cmd = BPF_PROG_GET_FD_BY_ID;
		attr.prog_id = (unsigned int)atoi(a[1]);
	} else {
		cmd = BPF_LINK_GET_FD_BY_ID;
		attr.link_id = (unsigned int)atoi(a[1]);
	}
	return fs_rc(sys_bpf(cmd, &attr));
}

/* objget PATH: BPF_OBJ_GET of a pin */
static int op_objget(char **a)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = (unsigned long)a[0];
	return fs_rc(sys_bpf(BPF_OBJ_GET, &attr));
}

/* linkdetach PATH: BPF_OBJ_GET of a pinned link, then BPF_LINK_DETACH */
static int op_linkdetach(char **a)
{
	union bpf_attr attr;
	int fd, r;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = (unsigned long)a[0];
	fd = (int)sys_bpf(BPF_OBJ_GET, &attr);
	if (fd < 0)
		return errno;
	memset(&attr, 0, sizeof(attr));
	attr.link_detach.link_fd = fd;
	r = fs_rc(sys_bpf(BPF_LINK_DETACH, &attr));
	close(fd);
	return r;
}

/* ftruncate(2) of fd N (inherited from the caller) to 0 bytes */
static int op_ftruncfd(char **a)
{
	return fs_rc(ftruncate(atoi(a[0]), 0));
}

/* open PATH for writing, then ftruncate(2) it */
static int op_ftrunc(char **a)
{
	int fd = open(a[0], O_WRONLY | O_CLOEXEC), r;

	if (fd < 0)
		return errno;
	r = fs_rc(ftruncate(fd, 0));
	close(fd);
	return r;
}

/* utimensat(2) of PATH to explicit times */
static int op_utimes(char **a)
{
	struct timespec ts[2] = { { .tv_sec = 1 }, { .tv_sec = 2 } };

	return fs_rc(utimensat(AT_FDCWD, a[0], ts, 0));
}

/* execveat(2) of fd N (inherited) as `pal_try r /etc/hostname` */
static int op_execfd(char **a)
{
	char *argv[] = { "pal_try", "r", "/etc/hostname", NULL };
	char *envp[] = { NULL };

	syscall(SYS_execveat, atoi(a[0]), "", argv, envp, AT_EMPTY_PATH);
	return errno;
}

/* mkdirat(2) NAME in the directory fd N (inherited) */
static int op_mkdirat(char **a)
{
	return fs_rc(mkdirat(atoi(a[0]), a[1], 0700));
}

/* futimens(2) of fd N (inherited) to the current time */
static int op_utimesfd(char **a)
{
	return fs_rc(futimens(atoi(a[0]), NULL));
}

static const struct {
	const char *op;
	int nargs;		/* at least */
	int (*fn)(char **args);
} fs_ops[] = {
	{ "mknod", 1, op_mknod },
	{ "mkdir", 1, op_mkdir },
	{ "rmdir", 1, op_rmdir },
	{ "unlink", 1, op_unlink },
	{ "symlink", 2, op_symlink },
	{ "rename", 2, op_rename },
	{ "exchange", 2, op_exchange },
	{ "link", 2, op_link },
	{ "chmod", 1, op_chmod },
	{ "chown", 1, op_chown },
	{ "truncate", 1, op_truncate },
	{ "otrunc", 1, op_otrunc },
	{ "lockr", 1, op_lockr },
	{ "lockw", 1, op_lockw },
	{ "mmapx", 1, op_mmapx },
	{ "mprotx", 1, op_mprotx },
	{ "openat", 2, op_openat },
	{ "opath", 1, op_opath },
	{ "fdread", 1, op_fdread },
	{ "fdreopen", 1, op_fdreopen },
	{ "chroot", 2, op_chroot },
	{ "unshare", 1, op_unshare },
	{ "bind", 3, op_bind },
	{ "memfdx", 1, op_memfdx },
	{ "uring", 1, op_uring },
	{ "kill", 2, op_kill },
	{ "ptrace", 1, op_ptrace },
	{ "bpfid", 2, op_bpfid },
	{ "objget", 1, op_objget },
	{ "linkdetach", 1, op_linkdetach },
	{ "ftruncfd", 1, op_ftruncfd },
	{ "ftrunc", 1, op_ftrunc },
	{ "utimes", 1, op_utimes },
	{ "utimesfd", 1, op_utimesfd },
	{ "execfd", 1, op_execfd },
	{ "mkdirat", 2, op_mkdirat },
};

static int try_fs(int argc, char **argv)
{
	size_t i;

	for (i = 0; i < sizeof(fs_ops) / sizeof(fs_ops[0]); i++)
		if (!strcmp(argv[2], fs_ops[i].op) && argc - 3 >= fs_ops[i].nargs)
			return fs_ops[i].fn(argv + 3);
	fprintf(stderr, "pal_try: bad fs operation '%s'\n", argv[2]);
	return 255;
}

static void *pc_thread_setuid(void *arg)
{
	long id = (long)arg;

	return (void *)(long)(syscall(SYS_setresuid, id, id, id) ? errno : 0);
}

/* thread-open: switch this thread to a client uid, then open a file. */
struct pc_open {
	long id;
	const char *path;
};

static void *pc_thread_open(void *arg)
{
	struct pc_open *o = arg;
	int fd;

	if (syscall(SYS_setresuid, o->id, o->id, o->id))
		return (void *)(long)errno;
	fd = open(o->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return (void *)(long)errno;
	close(fd);
	return NULL;
}

/* nodac: keep every capability but the three that bypass file modes. */
static int pc_nodac(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	__u32 drop = (1U << CAP_DAC_OVERRIDE) | (1U << CAP_DAC_READ_SEARCH) |
		     (1U << CAP_FOWNER);

	if (syscall(SYS_capget, &hdr, data))
		return errno;
	data[0].effective &= ~drop;
	data[0].permitted &= ~drop;
	data[0].inheritable &= ~drop;
	return syscall(SYS_capset, &hdr, data) ? errno : 0;
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
 *   nodac            drop CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
 *   thread-open:N:PATH  a second thread does setresuid(N, N, N), then
 *                    opens PATH for reading
 *   touch:PATH       create PATH (tells a test this step was reached)
 *   await:PATH       wait up to 30 s for PATH to exist (ETIMEDOUT)
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
	if (!strcmp(st, "nodac"))
		return pc_nodac();
	if (!strncmp(st, "thread-open:", 12) && strchr(arg + 1, ':')) {
		struct pc_open o = { .id = n, .path = strchr(arg + 1, ':') + 1 };

		if (pthread_create(&th, NULL, pc_thread_open, &o))
			return EAGAIN;
		pthread_join(th, &res);
		return (int)(long)res;
	}
	if (!strncmp(st, "touch:", 6)) {
		fd = open(arg + 1, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0)
			return errno;
		close(fd);
		return 0;
	}
	if (!strncmp(st, "await:", 6)) {
		for (i = 0; i < 3000; i++) {
			if (!access(arg + 1, F_OK))
				return 0;
			usleep(10000);
		}
		return ETIMEDOUT;
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
	if (argc == 3 && !strcmp(argv[1], "hammerx"))
		return hammer_exec(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "fs"))
		return try_fs(argc, argv);
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
	r = probes(argc, argv);
	if (r >= 0)
		return r;
	if (argc != 3) {
		fprintf(stderr, "usage: pal_try [fork] OP PATH\n");
		return 255;
	}
	return try_op(argv[1], argv[2]);
}
