// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pal_source.h"
#include "pal_util.h"

int pal_source_check_nul(struct pal_diag *d, const char *file,
			 const char *text, size_t len)
{
	const char *nul = memchr(text, 0, len);
	struct pal_loc l = { file, 1, 1 };
	const char *p;

	if (!nul)
		return 0;
	for (p = text; p < nul; p++) {
		if (*p == '\n') {
			l.line++;
			l.col = 1;
		} else {
			l.col++;
		}
	}
	pal_error(d, &l, "NUL byte in profile text");
	return -1;
}

int pal_source_read(struct pal_diag *d, const struct pal_loc *at,
		    const char *path, char **text, size_t *len)
{
	struct pal_loc self = { pal_diag_intern(d, path), 0, 0 };
	struct pal_buf b = { 0 };
	char chunk[65536];
	FILE *f;
	size_t n;

	if (!at)
		at = &self;
	f = fopen(path, "rb");
	if (!f) {
		pal_error(d, at, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + n > PAL_SOURCE_MAX) {
			pal_error(d, at, "'%s' is larger than %u bytes", path,
				  PAL_SOURCE_MAX);
			goto fail;
		}
		pal_buf_putn(&b, chunk, n);
	}
	if (ferror(f)) {
		pal_error(d, at, "cannot read '%s': %s", path, strerror(errno));
		goto fail;
	}
	fclose(f);
	*len = b.len;
	*text = pal_buf_take(&b);
	if (pal_source_check_nul(d, self.file, *text, *len)) {
		free(*text);
		*text = NULL;
		return -1;
	}
	return 0;
fail:
	fclose(f);
	pal_buf_free(&b);
	return -1;
}

static int pal_exists(const char *path)
{
	struct stat st;

	return !stat(path, &st) && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode));
}

int pal_is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static char *pal_join(const char *dir, size_t dlen, const char *name)
{
	struct pal_buf b = { 0 };

	pal_buf_putn(&b, dir, dlen);
	if (dlen && dir[dlen - 1] != '/')
		pal_buf_putc(&b, '/');
	pal_buf_puts(&b, name);
	return pal_buf_take(&b);
}

char *pal_include_find(const char *name, int angle, const char *from_file,
		       const char *const *dirs, int ndirs)
{
	char *p;
	int i;

	/* <name> is always looked up in the include directories */
	if (name[0] == '/')
		return !angle && pal_exists(name) ? pal_xstrdup(name) : NULL;
	if (!angle && from_file) {
		const char *slash = strrchr(from_file, '/');

		p = slash ? pal_join(from_file, (size_t)(slash - from_file) + 1, name)
			  : pal_xstrdup(name);
		if (pal_exists(p))
			return p;
		free(p);
	}
	/*
	 * AppArmor opens a relative "file" from the directory it runs in:
	 * profiles written for that (its own test suite, for one) name
	 * their includes from there.
	 */
	if (!angle && pal_exists(name))
		return pal_xstrdup(name);
	for (i = 0; i < ndirs; i++) {
		p = pal_join(dirs[i], strlen(dirs[i]), name);
		if (pal_exists(p))
			return p;
		free(p);
	}
	return NULL;
}

static int pal_str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Package manager leftovers that a directory include skips, as AppArmor. */
static int pal_ignored_suffix(const char *name, size_t len)
{
	static const char *const sfx[] = {
		".dpkg-new", ".dpkg-old", ".dpkg-dist", ".dpkg-bak", ".dpkg-remove",
		".pacsave", ".pacnew", ".rpmnew", ".rpmsave", ".orig", ".rej", NULL,
	};
	size_t i, n;

	for (i = 0; sfx[i]; i++) {
		n = strlen(sfx[i]);
		if (len > n && !strcmp(name + len - n, sfx[i]))
			return 1;
	}
	return 0;
}

int pal_dir_files(const char *dir, char ***paths, size_t *n)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	size_t cap = 0;

	*paths = NULL;
	*n = 0;
	if (!dh)
		return -1;
	while ((de = readdir(dh))) {
		size_t len = strlen(de->d_name);
		char *p;
		struct stat st;

		if (de->d_name[0] == '.' || (len && de->d_name[len - 1] == '~') ||
		    pal_ignored_suffix(de->d_name, len))
			continue;
		p = pal_join(dir, strlen(dir), de->d_name);
		if (stat(p, &st) || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
		}
		PAL_GROW(*paths, cap, *n + 1);
		(*paths)[(*n)++] = p;
	}
	closedir(dh);
	if (*n)
		qsort(*paths, *n, sizeof(**paths), pal_str_cmp);
	return 0;
}
