// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: the administration tool.  bpftool-style subcommands, each a
 * do_<verb>() in the dispatch table below.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pal_loader.h"
#include "palisade_parser.h"
#include "match.h"

static int json;

static int load_policy(int argc, char **argv)
{
	const char *incs[64];
	int ninc = 0, opt, err;
	struct pal_maps maps;
	char msg[256];
	size_t size;
	void *blob;

	optind = 1;
	while ((opt = getopt(argc, argv, "I:")) != -1) {
		if (opt != 'I' || ninc == 64) {
			fprintf(stderr, "usage: palisade load [-I DIR]... FILE...\n");
			return 2;
		}
		incs[ninc++] = optarg;
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: palisade load [-I DIR]... FILE...\n");
		return 2;
	}
	/* Compile and verify before touching the kernel: a bad profile
	 * leaves the policy in force as it is. */
	if (pal_policy_load_file((const char *const *)argv + optind,
				 argc - optind, incs, ninc, &blob, &size))
		return 1;
	err = pal_maps_open_pinned(&maps, msg, sizeof(msg));
	if (err) {
		fprintf(stderr, "palisade: %s\n", msg);
		free(blob);
		return 1;
	}
	err = pal_policy_install(&maps, blob, size, msg, sizeof(msg));
	pal_maps_close(&maps);
	free(blob);
	if (err) {
		fprintf(stderr, "palisade: policy not loaded: %s\n", msg);
		return 1;
	}
	return 0;
}

/* load and replace are one operation: the new policy replaces the old one
 * atomically (two banks, one index flip). */
static int do_load(int argc, char **argv)
{
	return load_policy(argc, argv);
}

static int do_status(int argc, char **argv)
{
	struct pal_stats stats;
	struct pal_state st;
	struct pal_maps maps;
	__u32 i, n = 0, base;
	char msg[256];
	__u8 *blob;

	(void)argc;
	(void)argv;
	if (pal_maps_open_pinned(&maps, msg, sizeof(msg))) {
		if (json)
			printf("{\"loaded\":false}\n");
		else
			printf("palisade is not loaded: %s\n", msg);
		return 1;
	}
	blob = calloc(1, PALISADE_POLICY_MAX);
	if (!blob) {
		pal_maps_close(&maps);
		return 1;
	}
	if (pal_policy_read_active(&maps, blob, &st))
		memset(&st, 0, sizeof(st));
	if (pal_stats_read(&maps, &stats))
		memset(&stats, 0, sizeof(stats));
	if (st.loaded)
		n = PAL_FIELD(blob, 0, struct pal_policy_header, nprofiles);
	base = PAL_FIELD(blob, 0, struct pal_policy_header, profiles_off);
	if (json)
		printf("{\"loaded\":true,\"policy_version\":%u,\"generation\":%llu,"
		       "\"events\":%llu,\"events_dropped\":%llu,\"denials\":%llu,"
		       "\"profiles\":[",
		       PALISADE_POLICY_VERSION, (unsigned long long)st.generation,
		       (unsigned long long)stats.events,
		       (unsigned long long)stats.events_dropped,
		       (unsigned long long)stats.denials);
	else
		printf("palisade loaded, policy format %u, generation %llu\n"
		       "events %llu, dropped %llu, denials %llu\n%u profiles\n",
		       PALISADE_POLICY_VERSION, (unsigned long long)st.generation,
		       (unsigned long long)stats.events,
		       (unsigned long long)stats.events_dropped,
		       (unsigned long long)stats.denials, n);
	for (i = 0; i < n && i < 65536; i++) {
		__u32 rec = base + i * sizeof(struct pal_profile_rec);
		__u32 id = PAL_FIELD(blob, rec, struct pal_profile_rec, id);
		__u32 mode = PAL_FIELD(blob, rec, struct pal_profile_rec, mode);
		static const char *const modes[] = { "enforce", "complain",
						     "kill", "unconfined" };
		const char *name = pal_policy_profile_name(blob, id);

		if (json)
			printf("%s{\"name\":\"%s\",\"mode\":\"%s\"}", i ? "," : "",
			       name ? name : "", modes[mode & 3]);
		else
			printf("   %s (%s)\n", name ? name : "?", modes[mode & 3]);
	}
	if (json)
		printf("]}\n");
	free(blob);
	pal_maps_close(&maps);
	return 0;
}

static int do_help(int argc, char **argv);

static const struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} cmds[] = {
	{ "load", do_load, "load [-I DIR]... FILE...  compile (or take a binary) and load" },
	{ "replace", do_load, "replace [-I DIR]... FILE...  same as load: atomic replace" },
	{ "status", do_status, "status  what is loaded" },
	{ "help", do_help, "help" },
};

static int do_help(int argc, char **argv)
{
	size_t i;

	(void)argc;
	(void)argv;
	printf("usage: palisade [--json] COMMAND [ARGS]\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		printf("  %s\n", cmds[i].help);
	return 0;
}

int main(int argc, char **argv)
{
	size_t i;

	while (argc > 1 && (!strcmp(argv[1], "--json") || !strcmp(argv[1], "-j"))) {
		json = 1;
		argv++;
		argc--;
	}
	if (argc < 2)
		return do_help(0, NULL), 2;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "palisade: unknown command '%s' (try 'palisade help')\n",
		argv[1]);
	return 2;
}
