/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade selftests: helpers shared by the <area>_test.c programs.  They run
 * inside the test VM as root, with palisaded running and its audit log at
 * PAL_AUDIT_LOG.  Each test works in a private tmpfs and attaches its
 * profiles only to programs copied there, so a bad policy cannot reach the
 * rest of the VM.
 */
#ifndef PAL_SELFTEST_COMMON_H
#define PAL_SELFTEST_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAL_AUDIT_LOG	"/var/log/palisade/audit.log"
#define PAL_TRY		"/usr/bin/pal_try"

/* The replace hammer's protocol (pal_try hammer, replace_test.c). */
#define HAMMER_FILES	4		/* DIR/a0..a3: policy k allows ak */
#define HAMMER_SEQ_FD	3		/* the sequence word, inherited */
#define HAMMER_STOP	(UINT64_MAX - 1)

/* Run ARGV; return its raw wait status (to see a signal), or -1. */
static inline int pal_run_status(const char *const argv[], pid_t *pidp)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execv(argv[0], (char *const *)argv);
		fprintf(stderr, "# exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pidp)
		*pidp = pid;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return status;
}

/* Run ARGV (NULL-terminated); return its exit status, or -1.  The child's
 * pid goes to @pidp when it is not NULL (for audit checks). */
static inline int pal_run_pid(const char *const argv[], pid_t *pidp)
{
	int status = pal_run_status(argv, pidp);

	return status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static inline int pal_run(const char *const argv[])
{
	return pal_run_pid(argv, NULL);
}

static inline int pal_write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ssize_t n, len = (ssize_t)strlen(text);

	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	close(fd);
	return n == len ? 0 : -EIO;
}

static inline int pal_copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[65536];
	int in, out, ret = 0;
	ssize_t n;

	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (out < 0) {
		close(in);
		return -errno;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n) {
			ret = -EIO;
			break;
		}
	close(in);
	close(out);
	return ret;
}

/* Run ARGV with its output (stdout and stderr) in @out; return its status. */
static inline int pal_run_capture(const char *const argv[], char *out, size_t len)
{
	int status, fds[2];
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	while (got + 1 < len && (n = read(fds[0], out + got, len - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = 0;
	close(fds[0]);
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * A private tmpfs (mount options @opts) on a fresh /tmp/pal.XXXXXX; @dir
 * must hold 16 bytes.  Return: 0, or -errno.
 */
static inline int pal_tmpfs_make(char *dir, const char *opts)
{
	strcpy(dir, "/tmp/pal.XXXXXX");
	if (!mkdtemp(dir))
		return -errno;
	if (mount("tmpfs", dir, "tmpfs", 0, opts)) {
		int err = -errno;

		rmdir(dir);
		return err;
	}
	return 0;
}

static inline void pal_tmpfs_drop(const char *dir)
{
	umount2(dir, MNT_DETACH);
	rmdir(dir);
}

/*
 * Write a profile to DIR/profile.N and load it with `palisade load`.
 * Returns palisade's exit status; its messages go to @errbuf.
 */
static inline int pal_load_profile(const char *dir, const char *text,
				   char *errbuf, size_t errlen)
{
	static int seq;
	char path[PATH_MAX], errpath[PATH_MAX];
	const char *argv[] = { "/usr/sbin/palisade", "load", path, NULL };
	int status, fd;
	pid_t pid;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/profile.%d", dir, seq);
	snprintf(errpath, sizeof(errpath), "%s/profile.%d.err", dir, seq++);
	if (pal_write_file(path, text))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	if (errbuf && errlen) {
		errbuf[0] = 0;
		fd = open(errpath, O_RDONLY);
		if (fd >= 0) {
			n = read(fd, errbuf, errlen - 1);
			errbuf[n > 0 ? n : 0] = 0;
			close(fd);
		}
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * Wait (up to 5 s) for an audit line containing every string of @needles
 * (NULL-terminated); copy it to @line.  Returns 0 when found.
 */
static inline int pal_find_audit(const char *const needles[], char *line,
				 size_t len)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int tries, i, hit;

	for (tries = 0; tries < 100; tries++) {
		FILE *f = fopen(PAL_AUDIT_LOG, "r");

		if (f) {
			while (fgets(line, (int)len, f)) {
				for (hit = 1, i = 0; needles[i]; i++)
					if (!strstr(line, needles[i]))
						hit = 0;
				if (hit) {
					fclose(f);
					return 0;
				}
			}
			fclose(f);
		}
		nanosleep(&ts, NULL);
	}
	return -1;
}

/* Count audit lines containing @needle. */
static inline int pal_count_audit(const char *needle)
{
	char line[16384];
	int n = 0;
	FILE *f = fopen(PAL_AUDIT_LOG, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, needle))
			n++;
	fclose(f);
	return n;
}

/* Copy @tmpl to @out with every "{D}" replaced by @dir. */
static inline void pal_expand(const char *dir, const char *tmpl, char *out,
			      size_t len)
{
	size_t dl = strlen(dir), o = 0;

	while (*tmpl && o + dl + 1 < len) {
		if (!strncmp(tmpl, "{D}", 3)) {
			memcpy(out + o, dir, dl);
			o += dl;
			tmpl += 3;
		} else {
			out[o++] = *tmpl++;
		}
	}
	out[o] = 0;
}

/**
 * struct pal_server - a confined `pal_try serve` process
 * @pid: its pid
 * @in: write end of its stdin
 * @out: read end of its stdout
 */
struct pal_server {
	pid_t pid;
	int in;
	int out;
};

/* Start `PROG serve OP PATH`; it waits for pal_serve_step(). */
static inline int pal_serve_start(struct pal_server *sv, const char *prog,
				  const char *op, const char *path)
{
	int to[2], from[2];

	/* Close-on-exec: a later server must not hold this one's stdin open. */
	if (pipe2(to, O_CLOEXEC))
		return -errno;
	if (pipe2(from, O_CLOEXEC)) {
		close(to[0]);
		close(to[1]);
		return -errno;
	}
	sv->pid = fork();
	if (sv->pid < 0)
		return -errno;
	if (sv->pid == 0) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		execl(prog, prog, "serve", op, path, (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	sv->in = to[1];
	sv->out = from[0];
	return 0;
}

/* One operation in the server: 0 or its errno, or -1 if it died. */
static inline int pal_serve_step(struct pal_server *sv)
{
	unsigned char c = 1;

	if (write(sv->in, &c, 1) != 1 || read(sv->out, &c, 1) != 1)
		return -1;
	return c;
}

/* End the server; return its raw wait status. */
static inline int pal_serve_stop(struct pal_server *sv)
{
	int status = -1;

	close(sv->in);
	close(sv->out);
	if (waitpid(sv->pid, &status, 0) < 0)
		return -1;
	return status;
}

/* Audit lines containing every string of @needles (NULL-terminated). */
static inline int pal_count_audit_all(const char *const needles[])
{
	char line[16384];
	int n = 0, i, hit;
	FILE *f = fopen(PAL_AUDIT_LOG, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		for (hit = 1, i = 0; needles[i]; i++)
			if (!strstr(line, needles[i]))
				hit = 0;
		n += hit;
	}
	fclose(f);
	return n;
}

/* Wait (up to 5 s) until at least @want lines match @needles; return the
 * count last seen. */
static inline int pal_wait_audit_count(const char *const needles[], int want)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int tries, n = 0;

	for (tries = 0; tries < 100; tries++) {
		n = pal_count_audit_all(needles);
		if (n >= want)
			break;
		nanosleep(&ts, NULL);
	}
	return n;
}

/* Run `palisade ARGS...` (NULL-terminated) with its output in @out. */
static inline int pal_palisade(char *out, size_t len, ...)
{
	const char *argv[16] = { "/usr/sbin/palisade" };
	va_list ap;
	int n = 1;

	va_start(ap, len);
	while (n < 15 && (argv[n] = va_arg(ap, const char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	return pal_run_capture(argv, out, len);
}

/* The number @key has in `palisade --json status` (~0 when missing); the
 * whole output is left in @out. */
static inline unsigned long long pal_status_field(char *out, size_t len,
						  const char *key)
{
	char k[64];
	char *p;

	if (pal_palisade(out, len, "--json", "status", NULL))
		return ~0ULL;
	snprintf(k, sizeof(k), "\"%s\":", key);
	p = strstr(out, k);
	return p ? strtoull(p + strlen(k), NULL, 10) : ~0ULL;
}

/* Run `PROG OP PATH` (a copy of pal_try); return its exit status. */
static inline int pal_try_op(const char *prog, const char *op, const char *path)
{
	const char *argv[] = { prog, op, path, NULL };

	return pal_run(argv);
}

/* Read @path into @buf, NUL-terminated (empty when unreadable); -1 when
 * it cannot be opened. */
static inline int pal_read_file(const char *path, char *buf, size_t len)
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

/* The running palisaded's pid, from its pid file; -1 when there is none,
 * 0 when it is empty. */
static inline pid_t pal_palisaded_pid(void)
{
	char buf[32];

	if (pal_read_file("/run/palisaded.pid", buf, sizeof(buf)))
		return -1;
	return (pid_t)atoi(buf);
}

/* Install pal_try as @dir/@name, its path in @path: a profile attaches to
 * that copy alone. */
static inline int pal_try_install(const char *dir, const char *name,
				  char *path, size_t len)
{
	snprintf(path, len, "%s/%s", dir, name);
	return pal_copy_file(PAL_TRY, path, 0755);
}

/* Load profile template @tmpl with "{D}" standing for @dir; the
 * compiler's output goes to @out. */
static inline int pal_load_tmpl(const char *dir, const char *tmpl, char *out,
				size_t len)
{
	char text[8192];

	pal_expand(dir, tmpl, text, sizeof(text));
	return pal_load_profile(dir, text, out, len);
}

/**
 * struct pal_waiter - a process waiting on its stdin
 * @pid: its pid
 * @in: write end of its stdin; closing it ends the process
 */
struct pal_waiter {
	pid_t pid;
	int in;
};

/* Start `PROG pause` (confined by the profile attached to @prog), or an
 * unconfined child when @prog is NULL. */
static inline int pal_waiter_start(struct pal_waiter *w, const char *prog)
{
	int fds[2];
	char c;

	w->in = -1;
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

/* End the waiter; return its raw wait status. */
static inline int pal_waiter_stop(struct pal_waiter *w)
{
	int status = -1;

	close(w->in);
	waitpid(w->pid, &status, 0);
	return status;
}

/*
 * Does the running kernel's BTF name @name (a function such as
 * bpf_lsm_file_truncate: an LSM hook BPF can attach to)?  The string
 * section holds every type and function name once.
 * Return: 1 yes, 0 no, -1 when the BTF cannot be read.
 */
static inline int pal_kernel_btf_has(const char *name)
{
	size_t n = strlen(name), size = 0, cap = 1 << 20, i;
	char *buf = malloc(cap), *p;
	ssize_t r;
	int fd, found = 0;

	fd = open("/sys/kernel/btf/vmlinux", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	for (;;) {
		if (size == cap) {
			p = realloc(buf, cap *= 2);
			if (!p)
				break;
			buf = p;
		}
		r = read(fd, buf + size, cap - size);
		if (r <= 0)
			break;
		size += (size_t)r;
	}
	close(fd);
	for (i = 1; i + n < size && !found; i++)
		found = !buf[i - 1] && !memcmp(buf + i, name, n) && !buf[i + n];
	free(buf);
	return found;
}

/* The VM boots with the loopback interface down: bring it up. */
static inline int pal_loopback_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret = 0;

	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) ||
	    (!(ifr.ifr_flags & IFF_UP) &&
	     (ifr.ifr_flags |= IFF_UP, ioctl(fd, SIOCSIFFLAGS, &ifr))))
		ret = -errno;
	close(fd);
	return ret;
}

#endif /* PAL_SELFTEST_COMMON_H */
