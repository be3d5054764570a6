// SPDX-License-Identifier: GPL-2.0
/*
 * Exec transitions of file rules (see pal_xmode.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pal_expand.h"
#include "pal_glob.h"
#include "pal_util.h"
#include "pal_xmode.h"

uint32_t pal_xtab_intern(struct pal_xtab *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->names[i], name))
			return (uint32_t)i + 1;
	if (t->n >= PAL_X_TARGET_MAX)
		return 0;
	PAL_GROW(t->names, t->cap, t->n + 1);
	t->names[t->n++] = pal_xstrdup(name);
	return (uint32_t)t->n;
}

void pal_xtab_free(struct pal_xtab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->names[i]);
	free(t->names);
	memset(t, 0, sizeof(*t));
}

uint32_t pal_xmode_word(enum pal_exec e)
{
	static const uint32_t words[PAL_EXEC_COUNT] = {
		[PAL_EXEC_IX] = PAL_X_IX,
		[PAL_EXEC_UX] = PAL_X_UX,
		[PAL_EXEC_UX_SAFE] = PAL_X_UX | PAL_X_SCRUB,
		[PAL_EXEC_PX] = PAL_X_PX,
		[PAL_EXEC_PX_SAFE] = PAL_X_PX | PAL_X_SCRUB,
		[PAL_EXEC_CX] = PAL_X_CX,
		[PAL_EXEC_CX_SAFE] = PAL_X_CX | PAL_X_SCRUB,
		[PAL_EXEC_PIX] = PAL_X_PX | PAL_X_FALLBACK_IX,
		[PAL_EXEC_PIX_SAFE] = PAL_X_PX | PAL_X_FALLBACK_IX | PAL_X_SCRUB,
		[PAL_EXEC_CIX] = PAL_X_CX | PAL_X_FALLBACK_IX,
		[PAL_EXEC_CIX_SAFE] = PAL_X_CX | PAL_X_FALLBACK_IX | PAL_X_SCRUB,
		[PAL_EXEC_PUX] = PAL_X_PX | PAL_X_FALLBACK_UX,
		[PAL_EXEC_PUX_SAFE] = PAL_X_PX | PAL_X_FALLBACK_UX | PAL_X_SCRUB,
		[PAL_EXEC_CUX] = PAL_X_CX | PAL_X_FALLBACK_UX,
		[PAL_EXEC_CUX_SAFE] = PAL_X_CX | PAL_X_FALLBACK_UX | PAL_X_SCRUB,
	};

	return (unsigned int)e < PAL_EXEC_COUNT ? words[e] : PAL_X_NONE;
}

/* Is the rule's glob, once expanded, exact (plain paths, alternations of
 * them)?  An exact rule's x modifier beats a wildcard rule's. */
int pal_xmode_is_exact(const struct pal_profile *p,
			      const struct pal_file_rule *r)
{
	char msg[200], *exp, *flat;
	int exact;

	/* An unexpandable glob is reported by the DFA build. */
	if (pal_expand_vars(p->vars, r->glob, &exp, msg, sizeof(msg)))
		return 0;
	flat = pal_glob_filter_slashes(exp);
	free(exp);
	exact = pal_glob_is_exact(flat);
	free(flat);
	return exact;
}

int pal_xmode_init(struct pal_xmode *x, struct pal_diag *d,
		   struct pal_xtab *tab, const struct pal_profile *p,
		   const char *pname)
{
	size_t i, n = p->nrules;
	int ret = 0;

	memset(x, 0, sizeof(*x));
	x->p = p;
	x->word = pal_xcalloc(n ? n : 1, sizeof(*x->word));
	x->exact = pal_xcalloc(n ? n : 1, sizeof(*x->exact));
	for (i = 0; i < n; i++) {
		const struct pal_file_rule *r = &p->rules[i];
		uint32_t w = pal_xmode_word(r->exec), idx;
		char msg[200], *tgt;

		if (r->qual & PAL_Q_DENY)
			w = PAL_X_NONE;
		if (!w)
			continue;
		x->exact[i] = (unsigned char)pal_xmode_is_exact(p, r);
		if (r->target && (w & PAL_X_TYPE_MASK) != PAL_X_UX) {
			if (pal_expand_vars(p->vars, r->target, &tgt, msg,
					    sizeof(msg))) {
				pal_error(d, &r->loc, "exec target: %s", msg);
				ret = -1;
				continue;
			}
			/*
			 * Stacking (&name) and namespaces (:ns:name) need
			 * label stacks palisade does not have.  The name is
			 * kept as written: no profile is called that, so the
			 * exec is refused ("profile not found") rather than
			 * given a weaker transition.
			 */
			if ((tgt[0] == '&' || tgt[0] == ':') &&
			    pal_diag_unenforced(d, &r->loc,
						"stacked and namespaced exec targets (such execs are refused)")) {
				free(tgt);
				ret = -1;
				continue;
			}
			if (!tgt[0] || strpbrk(tgt, "{}*?[")) {
				pal_error(d, &r->loc,
					  "exec target '%s' is not a profile name",
					  tgt);
				free(tgt);
				ret = -1;
				continue;
			}
			if ((w & PAL_X_TYPE_MASK) == PAL_X_CX &&
			    tgt[0] != '&' && tgt[0] != ':') {
				struct pal_buf b = { 0 };

				pal_buf_printf(&b, "%s//%s", pname, tgt);
				free(tgt);
				tgt = pal_buf_take(&b);
			}
			idx = pal_xtab_intern(tab, tgt);
			free(tgt);
			if (!idx) {
				pal_error(d, &r->loc, "too many exec targets");
				ret = -1;
				continue;
			}
			w |= idx << PAL_X_TARGET_SHIFT;
		}
		x->word[i] = w;
	}
	return ret;
}

static void pal_xmode_conflict(struct pal_xmode *x, uint32_t a, uint32_t b)
{
	uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
	size_t k;

	for (k = 0; k < x->nconflicts; k++)
		if (x->conflicts[k][0] == lo && x->conflicts[k][1] == hi)
			return;
	PAL_GROW(x->conflicts, x->cap, x->nconflicts + 1);
	x->conflicts[x->nconflicts][0] = lo;
	x->conflicts[x->nconflicts][1] = hi;
	x->nconflicts++;
}

/*
 * The transition of the rules @tags that apply to a task (with_owner: the
 * task owns the file, so owner rules count too).  Plain-path rules win
 * over glob rules; within each kind every word must agree.
 */
static uint32_t pal_xmode_merge(struct pal_xmode *x, const uint32_t *tags,
				size_t n, int with_owner)
{
	uint32_t word[2] = { 0, 0 }, first[2] = { 0, 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		const struct pal_file_rule *r = &x->p->rules[tags[i]];
		uint32_t w = x->word[tags[i]];
		int k = x->exact[tags[i]];

		if ((r->qual & PAL_Q_DENY) && (r->perms & PAL_MAY_EXEC) &&
		    (with_owner || !(r->qual & PAL_Q_OWNER)))
			return PAL_X_NONE;
		/* A rule whose x a higher priority= rule overrides (its
		 * permissions arrive masked, see pal_prio_mask()) has no say. */
		if (!w || !(r->perms & PAL_MAY_EXEC) ||
		    (!with_owner && (r->qual & PAL_Q_OWNER)))
			continue;
		if (!word[k]) {
			word[k] = w;
			first[k] = tags[i];
		} else if (word[k] != w) {
			pal_xmode_conflict(x, first[k], tags[i]);
		}
	}
	return word[1] ? word[1] : word[0];
}

void pal_xmode_accept(struct pal_xmode *x, const uint32_t *tags, size_t n,
		      struct pal_accept *out)
{
	out->value = pal_xmode_merge(x, tags, n, 0);
	out->xowner = pal_xmode_merge(x, tags, n, 1);
}

/* "px -> name" or "ix": a rule's transition as the user reads it. */
static void pal_xmode_describe(const struct pal_file_rule *r, uint32_t w,
			       const struct pal_xtab *tab, struct pal_buf *b)
{
	uint32_t idx = w >> PAL_X_TARGET_SHIFT;

	pal_buf_printf(b, "%s", pal_exec_name(r->exec));
	if (idx && idx <= tab->n)
		pal_buf_printf(b, " -> %s", tab->names[idx - 1]);
}

int pal_xmode_report(struct pal_xmode *x, struct pal_diag *d,
		     const struct pal_xtab *tab)
{
	size_t k;

	for (k = 0; k < x->nconflicts; k++) {
		const struct pal_file_rule *a = &x->p->rules[x->conflicts[k][0]];
		const struct pal_file_rule *b = &x->p->rules[x->conflicts[k][1]];
		struct pal_buf da = { 0 }, db = { 0 };

		pal_xmode_describe(a, x->word[x->conflicts[k][0]], tab, &da);
		pal_xmode_describe(b, x->word[x->conflicts[k][1]], tab, &db);
		pal_error(d, &b->loc,
			  "conflicting x modifiers: '%s %s' and '%s %s' at %s:%u:%u can match the same path",
			  b->glob, db.s, a->glob, da.s, a->loc.file,
			  a->loc.line, a->loc.col);
		pal_buf_free(&da);
		pal_buf_free(&db);
	}
	return x->nconflicts ? -1 : 0;
}

void pal_xmode_fini(struct pal_xmode *x)
{
	free(x->word);
	free(x->exact);
	free(x->conflicts);
	memset(x, 0, sizeof(*x));
}
