// SPDX-License-Identifier: GPL-2.0
/*
 * Program-control marks from userspace (see pal_marks.h).  The BPF side
 * computes each file's key from its inode and checks the caller's progctl
 * authority itself; this side only names the file by an open descriptor.
 *
 * The registry is one line per marked file:
 *   MARKS INO SIZE MTIME_NS CTIME_NS PATH
 * A line is restored only while the file still has that inode, size and
 * times, so a file replaced or rewritten while palisade was not running
 * (or before the next boot) never inherits a mark.
 *
 * Where the filesystem has security.* extended attributes, the marks are
 * also kept in the file's own PAL_MARKS_XATTR attribute, "MARKS
 * sha256:HEX", the digest of the contents they were given to.  Only
 * CAP_SYS_ADMIN (in the user namespace owning the filesystem, the initial
 * one for every filesystem palisaded sees) may set a security.* attribute,
 * and the digest ties the marks to the contents, so the attribute holds
 * across what changes only metadata (chmod, chown, touch: the registry's
 * times no longer match) and never across a change of contents, even one
 * made while palisade was not running.  The registry stays the index of
 * marked files and the record of the marks palisade granted: a restore
 * from the attribute gives the marks both name, so a forged or stale
 * attribute can never add a mark.  Filesystems without security.*
 * attributes (or with the attribute removed) fall back to the registry's
 * inode and times.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "pal_marks.h"
#include "pal_sha256.h"

static int pal_marks_prctl(const char *path, int option, unsigned long a3,
			   unsigned long a4, unsigned long a5)
{
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	/* Success is PAL_PRCTL_DONE (see palisade.h); 0 never comes. */
	if (prctl(option, (unsigned long)fd, a3, a4, a5))
		ret = errno == PAL_PRCTL_DONE ? 0 : -errno;
	else
		ret = -EPROTO;
	close(fd);
	return ret;
}

/* EINVAL from the kernel itself: the option is unknown, palisade is not
 * running (IS_CLEAN answers whenever it is). */
static int pal_marks_einval(void)
{
	if (prctl(PAL_PRCTL_IS_CLEAN, 0, 0, 0, 0) && errno == EINVAL)
		return -ENOSYS;
	return -EINVAL;
}

int pal_marks_change(const char *path, __u32 set, __u32 clear)
{
	int ret = pal_marks_prctl(path, PAL_PRCTL_MARK, set, clear,
				  (unsigned long)path);

	return ret == -EINVAL ? pal_marks_einval() : ret;
}

int pal_marks_get(const char *path, __u32 *marks)
{
	static const __u32 bits[] = { PAL_MARK_P, PAL_MARK_MAIN, PAL_MARK_XC };
	size_t i;
	int ret;

	*marks = 0;
	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		ret = pal_marks_prctl(path, PAL_PRCTL_HAS_MARKS, bits[i], 0, 0);
		if (!ret)
			*marks |= bits[i];
		else if (ret == -EINVAL)
			return pal_marks_einval();
		else if (ret != -ENODATA)
			return ret;
	}
	return 0;
}

void pal_marks_str(__u32 marks, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s%s",
		 marks & PAL_MARK_P ? "p" : "",
		 (marks & PAL_MARK_P) && (marks & (PAL_MARK_MAIN | PAL_MARK_XC)) ? "," : "",
		 marks & PAL_MARK_MAIN ? "main" : "",
		 (marks & PAL_MARK_MAIN) && (marks & PAL_MARK_XC) ? "," : "",
		 marks & PAL_MARK_XC ? "xc" : "",
		 marks ? "" : "-");
}

static __u32 pal_marks_parse(const char *s)
{
	__u32 m = 0;

	if (strstr(s, "p"))
		m |= PAL_MARK_P;
	if (strstr(s, "main"))
		m |= PAL_MARK_MAIN;
	if (strstr(s, "xc"))
		m |= PAL_MARK_XC;
	return m;
}

static unsigned long long pal_ns(const struct timespec *ts)
{
	return (unsigned long long)ts->tv_sec * 1000000000ULL + ts->tv_nsec;
}

/* Create the directories above @path (mkdir -p of its dirname). */
static void pal_marks_mkdirs(const char *path)
{
	char dir[4200], *p;

	snprintf(dir, sizeof(dir), "%s", path);
	for (p = strchr(dir + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = 0;
		if (mkdir(dir, 0755) && errno != EEXIST)
			return;
		*p = '/';
	}
}

int pal_marks_registry_set(const char *registry, const char *path, __u32 marks)
{
	char tmp[4200], line[4400], ms[32], *rest;
	FILE *in, *out;
	struct stat st;
	int fd;

	if (!registry)
		registry = PAL_MARKS_REGISTRY;
	if (path[0] != '/' || strchr(path, '\n'))
		return -EINVAL;
	if (marks && stat(path, &st))
		return -errno;
	snprintf(tmp, sizeof(tmp), "%s.new", registry);
	pal_marks_mkdirs(registry);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	out = fdopen(fd, "w");
	if (!out) {
		close(fd);
		return -errno;
	}
	in = fopen(registry, "re");
	while (in && fgets(line, sizeof(line), in)) {
		rest = line;
		for (int k = 0; k < 5 && rest; k++) {
			rest = strchr(rest, ' ');
			if (rest)
				rest++;
		}
		if (rest && !strncmp(rest, path, strlen(path)) &&
		    rest[strlen(path)] == '\n')
			continue;
		fputs(line, out);
	}
	if (in)
		fclose(in);
	if (marks) {
		pal_marks_str(marks, ms, sizeof(ms));
		fprintf(out, "%s %llu %lld %llu %llu %s\n", ms,
			(unsigned long long)st.st_ino, (long long)st.st_size,
			pal_ns(&st.st_mtim), pal_ns(&st.st_ctim), path);
	}
	if (fclose(out) || rename(tmp, registry)) {
		unlink(tmp);
		return -errno;
	}
	return 0;
}

/* "MARKS sha256:HEX" of @path's current contents into @val. */
static int pal_marks_xattr_value(const char *path, __u32 marks, char *val,
				 size_t len)
{
	char ms[32], hex[2 * PAL_SHA256_LEN + 1];
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	ret = pal_sha256_fd(fd, hex);
	close(fd);
	if (ret)
		return ret;
	pal_marks_str(marks, ms, sizeof(ms));
	snprintf(val, len, "%s sha256:%s", ms, hex);
	return 0;
}

int pal_marks_xattr_set(const char *path, __u32 marks)
{
	char val[128];
	int ret;

	if (!marks) {
		if (removexattr(path, PAL_MARKS_XATTR) && errno != ENODATA)
			return errno == ENOTSUP ? -EOPNOTSUPP : -errno;
		return 0;
	}
	ret = pal_marks_xattr_value(path, marks, val, sizeof(val));
	if (ret)
		return ret;
	if (setxattr(path, PAL_MARKS_XATTR, val, strlen(val), 0))
		return errno == ENOTSUP ? -EOPNOTSUPP : -errno;
	return 0;
}

int pal_marks_xattr_get(const char *path, __u32 *marks)
{
	char val[128], now[128], *sp;
	ssize_t n;
	int ret;

	*marks = 0;
	n = getxattr(path, PAL_MARKS_XATTR, val, sizeof(val) - 1);
	if (n < 0)
		return errno == ENOTSUP || errno == EOPNOTSUPP ? -ENODATA : -errno;
	val[n] = 0;
	sp = strchr(val, ' ');
	if (!sp || strncmp(sp + 1, "sha256:", 7))
		return 0;
	*sp = 0;
	ret = pal_marks_xattr_value(path, pal_marks_parse(val), now, sizeof(now));
	if (ret)
		return ret;
	*sp = ' ';
	/* The same marks text and digest: the contents are those marked. */
	if (!strcmp(val, now))
		*marks = pal_marks_parse(val);
	return 0;
}

int pal_marks_registry_restore(const char *registry, FILE *err)
{
	unsigned long long ino, mtime, ctime;
	char line[4400], ms[32], path[4200];
	__u32 granted, xmarks;
	long long size;
	struct stat st;
	int n = 0, ret;
	FILE *in;

	if (!registry)
		registry = PAL_MARKS_REGISTRY;
	in = fopen(registry, "re");
	if (!in)
		return errno == ENOENT ? 0 : -errno;
	while (fgets(line, sizeof(line), in)) {
		if (sscanf(line, "%31s %llu %lld %llu %llu %4199[^\n]", ms, &ino,
			   &size, &mtime, &ctime, path) != 6)
			continue;
		granted = pal_marks_parse(ms);
		ret = pal_marks_xattr_get(path, &xmarks);
		if (!ret) {
			if (!(xmarks & granted)) {
				if (err)
					fprintf(err, "marks of %s not restored: the file changed\n",
						path);
				continue;
			}
			granted &= xmarks;
		} else if (stat(path, &st) || st.st_ino != ino || st.st_size != size ||
		    pal_ns(&st.st_mtim) != mtime || pal_ns(&st.st_ctim) != ctime) {
			if (err)
				fprintf(err, "marks of %s not restored: the file changed\n",
					path);
			continue;
		}
		ret = pal_marks_change(path, granted, 0);
		if (ret) {
			if (err)
				fprintf(err, "marks of %s not restored: %s\n", path,
					strerror(-ret));
			continue;
		}
		n++;
	}
	fclose(in);
	return n;
}
