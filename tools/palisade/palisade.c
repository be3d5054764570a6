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

#include "pal_control.h"
#include "pal_explain.h"
#include "pal_audit.h"
#include "pal_loader.h"
#include "pal_marks.h"
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

/* JSON string: the profile names come from policy text. */
static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static int open_maps(struct pal_maps *maps)
{
	char msg[256];

	if (pal_maps_open_pinned(maps, msg, sizeof(msg))) {
		fprintf(stderr, "palisade: %s\n", msg);
		return -ENOENT;
	}
	return 0;
}

static const char *const authority_names[] = {
	[PAL_AUTH_UNIX] = "unix",
	[PAL_AUTH_DAEMON] = "daemon",
	[PAL_AUTH_MAINCHECK] = "maincheck",
};

static const char *pal_authority_name(__u32 a)
{
	return a <= PAL_AUTH_LAST ? authority_names[a] : "?";
}

static int do_status(int argc, char **argv)
{
	struct pal_maps maps = PAL_MAPS_INIT;
	struct pal_config cfg = { 0 };
	struct pal_stats stats;
	struct pal_state st;
	__u32 i, n = 0;
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
	blob = calloc(1, sizeof(struct pal_policy_bank));
	if (!blob) {
		pal_maps_close(&maps);
		return 1;
	}
	if (pal_policy_read_active(&maps, blob, &st))
		memset(&st, 0, sizeof(st));
	if (pal_stats_read(&maps, &stats))
		memset(&stats, 0, sizeof(stats));
	pal_config_read(&maps, &cfg);
	if (st.loaded)
		n = PAL_FIELD(blob, 0, struct pal_policy_header, nprofiles);
	if (json)
		printf("{\"loaded\":true,\"policy_version\":%u,\"generation\":%llu,"
		       "\"events\":%llu,\"events_dropped\":%llu,"
		       "\"events_suppressed\":%llu,\"denials\":%llu,\"kills\":%llu,"
		       "\"audit_rate\":%u,\"authority\":\"%s\",\"profiles\":[",
		       PALISADE_POLICY_VERSION, (unsigned long long)st.generation,
		       (unsigned long long)stats.events,
		       (unsigned long long)stats.events_dropped,
		       (unsigned long long)stats.events_suppressed,
		       (unsigned long long)stats.denials,
		       (unsigned long long)stats.kills, cfg.audit_rate,
		       pal_authority_name(cfg.authority));
	else
		printf("palisade loaded, policy format %u, generation %llu\n"
		       "denials %llu, kills %llu\n"
		       "audit records: sent %llu, dropped (ring buffer full) %llu, "
		       "suppressed (rate limit) %llu\n"
		       "audit rate limit: %u%s\nauthority: %s\n%u profiles\n",
		       PALISADE_POLICY_VERSION, (unsigned long long)st.generation,
		       (unsigned long long)stats.denials,
		       (unsigned long long)stats.kills,
		       (unsigned long long)stats.events,
		       (unsigned long long)stats.events_dropped,
		       (unsigned long long)stats.events_suppressed, cfg.audit_rate,
		       cfg.audit_rate ? " records/s per CPU" : " (unlimited)",
		       pal_authority_name(cfg.authority), n);
	for (i = 0; i < n && i < 65536; i++) {
		__u32 rec = PAL_FIELD(blob, 0, struct pal_policy_header, profiles_off) +
			    i * sizeof(struct pal_profile_rec);
		struct pal_profile_mode pm;
		const char *name;

		pal_profile_mode_get(&maps, blob, rec, &pm);
		name = pal_policy_profile_name(blob, pm.id);
		if (json) {
			printf("%s{\"name\":", i ? "," : "");
			json_str(name ? name : "");
			printf(",\"mode\":\"%s\"", pal_mode_name(pm.mode & 3));
			if (pm.switched)
				printf(",\"policy_mode\":\"%s\"",
				       pal_mode_name(pm.compiled & 3));
			printf("}");
		} else {
			printf("   %s (%s", name ? name : "?",
			       pal_mode_name(pm.mode & 3));
			if (pm.switched)
				printf(", policy says %s",
				       pal_mode_name(pm.compiled & 3));
			printf(")\n");
		}
	}
	if (json)
		printf("]}\n");
	free(blob);
	pal_maps_close(&maps);
	return 0;
}

/* palisade {enforce|complain|kill} NAME...: switch at run time. */
static int set_mode(int argc, char **argv, __u32 mode)
{
	struct pal_maps maps = PAL_MAPS_INIT;
	char msg[256];
	int i, ret = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: palisade %s NAME...\n", argv[0]);
		return 2;
	}
	if (open_maps(&maps))
		return 1;
	for (i = 1; i < argc; i++) {
		if (pal_profile_mode_set(&maps, argv[i], mode, msg, sizeof(msg))) {
			fprintf(stderr, "palisade: %s\n", msg);
			ret = 1;
		} else if (!json) {
			printf("%s: %s\n", argv[i], pal_mode_name(mode));
		}
	}
	pal_maps_close(&maps);
	return ret;
}

static int do_enforce(int argc, char **argv)
{
	return set_mode(argc, argv, PAL_MODE_ENFORCE);
}

static int do_complain(int argc, char **argv)
{
	return set_mode(argc, argv, PAL_MODE_COMPLAIN);
}

static int do_kill(int argc, char **argv)
{
	return set_mode(argc, argv, PAL_MODE_KILL);
}

/* palisade mode NAME...: the mode in force and the one the text gives. */
static int do_mode(int argc, char **argv)
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
	if (open_maps(&maps))
		return 1;
	blob = calloc(1, sizeof(struct pal_policy_bank));
	if (!blob || pal_policy_read_active(&maps, blob, &st)) {
		fprintf(stderr, "palisade: no policy loaded\n");
		free(blob);
		pal_maps_close(&maps);
		return 1;
	}
	if (json)
		printf("[");
	for (i = 1; i < argc; i++) {
		rec = pal_policy_profile_by_name(blob, argv[i]);
		if (!rec) {
			fprintf(stderr, "palisade: %s: no such profile\n", argv[i]);
			ret = 1;
			continue;
		}
		pal_profile_mode_get(&maps, blob, rec, &pm);
		if (json) {
			printf("%s{\"name\":", i > 1 ? "," : "");
			json_str(argv[i]);
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
	if (json)
		printf("]\n");
	free(blob);
	pal_maps_close(&maps);
	return ret;
}

/* palisade audit-rate [N]: show or set the audit records per second and CPU. */
static int do_audit_rate(int argc, char **argv)
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
	if (open_maps(&maps))
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
	else if (json)
		printf("{\"audit_rate\":%u}\n", cfg.audit_rate);
	else
		printf("audit rate limit: %u%s\n", cfg.audit_rate,
		       cfg.audit_rate ? " records/s per CPU" : " (unlimited)");
	pal_maps_close(&maps);
	return ret ? 1 : 0;
}

static const char *const mode_names[] = { "enforce", "complain", "kill",
					  "unconfined" };

/*
 * explain POLICY PROFILE ACCESS PATH...: the decision the kernel makes,
 * computed by the same decision core on POLICY (profile text or binary).
 */
static int do_explain(int argc, char **argv)
{
	const char *incs[64];
	int ninc = 0, owner = 0, opt, i, ret = 1;
	struct pal_explanation ex;
	char allow[16], deny[16], denied[16];
	void *blob = NULL, *policy = NULL;
	size_t size;
	long access;

	optind = 1;
	while ((opt = getopt(argc, argv, "I:o")) != -1) {
		if (opt == 'o') {
			owner = 1;
		} else if (opt == 'I' && ninc < 64) {
			incs[ninc++] = optarg;
		} else {
			goto usage;
		}
	}
	if (argc - optind < 4)
		goto usage;
	access = pal_mask_parse(argv[optind + 2]);
	if (access < 0) {
		fprintf(stderr, "palisade: bad access '%s' (letters of rwaxmlk)\n",
			argv[optind + 2]);
		return 2;
	}
	if (pal_policy_load_file((const char *const *)argv + optind, 1, incs,
				 ninc, &blob, &size))
		return 1;
	{
		char msg[256];

		if (pal_policy_verify(blob, size, msg, sizeof(msg))) {
			fprintf(stderr, "palisade: %s: %s\n", argv[optind], msg);
			goto cleanup;
		}
	}
	policy = pal_explain_prepare(blob, size);
	if (!policy) {
		fprintf(stderr, "palisade: out of memory\n");
		goto cleanup;
	}
	if (json)
		printf("[");
	for (i = optind + 3; i < argc; i++) {
		int err = pal_explain(policy, argv[optind + 1], argv[i],
				      (__u32)access, owner, &ex);

		if (err) {
			fprintf(stderr, "palisade: %s: %s\n",
				err == -ENOENT ? argv[optind + 1] : argv[i],
				err == -ENOENT ? "no such profile" : strerror(-err));
			goto cleanup;
		}
		pal_mask_str(ex.perms.allow & ~ex.perms.deny, allow, sizeof(allow));
		pal_mask_str(ex.perms.deny, deny, sizeof(deny));
		pal_mask_str(ex.decision.denied, denied, sizeof(denied));
		if (json) {
			printf("%s{\"profile\":", i > optind + 3 ? "," : "");
			json_str(argv[optind + 1]);
			printf(",\"path\":");
			json_str(argv[i]);
			printf(",\"requested\":\"%s\",\"verdict\":\"%s\",\"allow\":\"%s\","
			       "\"deny\":\"%s\",\"denied\":\"%s\",\"mode\":\"%s\","
			       "\"logged\":%s}",
			       argv[optind + 2], ex.decision.error ? "denied" : "allowed",
			       allow, deny, denied, mode_names[ex.mode & 3],
			       ex.decision.log ? "true" : "false");
		} else
			printf("%s %s %s: %s (allow=%s deny=%s denied=%s mode=%s%s)\n",
			       argv[optind + 1], argv[optind + 2], argv[i],
			       ex.decision.error ? "denied" : "allowed",
			       *allow ? allow : "-", *deny ? deny : "-",
			       *denied ? denied : "-", mode_names[ex.mode & 3],
			       ex.decision.log ? ", logged" : "");
	}
	if (json)
		printf("]\n");
	ret = 0;
cleanup:
	free(policy);
	free(blob);
	return ret;
usage:
	fprintf(stderr, "usage: palisade [--json] explain [-o] [-I DIR]... POLICY PROFILE ACCESS PATH...\n");
	return 2;
}

/*
 * palisade authority [unix|daemon|maincheck]: show or set the authority
 * level for identity switches (palisaded sets it from palisade.conf).
 */
static int do_authority(int argc, char **argv)
{
	struct pal_maps maps = PAL_MAPS_INIT;
	struct pal_config cfg = { 0 };
	__u32 a;
	int ret;

	if (argc > 2) {
		fprintf(stderr, "usage: palisade authority [unix|daemon|maincheck]\n");
		return 2;
	}
	if (open_maps(&maps))
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
	else if (json)
		printf("{\"authority\":\"%s\"}\n", pal_authority_name(cfg.authority));
	else
		printf("authority: %s\n", pal_authority_name(cfg.authority));
	pal_maps_close(&maps);
	return ret ? 1 : 0;
}

/*
 * palisade extattr [+p|-p|+main|-main|+xc|-xc]... FILE...: change the
 * program-control marks of files (needs progctl authority), or show them.
 * Changes are recorded in the registry palisaded restores at start.
 */
static int do_extattr(int argc, char **argv)
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
	if (json)
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
		if (json) {
			printf("%s{\"file\":", first ? "" : ",");
			json_str(abs);
			printf(",\"marks\":\"%s\"}", ms);
		} else {
			printf("%s: %s\n", abs, ms);
		}
		first = 0;
		free(abs);
	}
	if (json)
		printf("]\n");
	return status;
}

static int do_help(int argc, char **argv);

static const struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} cmds[] = {
	{ "load", do_load, "load [-I DIR]... FILE...  compile (or take a binary) and load" },
	{ "replace", do_load, "replace [-I DIR]... FILE...  same as load: atomic replace" },
	{ "status", do_status, "status  what is loaded, counters" },
	{ "enforce", do_enforce, "enforce NAME...  switch profiles to enforce mode" },
	{ "complain", do_complain, "complain NAME...  switch profiles to complain mode" },
	{ "kill", do_kill, "kill NAME...  switch profiles to kill mode" },
	{ "mode", do_mode, "mode NAME...  show the mode of profiles" },
	{ "audit-rate", do_audit_rate, "audit-rate [N]  audit records per second and CPU (0 = unlimited)" },
	{ "explain", do_explain, "explain [-o] [-I DIR]... POLICY PROFILE ACCESS PATH...  the kernel's decision, computed here" },
	{ "authority", do_authority, "authority [unix|daemon|maincheck]  show or set the authority level" },
	{ "extattr", do_extattr, "extattr [+p|-p|+main|-main|+xc|-xc]... FILE... | --restore [REGISTRY]  change or show program-control marks, or re-apply the registry" },
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
