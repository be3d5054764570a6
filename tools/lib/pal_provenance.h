/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade userspace: which rules of the profile text decide an access.
 * The decision itself comes from the decision core on the compiled tables
 * (pal_explain()); this recompiles nothing, it reads the text again and
 * tests each rule's glob against the path with the reference matcher,
 * which shares no code with the DFA pipeline.
 */
#ifndef PAL_PROVENANCE_H
#define PAL_PROVENANCE_H

#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

/**
 * struct pal_rule_hit - a rule whose glob matches the path
 * @file: the file the rule is in (an include shows its own file)
 * @line: its line, 1-based
 * @col: its column, 1-based
 * @deny: a ``deny`` rule
 * @owner: an ``owner`` rule
 * @audit: an ``audit`` rule
 * @perms: its PAL_MAY_* permissions
 * @glob: the glob as written
 * @exec: the exec mode as written ("" for none)
 */
struct pal_rule_hit {
	char file[512];
	unsigned int line, col;
	int deny, owner, audit;
	__u32 perms;
	char glob[1024];
	char exec[8];
};

/*
 * Parse @paths and list the file rules of profile @profile (full name,
 * "parent//child" for a child) whose glob matches @path.  Returns the
 * number of hits (*hits malloc'd), -ENOENT when the text has no such
 * profile, or -EINVAL after printing file:line:col errors to @err.
 */
int pal_rule_hits(const char *const *paths, int npaths,
		  const char *const *include_dirs, int ninclude,
		  const char *profile, const char *path,
		  struct pal_rule_hit **hits, FILE *err);

struct pal_profile;
/* Full name of a parsed profile as the compiler gives it ("parent//child"),
 * malloc'd; NULL when its variables do not expand. */
char *pal_profile_full_name(const struct pal_profile *p);

#endif /* PAL_PROVENANCE_H */
