// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: helpers the subcommand files share.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "pal_flags.h"
#include "palisade_parser.h"

const char *cli_profile_dir(void)
{
	const char *d = getenv("PALISADE_PROFILE_DIR");

	return d && *d ? d : PAL_PROFILE_DIR;
}

void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

int cli_open_maps(struct pal_maps *maps)
{
	char msg[256];
	int err = pal_maps_open_pinned(maps, msg, sizeof(msg));

	if (err)
		fprintf(stderr, "palisade: %s\n", msg);
	return err;
}

void *cli_read_policy(const struct pal_maps *maps, struct pal_state *st)
{
	void *blob = pal_policy_vbuf_alloc();

	if (!blob) {
		fprintf(stderr, "palisade: out of memory\n");
		return NULL;
	}
	if (pal_policy_read_active(maps, blob, st)) {
		fprintf(stderr, "palisade: no policy loaded\n");
		free(blob);
		return NULL;
	}
	return blob;
}

int cli_is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static int skip_name(const char *n)
{
	size_t l = strlen(n);

	return n[0] == '.' || (l && n[l - 1] == '~') || strstr(n, ".dpkg-") ||
	       strstr(n, ".rpmnew") || strstr(n, ".rpmsave") ||
	       strstr(n, ".palisade-new") || !strcmp(n, "README");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cli_dir_profiles(const char *dir, char ***files)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0, cap = 0;

	*files = NULL;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[4096];
		struct stat st;

		if (skip_name(e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			*files = realloc(*files, cap * sizeof(**files));
			if (!*files) {
				closedir(d);
				return 0;
			}
		}
		(*files)[n++] = strdup(path);
	}
	closedir(d);
	if (n)
		qsort(*files, n, sizeof(**files), cmp_str);
	return n;
}

void cli_free_list(char **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

char *cli_find_profile_file(const char *dir, const char *name)
{
	const char *incs[1] = { dir };
	char **files, **names, *hit = NULL;
	int n = cli_dir_profiles(dir, &files), i, k, m;

	for (i = 0; i < n && !hit; i++) {
		m = pal_file_profiles(files[i], incs, 1, &names);
		for (k = 0; k < m; k++)
			if (!hit && !strcmp(names[k], name))
				hit = strdup(files[i]);
		if (m > 0)
			cli_free_list(names, m);
		else
			free(names);
	}
	cli_free_list(files, n);
	return hit;
}
