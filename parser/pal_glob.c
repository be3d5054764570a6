// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pal_glob.h"
#include "pal_util.h"

struct pal_gp {
	const char *s;
	size_t pos;
	int allow_vars;
	int depth;
	struct pal_glob_err *err;
};

static void pal_gp_fail(struct pal_gp *g, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void pal_gp_fail(struct pal_gp *g, size_t off, const char *fmt, ...)
{
	va_list ap;

	g->err->off = off;
	va_start(ap, fmt);
	vsnprintf(g->err->msg, sizeof(g->err->msg), fmt, ap);
	va_end(ap);
}

static void pal_cs_not_slash(struct pal_charset *cs)
{
	memset(cs, 0, sizeof(*cs));
	pal_cs_add(cs, '/');
	pal_cs_invert(cs);
}

static void pal_cs_any(struct pal_charset *cs)
{
	memset(cs, 0, sizeof(*cs));
	pal_cs_invert(cs);
}

/* One (possibly escaped) byte of a character class; -1 at end of text. */
static int pal_gp_class_byte(struct pal_gp *g)
{
	unsigned char c = (unsigned char)g->s[g->pos];

	if (!c)
		return -1;
	if (c == '\\') {
		c = (unsigned char)g->s[g->pos + 1];
		if (!c)
			return -1;
		g->pos += 2;
		return c;
	}
	g->pos++;
	return c;
}

static struct pal_expr *pal_gp_class(struct pal_gp *g)
{
	struct pal_charset cs = { { 0 } };
	size_t open = g->pos;
	int negate = 0, first = 1;

	g->pos++;
	if (g->s[g->pos] == '^') {
		negate = 1;
		g->pos++;
	}
	for (;;) {
		size_t at = g->pos;
		int lo, hi;

		if (!g->s[g->pos])
			goto unterminated;
		if (g->s[g->pos] == ']' && !first) {
			g->pos++;
			break;
		}
		first = 0;
		lo = pal_gp_class_byte(g);
		if (lo < 0)
			goto unterminated;
		hi = lo;
		if (g->s[g->pos] == '-' && g->s[g->pos + 1] &&
		    g->s[g->pos + 1] != ']') {
			g->pos++;
			hi = pal_gp_class_byte(g);
			if (hi < 0)
				goto unterminated;
			if (hi < lo) {
				pal_gp_fail(g, at, "reversed range in character class");
				return NULL;
			}
		}
		pal_cs_add_range(&cs, (unsigned int)lo, (unsigned int)hi);
	}
	if (negate)
		pal_cs_invert(&cs);
	else
		cs.w[0] &= ~1ULL;
	if (pal_cs_empty(&cs)) {
		pal_gp_fail(g, open, "character class matches nothing");
		return NULL;
	}
	return pal_expr_set(&cs);
unterminated:
	pal_gp_fail(g, open, "unterminated '[' character class");
	return NULL;
}

static struct pal_expr *pal_gp_seq(struct pal_gp *g, int in_alt);

static struct pal_expr *pal_gp_alt(struct pal_gp *g)
{
	size_t open = g->pos;
	struct pal_expr *alt;

	if (g->depth >= PAL_GLOB_MAX_DEPTH) {
		pal_gp_fail(g, open, "'{' alternations nested more than %d deep",
			    PAL_GLOB_MAX_DEPTH);
		return NULL;
	}
	g->depth++;
	g->pos++;
	alt = pal_expr_new(PAL_X_ALT);
	for (;;) {
		struct pal_expr *kid = pal_gp_seq(g, 1);

		if (!kid)
			goto fail;
		pal_expr_add(alt, kid);
		if (g->s[g->pos] == ',') {
			g->pos++;
			continue;
		}
		if (g->s[g->pos] == '}') {
			g->pos++;
			break;
		}
		pal_gp_fail(g, open, "unterminated '{' alternation");
		goto fail;
	}
	if (alt->nkids < 2) {
		pal_gp_fail(g, open,
			    "'{...}' needs at least two alternatives separated by ','");
		goto fail;
	}
	g->depth--;
	return alt;
fail:
	pal_expr_free(alt);
	return NULL;
}

/*
 * A sequence of glob elements up to the end of the text, or (in_alt) up to
 * the ',' or '}' that ends one alternative.
 */
static struct pal_expr *pal_gp_seq(struct pal_gp *g, int in_alt)
{
	struct pal_expr *cat = pal_expr_new(PAL_X_CAT);
	struct pal_charset cs;
	int prev_slash = 0;

	for (;;) {
		unsigned char c = (unsigned char)g->s[g->pos];
		struct pal_expr *e = NULL;

		if (!c)
			break;
		if (in_alt && (c == ',' || c == '}'))
			break;
		switch (c) {
		case '}':
			pal_gp_fail(g, g->pos, "unmatched '}'");
			goto fail;
		case ']':
			pal_gp_fail(g, g->pos, "unmatched ']'");
			goto fail;
		case '{':
			e = pal_gp_alt(g);
			if (!e)
				goto fail;
			prev_slash = 0;
			break;
		case '[':
			e = pal_gp_class(g);
			if (!e)
				goto fail;
			prev_slash = 0;
			break;
		case '?':
			pal_cs_not_slash(&cs);
			e = pal_expr_set(&cs);
			g->pos++;
			prev_slash = 0;
			break;
		case '*': {
			int dbl = g->s[g->pos + 1] == '*';
			size_t k = g->pos;

			while (g->s[k] == '*')
				k++;
			if (prev_slash && (g->s[k] == '/' || !g->s[k])) {
				pal_cs_not_slash(&cs);
				pal_expr_add(cat, pal_expr_set(&cs));
			}
			if (dbl)
				pal_cs_any(&cs);
			else
				pal_cs_not_slash(&cs);
			e = pal_expr_star(pal_expr_set(&cs));
			g->pos += dbl ? 2 : 1;
			prev_slash = 0;
			break;
		}
		case '\\':
			c = (unsigned char)g->s[g->pos + 1];
			if (!c) {
				pal_gp_fail(g, g->pos, "trailing '\\' escapes nothing");
				goto fail;
			}
			e = pal_expr_char(c);
			g->pos += 2;
			prev_slash = c == '/';
			break;
		case '@':
			if (g->allow_vars && g->s[g->pos + 1] == '{') {
				const char *end = strchr(g->s + g->pos, '}');

				if (!end) {
					pal_gp_fail(g, g->pos,
						    "unterminated variable reference '@{'");
					goto fail;
				}
				g->pos = (size_t)(end - g->s) + 1;
				prev_slash = 0;
				continue;
			}
			/* fallthrough */
		default:
			e = pal_expr_char(c);
			g->pos++;
			prev_slash = c == '/';
			break;
		}
		pal_expr_add(cat, e);
	}
	return cat;
fail:
	pal_expr_free(cat);
	return NULL;
}

struct pal_expr *pal_glob_parse(const char *glob, int allow_vars,
				struct pal_glob_err *err)
{
	struct pal_gp g = { glob, 0, allow_vars, 0, err };

	err->off = 0;
	err->msg[0] = 0;
	return pal_gp_seq(&g, 0);
}

int pal_glob_check(const char *glob, int allow_vars, struct pal_glob_err *err)
{
	struct pal_expr *e = pal_glob_parse(glob, allow_vars, err);

	if (!e)
		return -1;
	pal_expr_free(e);
	return 0;
}

char *pal_glob_filter_slashes(const char *glob)
{
	size_t n = strlen(glob), i, o = 0;
	char *out = pal_xmalloc(n + 1);

	for (i = 0; i < n; i++) {
		if (glob[i] == '/' && o && out[o - 1] == '/')
			continue;
		out[o++] = glob[i];
	}
	out[o] = 0;
	return out;
}

size_t pal_glob_literal_prefix(const char *glob)
{
	size_t n = 0;

	for (; *glob; glob++, n++) {
		if (strchr("*?[{", *glob))
			break;
		if (*glob == '\\' && glob[1])
			glob++;
	}
	return n;
}

int pal_glob_is_exact(const char *glob)
{
	for (; *glob; glob++) {
		if (strchr("*?[", *glob))
			return 0;
		if (*glob == '\\' && glob[1])
			glob++;
	}
	return 1;
}
