// SPDX-License-Identifier: GPL-2.0
/*
 * palisade userspace: DFA difference by product construction.
 *
 * Both DFAs are total over bytes and state 0 is dead, so the product of
 * the reachable pairs is finite (at most old states x new states) and a
 * breadth-first search over it finds every reachable pair of accept
 * records, each first by a shortest input.  Inputs are paths, so the NUL
 * byte is never followed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pal_comb.h"
#include "pal_diff.h"
#include "palisade.h"

/* A DFA of a compiled policy, unpacked (pal_dfa_decode()). */
struct dfa_view {
	struct pal_dfa *d;
	__u32 start;
	const struct pal_accept *accept;
};

static void view(struct dfa_view *v, const void *blob, __u32 off)
{
	v->d = pal_dfa_decode(blob, off);
	v->start = v->d->start;
	v->accept = v->d->accept;
}

static __u32 step(const struct dfa_view *v, __u32 s, unsigned int c)
{
	return v->d->trans[(size_t)s * v->d->nclasses + v->d->classmap[c]];
}

/* What a state grants; the owner's view folds in the owner rules. */
static __u32 granted(const struct pal_accept *a, int owner)
{
	__u32 allow = a->allow, deny = a->deny;

	if (owner) {
		allow |= a->owner_allow;
		deny |= a->owner_deny;
	}
	return allow & ~deny;
}

static __u32 xmode(const struct pal_accept *a, int owner)
{
	return owner && (a->owner_allow & PAL_MAY_EXEC) ? a->xowner : a->value;
}

struct node {
	__u32 a, b;
	__u32 parent;		/* index in the queue, itself for the root */
	unsigned char byte;
};

struct seen {
	__u64 *keys;
	size_t cap, n;
};

/* Open addressing on (a, b); returns 1 when the pair was new. */
static int seen_add(struct seen *s, __u32 a, __u32 b)
{
	__u64 k = ((__u64)a << 32 | b) + 1, h;
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		struct seen t = { NULL, s->cap ? 2 * s->cap : 1024, 0 };

		t.keys = calloc(t.cap, sizeof(*t.keys));
		if (!t.keys)
			return -ENOMEM;
		for (i = 0; i < s->cap; i++)
			if (s->keys[i])
				seen_add(&t, (__u32)((s->keys[i] - 1) >> 32),
					 (__u32)(s->keys[i] - 1));
		free(s->keys);
		*s = t;
	}
	h = k * 0x9e3779b97f4a7c15ULL;
	for (i = (size_t)(h >> 20) & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		if (s->keys[i] == k)
			return 0;
		if (!s->keys[i]) {
			s->keys[i] = k;
			s->n++;
			return 1;
		}
	}
}

/* Bytes in the order the search tries them: readable ones first, so the
 * example paths read well ("/srv/a", not "/srv/\x01"). */
static void byte_order(unsigned char order[255])
{
	static const char first[] = "abcdefghijklmnopqrstuvwxyz0123456789._-/";
	int seen[256] = { 0 }, n = 0, c;
	const char *p;

	for (p = first; *p; p++) {
		order[n++] = (unsigned char)*p;
		seen[(unsigned char)*p] = 1;
	}
	for (c = 1; c < 256; c++)
		if (!seen[c])
			order[n++] = (unsigned char)c;
}

struct reported {
	__u32 added, removed;
	int owner, xchanged;
};

int pal_dfa_diff(const void *old, __u32 old_dfa, const void *new,
		 __u32 new_dfa, int (*cb)(void *ctx, const struct pal_diff_item *it),
		 void *ctx)
{
	struct dfa_view va, vb;
	struct node *q = NULL;
	struct seen seen = { 0 };
	struct reported *rep = NULL;
	size_t qn = 0, qcap = 0, head, nrep = 0, i;
	struct pal_diff_item *it;
	int ret = 0, owner, stop = 0;
	unsigned char order[255];

	byte_order(order);
	view(&va, old, old_dfa);
	view(&vb, new, new_dfa);
	it = malloc(sizeof(*it));
	if (!it)
		return -ENOMEM;
	qcap = 1024;
	q = malloc(qcap * sizeof(*q));
	if (!q) {
		ret = -ENOMEM;
		goto out;
	}
	q[qn++] = (struct node){ va.start, vb.start, 0, 0 };
	seen_add(&seen, va.start, vb.start);
	for (head = 0; head < qn && !stop; head++) {
		struct node n = q[head];
		unsigned int c, k;

		for (owner = 0; owner < 2 && !stop; owner++) {
			const struct pal_accept *x = &va.accept[n.a], *y = &vb.accept[n.b];
			__u32 ga = granted(x, owner), gb = granted(y, owner);
			struct reported r = {
				.added = gb & ~ga,
				.removed = ga & ~gb,
				.owner = owner,
				.xchanged = (ga & gb & PAL_MAY_EXEC) &&
					    xmode(x, owner) != xmode(y, owner),
			};
			size_t len = 0, k;

			if (!r.added && !r.removed && !r.xchanged)
				continue;
			/* The owner's view matters only where it differs. */
			if (owner && r.added == (granted(y, 0) & ~granted(x, 0)) &&
			    r.removed == (granted(x, 0) & ~granted(y, 0)) &&
			    r.xchanged == ((granted(x, 0) & granted(y, 0) & PAL_MAY_EXEC) &&
					   xmode(x, 0) != xmode(y, 0)))
				continue;
			for (i = 0; i < nrep; i++)
				if (!memcmp(&rep[i], &r, sizeof(r)))
					break;
			if (i < nrep)
				continue;
			rep = realloc(rep, (nrep + 1) * sizeof(*rep));
			if (!rep) {
				ret = -ENOMEM;
				goto out;
			}
			rep[nrep++] = r;
			for (k = head; k; k = q[k].parent)
				len++;
			if (len >= sizeof(it->example))
				len = sizeof(it->example) - 1;
			it->example[len] = 0;
			it->len = len;
			for (k = head; k && len; k = q[k].parent)
				it->example[--len] = (char)q[k].byte;
			it->owner = owner;
			it->added = r.added;
			it->removed = r.removed;
			it->xchanged = r.xchanged;
			ret++;
			if (cb(ctx, it))
				stop = 1;
		}
		if (!n.a && !n.b)
			continue;
		for (k = 0; k < 255; k++) {
			__u32 a, b;
			int fresh;

			c = order[k];
			a = step(&va, n.a, c);
			b = step(&vb, n.b, c);
			fresh = seen_add(&seen, a, b);

			if (fresh < 0) {
				ret = fresh;
				goto out;
			}
			if (!fresh)
				continue;
			if (qn == qcap) {
				struct node *nq = realloc(q, 2 * qcap * sizeof(*q));

				if (!nq) {
					ret = -ENOMEM;
					goto out;
				}
				q = nq;
				qcap *= 2;
			}
			q[qn++] = (struct node){ a, b, (__u32)head, (unsigned char)c };
		}
	}
out:
	free(seen.keys);
	free(q);
	free(rep);
	free(it);
	pal_dfa_free(va.d);
	pal_dfa_free(vb.d);
	return ret;
}
