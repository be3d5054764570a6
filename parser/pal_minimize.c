// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "pal_minimize.h"
#include "pal_util.h"

static int pal_acc_cmp(const void *a, const void *b, void *arg)
{
	const struct pal_dfa *d = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int r = memcmp(&d->accept[x], &d->accept[y], sizeof(d->accept[0]));

	if (r)
		return r;
	return x < y ? -1 : x > y;
}

/*
 * Initial partition: one block per distinct accept record, in the order
 * of pal_acc_cmp().  Most states accept nothing, and the all-zero record
 * sorts first: those states go first in state order, the sort only sees
 * the others.
 */
static uint32_t pal_initial_blocks(const struct pal_dfa *d, uint32_t *order,
				   uint32_t *block_of)
{
	static const struct pal_accept none;
	uint32_t i, nb = 0, nnone = 0, k;

	for (i = 0; i < d->nstates; i++)
		if (!memcmp(&d->accept[i], &none, sizeof(none)))
			order[nnone++] = i;
	k = nnone;
	for (i = 0; i < d->nstates; i++)
		if (memcmp(&d->accept[i], &none, sizeof(none)))
			order[k++] = i;
	qsort_r(order + nnone, d->nstates - nnone, sizeof(*order), pal_acc_cmp,
		(void *)d);
	for (i = 0; i < d->nstates; i++) {
		if (i && memcmp(&d->accept[order[i]], &d->accept[order[i - 1]],
				sizeof(d->accept[0])))
			nb++;
		block_of[order[i]] = nb;
	}
	return d->nstates ? nb + 1 : 0;
}

/* Class bitmaps: byte classes are at most 256. */
#define PAL_CW 4

/*
 * Predecessors grouped by (target, class): those of state t by class c
 * are preds[pcount[t * k + c] .. pcount[t * k + c + 1]).  @cmask gets,
 * per state, the classes it has predecessors by: most states of a path
 * automaton are entered by one or two classes, and a splitter need only
 * look at those.
 */
static void pal_hop_preds(const struct pal_dfa *d, uint32_t *pcount,
			  uint32_t *preds, uint64_t *cmask)
{
	uint32_t n = d->nstates, k = d->nclasses, s, c;
	size_t cells = (size_t)n * k, x;
	uint32_t *fill;

	for (s = 0; s < n; s++) {
		const uint32_t *row = d->trans + (size_t)s * k;

		for (c = 0; c < k; c++) {
			pcount[(size_t)row[c] * k + c + 1]++;
			cmask[(size_t)row[c] * PAL_CW + c / 64] |= 1ULL << (c % 64);
		}
	}
	for (x = 0; x < cells; x++)
		pcount[x + 1] += pcount[x];
	fill = pal_xmalloc((cells + 1) * sizeof(*fill));
	memcpy(fill, pcount, (cells + 1) * sizeof(*fill));
	for (s = 0; s < n; s++) {
		const uint32_t *row = d->trans + (size_t)s * k;

		for (c = 0; c < k; c++)
			preds[fill[(size_t)row[c] * k + c]++] = s;
	}
	free(fill);
}

uint32_t pal_partition_hopcroft(const struct pal_dfa *d, uint32_t *block_of)
{
	uint32_t n = d->nstates, k = d->nclasses;
	uint32_t *elems, *loc, *bstart, *bend, *bmark, *work, *touched, *snap;
	uint32_t *pcount, *preds;
	uint64_t *cmask;
	uint8_t *in_work;
	uint32_t nblocks, nwork = 0, ntouched, i, c, b;
	size_t cells = (size_t)n * k;

	elems = pal_xmalloc(n * sizeof(*elems));
	loc = pal_xmalloc(n * sizeof(*loc));
	bstart = pal_xmalloc(n * sizeof(*bstart));
	bend = pal_xmalloc(n * sizeof(*bend));
	bmark = pal_xcalloc(n, sizeof(*bmark));
	work = pal_xmalloc(n * sizeof(*work));
	in_work = pal_xcalloc(n, 1);
	touched = pal_xmalloc(n * sizeof(*touched));
	snap = pal_xmalloc(n * sizeof(*snap));

	pcount = pal_xcalloc(cells + 1, sizeof(*pcount));
	preds = pal_xmalloc((cells ? cells : 1) * sizeof(*preds));
	cmask = pal_xcalloc((size_t)n * PAL_CW, sizeof(*cmask));
	pal_hop_preds(d, pcount, preds, cmask);

	nblocks = pal_initial_blocks(d, elems, block_of);
	for (i = 0; i < n; i++) {
		loc[elems[i]] = i;
		b = block_of[elems[i]];
		if (!i || b != block_of[elems[i - 1]])
			bstart[b] = i;
		bend[b] = i + 1;
	}
	/* Every block but the largest is a splitter to start with: splitting
	 * by the others splits by it too (Hopcroft's trick, for a partition
	 * of several blocks).  The largest is usually the one holding the
	 * dead state, whose predecessors are most of the table. */
	{
		uint32_t big = 0;

		for (b = 1; b < nblocks; b++)
			if (bend[b] - bstart[b] > bend[big] - bstart[big])
				big = b;
		for (b = 0; b < nblocks; b++) {
			if (b == big && nblocks > 1)
				continue;
			work[nwork++] = b;
			in_work[b] = 1;
		}
	}

	while (nwork) {
		uint32_t a = work[--nwork], nsnap, w;
		uint64_t cls[PAL_CW] = { 0 };

		in_work[a] = 0;
		nsnap = bend[a] - bstart[a];
		memcpy(snap, elems + bstart[a], nsnap * sizeof(*snap));
		/* only the classes the splitter is entered by can split */
		for (i = 0; i < nsnap; i++)
			for (w = 0; w < PAL_CW; w++)
				cls[w] |= cmask[(size_t)snap[i] * PAL_CW + w];
		for (c = 0; c < k; c++) {
			if (!(cls[c / 64] & (1ULL << (c % 64))))
				continue;
			ntouched = 0;
			for (i = 0; i < nsnap; i++) {
				size_t key = (size_t)snap[i] * k + c;
				uint32_t p;

				for (p = pcount[key]; p < pcount[key + 1]; p++) {
					uint32_t s = preds[p], j, other;

					b = block_of[s];
					j = bstart[b] + bmark[b];
					if (loc[s] < j)
						continue; /* already marked */
					if (!bmark[b])
						touched[ntouched++] = b;
					other = elems[j];
					elems[j] = s;
					elems[loc[s]] = other;
					loc[other] = loc[s];
					loc[s] = j;
					bmark[b]++;
				}
			}
			for (i = 0; i < ntouched; i++) {
				uint32_t m, size, nb, e;

				b = touched[i];
				m = bmark[b];
				bmark[b] = 0;
				size = bend[b] - bstart[b];
				if (m == size)
					continue;
				nb = nblocks++;
				bstart[nb] = bstart[b];
				bend[nb] = bstart[b] + m;
				bstart[b] += m;
				for (e = bstart[nb]; e < bend[nb]; e++)
					block_of[elems[e]] = nb;
				/* b was pending: both halves now are; else the
				 * smaller half suffices (Hopcroft's trick) */
				if (in_work[b] || m <= size - m) {
					work[nwork++] = nb;
					in_work[nb] = 1;
				} else {
					work[nwork++] = b;
					in_work[b] = 1;
				}
			}
		}
	}

	free(elems);
	free(loc);
	free(bstart);
	free(bend);
	free(bmark);
	free(work);
	free(in_work);
	free(touched);
	free(snap);
	free(pcount);
	free(preds);
	free(cmask);
	return nblocks;
}

struct pal_moore_ctx {
	const struct pal_dfa *d;
	const uint32_t *block_of;
};

static int pal_sig_cmp(const void *a, const void *b, void *arg)
{
	const struct pal_moore_ctx *m = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b, c;
	const uint32_t *tx = m->d->trans + (size_t)x * m->d->nclasses;
	const uint32_t *ty = m->d->trans + (size_t)y * m->d->nclasses;

	if (m->block_of[x] != m->block_of[y])
		return m->block_of[x] < m->block_of[y] ? -1 : 1;
	for (c = 0; c < m->d->nclasses; c++) {
		uint32_t bx = m->block_of[tx[c]], by = m->block_of[ty[c]];

		if (bx != by)
			return bx < by ? -1 : 1;
	}
	return 0;
}

uint32_t pal_partition_moore(const struct pal_dfa *d, uint32_t *block_of)
{
	uint32_t n = d->nstates, i, nb, prev;
	uint32_t *order = pal_xmalloc(n * sizeof(*order));
	uint32_t *next = pal_xmalloc(n * sizeof(*next));
	struct pal_moore_ctx m = { d, block_of };

	nb = pal_initial_blocks(d, order, block_of);
	do {
		prev = nb;
		for (i = 0; i < n; i++)
			order[i] = i;
		qsort_r(order, n, sizeof(*order), pal_sig_cmp, &m);
		nb = 0;
		for (i = 0; i < n; i++) {
			if (i && pal_sig_cmp(&order[i - 1], &order[i], &m))
				nb++;
			next[order[i]] = nb;
		}
		nb = n ? nb + 1 : 0;
		memcpy(block_of, next, n * sizeof(*next));
	} while (nb != prev);
	free(order);
	free(next);
	return nb;
}

/* A hash of each of the @k columns of the @n x @k table @trans. */
static void pal_column_hashes(const uint32_t *trans, uint32_t n, uint32_t k,
			      uint64_t *hash)
{
	uint32_t s, c;

	for (c = 0; c < k; c++)
		hash[c] = 0x9e3779b97f4a7c15ULL;
	for (s = 0; s < n; s++)
		for (c = 0; c < k; c++)
			hash[c] = (hash[c] ^ trans[(size_t)s * k + c]) *
				  0xff51afd7ed558ccdULL;
}

struct pal_dfa *pal_dfa_quotient(const struct pal_dfa *d,
				 const uint32_t *block_of, uint32_t nblocks)
{
	uint32_t k = d->nclasses, dead = block_of[0], n = 0, i, c;
	uint32_t *newid = pal_xmalloc(nblocks * sizeof(*newid));
	uint32_t *rep = pal_xmalloc(nblocks * sizeof(*rep));
	uint32_t *queue = pal_xmalloc(nblocks * sizeof(*queue));
	uint32_t *trans, newcls[256], leader[256], ncls = 0;
	uint64_t colhash[256];
	struct pal_dfa *q;

	for (i = 0; i < nblocks; i++)
		newid[i] = UINT32_MAX;
	for (i = d->nstates; i-- > 0;)
		rep[block_of[i]] = i;
	newid[dead] = n;
	queue[n++] = dead;
	if (newid[block_of[d->start]] == UINT32_MAX) {
		newid[block_of[d->start]] = n;
		queue[n++] = block_of[d->start];
	}
	for (i = 1; i < n; i++) {
		const uint32_t *row = d->trans + (size_t)rep[queue[i]] * k;

		for (c = 0; c < k; c++) {
			uint32_t t = block_of[row[c]];

			if (newid[t] == UINT32_MAX) {
				newid[t] = n;
				queue[n++] = t;
			}
		}
	}

	/* transitions of the numbered states, in the old classes */
	trans = pal_xmalloc((size_t)n * k * sizeof(*trans));
	for (i = 0; i < n; i++) {
		const uint32_t *row = d->trans + (size_t)rep[queue[i]] * k;

		for (c = 0; c < k; c++)
			trans[(size_t)i * k + c] = newid[block_of[row[c]]];
	}

	/* merge classes with identical columns; old classes are numbered by
	 * smallest byte, so first-come numbering keeps that order.  A hash
	 * of each column spares comparing most pairs in full. */
	pal_column_hashes(trans, n, k, colhash);
	for (c = 0; c < k; c++) {
		uint32_t j, s;

		newcls[c] = UINT32_MAX;
		for (j = 0; j < ncls && newcls[c] == UINT32_MAX; j++) {
			if (colhash[leader[j]] != colhash[c])
				continue;
			for (s = 0; s < n; s++)
				if (trans[(size_t)s * k + c] !=
				    trans[(size_t)s * k + leader[j]])
					break;
			if (s == n)
				newcls[c] = j;
		}
		if (newcls[c] == UINT32_MAX) {
			leader[ncls] = c;
			newcls[c] = ncls++;
		}
	}

	q = pal_dfa_alloc(n, ncls);
	q->start = newid[block_of[d->start]];
	for (i = 0; i < 256; i++)
		q->classmap[i] = (uint8_t)newcls[d->classmap[i]];
	for (i = 0; i < n; i++) {
		for (c = 0; c < k; c++)
			q->trans[(size_t)i * ncls + newcls[c]] =
				trans[(size_t)i * k + c];
		q->accept[i] = d->accept[rep[queue[i]]];
	}
	free(trans);
	free(newid);
	free(rep);
	free(queue);
	return q;
}

struct pal_dfa *pal_dfa_minimize(const struct pal_dfa *d,
				 enum pal_min_algo algo)
{
	uint32_t *block_of = pal_xmalloc(d->nstates * sizeof(*block_of));
	uint32_t nb;
	struct pal_dfa *q;

	if (algo == PAL_MIN_MOORE)
		nb = pal_partition_moore(d, block_of);
	else
		nb = pal_partition_hopcroft(d, block_of);
	q = pal_dfa_quotient(d, block_of, nb);
	free(block_of);
	return q;
}
