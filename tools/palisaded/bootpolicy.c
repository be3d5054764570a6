// SPDX-License-Identifier: GPL-2.0
/*
 * palisaded: the boot policy.  Every profile file of the profile directory
 * (palisade.d(5)) is compiled into one policy.  The compiled policy is kept
 * in the cache directory with a key: a hash over every file under the
 * profile directory (profiles, abstractions, tunables: names and contents)
 * and over palisaded's own executable, which carries the compiler.  A boot
 * whose key matches loads the cached policy without compiling; any edit of
 * a profile or an include, or a new palisaded, recompiles.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bootpolicy.h"
#include "palisade_parser.h"
#include "pal_loader.h"
/* pal_dir_files(): the profile files of a directory, sorted, by the
 * parser's own rule for directory includes. */
#include "pal_source.h"

#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

static __u64 fnv(__u64 h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		h = (h ^ *b++) * FNV_PRIME;
	return h;
}

static int hash_file(__u64 *h, const char *path)
{
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		*h = fnv(*h, buf, (size_t)n);
	close(fd);
	return n < 0 ? -EIO : 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names and contents of every file under @dir, in sorted order. */
static void hash_tree(__u64 *h, const char *dir, int depth)
{
	char **names = NULL, path[4096];
	size_t n = 0, cap = 0, i;
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(dir);

	if (!d || depth > 8) {
		if (d)
			closedir(d);
		return;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				break;
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; names && i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		*h = fnv(*h, path, strlen(path) + 1);
		if (!stat(path, &st)) {
			if (S_ISDIR(st.st_mode))
				hash_tree(h, path, depth + 1);
			else if (S_ISREG(st.st_mode))
				hash_file(h, path);
		}
		free(names[i]);
	}
	free(names);
}

__u64 pal_boot_key(const char *dir)
{
	__u64 h = FNV_OFFSET;
	__u32 v = PALISADE_POLICY_VERSION;

	h = fnv(h, &v, sizeof(v));
	hash_file(&h, "/proc/self/exe");
	hash_tree(&h, dir, 0);
	return h;
}

static int read_cache(const char *cache, __u64 key, void **blob, size_t *size)
{
	char path[4096], msg[256];
	struct stat st;
	unsigned long long stored;
	FILE *f;

	snprintf(path, sizeof(path), "%s/policy.key", cache);
	f = fopen(path, "r");
	if (!f)
		return -ENOENT;
	if (fscanf(f, "%llx", &stored) != 1 || stored != key) {
		fclose(f);
		return -ESTALE;
	}
	fclose(f);
	snprintf(path, sizeof(path), "%s/policy.bin", cache);
	f = fopen(path, "rb");
	if (!f)
		return -ENOENT;
	if (fstat(fileno(f), &st) || st.st_size <= 0 ||
	    (uint64_t)st.st_size > PAL_POLICY_VSIZE) {
		fclose(f);
		return -EINVAL;
	}
	*size = (size_t)st.st_size;
	*blob = malloc(*size);
	if (!*blob || fread(*blob, 1, *size, f) != *size) {
		fclose(f);
		free(*blob);
		return -EIO;
	}
	fclose(f);
	/* A damaged cache is recompiled, never trusted. */
	if (pal_policy_verify(*blob, *size, msg, sizeof(msg))) {
		free(*blob);
		return -EINVAL;
	}
	return 0;
}

static void write_cache(const char *cache, __u64 key, const void *blob,
			size_t size)
{
	char path[4096], tmp[4200];
	FILE *f;

	if (mkdir(cache, 0700) && errno != EEXIST)
		return;
	snprintf(path, sizeof(path), "%s/policy.bin", cache);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "wb");
	if (!f)
		return;
	if (fwrite(blob, 1, size, f) != size || fclose(f) || rename(tmp, path)) {
		unlink(tmp);
		return;
	}
	/* The key last: a crash in between leaves a key that does not match. */
	snprintf(path, sizeof(path), "%s/policy.key", cache);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "%016llx\n", (unsigned long long)key);
	if (fclose(f) || rename(tmp, path))
		unlink(tmp);
}

int pal_boot_policy(const char *dir, const char *cache, void **blob,
		    size_t *size, int *from_cache, FILE *err)
{
	struct pal_compile_opts opts = { .big_endian = -1, .jobs = PAL_JOBS_AUTO };
	const char *incs[1] = { dir };
	char **files = NULL;
	size_t n = 0, i;
	__u64 key;
	int ret;

	*from_cache = 0;
	if (pal_dir_files(dir, &files, &n) || !n) {
		for (i = 0; i < n; i++)
			free(files[i]);
		free(files);
		return -ENOENT;
	}
	key = pal_boot_key(dir);
	if (cache && !read_cache(cache, key, blob, size)) {
		*from_cache = 1;
		ret = 0;
		goto out;
	}
	opts.include_dirs = incs;
	opts.ninclude_dirs = 1;
	ret = pal_compile_files(&opts, (const char *const *)files, (int)n, blob,
				size, err) ? -EINVAL : 0;
	if (!ret && cache)
		write_cache(cache, key, *blob, *size);
out:
	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
	return ret;
}
