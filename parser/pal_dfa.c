// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pal_comb.h"
#include "pal_dfa.h"
#include "pal_util.h"

struct pal_u32v {
	uint32_t *v;
	size_t n, cap;
};

static void pal_v_push(struct pal_u32v *v, uint32_t x)
{
	PAL_GROW(v->v, v->cap, v->n + 1);
	v->v[v->n++] = x;
}

static void pal_v_append(struct pal_u32v *v, const struct pal_u32v *src)
{
	if (!src->n)
		return;
	PAL_GROW(v->v, v->cap, v->n + src->n);
	memcpy(v->v + v->n, src->v, src->n * sizeof(uint32_t));
	v->n += src->n;
}

static int pal_u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void pal_v_sortuniq(struct pal_u32v *v)
{
	size_t i, j, o = 0;
	uint32_t x;

	if (v->n < 2)
		return;
	/* Most position sets are short: an insertion sort beats qsort's
	 * comparator calls (and its buffer) there. */
	if (v->n <= 48) {
		for (i = 1; i < v->n; i++) {
			x = v->v[i];
			for (j = i; j > 0 && v->v[j - 1] > x; j--)
				v->v[j] = v->v[j - 1];
			v->v[j] = x;
		}
	} else {
		qsort(v->v, v->n, sizeof(uint32_t), pal_u32_cmp);
	}
	for (i = 0; i < v->n; i++)
		if (!o || v->v[o - 1] != v->v[i])
			v->v[o++] = v->v[i];
	v->n = o;
}

static void pal_v_free(struct pal_u32v *v)
{
	free(v->v);
	memset(v, 0, sizeof(*v));
}

/* The position automaton. */
struct pal_pos {
	int is_accept;
	uint32_t tag;			/* accept */
	struct pal_charset set;		/* byte set */
	struct pal_u32v follow;
	struct pal_u32v classes;	/* classes of the byte set */
};

/*
 * The walk keeps the firstpos and lastpos sets of the nodes being
 * visited on two stacks rather than in a vector per node: a node's call
 * leaves its own sets on top of them, which its parent then narrows in
 * place.  Small profiles have thousands of nodes; a few growing stacks
 * spare a malloc and free per set.
 */
struct pal_glushkov {
	struct pal_pos *pos;
	size_t npos, cap;
	struct pal_u32v fst;	/* firstpos of the nodes on the call path */
	struct pal_u32v lst;	/* lastpos, likewise */
	struct pal_u32v cat;	/* per CAT kid: start/end on fst and lst */
};

static uint32_t pal_new_pos(struct pal_glushkov *g)
{
	PAL_GROW(g->pos, g->cap, g->npos + 1);
	memset(&g->pos[g->npos], 0, sizeof(g->pos[0]));
	return (uint32_t)g->npos++;
}

/* followpos(p) += fst[from, to) for every p in lst[lfrom, lto) */
static void pal_add_follow(struct pal_glushkov *g, size_t lfrom, size_t lto,
			   size_t from, size_t to)
{
	size_t i;

	if (from == to)
		return;
	for (i = lfrom; i < lto; i++) {
		struct pal_u32v *f = &g->pos[g->lst.v[i]].follow;

		PAL_GROW(f->v, f->cap, f->n + (to - from));
		memcpy(f->v + f->n, g->fst.v + from,
		       (to - from) * sizeof(uint32_t));
		f->n += to - from;
	}
}

/* Entries of a CAT kid on g->cat. */
enum { PAL_CK_FS, PAL_CK_FE, PAL_CK_LS, PAL_CK_LE, PAL_CK_NULL, PAL_CK_N };

static int pal_walk(struct pal_glushkov *g, const struct pal_expr *e);

/*
 * Kids k0..km-1 in sequence: the firstpos of kid i continues with that of
 * kid i+1 while kid i is nullable, so each kid's lastpos is followed by a
 * contiguous stretch of fst (the kids' sets lie in order); the CAT's
 * firstpos is a prefix of the kids' and its lastpos a suffix.
 */
static int pal_walk_cat(struct pal_glushkov *g, const struct pal_expr *e)
{
	size_t base = g->cat.n, m = e->nkids, i, run_s, run_e, last_s;
	uint32_t *k;
	int all = 1;

	for (i = 0; i < m; i++) {
		uint32_t fs = (uint32_t)g->fst.n, ls = (uint32_t)g->lst.n;
		int nullable = pal_walk(g, e->kids[i]);

		pal_v_push(&g->cat, fs);
		pal_v_push(&g->cat, (uint32_t)g->fst.n);
		pal_v_push(&g->cat, ls);
		pal_v_push(&g->cat, (uint32_t)g->lst.n);
		pal_v_push(&g->cat, (uint32_t)nullable);
	}
	k = g->cat.v + base;
	run_s = run_e = g->fst.n;
	last_s = k[PAL_CK_LS];
	for (i = m; i-- > 0;) {
		const uint32_t *ki = k + i * PAL_CK_N;

		pal_add_follow(g, ki[PAL_CK_LS], ki[PAL_CK_LE], run_s, run_e);
		if (!ki[PAL_CK_NULL]) {
			run_e = ki[PAL_CK_FE];
			if (all)
				last_s = ki[PAL_CK_LS];
			all = 0;
		}
		run_s = ki[PAL_CK_FS];
	}
	/* firstpos: kids' firstpos up to the first kid not nullable */
	g->fst.n = run_e;
	/* lastpos: from the last kid not nullable on */
	if (last_s != k[PAL_CK_LS])
		memmove(g->lst.v + k[PAL_CK_LS], g->lst.v + last_s,
			(g->lst.n - last_s) * sizeof(uint32_t));
	g->lst.n -= last_s - k[PAL_CK_LS];
	g->cat.n = base;
	return all;
}

/*
 * nullable of a node; its firstpos and lastpos pushed on g->fst and
 * g->lst; followpos of its positions.
 */
static int pal_walk(struct pal_glushkov *g, const struct pal_expr *e)
{
	size_t fs = g->fst.n, ls = g->lst.n, i;
	int nullable = 0;
	uint32_t p;

	switch (e->kind) {
	case PAL_X_EMPTY:
		return 1;
	case PAL_X_SET:
	case PAL_X_ACCEPT:
		p = pal_new_pos(g);
		if (e->kind == PAL_X_SET) {
			g->pos[p].set = e->set;
		} else {
			g->pos[p].is_accept = 1;
			g->pos[p].tag = e->tag;
		}
		pal_v_push(&g->fst, p);
		pal_v_push(&g->lst, p);
		return 0;
	case PAL_X_STAR:
		pal_walk(g, e->kids[0]);
		pal_add_follow(g, ls, g->lst.n, fs, g->fst.n);
		return 1;
	case PAL_X_ALT:
		for (i = 0; i < e->nkids; i++)
			nullable |= pal_walk(g, e->kids[i]);
		return nullable;
	case PAL_X_CAT:
		if (!e->nkids)
			return 1;
		return pal_walk_cat(g, e);
	}
	return 0;
}

/* Hash set of DFA states keyed by their sorted position sets. */
struct pal_stateset {
	struct pal_u32v arena;
	size_t *off, *len;
	size_t n, cap;
	uint32_t *slot;		/* state + 1, 0 = free */
	size_t nslots;
};

/* A word at a time (a byte-wise hash spent a twentieth of a small
 * profile's compile here); the table's collisions are compared anyway. */
static uint32_t pal_hash_set(const uint32_t *v, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ v[i]) * 0xff51afd7ed558ccdULL;
	/* The table takes the low bits: fold the well-mixed high ones in. */
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return (uint32_t)(h ^ (h >> 33));
}

static void pal_ss_rehash(struct pal_stateset *ss)
{
	size_t i;

	free(ss->slot);
	ss->nslots = ss->nslots ? ss->nslots * 2 : 1024;
	ss->slot = pal_xcalloc(ss->nslots, sizeof(*ss->slot));
	for (i = 0; i < ss->n; i++) {
		size_t h = pal_hash_set(ss->arena.v + ss->off[i], ss->len[i]) &
			   (ss->nslots - 1);

		while (ss->slot[h])
			h = (h + 1) & (ss->nslots - 1);
		ss->slot[h] = (uint32_t)i + 1;
	}
}

/* Find or add; *added tells which. */
static uint32_t pal_ss_intern(struct pal_stateset *ss, const uint32_t *v,
			      size_t n, int *added)
{
	size_t h, sz;
	uint32_t s;

	if ((ss->n + 1) * 2 > ss->nslots)
		pal_ss_rehash(ss);
	h = pal_hash_set(v, n) & (ss->nslots - 1);
	while ((s = ss->slot[h])) {
		s--;
		if (ss->len[s] == n &&
		    (!n || !memcmp(ss->arena.v + ss->off[s], v, n * sizeof(*v)))) {
			*added = 0;
			return s;
		}
		h = (h + 1) & (ss->nslots - 1);
	}
	/* off and len grow together: sz shadows cap for the first */
	sz = ss->cap;
	PAL_GROW(ss->off, sz, ss->n + 1);
	PAL_GROW(ss->len, ss->cap, ss->n + 1);
	ss->off[ss->n] = ss->arena.n;
	ss->len[ss->n] = n;
	PAL_GROW(ss->arena.v, ss->arena.cap, ss->arena.n + n);
	if (n)
		memcpy(ss->arena.v + ss->arena.n, v, n * sizeof(*v));
	ss->arena.n += n;
	ss->slot[h] = (uint32_t)ss->n + 1;
	*added = 1;
	return (uint32_t)ss->n++;
}

static void pal_ss_free(struct pal_stateset *ss)
{
	pal_v_free(&ss->arena);
	free(ss->off);
	free(ss->len);
	free(ss->slot);
}

struct pal_dfa *pal_dfa_alloc(uint32_t nstates, uint32_t nclasses)
{
	struct pal_dfa *d = pal_xcalloc(1, sizeof(*d));

	d->nstates = nstates;
	d->nclasses = nclasses;
	d->trans = pal_xcalloc((size_t)nstates * nclasses, sizeof(uint32_t));
	d->accept = pal_xcalloc(nstates, sizeof(struct pal_accept));
	return d;
}

void pal_dfa_free(struct pal_dfa *dfa)
{
	if (!dfa)
		return;
	free(dfa->trans);
	free(dfa->accept);
	pal_comb_free(dfa->comb);
	free(dfa);
}

const struct pal_comb *pal_dfa_comb(const struct pal_dfa *dfa)
{
	/*
	 * A cache: the DFA itself is not changed.  Not locked: a DFA
	 * belongs to one thread at a time (the compile's worker that built
	 * it, then the thread that writes the policy after the join).
	 */
	struct pal_dfa *d = (struct pal_dfa *)dfa;

	if (!d->comb) {
		d->comb = pal_comb_build(d);
		if (pal_comb_selfcheck) {
			char err[160];

			/* combs are built on the compile's worker threads */
			__atomic_fetch_add(&pal_comb_checked, 1,
					   __ATOMIC_RELAXED);
			if (pal_comb_check(d, d->comb, err, sizeof(err))) {
				__atomic_fetch_add(&pal_comb_failed, 1,
						   __ATOMIC_RELAXED);
				fprintf(stderr, "comb self-check: %s\n", err);
			}
		}
	}
	return d->comb;
}

uint32_t pal_dfa_run(const struct pal_dfa *dfa, const char *s)
{
	uint32_t st = dfa->start;

	for (; *s && st; s++)
		st = dfa->trans[(size_t)st * dfa->nclasses +
				dfa->classmap[(unsigned char)*s]];
	return st;
}

/*
 * Split every class of @cls[*n] that @set cuts in two, a word at a time
 * (a class is a byte set too).  Refining by a set twice changes nothing.
 */
static void pal_refine(struct pal_charset *cls, uint32_t *n,
		       const struct pal_charset *set)
{
	uint32_t i, m = *n;
	int w;

	for (i = 0; i < m; i++) {
		struct pal_charset in, out;
		uint64_t any_in = 0, any_out = 0;

		for (w = 0; w < 4; w++) {
			in.w[w] = cls[i].w[w] & set->w[w];
			out.w[w] = cls[i].w[w] & ~set->w[w];
			any_in |= in.w[w];
			any_out |= out.w[w];
		}
		if (any_in && any_out) {
			cls[i] = in;
			cls[(*n)++] = out;
		}
	}
}

/*
 * Coarsest partition of the bytes that no byte set splits, classes
 * numbered by their smallest byte.
 */
static uint32_t pal_byte_classes(struct pal_glushkov *g, uint8_t *classmap)
{
	struct pal_charset cls[256];
	uint16_t of[256];
	int num[256];
	uint32_t n = 1, i, b, w, k = 0;
	uint64_t bits;
	size_t p;

	memset(&cls[0], 0xff, sizeof(cls[0]));
	for (p = 0; p < g->npos; p++)
		if (!g->pos[p].is_accept)
			pal_refine(cls, &n, &g->pos[p].set);
	for (i = 0; i < n; i++) {
		num[i] = -1;
		for (w = 0; w < 4; w++)
			for (bits = cls[i].w[w]; bits; bits &= bits - 1)
				of[w * 64 + __builtin_ctzll(bits)] = (uint16_t)i;
	}
	for (b = 0; b < 256; b++) {
		if (num[of[b]] < 0)
			num[of[b]] = (int)k++;
		classmap[b] = (uint8_t)num[of[b]];
	}
	return n;
}

struct pal_dfa *pal_dfa_build(const struct pal_expr *root, pal_accept_fn fn,
			      void *ctx, size_t max_cells, char *err,
			      size_t errlen)
{
	struct pal_glushkov g = { 0 };
	struct pal_u32v first = { 0 }, tags = { 0 };
	struct pal_u32v *bucket = NULL;
	struct pal_stateset ss = { 0 };
	struct pal_dfa *dfa = NULL;
	uint32_t *trans = NULL, rep[256];
	struct pal_accept *acc = NULL;
	size_t trans_cap = 0, acc_cap = 0, p, i, done;
	uint32_t nclasses, c, start;
	uint8_t classmap[256];
	int added;

	pal_walk(&g, root);
	first = g.fst;
	memset(&g.fst, 0, sizeof(g.fst));
	pal_v_free(&g.lst);
	pal_v_free(&g.cat);
	pal_v_sortuniq(&first);
	for (p = 0; p < g.npos; p++)
		pal_v_sortuniq(&g.pos[p].follow);

	nclasses = pal_byte_classes(&g, classmap);
	for (c = 0; c < 256; c++)
		rep[c] = 0;
	for (c = 256; c-- > 0;)
		rep[classmap[c]] = c;
	for (p = 0; p < g.npos; p++) {
		if (g.pos[p].is_accept)
			continue;
		for (c = 0; c < nclasses; c++)
			if (pal_cs_has(&g.pos[p].set, rep[c]))
				pal_v_push(&g.pos[p].classes, c);
	}
	bucket = pal_xcalloc(nclasses, sizeof(*bucket));

	/* state 0: the empty set, dead */
	pal_ss_intern(&ss, NULL, 0, &added);
	start = pal_ss_intern(&ss, first.v, first.n, &added);
	pal_v_free(&first);

	for (done = 0; done < ss.n; done++) {
		uint32_t *row;

		/* the position sets of the states count too */
		if (ss.n > max_cells / nclasses || ss.arena.n > 4 * max_cells) {
			snprintf(err, errlen,
				 "automaton too large (more than %zu states of %u byte classes)",
				 max_cells / nclasses, nclasses);
			goto out;
		}
		PAL_GROW(trans, trans_cap, ss.n * nclasses);
		PAL_GROW(acc, acc_cap, ss.n);
		row = trans + done * nclasses;
		tags.n = 0;
		for (c = 0; c < nclasses; c++)
			bucket[c].n = 0;
		for (i = 0; i < ss.len[done]; i++) {
			struct pal_pos *pp = &g.pos[ss.arena.v[ss.off[done] + i]];
			size_t k;

			if (pp->is_accept) {
				pal_v_push(&tags, pp->tag);
				continue;
			}
			for (k = 0; k < pp->classes.n; k++)
				pal_v_append(&bucket[pp->classes.v[k]],
					     &pp->follow);
		}
		pal_v_sortuniq(&tags);
		memset(&acc[done], 0, sizeof(acc[done]));
		fn(ctx, tags.v, tags.n, &acc[done]);
		for (c = 0; c < nclasses; c++) {
			/* most classes lead nowhere: state 0, the empty set,
			 * without hashing it again */
			if (!bucket[c].n) {
				row[c] = 0;
				continue;
			}
			pal_v_sortuniq(&bucket[c]);
			/* neighbouring classes often move alike (all bytes
			 * but '/' under a star): no need to hash that again */
			if (c && bucket[c].n == bucket[c - 1].n &&
			    !memcmp(bucket[c].v, bucket[c - 1].v,
				    bucket[c].n * sizeof(uint32_t))) {
				row[c] = row[c - 1];
				continue;
			}
			row[c] = pal_ss_intern(&ss, bucket[c].v, bucket[c].n,
					       &added);
			/* the arena may have moved: nothing above is kept */
		}
	}

	dfa = pal_xcalloc(1, sizeof(*dfa));
	dfa->nstates = (uint32_t)ss.n;
	dfa->nclasses = nclasses;
	dfa->start = start;
	memcpy(dfa->classmap, classmap, sizeof(classmap));
	dfa->trans = trans;
	dfa->accept = acc;
	trans = NULL;
	acc = NULL;
out:
	for (c = 0; c < nclasses; c++)
		pal_v_free(&bucket[c]);
	free(bucket);
	for (p = 0; p < g.npos; p++) {
		pal_v_free(&g.pos[p].follow);
		pal_v_free(&g.pos[p].classes);
	}
	free(g.pos);
	pal_v_free(&tags);
	pal_ss_free(&ss);
	free(trans);
	free(acc);
	return dfa;
}
