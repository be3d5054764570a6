// SPDX-License-Identifier: GPL-2.0
/*
 * palisade explain: the decision the kernel makes on an access, computed by
 * the same decision core (match.h) on the compiled tables, and the rules of
 * the profile text behind it, with file:line:col.
 *
 *   explain [-o] [-I DIR]... POLICY PROFILE ACCESS PATH...
 *	POLICY is profile text (or a binary policy, then without rules)
 *   explain [-o] PROFILE ACCESS PATH...
 *	the policy in force; the rules come from the profile's file in the
 *	profile directory
 *
 * ACCESS is permission letters (rwaxmlk) or an operation: read, write,
 * append, exec, mmap, link, lock, open (= read).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pal_audit.h"
#include "pal_explain.h"
#include "pal_provenance.h"
#include "palisade_parser.h"

static const char *const mode_names[] = { "enforce", "complain", "kill",
					  "unconfined" };

static long parse_access(const char *s)
{
	static const struct {
		const char *op;
		__u32 mask;
	} ops[] = {
		{ "read", PAL_MAY_READ }, { "open", PAL_MAY_READ },
		{ "write", PAL_MAY_WRITE }, { "append", PAL_MAY_APPEND },
		{ "exec", PAL_MAY_EXEC }, { "mmap", PAL_MAY_MMAP },
		{ "link", PAL_MAY_LINK }, { "lock", PAL_MAY_LOCK },
	};
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(s, ops[i].op))
			return ops[i].mask;
	return pal_mask_parse(s);
}

static void rule_text(const struct pal_rule_hit *h, char *buf, size_t len)
{
	char perms[16];

	pal_mask_str(h->perms, perms, sizeof(perms));
	snprintf(buf, len, "%s%s%s%s %s%s", h->audit ? "audit " : "",
		 h->deny ? "deny " : "", h->owner ? "owner " : "", h->glob,
		 perms, h->exec);
}

/* Does @h bear on @requested (for the owner only when @owner)? */
static int relevant(const struct pal_rule_hit *h, __u32 requested, int owner)
{
	if (h->owner && !owner)
		return 0;
	return (h->perms & requested) || (h->exec[0] && (requested & PAL_MAY_EXEC));
}

static void print_one(const char *profile, const char *access, const char *path,
		      const struct pal_explanation *ex, __u32 requested,
		      int owner, const struct pal_rule_hit *hits, int nhits,
		      int first)
{
	char allow[16], deny[16], denied[16], text[1200];
	int i, shown = 0;

	pal_mask_str(ex->perms.allow & ~ex->perms.deny, allow, sizeof(allow));
	pal_mask_str(ex->perms.deny, deny, sizeof(deny));
	pal_mask_str(ex->decision.denied, denied, sizeof(denied));
	if (pal_json) {
		printf("%s{\"profile\":", first ? "" : ",");
		json_str(stdout, profile);
		printf(",\"path\":");
		json_str(stdout, path);
		printf(",\"requested\":\"%s\",\"verdict\":\"%s\",\"allow\":\"%s\","
		       "\"deny\":\"%s\",\"denied\":\"%s\",\"mode\":\"%s\","
		       "\"logged\":%s,\"rules\":[",
		       access, ex->decision.error ? "denied" : "allowed",
		       allow, deny, denied, mode_names[ex->mode & 3],
		       ex->decision.log ? "true" : "false");
		for (i = 0; i < nhits; i++) {
			if (!relevant(&hits[i], requested, owner))
				continue;
			rule_text(&hits[i], text, sizeof(text));
			printf("%s{\"file\":", shown++ ? "," : "");
			json_str(stdout, hits[i].file);
			printf(",\"line\":%u,\"col\":%u,\"rule\":", hits[i].line,
			       hits[i].col);
			json_str(stdout, text);
			printf(",\"deny\":%s}", hits[i].deny ? "true" : "false");
		}
		printf("]}");
		return;
	}
	printf("%s %s %s: %s (allow=%s deny=%s denied=%s mode=%s%s)\n",
	       profile, access, path, ex->decision.error ? "denied" : "allowed",
	       *allow ? allow : "-", *deny ? deny : "-", *denied ? denied : "-",
	       mode_names[ex->mode & 3], ex->decision.log ? ", logged" : "");
	for (i = 0; i < nhits; i++) {
		if (!relevant(&hits[i], requested, owner))
			continue;
		rule_text(&hits[i], text, sizeof(text));
		printf("  %s:%u:%u: %s %s\n", hits[i].file, hits[i].line,
		       hits[i].col, hits[i].deny ? "denies" : "allows", text);
		shown++;
	}
	if (nhits >= 0 && !shown)
		printf("  no rule matches: not allowed%s\n",
		       ex->decision.error ? "" : " (the mode lets it through)");
}

int do_explain(int argc, char **argv)
{
	const char *incs[64], *src[1] = { NULL }, *profile, *acc;
	int ninc = 0, owner = 0, opt, i, ret = 1, from_kernel, first_path;
	struct pal_maps maps = PAL_MAPS_INIT;
	void *blob = NULL, *policy = NULL;
	char *srcfile = NULL, msg[256];
	struct pal_explanation ex;
	struct pal_state st;
	size_t size = 0;
	long req;

	optind = 1;
	while ((opt = getopt(argc, argv, "I:o")) != -1) {
		if (opt == 'o')
			owner = 1;
		else if (opt == 'I' && ninc < 63)
			incs[ninc++] = optarg;
		else
			goto usage;
	}
	if (argc - optind < 3)
		goto usage;
	/* POLICY given when the first word is a file and four words follow. */
	from_kernel = !(argc - optind >= 4 && access(argv[optind], R_OK) == 0 &&
			!cli_is_dir(argv[optind]));
	if (from_kernel) {
		profile = argv[optind];
		acc = argv[optind + 1];
		first_path = optind + 2;
	} else {
		src[0] = argv[optind];
		profile = argv[optind + 1];
		acc = argv[optind + 2];
		first_path = optind + 3;
	}
	req = parse_access(acc);
	if (req <= 0) {
		fprintf(stderr, "palisade: bad access '%s' (letters of rwaxmlk or "
			"read, write, append, exec, mmap, link, lock)\n", acc);
		return 2;
	}
	if (from_kernel) {
		if (cli_open_maps(&maps))
			return 1;
		blob = cli_read_policy(&maps, &st);
		pal_maps_close(&maps);
		if (!blob)
			return 1;
		size = PAL_POLICY_VSIZE;
		srcfile = cli_find_profile_file(cli_profile_dir(), profile);
		src[0] = srcfile;
		if (ninc < 63)
			incs[ninc++] = cli_profile_dir();
		policy = blob;
		blob = NULL;
	} else {
		if (pal_policy_load_file(src, 1, incs, ninc, &blob, &size))
			return 1;
		if (pal_policy_verify(blob, size, msg, sizeof(msg))) {
			fprintf(stderr, "palisade: %s: %s\n", src[0], msg);
			goto cleanup;
		}
		policy = pal_explain_prepare(blob, size);
		if (!policy) {
			fprintf(stderr, "palisade: out of memory\n");
			goto cleanup;
		}
	}
	if (pal_json)
		printf("[");
	for (i = first_path; i < argc; i++) {
		struct pal_rule_hit *hits = NULL;
		int nhits = -1, err;

		err = pal_explain(policy, profile, argv[i], (__u32)req, owner, &ex);
		if (err) {
			fprintf(stderr, "palisade: %s: %s\n",
				err == -ENOENT ? profile : argv[i],
				err == -ENOENT ? "no such profile" : strerror(-err));
			goto cleanup;
		}
		/* Rules from text only: a binary policy has none to show. */
		if (src[0]) {
			FILE *quiet = fopen("/dev/null", "w");

			nhits = pal_rule_hits(src, 1, incs, ninc, profile, argv[i],
					      &hits, quiet);
			if (quiet)
				fclose(quiet);
			if (nhits < 0)
				nhits = -1;
		}
		print_one(profile, acc, argv[i], &ex, (__u32)req, owner, hits,
			  nhits, i == first_path);
		free(hits);
	}
	if (pal_json)
		printf("]\n");
	ret = 0;
cleanup:
	free(srcfile);
	free(policy);
	free(blob);
	return ret;
usage:
	fprintf(stderr, "usage: palisade [--json] explain [-o] [-I DIR]... [POLICY] PROFILE ACCESS PATH...\n");
	return 2;
}
