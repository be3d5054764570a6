// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "pal_expr.h"
#include "pal_util.h"

void pal_cs_add_range(struct pal_charset *cs, unsigned int lo, unsigned int hi)
{
	unsigned int c;

	for (c = lo; c <= hi && c < 256; c++)
		pal_cs_add(cs, c);
}

void pal_cs_invert(struct pal_charset *cs)
{
	int i;

	for (i = 0; i < 4; i++)
		cs->w[i] = ~cs->w[i];
	cs->w[0] &= ~1ULL;
}

int pal_cs_empty(const struct pal_charset *cs)
{
	return !(cs->w[0] | cs->w[1] | cs->w[2] | cs->w[3]);
}

struct pal_expr *pal_expr_new(enum pal_expr_kind kind)
{
	struct pal_expr *e = pal_xcalloc(1, sizeof(*e));

	e->kind = kind;
	return e;
}

struct pal_expr *pal_expr_set(const struct pal_charset *cs)
{
	struct pal_expr *e = pal_expr_new(PAL_X_SET);

	e->set = *cs;
	return e;
}

struct pal_expr *pal_expr_char(unsigned char c)
{
	struct pal_charset cs = { { 0 } };

	pal_cs_add(&cs, c);
	return pal_expr_set(&cs);
}

struct pal_expr *pal_expr_range(unsigned int lo, unsigned int hi)
{
	struct pal_charset cs = { { 0 } };

	pal_cs_add_range(&cs, lo, hi);
	return pal_expr_set(&cs);
}

struct pal_expr *pal_expr_star(struct pal_expr *kid)
{
	struct pal_expr *e = pal_expr_new(PAL_X_STAR);

	pal_expr_add(e, kid);
	return e;
}

struct pal_expr *pal_expr_accept(uint32_t tag)
{
	struct pal_expr *e = pal_expr_new(PAL_X_ACCEPT);

	e->tag = tag;
	return e;
}

void pal_expr_add(struct pal_expr *parent, struct pal_expr *kid)
{
	PAL_GROW(parent->kids, parent->cap, parent->nkids + 1);
	parent->kids[parent->nkids++] = kid;
}

void pal_expr_free(struct pal_expr *e)
{
	size_t i;

	if (!e)
		return;
	for (i = 0; i < e->nkids; i++)
		pal_expr_free(e->kids[i]);
	free(e->kids);
	free(e);
}

static void pal_dump_byte(FILE *f, unsigned int c, int in_class)
{
	if (c == '\\' || (in_class ? (c == ']' || c == '^' || c == '-') :
			  !!strchr("[]{}()*+?|.^$", (int)c)))
		fprintf(f, "\\%c", c);
	else if (c > ' ' && c < 0x7f)
		fputc((int)c, f);
	else
		fprintf(f, "\\x%02x", c);
}

static void pal_dump_ranges(FILE *f, const struct pal_charset *cs)
{
	unsigned int c = 0;

	while (c < 256) {
		unsigned int end;

		if (!pal_cs_has(cs, c)) {
			c++;
			continue;
		}
		for (end = c; end + 1 < 256 && pal_cs_has(cs, end + 1); end++)
			;
		pal_dump_byte(f, c, 1);
		if (end > c + 1)
			fputc('-', f);
		if (end > c)
			pal_dump_byte(f, end, 1);
		c = end + 1;
	}
}

static void pal_dump_set(FILE *f, const struct pal_charset *cs)
{
	struct pal_charset inv = *cs;
	unsigned int n = 0, c, only = 0;

	for (c = 0; c < 256; c++)
		if (pal_cs_has(cs, c)) {
			n++;
			only = c;
		}
	if (n == 1) {
		pal_dump_byte(f, only, 0);
		return;
	}
	if (n == 255 && !pal_cs_has(cs, 0)) {
		fputc('.', f);
		return;
	}
	if (n == 256) {
		/* every byte, NUL included (a rules-DFA field) */
		fputs("[\\x00-\\xff]", f);
		return;
	}
	pal_cs_invert(&inv);
	fputc('[', f);
	if (n > 128) {
		fputc('^', f);
		pal_dump_ranges(f, &inv);
	} else {
		pal_dump_ranges(f, cs);
	}
	fputc(']', f);
}

void pal_expr_dump(FILE *f, const struct pal_expr *e)
{
	size_t i;

	switch (e->kind) {
	case PAL_X_EMPTY:
		fputs("()", f);
		break;
	case PAL_X_SET:
		pal_dump_set(f, &e->set);
		break;
	case PAL_X_CAT:
		for (i = 0; i < e->nkids; i++)
			pal_expr_dump(f, e->kids[i]);
		break;
	case PAL_X_ALT:
		fputc('(', f);
		for (i = 0; i < e->nkids; i++) {
			if (i)
				fputc('|', f);
			pal_expr_dump(f, e->kids[i]);
		}
		fputc(')', f);
		break;
	case PAL_X_STAR:
		if (e->kids[0]->kind == PAL_X_SET) {
			pal_expr_dump(f, e->kids[0]);
		} else {
			fputc('(', f);
			pal_expr_dump(f, e->kids[0]);
			fputc(')', f);
		}
		fputc('*', f);
		break;
	case PAL_X_ACCEPT:
		fprintf(f, "<accept %u>", e->tag);
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Simplification                                                       */
/* ------------------------------------------------------------------ */

static int pal_expr_equal(const struct pal_expr *a, const struct pal_expr *b)
{
	size_t i;

	if (a == b)
		return 1;
	if (a->kind != b->kind || a->nkids != b->nkids)
		return 0;
	switch (a->kind) {
	case PAL_X_SET:
		return !memcmp(&a->set, &b->set, sizeof(a->set));
	case PAL_X_ACCEPT:
		return a->tag == b->tag;
	default:
		for (i = 0; i < a->nkids; i++)
			if (!pal_expr_equal(a->kids[i], b->kids[i]))
				return 0;
		return 1;
	}
}

/*
 * A structural hash: equal trees (pal_expr_equal) hash alike, so only
 * alternatives in one bucket need the exact comparison.  It is computed
 * afresh on each call rather than kept in the node: simplification edits
 * nodes in place (sets merged, stars' alternatives dropped), and a stale
 * memo would merge unequal alternatives.  Each call is linear in the tree,
 * as is the simplification that builds it.
 */
static uint64_t pal_hash_mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 32);
}

static uint64_t pal_expr_hash(const struct pal_expr *e)
{
	uint64_t h = pal_hash_mix(e->kind, e->nkids);
	size_t i;

	switch (e->kind) {
	case PAL_X_SET:
		for (i = 0; i < 4; i++)
			h = pal_hash_mix(h, e->set.w[i]);
		return h;
	case PAL_X_ACCEPT:
		return pal_hash_mix(h, e->tag);
	default:
		for (i = 0; i < e->nkids; i++)
			h = pal_hash_mix(h, pal_expr_hash(e->kids[i]));
		return h;
	}
}

/*
 * Chained buckets of indices (into the caller's array) by hash: the head
 * of each bucket in @head, the rest of the chain in @next.  Sized for @n
 * entries at most, so that chains stay short.
 */
struct pal_xhash {
	size_t *head, *next;
	uint64_t *hash;
	size_t mask;
};

#define PAL_XHASH_NONE ((size_t)-1)

static void pal_xhash_init(struct pal_xhash *t, size_t n)
{
	size_t sz = 16, i;

	while (sz < 2 * n)
		sz <<= 1;
	t->mask = sz - 1;
	t->head = pal_xreallocarray(NULL, sz, sizeof(*t->head));
	for (i = 0; i < sz; i++)
		t->head[i] = PAL_XHASH_NONE;
	t->next = pal_xreallocarray(NULL, n ? n : 1, sizeof(*t->next));
	t->hash = pal_xreallocarray(NULL, n ? n : 1, sizeof(*t->hash));
}

static void pal_xhash_free(struct pal_xhash *t)
{
	free(t->head);
	free(t->next);
	free(t->hash);
}

/* Enter index @x with hash @h (each index once). */
static void pal_xhash_add(struct pal_xhash *t, size_t x, uint64_t h)
{
	size_t b = h & t->mask;

	t->hash[x] = h;
	t->next[x] = t->head[b];
	t->head[b] = x;
}

/* The first index after @x in @h's chain (@x NONE: the chain's start). */
static size_t pal_xhash_next(const struct pal_xhash *t, uint64_t h, size_t x)
{
	x = x == PAL_XHASH_NONE ? t->head[h & t->mask] : t->next[x];
	while (x != PAL_XHASH_NONE && t->hash[x] != h)
		x = t->next[x];
	return x;
}

/* Detach and free the node itself, keeping its kids. */
static void pal_expr_shell_free(struct pal_expr *e)
{
	free(e->kids);
	free(e);
}

static struct pal_expr *pal_simplify(struct pal_expr *e);

/* CAT: nested CATs flattened, EMPTY dropped; 0 or 1 kid collapses. */
static struct pal_expr *pal_simplify_cat(struct pal_expr *e)
{
	struct pal_expr *out = pal_expr_new(PAL_X_CAT);
	size_t i, k;

	for (i = 0; i < e->nkids; i++) {
		struct pal_expr *kid = pal_simplify(e->kids[i]);

		if (kid->kind == PAL_X_EMPTY) {
			pal_expr_free(kid);
		} else if (kid->kind == PAL_X_CAT) {
			for (k = 0; k < kid->nkids; k++)
				pal_expr_add(out, kid->kids[k]);
			pal_expr_shell_free(kid);
		} else {
			pal_expr_add(out, kid);
		}
	}
	pal_expr_shell_free(e);
	if (!out->nkids) {
		out->kind = PAL_X_EMPTY;
	} else if (out->nkids == 1) {
		struct pal_expr *only = out->kids[0];

		pal_expr_shell_free(out);
		return only;
	}
	return out;
}

/* The kids of @e as a sequence: a CAT's kids, else @e alone. */
static size_t pal_seq(struct pal_expr **e, struct pal_expr ***v)
{
	if ((*e)->kind == PAL_X_CAT) {
		*v = (*e)->kids;
		return (*e)->nkids;
	}
	*v = e;
	return 1;
}

/*
 * The groups pal_factor forms: alternatives whose first (@suffix: last)
 * elements are equal, chained in order through @next from the earliest
 * member (PAL_XHASH_NONE ends a chain).  Equality of that element is an
 * equivalence, so the group of the earliest alternative not yet factored
 * is exactly its class, and the classes can all be found before any is
 * taken apart.
 */
static void pal_factor_groups(struct pal_expr *alt, int suffix, size_t *next)
{
	size_t n = alt->nkids, i, j;
	size_t *last = pal_xreallocarray(NULL, n ? n : 1, sizeof(*last));
	struct pal_expr **ends = pal_xreallocarray(NULL, n ? n : 1, sizeof(*ends));
	struct pal_xhash t;

	pal_xhash_init(&t, n);
	for (i = 0; i < n; i++) {
		struct pal_expr **v;
		size_t nv = pal_seq(&alt->kids[i], &v);
		uint64_t h;

		ends[i] = v[suffix ? nv - 1 : 0];
		h = pal_expr_hash(ends[i]);
		next[i] = PAL_XHASH_NONE;
		/* only the earliest member of a class is in the table */
		for (j = pal_xhash_next(&t, h, PAL_XHASH_NONE); j != PAL_XHASH_NONE;
		     j = pal_xhash_next(&t, h, j))
			if (pal_expr_equal(ends[j], ends[i]))
				break;
		if (j == PAL_XHASH_NONE) {
			pal_xhash_add(&t, i, h);
			last[i] = i;
		} else {
			next[last[j]] = i;
			last[j] = i;
		}
	}
	pal_xhash_free(&t);
	free(ends);
	free(last);
}

/*
 * Factor the alternatives of @alt that start (@suffix: end) with equal
 * elements: x.y.A | x.y.B  ->  x.y.(A | B), and A.x | B.x  ->  (A | B).x,
 * taking the longest run the group shares at once so that the tree only
 * nests where alternatives branch.  Sharing the elements shares their
 * positions, so the subset construction no longer tracks the same progress
 * once per rule: in particular rules of one action (one accept tag) that
 * end alike (a trailing "**") reach one common tail instead of a product
 * of tails.  Returns @alt's replacement.
 */
static struct pal_expr *pal_factor(struct pal_expr *alt, int suffix)
{
	size_t n = alt->nkids, i, j, k;
	struct pal_expr *out = pal_expr_new(PAL_X_ALT);
	size_t *next = pal_xreallocarray(NULL, n ? n : 1, sizeof(*next));
	uint8_t *done = pal_xcalloc(n ? n : 1, 1);

	pal_factor_groups(alt, suffix, next);
#define PAL_AT(v, nv, x) ((v)[suffix ? (nv) - 1 - (x) : (x)])
	for (i = 0; i < n; i++) {
		struct pal_expr **vi, *rest, *cat;
		size_t ni, common;

		if (done[i])
			continue;
		ni = pal_seq(&alt->kids[i], &vi);
		common = ni;
		/* the group shares the shortest run any member shares with i */
		for (j = next[i]; j != PAL_XHASH_NONE; j = next[j]) {
			struct pal_expr **vj;
			size_t nj, c = 1;

			nj = pal_seq(&alt->kids[j], &vj);
			while (c < ni && c < nj &&
			       pal_expr_equal(PAL_AT(vi, ni, c), PAL_AT(vj, nj, c)))
				c++;
			if (c < common)
				common = c;
		}
		if (next[i] == PAL_XHASH_NONE) {
			done[i] = 1;
			pal_expr_add(out, alt->kids[i]);
			continue;
		}
		/* the shared run, taken from alternative i */
		cat = pal_expr_new(PAL_X_CAT);
		rest = pal_expr_new(PAL_X_ALT);
		if (!suffix)
			for (k = 0; k < common; k++)
				pal_expr_add(cat, vi[k]);
		for (j = i; j != PAL_XHASH_NONE; j = next[j]) {
			struct pal_expr **vj, *r, *kid = alt->kids[j];
			size_t nj;

			done[j] = 1;
			nj = pal_seq(&alt->kids[j], &vj);
			r = pal_expr_new(PAL_X_CAT);
			for (k = suffix ? 0 : common; k < (suffix ? nj - common : nj); k++)
				pal_expr_add(r, vj[k]);
			pal_expr_add(rest, r);
			if (j == i)
				continue;
			if (kid->kind == PAL_X_CAT) {
				for (k = 0; k < common; k++)
					pal_expr_free(PAL_AT(vj, nj, k));
				pal_expr_shell_free(kid);
			} else {
				pal_expr_free(kid);	/* it was the whole run */
			}
		}
		pal_expr_add(cat, rest);
		if (suffix)
			for (k = 0; k < common; k++)
				pal_expr_add(cat, vi[ni - common + k]);
		if (alt->kids[i]->kind == PAL_X_CAT)
			pal_expr_shell_free(alt->kids[i]);
		pal_expr_add(out, pal_simplify(cat));
	}
#undef PAL_AT
	free(next);
	free(done);
	pal_expr_shell_free(alt);
	return out;
}

/*
 * Add the alternatives @x (consumed) to @out in order, dropping those
 * equal to one already there and merging every single-byte set into the
 * first.  Only the alternatives of one hash are compared, so that a
 * profile's thousands of rules are not compared pairwise.
 */
static void pal_alt_gather(struct pal_expr *out, struct pal_expr **x, size_t n)
{
	struct pal_expr *set = NULL;
	struct pal_xhash t;
	size_t a, k;

	/* indexed by position in @out, which never outgrows @x */
	pal_xhash_init(&t, n);
	for (a = 0; a < n; a++) {
		uint64_t h;

		if (x[a]->kind == PAL_X_SET) {
			if (!set) {
				set = x[a];
				pal_expr_add(out, x[a]);
			} else {
				for (k = 0; k < 4; k++)
					set->set.w[k] |= x[a]->set.w[k];
				pal_expr_free(x[a]);
			}
			continue;
		}
		h = pal_expr_hash(x[a]);
		for (k = pal_xhash_next(&t, h, PAL_XHASH_NONE); k != PAL_XHASH_NONE;
		     k = pal_xhash_next(&t, h, k))
			if (pal_expr_equal(out->kids[k], x[a]))
				break;
		if (k != PAL_XHASH_NONE) {
			pal_expr_free(x[a]);
		} else {
			pal_xhash_add(&t, out->nkids, h);
			pal_expr_add(out, x[a]);
		}
	}
	pal_xhash_free(&t);
}

/*
 * ALT: nested ALTs flattened, duplicates dropped, single-byte sets merged
 * into one set, common prefixes and suffixes factored; one kid collapses.
 */
static struct pal_expr *pal_simplify_alt(struct pal_expr *e)
{
	struct pal_expr *out = pal_expr_new(PAL_X_ALT), **x = NULL;
	size_t i, k, nx = 0, cap = 0;

	/* the simplified kids, nested alternations flattened */
	for (i = 0; i < e->nkids; i++) {
		struct pal_expr *kid = pal_simplify(e->kids[i]);

		if (kid->kind != PAL_X_ALT) {
			PAL_GROW(x, cap, nx + 1);
			x[nx++] = kid;
			continue;
		}
		PAL_GROW(x, cap, nx + kid->nkids);
		for (k = 0; k < kid->nkids; k++)
			x[nx++] = kid->kids[k];
		pal_expr_shell_free(kid);
	}
	pal_expr_shell_free(e);
	pal_alt_gather(out, x, nx);
	free(x);
	if (out->nkids > 1)
		out = pal_factor(out, 0);
	if (out->nkids > 1)
		out = pal_factor(out, 1);
	if (out->nkids == 1) {
		struct pal_expr *only = out->kids[0];

		pal_expr_shell_free(out);
		return only;
	}
	return out;
}

/* STAR: (x*)* -> x*, (|x)* -> x*, ()* -> (). */
static struct pal_expr *pal_simplify_star(struct pal_expr *e)
{
	struct pal_expr *kid = pal_simplify(e->kids[0]);

	e->kids[0] = kid;
	if (kid->kind == PAL_X_EMPTY) {
		pal_expr_shell_free(e);
		return kid;
	}
	if (kid->kind == PAL_X_STAR) {
		pal_expr_shell_free(e);
		return kid;
	}
	if (kid->kind == PAL_X_ALT) {
		size_t i, o = 0;

		for (i = 0; i < kid->nkids; i++) {
			if (kid->kids[i]->kind == PAL_X_EMPTY)
				pal_expr_free(kid->kids[i]);
			else
				kid->kids[o++] = kid->kids[i];
		}
		kid->nkids = o;
		if (!o) {
			kid->kind = PAL_X_EMPTY;
			pal_expr_shell_free(e);
			return kid;
		}
		if (o == 1) {
			e->kids[0] = kid->kids[0];
			pal_expr_shell_free(kid);
			return pal_simplify_star(e);
		}
	}
	return e;
}

static struct pal_expr *pal_simplify(struct pal_expr *e)
{
	switch (e->kind) {
	case PAL_X_CAT:
		return pal_simplify_cat(e);
	case PAL_X_ALT:
		return pal_simplify_alt(e);
	case PAL_X_STAR:
		return pal_simplify_star(e);
	default:
		return e;
	}
}

struct pal_expr *pal_expr_simplify(struct pal_expr *e)
{
	return pal_simplify(e);
}
