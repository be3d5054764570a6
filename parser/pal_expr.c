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
