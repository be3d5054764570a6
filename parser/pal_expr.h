/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Regular expression trees: the common form every glob is lowered to before
 * automaton construction.  Concatenation and alternation are n-ary so that
 * the depth of a tree is bounded by the nesting of {..} alternations, not by
 * the length of a glob: every walk over a tree may recurse.
 */
#ifndef PAL_EXPR_H
#define PAL_EXPR_H

#include <stdint.h>
#include <stdio.h>

struct pal_charset {
	uint64_t w[4];
};

static inline void pal_cs_add(struct pal_charset *cs, unsigned int c)
{
	cs->w[(c >> 6) & 3] |= 1ULL << (c & 63);
}

static inline int pal_cs_has(const struct pal_charset *cs, unsigned int c)
{
	return (cs->w[(c >> 6) & 3] >> (c & 63)) & 1;
}

void pal_cs_add_range(struct pal_charset *cs, unsigned int lo, unsigned int hi);
/* Complement over 1..255: paths never contain NUL, so no set matches it. */
void pal_cs_invert(struct pal_charset *cs);
int pal_cs_empty(const struct pal_charset *cs);

enum pal_expr_kind {
	PAL_X_EMPTY,	/* matches the empty string */
	PAL_X_SET,	/* one byte out of a set */
	PAL_X_CAT,	/* kids in sequence */
	PAL_X_ALT,	/* any one kid */
	PAL_X_STAR,	/* kid repeated zero or more times */
	PAL_X_ACCEPT,	/* end marker of a rule: carries its tag */
};

struct pal_expr {
	enum pal_expr_kind kind;
	struct pal_charset set;		/* PAL_X_SET */
	uint32_t tag;			/* PAL_X_ACCEPT */
	struct pal_expr **kids;		/* CAT, ALT: n; STAR: 1 */
	size_t nkids, cap;
};

struct pal_expr *pal_expr_new(enum pal_expr_kind kind);
struct pal_expr *pal_expr_set(const struct pal_charset *cs);
struct pal_expr *pal_expr_char(unsigned char c);
/* One byte in lo..hi; unlike glob sets, NUL may be in it (the fixed
 * fields of a rules-DFA query are bytes of any value). */
struct pal_expr *pal_expr_range(unsigned int lo, unsigned int hi);
struct pal_expr *pal_expr_star(struct pal_expr *kid);
struct pal_expr *pal_expr_accept(uint32_t tag);
/* Append kid to a CAT or ALT node (takes ownership). */
void pal_expr_add(struct pal_expr *parent, struct pal_expr *kid);
void pal_expr_free(struct pal_expr *e);

/*
 * Rewrite @e (consumed) into an equivalent, smaller tree: nested
 * sequences and alternations flattened, empty strings dropped from
 * sequences, duplicate alternatives dropped, alternatives that are single
 * byte sets merged into one set, common prefixes and suffixes of
 * alternatives factored out, nested and nullable stars collapsed.  The
 * tagged language (which strings reach which accept tags) is unchanged.
 * Returns the new root.
 */
struct pal_expr *pal_expr_simplify(struct pal_expr *e);

/* Print as a regular expression (the "expr-tree" dump). */
void pal_expr_dump(FILE *f, const struct pal_expr *e);

#endif /* PAL_EXPR_H */
