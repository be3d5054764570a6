/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exec transitions of file rules: the PAL_X_* word of each rule, the exec
 * target table the words refer to, and the merge of the words of every rule
 * matching one DFA state into &pal_accept.value / &pal_accept.xowner.
 *
 * The merge follows AppArmor: rules whose glob is a plain path (no
 * wildcard) take precedence over glob rules, so "/usr/bin/{a,b} ix" and
 * "/usr/bin/a px" give px for /usr/bin/a; two rules of the same kind
 * with different transitions that can match one path are an error
 * ("conflicting x modifiers"); a deny rule with x removes the transition.
 */
#ifndef PAL_XMODE_H
#define PAL_XMODE_H

#include <stddef.h>
#include <stdint.h>

#include "palisade.h"
#include "pal_ast.h"
#include "pal_diag.h"

/**
 * struct pal_xtab - exec target names of a whole policy
 * @names: full profile names (``parent//child`` for cx targets)
 * @n: entries; entry i is referred to as i + 1 in the PAL_X target bits
 * @cap: allocated entries
 */
struct pal_xtab {
	char **names;
	size_t n, cap;
};

/* Index + 1 of @name in @t, added when new; 0 when the table is full. */
uint32_t pal_xtab_intern(struct pal_xtab *t, const char *name);
void pal_xtab_free(struct pal_xtab *t);

/* PAL_X_* word (transition, fallback, scrub; no target) of an exec mode:
 * PAL_X_NONE for no mode and for the bare x of deny rules. */
uint32_t pal_xmode_word(enum pal_exec e);

/**
 * struct pal_xmode - exec transitions of one profile's file rules
 * @p: the profile
 * @word: per rule, its PAL_X_* word with the target index, 0 for none
 * @exact: per rule, non-zero when its glob is a plain path
 * @conflicts: pairs of rule indexes (lower first) found in conflict
 * @nconflicts: entries of @conflicts
 * @cap: allocated entries
 */
struct pal_xmode {
	const struct pal_profile *p;
	uint32_t *word;
	unsigned char *exact;
	uint32_t (*conflicts)[2];
	size_t nconflicts, cap;
};

/*
 * Compute the word of every rule of @p (full name @pname), adding the
 * ``-> target`` names to @tab.  0, or -1 after an error reported on @d.
 */
int pal_xmode_init(struct pal_xmode *x, struct pal_diag *d,
		   struct pal_xtab *tab, const struct pal_profile *p,
		   const char *pname);

/* Fill @out->value and @out->xowner for the rules @tags (a DFA state's
 * accepting rules); conflicts are remembered for pal_xmode_report(). */
void pal_xmode_accept(struct pal_xmode *x, const uint32_t *tags, size_t n,
		      struct pal_accept *out);

/* Report every conflict as an error naming both rules.  0 when none. */
int pal_xmode_report(struct pal_xmode *x, struct pal_diag *d,
		     const struct pal_xtab *tab);

void pal_xmode_fini(struct pal_xmode *x);

/*
 * Is rule @r's glob, once expanded, a plain path?  A plain path's exec
 * mode wins over a glob's (see pal_xmode_accept()), so rules that differ
 * in this never share an accept tag.
 */
int pal_xmode_is_exact(const struct pal_profile *p,
		       const struct pal_file_rule *r);

#endif /* PAL_XMODE_H */
