// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "pal_globref.h"
#include "pal_util.h"

enum pal_rk { PAL_R_BYTE, PAL_R_CLASS, PAL_R_STAR, PAL_R_ALT };

struct pal_rseq;

struct pal_rtok {
	enum pal_rk kind;
	unsigned char byte;
	int negate;		/* CLASS */
	unsigned char in[256];	/* CLASS: membership before negation */
	int cross_slash;	/* STAR: "**" */
	int at_least_one;	/* STAR: AppArmor's whole-component rule */
	struct pal_rseq *alts;	/* ALT */
	size_t nalts;
};

struct pal_rseq {
	struct pal_rtok *t;
	size_t n, cap;
};

static void pal_rseq_free(struct pal_rseq *s)
{
	size_t i, j;

	for (i = 0; i < s->n; i++) {
		for (j = 0; j < s->t[i].nalts; j++)
			pal_rseq_free(&s->t[i].alts[j]);
		free(s->t[i].alts);
	}
	free(s->t);
}

static struct pal_rtok *pal_rseq_push(struct pal_rseq *s, enum pal_rk kind)
{
	struct pal_rtok *t;

	PAL_GROW(s->t, s->cap, s->n + 1);
	t = &s->t[s->n++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	return t;
}

/* Parse one sequence; *p is advanced.  Returns -1 on malformed input. */
static int pal_rparse(const char **p, const char *whole, struct pal_rseq *s,
		      int nested, int depth)
{
	int after_slash = 0;

	while (**p) {
		const char *c = *p;
		struct pal_rtok *t;

		if (nested && (*c == ',' || *c == '}'))
			return 0;
		if (*c == '}' || *c == ']')
			return -1;
		if (*c == '\\') {
			if (!c[1])
				return -1;
			t = pal_rseq_push(s, PAL_R_BYTE);
			t->byte = (unsigned char)c[1];
			after_slash = c[1] == '/';
			*p += 2;
		} else if (*c == '?') {
			t = pal_rseq_push(s, PAL_R_CLASS);
			t->negate = 1;
			t->in['/'] = 1;
			after_slash = 0;
			*p += 1;
		} else if (*c == '*') {
			const char *e = c;

			while (*e == '*')
				e++;
			t = pal_rseq_push(s, PAL_R_STAR);
			t->cross_slash = c[1] == '*';
			t->at_least_one = after_slash && (*e == '/' || !*e);
			after_slash = 0;
			*p += t->cross_slash ? 2 : 1;
		} else if (*c == '[') {
			const char *q = c + 1;
			int first = 1;

			t = pal_rseq_push(s, PAL_R_CLASS);
			if (*q == '^') {
				t->negate = 1;
				q++;
			}
			for (;;) {
				unsigned char lo, hi;

				if (!*q)
					return -1;
				if (*q == ']' && !first)
					break;
				first = 0;
				if (*q == '\\') {
					if (!q[1])
						return -1;
					q++;
				}
				lo = hi = (unsigned char)*q++;
				if (*q == '-' && q[1] && q[1] != ']') {
					q++;
					if (*q == '\\') {
						if (!q[1])
							return -1;
						q++;
					}
					hi = (unsigned char)*q++;
					if (hi < lo)
						return -1;
				}
				while (1) {
					t->in[lo] = 1;
					if (lo == hi)
						break;
					lo++;
				}
			}
			*p = q + 1;
			after_slash = 0;
		} else if (*c == '{') {
			size_t idx = s->n;

			if (depth >= 50)
				return -1;
			pal_rseq_push(s, PAL_R_ALT);
			*p += 1;
			for (;;) {
				struct pal_rtok *alt = &s->t[idx];
				struct pal_rseq sub = { 0 };
				int r;

				r = pal_rparse(p, whole, &sub, 1, depth + 1);
				alt = &s->t[idx];
				alt->alts = pal_xreallocarray(alt->alts,
							      alt->nalts + 1,
							      sizeof(sub));
				alt->alts[alt->nalts++] = sub;
				if (r)
					return -1;
				if (**p == ',') {
					*p += 1;
					continue;
				}
				if (**p == '}') {
					*p += 1;
					break;
				}
				return -1;
			}
			if (s->t[idx].nalts < 2)
				return -1;
			after_slash = 0;
		} else {
			t = pal_rseq_push(s, PAL_R_BYTE);
			t->byte = (unsigned char)*c;
			after_slash = *c == '/';
			*p += 1;
		}
	}
	return nested ? -1 : 0;
}

struct pal_rcont {
	const struct pal_rseq *seq;
	size_t i;
	const struct pal_rcont *next;
};

static int pal_rclass_has(const struct pal_rtok *t, unsigned char c)
{
	return c && (t->in[c] ^ t->negate);
}

static int pal_rmatch(const struct pal_rseq *s, size_t i, const char *p,
		      const struct pal_rcont *k)
{
	const struct pal_rtok *t;
	size_t a;

	if (i == s->n) {
		if (!k)
			return !*p;
		return pal_rmatch(k->seq, k->i, p, k->next);
	}
	t = &s->t[i];
	switch (t->kind) {
	case PAL_R_BYTE:
		return *p && (unsigned char)*p == t->byte &&
		       pal_rmatch(s, i + 1, p + 1, k);
	case PAL_R_CLASS:
		return pal_rclass_has(t, (unsigned char)*p) &&
		       pal_rmatch(s, i + 1, p + 1, k);
	case PAL_R_STAR:
		if (t->at_least_one) {
			if (!*p || *p == '/')
				return 0;
			p++;
		}
		for (;;) {
			if (pal_rmatch(s, i + 1, p, k))
				return 1;
			if (!*p || (*p == '/' && !t->cross_slash))
				return 0;
			p++;
		}
	case PAL_R_ALT:
		for (a = 0; a < t->nalts; a++) {
			struct pal_rcont c = { s, i + 1, k };

			if (pal_rmatch(&t->alts[a], 0, p, &c))
				return 1;
		}
		return 0;
	}
	return 0;
}

int pal_globref_match(const char *glob, const char *path)
{
	struct pal_rseq s = { 0 };
	char *flat = pal_xmalloc(strlen(glob) + 1);
	const char *p;
	size_t o = 0;
	int r;

	/* '//' runs collapse before matching, as in AppArmor. */
	for (p = glob; *p; p++)
		if (!(*p == '/' && o && flat[o - 1] == '/'))
			flat[o++] = *p;
	flat[o] = 0;
	p = flat;
	r = pal_rparse(&p, flat, &s, 0, 0);
	if (!r)
		r = pal_rmatch(&s, 0, path, NULL);
	pal_rseq_free(&s);
	free(flat);
	return r;
}
