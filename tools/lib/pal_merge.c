// SPDX-License-Identifier: GPL-2.0
/*
 * palisade userspace: per-profile changes to a compiled policy (see
 * pal_merge.h).  The attachment DFA is rebuilt from the attachment globs
 * kept in the string table, with the compiler's precedence (longest
 * literal prefix wins, then the lower record index).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pal_merge.h"
#include "palisade_parser.h"
#include "pal_dfa.h"
#include "pal_comb.h"
#include "pal_glob.h"
#include "pal_minimize.h"
#include "pal_policy.h"
#include "pal_util.h"
#include "match.h"

/* Transitions the unminimised attachment automaton may use (as the
 * compiler allows). */
#define MERGE_MAX_CELLS	(8U << 20)

static __u32 rd32(const void *blob, __u32 off)
{
	__u32 v;

	memcpy(&v, (const __u8 *)blob + off, sizeof(v));
	return v;
}

#define HDR(blob, f)	rd32(blob, offsetof(struct pal_policy_header, f))
#define REC(blob, r, f)	rd32(blob, (r) + offsetof(struct pal_profile_rec, f))

static const char *str_at(const void *blob, __u32 off)
{
	return (const char *)blob + HDR(blob, strings_off) + off;
}

static __u32 rec_off(const void *blob, __u32 i)
{
	return HDR(blob, profiles_off) + i * sizeof(struct pal_profile_rec);
}

size_t pal_policy_names(const void *blob, const char ***names)
{
	__u32 i, n = HDR(blob, nprofiles);

	*names = pal_xcalloc(n ? n : 1, sizeof(**names));
	for (i = 0; i < n; i++)
		(*names)[i] = str_at(blob, REC(blob, rec_off(blob, i), name_off));
	return n;
}

/* The DFA at @off of @blob as the writer's in-memory form. */
static struct pal_dfa *dfa_decode(const void *blob, __u32 off)
{
	return pal_dfa_decode(blob, off);
}

static int dfa_accepts_nothing(const struct pal_dfa *d)
{
	static const struct pal_accept zero;
	__u32 s;

	for (s = 0; s < d->nstates; s++)
		if (memcmp(&d->accept[s], &zero, sizeof(zero)))
			return 0;
	return 1;
}

struct merge_prof {
	struct pal_policy_prof p;
	const void *blob;		/* where it comes from */
	struct pal_dfa *file, *rules;
	size_t prefix;
};

struct merge {
	struct merge_prof *v;
	size_t n, cap;
	const char **xt;		/* merged exec target names */
	size_t nxt, xtcap;
};

static __u32 xt_index(struct merge *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nxt; i++)
		if (!strcmp(m->xt[i], name))
			return (__u32)i;
	PAL_GROW(m->xt, m->xtcap, m->nxt + 1);
	m->xt[m->nxt] = name;
	return (__u32)m->nxt++;
}

/* Re-point the exec targets of an accept value from @blob's table to the
 * merged one. */
static __u32 xt_remap(struct merge *m, const void *blob, __u32 v)
{
	__u32 t = v >> PAL_X_TARGET_SHIFT, at;

	if (!t || t > HDR(blob, nxtargets))
		return v;
	at = HDR(blob, xtargets_off) + (t - 1) * sizeof(struct pal_xtarget);
	t = xt_index(m, str_at(blob, rd32(blob, at +
					  offsetof(struct pal_xtarget, name_off)))) + 1;
	return (v & ((1U << PAL_X_TARGET_SHIFT) - 1)) | (t << PAL_X_TARGET_SHIFT);
}

static void take(struct merge *m, const void *blob, __u32 rec)
{
	struct merge_prof *mp;
	const __u32 *ids;
	__u32 s, w;

	PAL_GROW(m->v, m->cap, m->n + 1);
	mp = &m->v[m->n++];
	memset(mp, 0, sizeof(*mp));
	mp->blob = blob;
	mp->p.name = str_at(blob, REC(blob, rec, name_off));
	mp->p.attach = str_at(blob, REC(blob, rec, attach_off));
	mp->p.mode = REC(blob, rec, mode);
	mp->p.id = REC(blob, rec, id);
	mp->p.flags = REC(blob, rec, flags);
	mp->p.parent_id = REC(blob, rec, parent_id);
	for (w = 0; w < PAL_CAP_WORDS; w++) {
		mp->p.cap_allow[w] = REC(blob, rec, cap_allow[w]);
		mp->p.cap_deny[w] = REC(blob, rec, cap_deny[w]);
		mp->p.cap_audit[w] = REC(blob, rec, cap_audit[w]);
		mp->p.cap_quiet[w] = REC(blob, rec, cap_quiet[w]);
	}
	mp->p.pc_flags = REC(blob, rec, pc_flags);
	ids = (const __u32 *)((const __u8 *)blob + HDR(blob, ids_off));
	mp->p.uids = ids + REC(blob, rec, uids_idx);
	mp->p.nuids = REC(blob, rec, nuids);
	mp->p.gids = ids + REC(blob, rec, gids_idx);
	mp->p.ngids = REC(blob, rec, ngids);
	mp->p.limit_threads = REC(blob, rec, limit_threads);
	mp->p.limit_procs = REC(blob, rec, limit_procs);
	mp->file = dfa_decode(blob, REC(blob, rec, file_dfa_off));
	for (s = 0; s < mp->file->nstates; s++) {
		mp->file->accept[s].value = xt_remap(m, blob, mp->file->accept[s].value);
		mp->file->accept[s].xowner = xt_remap(m, blob, mp->file->accept[s].xowner);
	}
	mp->p.file_dfa = mp->file;
	mp->rules = dfa_decode(blob, REC(blob, rec, rules_dfa_off));
	if (dfa_accepts_nothing(mp->rules)) {
		pal_dfa_free(mp->rules);
		mp->rules = NULL;
	}
	mp->p.rules_dfa = mp->rules;
	mp->prefix = pal_glob_literal_prefix(mp->p.attach);
}

/* @name is @top or one of its child profiles / hats. */
static int under(const char *name, const char *top)
{
	size_t n = strlen(top);

	return !strncmp(name, top, n) && (!name[n] || !strncmp(name + n, "//", 2));
}

static int dropped(const char *name, const void *add,
		   const char *const *drop, size_t ndrop)
{
	__u32 i, n;

	for (i = 0; i < ndrop; i++)
		if (under(name, drop[i]))
			return 1;
	if (!add)
		return 0;
	n = HDR(add, nprofiles);
	for (i = 0; i < n; i++) {
		__u32 r = rec_off(add, i);

		if (!REC(add, r, parent_id) &&
		    under(name, str_at(add, REC(add, r, name_off))))
			return 1;
	}
	return 0;
}

static int prof_cmp(const void *a, const void *b)
{
	const struct merge_prof *x = a, *y = b;

	return x->p.id < y->p.id ? -1 : x->p.id > y->p.id;
}

/* The compiler's longest-left-match precedence over merged records. */
static void attach_accept(void *ctx, const uint32_t *tags, size_t n,
			  struct pal_accept *out)
{
	const struct merge *m = ctx;
	size_t i, best = 0;

	if (!n)
		return;
	for (i = 1; i < n; i++)
		if (m->v[tags[i]].prefix > m->v[tags[best]].prefix)
			best = i;
	out->value = tags[best] + 1;
}

static struct pal_dfa *attach_dfa(struct merge *m, char *err, size_t errlen)
{
	struct pal_expr *root = pal_expr_new(PAL_X_ALT);
	struct pal_dfa *dfa, *min;
	size_t i;

	for (i = 0; i < m->n; i++) {
		struct pal_glob_err ge;
		struct pal_expr *cat, *e;

		if (!m->v[i].p.attach[0])
			continue;
		e = pal_glob_parse(m->v[i].p.attach, 0, &ge);
		if (!e) {
			snprintf(err, errlen, "attachment of '%s': %s",
				 m->v[i].p.name, ge.msg);
			pal_expr_free(root);
			return NULL;
		}
		cat = pal_expr_new(PAL_X_CAT);
		pal_expr_add(cat, e);
		pal_expr_add(cat, pal_expr_accept((uint32_t)i));
		pal_expr_add(root, cat);
	}
	dfa = pal_dfa_build(root, attach_accept, m, MERGE_MAX_CELLS, err, errlen);
	pal_expr_free(root);
	if (!dfa)
		return NULL;
	min = pal_dfa_minimize(dfa, PAL_MIN_HOPCROFT);
	pal_dfa_free(dfa);
	return min;
}

int pal_policy_merge(const void *base, const void *add,
		     const char *const *drop, size_t ndrop,
		     void **out, size_t *out_size, char *err, size_t errlen)
{
	struct merge m = { 0 };
	struct pal_policy_prof *pp = NULL;
	struct pal_dfa *attach = NULL;
	__u32 i, n;
	int ret = -EINVAL;

	if (base) {
		n = HDR(base, nprofiles);
		for (i = 0; i < n; i++) {
			__u32 r = rec_off(base, i);

			if (!dropped(str_at(base, REC(base, r, name_off)), add,
				     drop, ndrop))
				take(&m, base, r);
		}
	}
	if (add) {
		n = HDR(add, nprofiles);
		for (i = 0; i < n; i++)
			take(&m, add, rec_off(add, i));
	}
	qsort(m.v, m.n, sizeof(*m.v), prof_cmp);
	for (i = 1; i < m.n; i++)
		if (m.v[i].p.id == m.v[i - 1].p.id) {
			snprintf(err, errlen, "profiles '%s' and '%s' have the same id",
				 m.v[i - 1].p.name, m.v[i].p.name);
			goto out;
		}
	attach = attach_dfa(&m, err, errlen);
	if (!attach)
		goto out;
	pp = pal_xcalloc(m.n ? m.n : 1, sizeof(*pp));
	for (i = 0; i < m.n; i++)
		pp[i] = m.v[i].p;
	if (pal_policy_write(pp, m.n, attach, m.xt, m.nxt, -1, out, out_size,
			     err, errlen)) {
		ret = -E2BIG;
		goto out;
	}
	ret = pal_policy_verify(*out, *out_size, err, errlen);
	if (ret) {
		free(*out);
		*out = NULL;
	}
out:
	for (i = 0; i < m.n; i++) {
		pal_dfa_free(m.v[i].file);
		pal_dfa_free(m.v[i].rules);
	}
	free(m.v);
	free(m.xt);
	free(pp);
	pal_dfa_free(attach);
	return ret;
}
