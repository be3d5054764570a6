// SPDX-License-Identifier: GPL-2.0
/*
 * palisade authority | extattr: the authority level for identity switches
 * and the program-control marks of files (DESIGN.md section 4).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pal_control.h"
#include "pal_marks.h"

static const char *const authority_names[] = {
	[PAL_AUTH_UNIX] = "unix",
	[PAL_AUTH_DAEMON] = "daemon",
	[PAL_AUTH_MAINCHECK] = "maincheck",
};

static const char *pal_authority_name(__u32 a)
{
	return a <= PAL_AUTH_LAST ? authority_names[a] : "?";
}

/*
 * palisade authority [unix|daemon|maincheck]: show or set the authority
 * level for identity switches (palisaded sets it from palisade.conf).
 */
int do_authority(int argc, char **argv)
{
	struct pal_maps maps = PAL_MAPS_INIT;
	struct pal_config cfg = { 0 };
	__u32 a;
	int ret;

	if (argc > 2) {
		fprintf(stderr, "usage: palisade authority [unix|daemon|maincheck]\n");
		return 2;
	}
	if (cli_open_maps(&maps))
		return 1;
	ret = pal_config_read(&maps, &cfg);
	if (!ret && argc == 2) {
		for (a = 0; a <= PAL_AUTH_LAST; a++)
			if (!strcmp(argv[1], authority_names[a]))
				break;
		if (a > PAL_AUTH_LAST) {
			fprintf(stderr, "palisade: unknown authority level '%s'\n",
				argv[1]);
			pal_maps_close(&maps);
			return 2;
		}
		cfg.authority = a;
		ret = pal_config_write(&maps, &cfg);
	}
	if (ret)
		fprintf(stderr, "palisade: authority: %s\n", strerror(-ret));
	else if (pal_json)
		printf("{\"authority\":\"%s\"}\n", pal_authority_name(cfg.authority));
	else
		printf("authority: %s\n", pal_authority_name(cfg.authority));
	pal_maps_close(&maps);
	return ret ? 1 : 0;
}

/*
 * palisade extattr [+p|-p|+main|-main|+xc|-xc]... FILE...: change the
 * program-control marks of files (needs progctl authority), or show them.
 * Changes are kept in the file's security.palisade attribute where the
 * filesystem has one, and recorded in the registry palisaded restores at
 * start (see pal_marks.c).
 */
int do_extattr(int argc, char **argv)
{
	static const struct { const char *name; __u32 bit; } marks[] = {
		{ "p", PAL_MARK_P }, { "main", PAL_MARK_MAIN }, { "xc", PAL_MARK_XC },
	};
	__u32 set = 0, clear = 0, m;
	int i, k, first = 1, ret, status = 0;
	char ms[32];
	size_t j;

	if (argc >= 2 && argc <= 3 && !strcmp(argv[1], "--restore")) {
		ret = pal_marks_registry_restore(argc == 3 ? argv[2] : NULL, stderr);
		if (ret < 0) {
			fprintf(stderr, "palisade: %s: %s\n", argc == 3 ? argv[2] :
				PAL_MARKS_REGISTRY, strerror(-ret));
			return 1;
		}
		printf("%d marked files restored\n", ret);
		return 0;
	}
	for (i = 1; i < argc && (argv[i][0] == '+' || argv[i][0] == '-'); i++) {
		for (j = 0; j < sizeof(marks) / sizeof(marks[0]); j++)
			if (!strcmp(argv[i] + 1, marks[j].name))
				break;
		if (j == sizeof(marks) / sizeof(marks[0])) {
			fprintf(stderr, "palisade: unknown mark '%s' (+p -p +main -main +xc -xc)\n",
				argv[i]);
			return 2;
		}
		if (argv[i][0] == '+')
			set |= marks[j].bit, clear &= ~marks[j].bit;
		else
			clear |= marks[j].bit, set &= ~marks[j].bit;
	}
	if (i == argc) {
		fprintf(stderr, "usage: palisade extattr [+p|-p|+main|-main|+xc|-xc]... FILE...\n"
			"       palisade extattr --restore [REGISTRY]\n");
		return 2;
	}
	if (pal_json)
		printf("[");
	for (k = i; k < argc; k++) {
		char *abs = realpath(argv[k], NULL);

		if (!abs) {
			fprintf(stderr, "palisade: %s: %s\n", argv[k], strerror(errno));
			status = 1;
			continue;
		}
		ret = (set | clear) ? pal_marks_change(abs, set, clear) : 0;
		if (!ret)
			ret = pal_marks_get(abs, &m);
		/* The attribute first: setting it changes the file's ctime,
		 * which the registry line then records. */
		if (!ret && (set | clear)) {
			ret = pal_marks_xattr_set(abs, m);
			/* Setting a security.* attribute takes CAP_SYS_ADMIN;
			 * without it the registry alone keeps the marks (a
			 * stale attribute never restores more than the
			 * registry names, see pal_marks.c). */
			if (ret == -EPERM || ret == -EACCES)
				fprintf(stderr, "palisade: %s: marks not kept in %s: %s\n",
					argv[k], PAL_MARKS_XATTR, strerror(-ret));
			if (ret == -EOPNOTSUPP || ret == -EPERM || ret == -EACCES)
				ret = 0;
		}
		if (!ret && (set | clear))
			ret = pal_marks_registry_set(NULL, abs, m);
		if (ret) {
			fprintf(stderr, "palisade: %s: %s\n", argv[k],
				ret == -EINVAL && !(set | clear) ?
				"palisade is not loaded" : strerror(-ret));
			status = 1;
			free(abs);
			continue;
		}
		pal_marks_str(m, ms, sizeof(ms));
		if (pal_json) {
			printf("%s{\"file\":", first ? "" : ",");
			json_str(stdout, abs);
			printf(",\"marks\":\"%s\"}", ms);
		} else {
			printf("%s: %s\n", abs, ms);
		}
		first = 0;
		free(abs);
	}
	if (pal_json)
		printf("]\n");
	return status;
}

