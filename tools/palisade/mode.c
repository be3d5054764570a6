// SPDX-License-Identifier: GPL-2.0
/*
 * palisade enforce | complain | kill | disable | mode | audit-rate.
 *
 * A mode switch takes effect at once for the running tasks (the profile
 * control map) and is written into the profile's file, in its flags=(...),
 * as aa-enforce and aa-complain do, so the next boot or reload keeps it.
 * An argument is a profile name (its file is looked up in the profile
 * directory) or a profile file (every profile it defines).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "pal_control.h"
#include "pal_flags.h"

static int is_file(const char *arg)
{
	struct stat st;

	/* An executable is the program a profile is named after (as
	 * aa-enforce /usr/bin/foo), never profile text. */
	return strchr(arg, '/') && !stat(arg, &st) && S_ISREG(st.st_mode) &&
	       !(st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH));
}

/* Switch one loaded profile; -ENOENT when it is not loaded. */
static int switch_loaded(const struct pal_maps *maps, const char *name,
			 __u32 mode, int quiet_missing)
{
	char msg[256];
	int err;

	if (!maps)
		return -ENOENT;
	err = pal_profile_mode_set(maps, name, mode, msg, sizeof(msg));
	if (err && !(err == -ENOENT && quiet_missing))
		fprintf(stderr, "palisade: %s\n", msg);
	return err;
}

static int persist(const char *file, const char *name, __u32 mode)
{
	const char *incs[2] = { cli_profile_dir(), NULL };
	char msg[256];
	int err = pal_flags_set_mode(file, incs, 1, name, pal_mode_name(mode),
				     msg, sizeof(msg));

	if (err)
		fprintf(stderr, "palisade: %s\n", msg);
	return err;
}

static int set_mode(int argc, char **argv, __u32 mode)
{
	struct pal_maps maps = PAL_MAPS_INIT;
	const struct pal_maps *m = &maps;
	const char *incs[1] = { cli_profile_dir() };
	char msg[256];
	int i, k, n, ret = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: palisade %s NAME|FILE...\n", argv[0]);
		return 2;
	}
	if (pal_maps_open_pinned(&maps, msg, sizeof(msg)))
		m = NULL;	/* still persist the files */
	for (i = 1; i < argc; i++) {
		if (is_file(argv[i])) {
			char **names;

			n = pal_file_profiles(argv[i], incs, 1, &names);
			if (n <= 0) {
				if (!n)
					fprintf(stderr, "palisade: %s: no profile\n",
						argv[i]);
				free(names);
				ret = 1;
				continue;
			}
			for (k = 0; k < n; k++) {
				int e = switch_loaded(m, names[k], mode, 1);

				if (persist(argv[i], names[k], mode) ||
				    (e && e != -ENOENT))
					ret = 1;
				else if (!pal_json)
					printf("%s: %s%s\n", names[k],
					       pal_mode_name(mode),
					       e ? " (not loaded; file updated)" : "");
			}
			cli_free_list(names, n);
			continue;
		}
		{
			char *file = cli_find_profile_file(cli_profile_dir(), argv[i]);
			int e = switch_loaded(m, argv[i], mode, !!file);

			if (e && !(e == -ENOENT && file)) {
				if (!m)
					fprintf(stderr, "palisade: %s\n", msg);
				ret = 1;
			} else if (file && persist(file, argv[i], mode)) {
				ret = 1;
			} else if (!pal_json) {
				printf("%s: %s%s%s\n", argv[i], pal_mode_name(mode),
				       file ? "; saved in " : "", file ? file : "");
			}
			free(file);
		}
	}
	pal_maps_close(&maps);
	return ret;
}

int do_enforce(int argc, char **argv)
{
	return set_mode(argc, argv, PAL_MODE_ENFORCE);
}

int do_complain(int argc, char **argv)
{
	return set_mode(argc, argv, PAL_MODE_COMPLAIN);
}

int do_kill(int argc, char **argv)
{
	return set_mode(argc, argv, PAL_MODE_KILL);
}

int do_disable(int argc, char **argv)
{
	return set_mode(argc, argv, PAL_MODE_UNCONFINED);
}

/* palisade mode NAME...: the mode in force and the one the text gives. */
int do_mode(int argc, char **argv)
{
	struct pal_maps maps = PAL_MAPS_INIT;
	struct pal_profile_mode pm;
	struct pal_state st;
	int i, ret = 0;
	__u32 rec;
	void *blob;

	if (argc < 2) {
		fprintf(stderr, "usage: palisade mode NAME...\n");
		return 2;
	}
	if (cli_open_maps(&maps))
		return 1;
	blob = cli_read_policy(&maps, &st);
	if (!blob) {
		pal_maps_close(&maps);
		return 1;
	}
	if (pal_json)
		printf("[");
	for (i = 1; i < argc; i++) {
		rec = pal_policy_profile_by_name(blob, argv[i]);
		if (!rec) {
			fprintf(stderr, "palisade: %s: no such profile\n", argv[i]);
			ret = 1;
			continue;
		}
		pal_profile_mode_get(&maps, blob, rec, &pm);
		if (pal_json) {
			printf("%s{\"name\":", i > 1 ? "," : "");
			json_str(stdout, argv[i]);
			printf(",\"mode\":\"%s\",\"policy_mode\":\"%s\","
			       "\"switched\":%s}",
			       pal_mode_name(pm.mode & 3),
			       pal_mode_name(pm.compiled & 3),
			       pm.switched ? "true" : "false");
		} else if (pm.switched) {
			printf("%s: %s (switched; policy says %s)\n", argv[i],
			       pal_mode_name(pm.mode & 3),
			       pal_mode_name(pm.compiled & 3));
		} else {
			printf("%s: %s\n", argv[i], pal_mode_name(pm.mode & 3));
		}
	}
	if (pal_json)
		printf("]\n");
	free(blob);
	pal_maps_close(&maps);
	return ret;
}

/* palisade audit-rate [N]: show or set the audit records per second and CPU. */
int do_audit_rate(int argc, char **argv)
{
	struct pal_maps maps = PAL_MAPS_INIT;
	struct pal_config cfg = { 0 };
	unsigned long v;
	char *end;
	int ret;

	if (argc > 2) {
		fprintf(stderr, "usage: palisade audit-rate [N]  (0 = unlimited)\n");
		return 2;
	}
	if (cli_open_maps(&maps))
		return 1;
	ret = pal_config_read(&maps, &cfg);
	if (!ret && argc == 2) {
		errno = 0;
		v = strtoul(argv[1], &end, 10);
		if (errno || *end || end == argv[1] || v > 0xffffffffUL) {
			fprintf(stderr, "palisade: bad rate '%s'\n", argv[1]);
			pal_maps_close(&maps);
			return 2;
		}
		cfg.audit_rate = (__u32)v;
		ret = pal_config_write(&maps, &cfg);
	}
	if (ret)
		fprintf(stderr, "palisade: audit rate: %s\n", strerror(-ret));
	else if (pal_json)
		printf("{\"audit_rate\":%u}\n", cfg.audit_rate);
	else
		printf("audit rate limit: %u%s\n", cfg.audit_rate,
		       cfg.audit_rate ? " records/s per CPU" : " (unlimited)");
	pal_maps_close(&maps);
	return ret ? 1 : 0;
}
