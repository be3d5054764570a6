// SPDX-License-Identifier: GPL-2.0
/*
 * Comb packing: see pal_comb.h.  Everything here is deterministic (ties
 * are broken by state number) so that equal DFAs give equal bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pal_comb.h"
#include "pal_util.h"

int pal_comb_selfcheck;
unsigned long pal_comb_checked, pal_comb_failed;

struct pal_comb_order {
	uint32_t state;
	uint32_t weight;
};

/*
 * Heaviest first, then by state number: a counting sort, stable, of
 * @ord[n] filled in state order.  Weights are counts of classes (at most
 * @nclasses), or ~0U for the dead state that must come first.
 */
static void pal_order_sort(struct pal_comb_order *ord, uint32_t n,
			   uint32_t nclasses)
{
	uint32_t nkeys = nclasses + 2, i, *at;
	struct pal_comb_order *tmp;

	at = pal_xcalloc(nkeys + 1, sizeof(*at));
	tmp = pal_xmalloc((n ? n : 1) * sizeof(*tmp));
	/* key 0 is the heaviest: ~0U, then nclasses down to 0 */
#define PAL_ORDER_KEY(w) ((w) == ~0U ? 0 : nclasses + 1 - (w))
	for (i = 0; i < n; i++)
		at[PAL_ORDER_KEY(ord[i].weight) + 1]++;
	for (i = 0; i < nkeys; i++)
		at[i + 1] += at[i];
	for (i = 0; i < n; i++)
		tmp[at[PAL_ORDER_KEY(ord[i].weight)]++] = ord[i];
#undef PAL_ORDER_KEY
	memcpy(ord, tmp, n * sizeof(*ord));
	free(tmp);
	free(at);
}

static const uint32_t *pal_row(const struct pal_dfa *d, uint32_t s)
{
	return d->trans + (size_t)s * d->nclasses;
}

/* Classes where row @s differs from row @d (d == 0: from the dead row). */
static uint32_t pal_row_diff(const struct pal_dfa *dfa, uint32_t s, uint32_t d)
{
	const uint32_t *rs = pal_row(dfa, s), *rd = pal_row(dfa, d);
	uint32_t c, n = 0, k = dfa->nclasses;

	/* two plain loops the compiler can vectorise (hot: every candidate
	 * default of every state) */
	if (!d) {
		for (c = 0; c < k; c++)
			n += rs[c] != 0;
	} else {
		for (c = 0; c < k; c++)
			n += rs[c] != rd[c];
	}
	return n;
}

/*
 * Pick the default states.  Dense rows are decided first; a state takes as
 * default the already-chosen root (a state without a default) among the
 * states it moves to that leaves it the fewest entries to store, when that
 * beats storing its own row.  Candidates are the targets of its own
 * transitions: in path automata a state resembles the state its "nothing
 * special here" bytes lead to (a ** loop, a directory component loop),
 * much like the failure links of a keyword matcher.
 */
static void pal_pick_defaults(const struct pal_dfa *d, uint32_t *dflt)
{
	struct pal_comb_order *ord = pal_xcalloc(d->nstates, sizeof(*ord));
	uint8_t *root = pal_xcalloc(d->nstates, 1);
	uint32_t i, c;

	for (i = 0; i < d->nstates; i++) {
		ord[i].state = i;
		ord[i].weight = pal_row_diff(d, i, 0);
	}
	pal_order_sort(ord, d->nstates, d->nclasses);
	for (i = 0; i < d->nstates; i++) {
		uint32_t s = ord[i].state, best = 0, best_cost = ord[i].weight;
		const uint32_t *row = pal_row(d, s);

		if (!s)
			continue;
		for (c = 0; c < d->nclasses; c++) {
			uint32_t t = row[c], cost;

			if (!t || t == s || !root[t] || t == best)
				continue;
			cost = pal_row_diff(d, s, t);
			if (cost < best_cost || (cost == best_cost && best && t < best)) {
				best = t;
				best_cost = cost;
			}
		}
		dflt[s] = best;
		if (!best)
			root[s] = 1;
	}
	free(root);
	free(ord);
}

/*
 * Most states accept nothing and many accept alike: keep each distinct
 * record once (the all-zero record at index 0, the others in order of
 * their first state), so a state costs 8 bytes of header instead of a
 * 32-byte record.
 */
static void pal_comb_accepts(const struct pal_dfa *d, struct pal_comb *cb)
{
	size_t cap = 0;
	uint32_t i, k;

	cb->acc_of = pal_xcalloc(d->nstates, sizeof(*cb->acc_of));
	PAL_GROW(cb->acc, cap, 1);
	memset(&cb->acc[0], 0, sizeof(cb->acc[0]));
	cb->naccept = 1;
	for (i = 0; i < d->nstates; i++) {
		/* a hash would be faster; records are few in practice */
		for (k = 0; k < cb->naccept; k++)
			if (!memcmp(&cb->acc[k], &d->accept[i], sizeof(cb->acc[k])))
				break;
		if (k == cb->naccept) {
			PAL_GROW(cb->acc, cap, k + 1);
			cb->acc[k] = d->accept[i];
			cb->naccept++;
		}
		cb->acc_of[i] = k;
	}
}

/*
 * Free slots that may still take a header, found with a union-find "next
 * candidate at or after p" so that a placement skips the used stretches
 * in near constant time.  A slot that failed as a header for
 * PAL_COMB_TRIES rows stops being tried as one (it can still take a row
 * entry): without that, holes nobody fits would be rescanned by every
 * later row, which is quadratic on long chains of states.
 */
#define PAL_COMB_TRIES 32

struct pal_slots {
	uint8_t *used;
	uint32_t *nxt;		/* candidate header at or after p */
	uint8_t *tries;
	size_t cap, end;
};

static void pal_slots_grow(struct pal_slots *sl, size_t n)
{
	size_t cap = sl->cap ? sl->cap : 256, i;

	while (cap < n)
		cap *= 2;
	sl->used = pal_xreallocarray(sl->used, cap, sizeof(*sl->used));
	sl->nxt = pal_xreallocarray(sl->nxt, cap, sizeof(*sl->nxt));
	sl->tries = pal_xreallocarray(sl->tries, cap, sizeof(*sl->tries));
	for (i = sl->end; i < cap; i++) {
		sl->used[i] = 0;
		sl->nxt[i] = (uint32_t)i;
		sl->tries[i] = 0;
	}
	sl->cap = sl->end = cap;
}

/* Called for every slot tried: the check inline, the growth out of line. */
static inline void pal_slots_need(struct pal_slots *sl, size_t n)
{
	if (n > sl->end)
		pal_slots_grow(sl, n);
}

static size_t pal_slots_find(struct pal_slots *sl, size_t p)
{
	size_t r = p, q;

	pal_slots_need(sl, p + 1);
	while (sl->nxt[r] != r) {
		r = sl->nxt[r];
		pal_slots_need(sl, r + 1);
	}
	while (sl->nxt[p] != r) {	/* path compression */
		q = sl->nxt[p];
		sl->nxt[p] = (uint32_t)r;
		p = q;
	}
	return r;
}

static void pal_slots_retire(struct pal_slots *sl, size_t p)
{
	pal_slots_need(sl, p + 2);
	sl->nxt[p] = (uint32_t)(p + 1);
}

struct pal_comb *pal_comb_build(const struct pal_dfa *d)
{
	struct pal_comb *cb = pal_xcalloc(1, sizeof(*cb));
	struct pal_comb_order *ord = pal_xcalloc(d->nstates, sizeof(*ord));
	uint32_t *cls = pal_xcalloc(d->nclasses ? d->nclasses : 1, sizeof(*cls));
	struct pal_slots sl = { 0 };
	uint32_t i, c, nc = d->nclasses;

	cb->token = pal_xcalloc(d->nstates, sizeof(*cb->token));
	cb->dflt = pal_xcalloc(d->nstates, sizeof(*cb->dflt));
	pal_pick_defaults(d, cb->dflt);
	for (i = 0; i < d->nstates; i++) {
		ord[i].state = i;
		ord[i].weight = i ? pal_row_diff(d, i, cb->dflt[i]) : ~0U;
		cb->ndefaults += !!cb->dflt[i];
	}
	/* the dead state first, at token 0; then densest rows first */
	pal_order_sort(ord, d->nstates, d->nclasses);
	for (i = 0; i < d->nstates; i++) {
		uint32_t s = ord[i].state, n = 0, k;
		const uint32_t *row = pal_row(d, s);
		const uint32_t *drow = pal_row(d, cb->dflt[s]);
		size_t b = 0;

		for (c = 0; s && c < nc; c++)
			if (row[c] != (cb->dflt[s] ? drow[c] : 0))
				cls[n++] = c + 1;
		for (b = pal_slots_find(&sl, 0);; b = pal_slots_find(&sl, b + 1)) {
			pal_slots_need(&sl, b + nc + 2);
			for (k = 0; k < n; k++)
				if (sl.used[b + cls[k]])
					break;
			if (k == n)
				break;
			if (++sl.tries[b] >= PAL_COMB_TRIES)
				pal_slots_retire(&sl, b);
		}
		sl.used[b] = 1;
		pal_slots_retire(&sl, b);
		for (k = 0; k < n; k++) {
			sl.used[b + cls[k]] = 1;
			pal_slots_retire(&sl, b + cls[k]);
		}
		cb->token[s] = (uint32_t)b;
		cb->nstored += n;
		if (b + nc + 1 > cb->nentries)
			cb->nentries = (uint32_t)(b + nc + 1);
	}
	pal_comb_accepts(d, cb);
	cb->entry_size = !pal_comb_force_wide && cb->nentries <= PAL_DFA16_MAX &&
			 cb->naccept <= PAL_DFA16_MAX ? 4 : 8;
	cb->ent = pal_xcalloc(cb->nentries, sizeof(*cb->ent));
	for (i = 0; i < cb->nentries; i++)
		cb->ent[i] = PAL_DFA_EMPTY;
	for (i = 0; i < d->nstates; i++) {
		uint32_t tok = cb->token[i], df = cb->dflt[i];
		const uint32_t *row = pal_row(d, i), *drow = pal_row(d, df);

		cb->ent[tok] = PAL_DFA_ENTRY(cb->token[df], PAL_DFA_HDR | cb->acc_of[i]);
		for (c = 0; i && c < nc; c++)
			if (row[c] != (df ? drow[c] : 0))
				cb->ent[tok + 1 + c] =
					PAL_DFA_ENTRY(cb->token[row[c]], tok);
	}
	free(sl.used);
	free(sl.nxt);
	free(sl.tries);
	free(cls);
	free(ord);
	return cb;
}

int pal_comb_force_wide;

uint64_t pal_comb_entry_at(const void *p, uint32_t entry_size, uint32_t i)
{
	uint64_t e;
	uint32_t h;

	if (entry_size == 4) {
		memcpy(&h, (const uint8_t *)p + (size_t)i * 4, sizeof(h));
		return pal_dfa_widen(h);
	}
	memcpy(&e, (const uint8_t *)p + (size_t)i * 8, sizeof(e));
	return e;
}

void pal_comb_free(struct pal_comb *c)
{
	if (!c)
		return;
	free(c->ent);
	free(c->token);
	free(c->dflt);
	free(c->acc);
	free(c->acc_of);
	free(c);
}

static uint64_t pal_comb_at(const uint64_t *ent, uint32_t n, uint64_t i)
{
	return i < n ? ent[i] : PAL_DFA_EMPTY;
}

uint32_t pal_comb_next(const uint64_t *ent, uint32_t n, uint32_t tok,
		       uint32_t cls)
{
	uint64_t e = pal_comb_at(ent, n, (uint64_t)tok + cls);

	if (PAL_DFA_ENTRY_CHECK(e) == tok)
		return PAL_DFA_ENTRY_NEXT(e);
	tok = PAL_DFA_ENTRY_NEXT(pal_comb_at(ent, n, tok));
	e = pal_comb_at(ent, n, (uint64_t)tok + cls);
	return PAL_DFA_ENTRY_CHECK(e) == tok ? PAL_DFA_ENTRY_NEXT(e) : 0;
}

int pal_comb_check(const struct pal_dfa *d, const struct pal_comb *c,
		   char *err, size_t errlen)
{
	uint32_t s, k;

	for (s = 0; s < d->nstates; s++) {
		for (k = 0; k < d->nclasses; k++) {
			uint32_t want = c->token[d->trans[(size_t)s * d->nclasses + k]];
			uint32_t got = pal_comb_next(c->ent, c->nentries,
						     c->token[s], k + 1);

			if (got != want) {
				snprintf(err, errlen,
					 "state %u class %u: comb gives token %u, table token %u",
					 s, k, got, want);
				return -1;
			}
		}
	}
	return 0;
}

/*
 * The inverse of the writer, for tools that work on a policy already
 * compiled (per-profile replace, diff): the DFA at @off of a verified
 * policy @blob in this machine's byte order, unpacked into the flat
 * in-memory form with state 0 dead.  States are numbered in comb order.
 */
struct pal_dfa *pal_dfa_decode(const void *blob, uint32_t off)
{
	const uint8_t *b = blob;
	struct pal_dfa_header h;
	const struct pal_accept *acc;
	uint64_t *ent;
	uint32_t *state_of, *tok_of, t, s, c, n = 0;
	struct pal_dfa *d;

	memcpy(&h, b + off, sizeof(h));
	ent = pal_xcalloc(h.nentries ? h.nentries : 1, sizeof(*ent));
	for (t = 0; t < h.nentries; t++)
		ent[t] = pal_comb_entry_at(b + h.entries_off, h.entry_size, t);
	acc = (const struct pal_accept *)(b + h.accept_off);
	state_of = pal_xcalloc(h.nentries ? h.nentries : 1, sizeof(*state_of));
	tok_of = pal_xcalloc(h.nstates ? h.nstates : 1, sizeof(*tok_of));
	/* Token 0 is the dead state; every other header entry a state. */
	tok_of[n++] = 0;
	for (t = 1; t < h.nentries && n < h.nstates; t++)
		if (ent[t] != PAL_DFA_EMPTY &&
		    (PAL_DFA_ENTRY_CHECK(ent[t]) & PAL_DFA_HDR)) {
			state_of[t] = n;
			tok_of[n++] = t;
		}
	d = pal_dfa_alloc(n, h.nclasses);
	for (c = 0; c < 256; c++)
		d->classmap[c] = (uint8_t)(b[h.classes_off + c] - 1);
	d->start = h.start < h.nentries ? state_of[h.start] : 0;
	for (s = 0; s < n; s++) {
		uint32_t a = s ? PAL_DFA_ENTRY_CHECK(ent[tok_of[s]]) & ~PAL_DFA_HDR : 0;

		for (c = 0; c < h.nclasses; c++) {
			uint32_t next = s ? pal_comb_next(ent, h.nentries, tok_of[s], c + 1) : 0;

			d->trans[(size_t)s * h.nclasses + c] =
				next < h.nentries ? state_of[next] : 0;
		}
		if (a < h.naccept)
			d->accept[s] = acc[a];
	}
	free(ent);
	free(state_of);
	free(tok_of);
	return d;
}
