// SPDX-License-Identifier: GPL-2.0
/*
 * palisade load | replace | remove: change the policy in force.
 *
 *   load FILE...|DIR	the profiles given become the whole policy, as at
 *			boot (a binary policy from palisade_parser -o too)
 *   replace FILE...|DIR	those profiles are added, or replace loaded
 *			profiles of the same name; the others stay
 *   remove NAME...	those profiles (and their children) go; the
 *			others stay
 *
 * Profile text is compiled and verified first.  replace and remove build
 * the new policy from the one in force with pal_policy_merge(); every
 * change is installed in one bank flip, so a compile error changes nothing
 * and no task ever sees half of a change.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pal_merge.h"
#include "palisade_parser.h"

static int install(const struct pal_maps *maps, const void *blob, size_t size)
{
	char msg[256];
	int err = pal_policy_install(maps, blob, size, msg, sizeof(msg));

	if (err)
		fprintf(stderr, "palisade: policy not loaded: %s\n", msg);
	return err;
}

static int is_binary(const char *path)
{
	unsigned int magic = 0;
	FILE *f = fopen(path, "rb");
	int ok;

	if (!f)
		return 0;
	ok = fread(&magic, sizeof(magic), 1, f) == 1 &&
	     (magic == PALISADE_POLICY_MAGIC ||
	      magic == __builtin_bswap32(PALISADE_POLICY_MAGIC));
	fclose(f);
	return ok;
}

/* load (@merge 0) and replace (@merge 1) of the files or directories. */
static int load_profiles(int argc, char **argv, int merge)
{
	const char *incs[64], **paths = NULL;
	int ninc = 0, npaths = 0, opt, i, k, ret = 1;
	struct pal_maps maps = PAL_MAPS_INIT;
	void *blob = NULL, *merged = NULL, *cur = NULL, *add = NULL;
	size_t size, msize;
	struct pal_state st;
	char msg[256], **dirfiles[64];
	int ndirfiles[64], ndirs = 0;

	optind = 1;
	while ((opt = getopt(argc, argv, "I:")) != -1) {
		if (opt != 'I' || ninc == 63)
			goto usage;
		incs[ninc++] = optarg;
	}
	if (optind >= argc)
		goto usage;
	paths = calloc(1, sizeof(*paths));
	for (i = optind; i < argc; i++) {
		if (cli_is_dir(argv[i]) && ndirs < 64) {
			int n = cli_dir_profiles(argv[i], &dirfiles[ndirs]);

			ndirfiles[ndirs++] = n;
			if (ninc < 63)
				incs[ninc++] = argv[i];
			paths = realloc(paths, (npaths + n + 1) * sizeof(*paths));
			for (k = 0; k < n; k++)
				paths[npaths++] = dirfiles[ndirs - 1][k];
			continue;
		}
		paths = realloc(paths, (npaths + 1) * sizeof(*paths));
		paths[npaths++] = argv[i];
	}
	if (!npaths) {
		fprintf(stderr, "palisade: no profile files\n");
		goto out;
	}
	if (npaths == 1 && is_binary(paths[0])) {
		/* A compiled policy is a whole policy. */
		if (merge) {
			fprintf(stderr, "palisade: %s: a compiled policy is a whole "
				"policy: use load\n", paths[0]);
			goto out;
		}
		if (pal_policy_load_file(paths, 1, incs, ninc, &blob, &size))
			goto out;
		if (cli_open_maps(&maps))
			goto out;
		ret = install(&maps, blob, size) ? 1 : 0;
		goto out;
	}
	/* Compile and verify before touching the kernel. */
	if (pal_policy_load_file(paths, npaths, incs, ninc, &blob, &size))
		goto out;
	if (pal_policy_verify(blob, size, msg, sizeof(msg))) {
		fprintf(stderr, "palisade: %s\n", msg);
		goto out;
	}
	if (cli_open_maps(&maps))
		goto out;
	if (!merge) {
		ret = install(&maps, blob, size) ? 1 : 0;
		goto out;
	}
	cur = pal_policy_vbuf_alloc();
	if (!cur)
		goto out;
	/* Merging reads both policies as virtual buffers. */
	if (pal_policy_unpack(blob, size, &add, msg, sizeof(msg))) {
		fprintf(stderr, "palisade: %s\n", msg);
		goto out;
	}
	/* Read under the install lock.  pal_policy_install() takes the lock
	 * again, so it is let go in between: two loads of different profiles
	 * at the same instant can lose one of them (the later install wins). */
	{
		int lock = pal_lock(msg, sizeof(msg));

		if (lock < 0) {
			fprintf(stderr, "palisade: %s\n", msg);
			goto out;
		}
		if (pal_policy_merge(pal_policy_read_active(&maps, cur, &st) ? NULL : cur,
				     add, NULL, 0, &merged, &msize, msg,
				     sizeof(msg))) {
			pal_unlock(lock);
			fprintf(stderr, "palisade: %s\n", msg);
			goto out;
		}
		pal_unlock(lock);
	}
	ret = install(&maps, merged, msize) ? 1 : 0;
out:
	for (i = 0; i < ndirs; i++)
		cli_free_list(dirfiles[i], ndirfiles[i]);
	free(paths);
	free(cur);
	free(add);
	free(merged);
	free(blob);
	pal_maps_close(&maps);
	return ret;
usage:
	fprintf(stderr, "usage: palisade %s [-I DIR]... PROFILE...|DIR\n", argv[0]);
	return 2;
}

int do_load(int argc, char **argv)
{
	return load_profiles(argc, argv, 0);
}

int do_replace(int argc, char **argv)
{
	return load_profiles(argc, argv, 1);
}

int do_remove(int argc, char **argv)
{
	struct pal_maps maps = PAL_MAPS_INIT;
	void *cur = NULL, *merged = NULL;
	struct pal_state st;
	size_t msize;
	char msg[256];
	int i, ret = 1, lock = -1;

	if (argc < 2) {
		fprintf(stderr, "usage: palisade remove NAME...\n");
		return 2;
	}
	if (cli_open_maps(&maps))
		return 1;
	lock = pal_lock(msg, sizeof(msg));
	if (lock < 0) {
		fprintf(stderr, "palisade: %s\n", msg);
		goto out;
	}
	cur = cli_read_policy(&maps, &st);
	if (!cur)
		goto out;
	for (i = 1; i < argc; i++)
		if (!pal_policy_profile_by_name(cur, argv[i])) {
			fprintf(stderr, "palisade: %s: no such profile\n", argv[i]);
			goto out;
		}
	if (pal_policy_merge(cur, NULL, (const char *const *)argv + 1,
			     (size_t)argc - 1, &merged, &msize, msg, sizeof(msg))) {
		fprintf(stderr, "palisade: %s\n", msg);
		goto out;
	}
	pal_unlock(lock);
	lock = -1;
	ret = install(&maps, merged, msize) ? 1 : 0;
	if (!ret && !pal_json)
		for (i = 1; i < argc; i++)
			printf("%s: removed\n", argv[i]);
out:
	pal_unlock(lock);
	free(cur);
	free(merged);
	pal_maps_close(&maps);
	return ret;
}
