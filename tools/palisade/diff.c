// SPDX-License-Identifier: GPL-2.0
/*
 * palisade diff OLD NEW [PROFILE]...: what access a profile edit adds or
 * removes.  Both sides are compiled; for every profile the file DFAs (and
 * the rules DFAs) are compared by product construction (pal_diff.c), each
 * difference shown with a shortest example path.  The profile record's
 * other grants (capabilities, authority, limits, mode) are compared field
 * by field.  Exit status: 0 when NEW grants nothing OLD did not, 1 when it
 * does, 2 on errors.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pal_audit.h"
#include "pal_control.h"
#include "pal_diff.h"
#include "pal_merge.h"
#include "palisade_parser.h"
#include "match.h"

struct diff_ctx {
	const char *profile;
	int rules;		/* rules DFA: examples are binary queries */
	int added;		/* something granted that was not */
	int shown;
	int header;
	int nitems;
};

static void header(struct diff_ctx *c)
{
	if (c->header++)
		return;
	if (pal_json) {
		printf("%s{\"profile\":", c->shown ? "," : "");
		json_str(stdout, c->profile);
		printf(",\"changes\":[");
	} else {
		printf("profile %s:\n", c->profile);
	}
}

static void item(struct diff_ctx *c, const char *sign, const char *what,
		 const char *example)
{
	header(c);
	if (pal_json) {
		printf("%s{\"change\":\"%s\",\"what\":", c->nitems++ ? "," : "",
		       *sign == '+' ? "added" : *sign == '-' ? "removed" : "changed");
		json_str(stdout, what);
		if (example) {
			printf(",\"example\":");
			json_str(stdout, example);
		}
		printf("}");
	} else {
		printf("  %s %s%s%s\n", sign, what, example ? "  e.g. " : "",
		       example ? example : "");
	}
	if (*sign == '+')
		c->added = 1;
}

static void render(const struct pal_diff_item *it, int rules, char *out,
		   size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < it->len && o + 5 < len; i++) {
		unsigned char ch = (unsigned char)it->example[i];

		if (!rules && ch >= 0x20 && ch < 0x7f)
			out[o++] = (char)ch;
		else
			o += (size_t)snprintf(out + o, len - o, "\\x%02x", ch);
	}
	out[o] = 0;
}

static int on_diff(void *ctx, const struct pal_diff_item *it)
{
	struct diff_ctx *c = ctx;
	char ex[4200], what[64], m[16];

	render(it, c->rules, ex, sizeof(ex));
	if (it->added) {
		pal_mask_str(it->added, m, sizeof(m));
		snprintf(what, sizeof(what), "%s%s", it->owner ? "owner " : "", m);
		if (c->rules)
			snprintf(what, sizeof(what), "rules access 0x%x", it->added);
		item(c, "+", what, ex);
	}
	if (it->removed) {
		pal_mask_str(it->removed, m, sizeof(m));
		snprintf(what, sizeof(what), "%s%s", it->owner ? "owner " : "", m);
		if (c->rules)
			snprintf(what, sizeof(what), "rules access 0x%x", it->removed);
		item(c, "-", what, ex);
	}
	if (it->xchanged)
		item(c, "~", "exec transition", ex);
	return 0;
}

/* Mode ranks: what a mode lets through, least first. */
static int mode_rank(__u32 mode)
{
	static const int rank[] = { [PAL_MODE_KILL] = 0, [PAL_MODE_ENFORCE] = 1,
				    [PAL_MODE_COMPLAIN] = 2,
				    [PAL_MODE_UNCONFINED] = 3 };

	return mode <= PAL_MODE_LAST ? rank[mode] : 3;
}

#define F(b, r, f) PAL_FIELD((const __u8 *)(b), r, struct pal_profile_rec, f)

static void compare_record(struct diff_ctx *c, const void *a, __u32 ra,
			   const void *b, __u32 rb)
{
	static const struct {
		__u32 bit;
		const char *name;
		int grants;	/* set = more access */
	} pc[] = {
		{ PAL_PC_DAEMON, "daemon", 1 },
		{ PAL_PC_SERVER_READ, "server read", 1 },
		{ PAL_PC_SERVER_UPDATE, "server update", 1 },
		{ PAL_PC_PROGCTL, "progctl", 1 },
		{ PAL_PC_MUST_STAY_CLEAN, "flags=(must_stay_clean)", 0 },
		{ PAL_PC_SETUID_LIST, "setuid -> list", 0 },
		{ PAL_PC_SETGID_LIST, "setgid -> list", 0 },
	};
	char what[128];
	__u32 w, bit, pa, pb, ma = F(a, ra, mode), mb = F(b, rb, mode);
	size_t i;

	if (ma != mb) {
		snprintf(what, sizeof(what), "mode %s (was %s)",
			 pal_mode_name(mb & 3), pal_mode_name(ma & 3));
		item(c, mode_rank(mb) > mode_rank(ma) ? "+" : "-", what, NULL);
	}
	for (w = 0; w < PAL_CAP_WORDS; w++) {
		__u32 ga = F(a, ra, cap_allow[w]) & ~F(a, ra, cap_deny[w]);
		__u32 gb = F(b, rb, cap_allow[w]) & ~F(b, rb, cap_deny[w]);

		for (bit = 0; bit < 32; bit++) {
			if (((ga ^ gb) >> bit) & 1) {
				snprintf(what, sizeof(what), "capability %u",
					 w * 32 + bit);
				item(c, (gb >> bit) & 1 ? "+" : "-", what, NULL);
			}
		}
	}
	pa = F(a, ra, pc_flags);
	pb = F(b, rb, pc_flags);
	for (i = 0; i < sizeof(pc) / sizeof(pc[0]); i++) {
		if (!((pa ^ pb) & pc[i].bit))
			continue;
		item(c, !!(pb & pc[i].bit) == pc[i].grants ? "+" : "-",
		     pc[i].name, NULL);
	}
	if (F(a, ra, limit_threads) != F(b, rb, limit_threads) ||
	    F(a, ra, limit_procs) != F(b, rb, limit_procs)) {
		__u32 ta = F(a, ra, limit_threads), tb = F(b, rb, limit_threads);
		__u32 qa = F(a, ra, limit_procs), qb = F(b, rb, limit_procs);
		int more = (ta && (!tb || tb > ta)) || (qa && (!qb || qb > qa));

		snprintf(what, sizeof(what), "limits threads %u processes %u (was %u, %u; 0 = none)",
			 tb, qb, ta, qa);
		item(c, more ? "+" : "-", what, NULL);
	}
}

static int load(const char *path, const char *const *incs, int ninc,
		void **policy)
{
	const char *p[1] = { path };
	size_t size;
	char msg[256];
	void *blob;

	if (pal_policy_load_file(p, 1, incs, ninc, &blob, &size))
		return -1;
	if (pal_policy_verify(blob, size, msg, sizeof(msg))) {
		fprintf(stderr, "palisade: %s: %s\n", path, msg);
		free(blob);
		return -1;
	}
	if (pal_policy_unpack(blob, size, policy, msg, sizeof(msg)))
		fprintf(stderr, "palisade: %s: %s\n", path, msg);
	free(blob);
	return *policy ? 0 : -1;
}

static int wanted(const char *name, char **only, int nonly)
{
	int i;

	if (!nonly)
		return 1;
	for (i = 0; i < nonly; i++)
		if (!strcmp(only[i], name))
			return 1;
	return 0;
}

int do_diff(int argc, char **argv)
{
	const char *incs[64], **names;
	void *a = NULL, *b = NULL;
	int ninc = 0, opt, added = 0, shown = 0, ret = 2;
	size_t n, i;

	optind = 1;
	while ((opt = getopt(argc, argv, "I:")) != -1) {
		if (opt != 'I' || ninc == 64)
			goto usage;
		incs[ninc++] = optarg;
	}
	if (argc - optind < 2)
		goto usage;
	if (load(argv[optind], incs, ninc, &a) ||
	    load(argv[optind + 1], incs, ninc, &b))
		goto out;
	if (pal_json)
		printf("[");
	/* Profiles of NEW, then those only OLD has. */
	for (int side = 0; side < 2; side++) {
		const void *x = side ? a : b, *y = side ? b : a;

		n = pal_policy_names(x, &names);
		for (i = 0; i < n; i++) {
			struct diff_ctx c = { .profile = names[i], .shown = shown };
			__u32 rx = pal_policy_profile_by_name(x, names[i]);
			__u32 ry = pal_policy_profile_by_name(y, names[i]);

			if (!wanted(names[i], argv + optind + 2, argc - optind - 2))
				continue;
			if (!ry) {
				item(&c, side ? "-" : "+", side ? "profile removed" :
				     "profile added", NULL);
			} else if (!side) {
				const void *o = a, *nw = b;
				__u32 ro = ry, rn = rx;

				pal_dfa_diff(o, F(o, ro, file_dfa_off), nw,
					     F(nw, rn, file_dfa_off), on_diff, &c);
				c.rules = 1;
				pal_dfa_diff(o, F(o, ro, rules_dfa_off), nw,
					     F(nw, rn, rules_dfa_off), on_diff, &c);
				compare_record(&c, o, ro, nw, rn);
			}
			if (c.header) {
				if (pal_json)
					printf("]}");
				shown++;
			}
			added |= c.added;
		}
		free(names);
	}
	if (pal_json)
		printf("]\n");
	else if (!shown)
		printf("no difference in access\n");
	ret = added;
out:
	free(a);
	free(b);
	return ret;
usage:
	fprintf(stderr, "usage: palisade [--json] diff [-I DIR]... OLD NEW [PROFILE]...\n");
	return 2;
}
