// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "pal_lex.h"
#include "pal_util.h"

static int pal_cur(const struct pal_lex *lx)
{
	return lx->pos < lx->len ? (unsigned char)lx->src[lx->pos] : -1;
}

static int pal_ahead(const struct pal_lex *lx, size_t k)
{
	return lx->pos + k < lx->len ? (unsigned char)lx->src[lx->pos + k] : -1;
}

static void pal_adv(struct pal_lex *lx)
{
	if (lx->pos >= lx->len)
		return;
	if (lx->src[lx->pos] == '\n') {
		lx->line++;
		lx->col = 1;
	} else {
		lx->col++;
	}
	lx->pos++;
}

static struct pal_loc pal_loc_now(const struct pal_lex *lx)
{
	struct pal_loc l = { lx->file, lx->line, lx->col };

	return l;
}

static int pal_is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

void pal_lex_init(struct pal_lex *lx, struct pal_diag *diag, const char *file,
		  const char *src, size_t len)
{
	memset(lx, 0, sizeof(*lx));
	lx->diag = diag;
	lx->file = file;
	lx->src = src;
	lx->len = len;
	lx->line = 1;
	lx->col = 1;
	lx->prev_end = pal_loc_now(lx);
}

void pal_lex_save(const struct pal_lex *lx, struct pal_lex_mark *m)
{
	m->pos = lx->pos;
	m->line = lx->line;
	m->col = lx->col;
	m->prev_end = lx->prev_end;
}

void pal_lex_restore(struct pal_lex *lx, const struct pal_lex_mark *m)
{
	lx->pos = m->pos;
	lx->line = m->line;
	lx->col = m->col;
	lx->prev_end = m->prev_end;
}

/*
 * "#include <x>" is a directive for compatibility with old profiles, every
 * other '#' starts a comment.
 */
static int pal_at_hash_include(const struct pal_lex *lx)
{
	size_t p = lx->pos + 8;

	if (lx->len - lx->pos < 8 || memcmp(lx->src + lx->pos, "#include", 8))
		return 0;
	while (p < lx->len && (lx->src[p] == ' ' || lx->src[p] == '\t'))
		p++;
	if (p >= lx->len)
		return 0;
	if (lx->src[p] == '<' || lx->src[p] == '"')
		return 1;
	return lx->len - p >= 3 && !memcmp(lx->src + p, "if", 2) &&
	       pal_is_blank((unsigned char)lx->src[p + 2]);
}

static void pal_skip_line(struct pal_lex *lx)
{
	while (pal_cur(lx) >= 0 && pal_cur(lx) != '\n')
		pal_adv(lx);
}

static void pal_skip_blank(struct pal_lex *lx)
{
	for (;;) {
		int c = pal_cur(lx);

		if (pal_is_blank(c)) {
			pal_adv(lx);
		} else if (c == '#' && !pal_at_hash_include(lx)) {
			pal_skip_line(lx);
		} else {
			return;
		}
	}
}

struct pal_loc pal_lex_here(struct pal_lex *lx)
{
	pal_skip_blank(lx);
	return pal_loc_now(lx);
}

static int pal_is_word_char(int c)
{
	return c > ' ' && c != 0x7f && !strchr(",{}()=<>\"#", c);
}

void pal_tok_free(struct pal_tok *t)
{
	free(t->text);
	t->text = NULL;
}

const char *pal_tok_describe(enum pal_tok_kind kind)
{
	switch (kind) {
	case PAL_TOK_EOF: return "end of file";
	case PAL_TOK_WORD: return "a word";
	case PAL_TOK_PATH: return "a path";
	case PAL_TOK_STRING: return "a quoted string";
	case PAL_TOK_INCNAME: return "'<...>'";
	case PAL_TOK_LBRACE: return "'{'";
	case PAL_TOK_RBRACE: return "'}'";
	case PAL_TOK_LPAREN: return "'('";
	case PAL_TOK_RPAREN: return "')'";
	case PAL_TOK_COMMA: return "','";
	case PAL_TOK_EQ: return "'='";
	case PAL_TOK_PLUSEQ: return "'+='";
	case PAL_TOK_ARROW: return "'->'";
	case PAL_TOK_LE: return "'<='";
	}
	return "?";
}

/* Scan a quoted string whose '"' is the current character. */
static int pal_scan_string(struct pal_lex *lx, char **text)
{
	struct pal_loc start = pal_loc_now(lx);
	size_t from;

	pal_adv(lx);
	from = lx->pos;
	while (pal_cur(lx) != '"') {
		if (pal_cur(lx) < 0) {
			pal_error(lx->diag, &start, "unterminated quoted string");
			return -1;
		}
		if (pal_cur(lx) == '\\')
			pal_adv(lx);
		pal_adv(lx);
	}
	*text = pal_xstrndup(lx->src + from, lx->pos - from);
	pal_adv(lx);
	return 0;
}

int pal_lex_comma_joins(const struct pal_lex *lx)
{
	int c = pal_ahead(lx, 1);

	return pal_cur(lx) == ',' && c >= 0 && !pal_is_blank(c) &&
	       !strchr(",\"!#(){}", c);
}

/*
 * A path glob runs to whitespace or to a ',' outside {...} and [...];
 * its syntax is checked later by the glob parser, which can point at the
 * exact offending character.
 */
static void pal_scan_path(struct pal_lex *lx, int stop_rparen)
{
	int depth = 0, in_class = 0;
	size_t class_first = 0;
	int c;

	while ((c = pal_cur(lx)) >= 0 && !pal_is_blank(c)) {
		if (c == '\\') {
			pal_adv(lx);
			if (pal_cur(lx) >= 0 && pal_cur(lx) != '\n')
				pal_adv(lx);
			continue;
		}
		if (in_class) {
			if (c == ']' && lx->pos > class_first)
				in_class = 0;
			pal_adv(lx);
			continue;
		}
		if (c == '[') {
			in_class = 1;
			pal_adv(lx);
			if (pal_cur(lx) == '^')
				pal_adv(lx);
			class_first = lx->pos;
			continue;
		}
		if (c == '{')
			depth++;
		else if (c == '}' && depth > 0)
			depth--;
		else if (c == ',' && depth == 0 && !pal_lex_comma_joins(lx))
			break;
		else if (c == ')' && depth == 0 && stop_rparen)
			break;
		pal_adv(lx);
	}
}

int pal_lex_next(struct pal_lex *lx, struct pal_tok *t)
{
	size_t from;
	int c;

	pal_skip_blank(lx);
	t->loc = pal_loc_now(lx);
	t->text = NULL;
	c = pal_cur(lx);
	if (c < 0) {
		t->kind = PAL_TOK_EOF;
		lx->prev_end = pal_loc_now(lx);
		return 0;
	}
	switch (c) {
	case '#': /* only "#include" reaches here */
		for (from = 0; from < 8; from++)
			pal_adv(lx);
		t->kind = PAL_TOK_WORD;
		t->text = pal_xstrdup("include");
		goto out;
	case '{': t->kind = PAL_TOK_LBRACE; goto punct;
	case '}': t->kind = PAL_TOK_RBRACE; goto punct;
	case '(': t->kind = PAL_TOK_LPAREN; goto punct;
	case ')': t->kind = PAL_TOK_RPAREN; goto punct;
	case ',': t->kind = PAL_TOK_COMMA; goto punct;
	case '=': t->kind = PAL_TOK_EQ; goto punct;
	case '"':
		t->kind = PAL_TOK_STRING;
		if (pal_scan_string(lx, &t->text))
			return -1;
		goto out;
	case '<':
		if (pal_ahead(lx, 1) == '=') {
			pal_adv(lx);
			t->kind = PAL_TOK_LE;
			goto punct;
		}
		pal_adv(lx);
		from = lx->pos;
		while (pal_cur(lx) != '>') {
			if (pal_cur(lx) < 0 || pal_cur(lx) == '\n') {
				pal_error(lx->diag, &t->loc,
					  "unterminated '<' include name");
				return -1;
			}
			pal_adv(lx);
		}
		t->kind = PAL_TOK_INCNAME;
		t->text = pal_xstrndup(lx->src + from, lx->pos - from);
		pal_adv(lx);
		goto out;
	}
	if (c == '+' && pal_ahead(lx, 1) == '=') {
		pal_adv(lx);
		t->kind = PAL_TOK_PLUSEQ;
		goto punct;
	}
	if (c == '-' && pal_ahead(lx, 1) == '>') {
		pal_adv(lx);
		t->kind = PAL_TOK_ARROW;
		goto punct;
	}
	from = lx->pos;
	if (c == '/' || (c == '@' && pal_ahead(lx, 1) == '{')) {
		pal_scan_path(lx, 0);
		t->kind = PAL_TOK_PATH;
		t->text = pal_xstrndup(lx->src + from, lx->pos - from);
		goto out;
	}
	if (!pal_is_word_char(c)) {
		if (c >= ' ' && c < 0x7f)
			pal_error(lx->diag, &t->loc, "unexpected character '%c'", c);
		else
			pal_error(lx->diag, &t->loc,
				  "unexpected character (byte 0x%02x)", c);
		return -1;
	}
	while ((c = pal_cur(lx)) >= 0 &&
	       (pal_is_word_char(c) || (c == '\\' && lx->pos > from))) {
		if (c == '\\') {
			/* an escaped character is part of the word */
			pal_adv(lx);
			if (pal_cur(lx) >= 0 && pal_cur(lx) != '\n')
				pal_adv(lx);
			continue;
		}
		if ((c == '-' && pal_ahead(lx, 1) == '>') ||
		    (c == '+' && pal_ahead(lx, 1) == '='))
			break;
		pal_adv(lx);
	}
	t->kind = PAL_TOK_WORD;
	t->text = pal_xstrndup(lx->src + from, lx->pos - from);
	goto out;
punct:
	pal_adv(lx);
out:
	lx->prev_end = pal_loc_now(lx);
	return 0;
}

int pal_lex_next_value(struct pal_lex *lx, struct pal_tok *t, int in_list)
{
	size_t from;
	int c;

	pal_skip_blank(lx);
	c = pal_cur(lx);
	if (c < 0 || (c != '{' && !pal_is_word_char(c)) ||
	    (c == '-' && pal_ahead(lx, 1) == '>') ||
	    (c == '+' && pal_ahead(lx, 1) == '='))
		return pal_lex_next(lx, t);
	/* a name or glob: may hold {a,b} alternations and variables */
	t->loc = pal_loc_now(lx);
	from = lx->pos;
	pal_scan_path(lx, in_list);
	t->kind = c == '/' ? PAL_TOK_PATH : PAL_TOK_WORD;
	t->text = pal_xstrndup(lx->src + from, lx->pos - from);
	lx->prev_end = pal_loc_now(lx);
	return 0;
}

int pal_lex_flag_value(struct pal_lex *lx, char **val, struct pal_loc *loc)
{
	size_t from;
	int c;

	*val = NULL;
	pal_skip_blank(lx);
	if (pal_cur(lx) != '=')
		return 0;
	pal_adv(lx);
	pal_skip_blank(lx);
	*loc = pal_loc_now(lx);
	from = lx->pos;
	while ((c = pal_cur(lx)) >= 0 && !pal_is_blank(c) && c != ',' && c != ')')
		pal_adv(lx);
	if (lx->pos == from) {
		pal_error(lx->diag, loc, "expected a value after '='");
		return -1;
	}
	*val = pal_xstrndup(lx->src + from, lx->pos - from);
	lx->prev_end = pal_loc_now(lx);
	return 0;
}

int pal_lex_peek(struct pal_lex *lx, enum pal_tok_kind *kind,
		 struct pal_loc *loc)
{
	struct pal_lex_mark m;
	struct pal_tok t;
	int ret;

	pal_lex_save(lx, &m);
	ret = pal_lex_next(lx, &t);
	if (!ret) {
		*kind = t.kind;
		if (loc)
			*loc = t.loc;
		pal_tok_free(&t);
	}
	pal_lex_restore(lx, &m);
	return ret;
}

int pal_lex_skip_rule(struct pal_lex *lx)
{
	int parens = 0, braces = 0, prev_blank = 1;
	struct pal_loc last = lx->prev_end;

	for (;;) {
		int c = pal_cur(lx);
		struct pal_loc here = pal_loc_now(lx);

		if (c < 0) {
			pal_error(lx->diag, &last, "expected ',' at end of rule");
			return -1;
		}
		if (pal_is_blank(c)) {
			pal_adv(lx);
			prev_blank = 1;
			continue;
		}
		if (c == '#' && prev_blank) {
			pal_skip_line(lx);
			continue;
		}
		prev_blank = 0;
		if (c == '"') {
			char *s;

			if (pal_scan_string(lx, &s))
				return -1;
			free(s);
			last = pal_loc_now(lx);
			continue;
		}
		if (c == '\\') {
			pal_adv(lx);
		} else if (c == '(') {
			parens++;
		} else if (c == ')') {
			if (!parens) {
				pal_error(lx->diag, &here, "unmatched ')'");
				return -1;
			}
			parens--;
		} else if (c == '{') {
			braces++;
		} else if (c == '}') {
			if (!braces) {
				pal_error(lx->diag, &last,
					  "expected ',' at end of rule");
				return -1;
			}
			braces--;
		} else if (c == ',' && !parens && !braces) {
			pal_adv(lx);
			lx->prev_end = pal_loc_now(lx);
			return 0;
		}
		pal_adv(lx);
		last = pal_loc_now(lx);
	}
}

static int pal_is_name_char(int c)
{
	return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

int pal_lex_varref(struct pal_lex *lx, int *sigil, char **name,
		   struct pal_loc *loc)
{
	struct pal_lex_mark m;
	size_t from, to;
	int c = pal_cur(lx), brace;

	pal_skip_blank(lx);
	c = pal_cur(lx);
	if (c != '@' && c != '$')
		return 0;
	pal_lex_save(lx, &m);
	*loc = pal_loc_now(lx);
	*sigil = c;
	pal_adv(lx);
	brace = pal_cur(lx) == '{';
	if (brace)
		pal_adv(lx);
	from = lx->pos;
	while (pal_is_name_char(pal_cur(lx)))
		pal_adv(lx);
	to = lx->pos;
	if (to == from || (brace && pal_cur(lx) != '}'))
		goto no;
	if (brace)
		pal_adv(lx);
	else if (pal_cur(lx) >= 0 && pal_is_word_char(pal_cur(lx)) &&
		 pal_cur(lx) != '+' && pal_cur(lx) != '?')
		goto no;	/* "@foo/bar" is not a variable */
	*name = pal_xstrndup(lx->src + from, to - from);
	lx->prev_end = pal_loc_now(lx);
	return 1;
no:
	pal_lex_restore(lx, &m);
	return 0;
}

int pal_lex_vardef_sigil(struct pal_lex *lx, int want, char **name,
			 int *append, struct pal_loc *loc)
{
	struct pal_lex_mark m;
	int sigil, bad_name = 0;

	pal_skip_blank(lx);
	pal_lex_save(lx, &m);
	if (!pal_lex_varref(lx, &sigil, name, loc))
		return 0;
	if (sigil != want)
		goto no;
	if (!((**name >= 'a' && **name <= 'z') || (**name >= 'A' && **name <= 'Z')))
		bad_name = 1;
	while (pal_cur(lx) == ' ' || pal_cur(lx) == '\t')
		pal_adv(lx);
	if (pal_cur(lx) == '=') {
		*append = 0;
		pal_adv(lx);
	} else if (pal_cur(lx) == '+' && pal_ahead(lx, 1) == '=') {
		*append = 1;
		pal_adv(lx);
		pal_adv(lx);
	} else if (pal_cur(lx) == '?' && pal_ahead(lx, 1) == '=') {
		*append = 2;
		pal_adv(lx);
		pal_adv(lx);
	} else {
		goto no;
	}
	lx->prev_end = pal_loc_now(lx);
	if (bad_name) {
		pal_error(lx->diag, loc,
			  "variable name '%s' must start with a letter", *name);
		free(*name);
		*name = NULL;
		return -1;
	}
	return 1;
no:
	free(*name);
	*name = NULL;
	pal_lex_restore(lx, &m);
	return 0;
}

int pal_lex_vardef(struct pal_lex *lx, char **name, int *append,
		   struct pal_loc *loc)
{
	return pal_lex_vardef_sigil(lx, '@', name, append, loc);
}

int pal_lex_var_values(struct pal_lex *lx, struct pal_lex_value **vals,
		       size_t *nvals)
{
	size_t cap = 0;
	int c;

	*vals = NULL;
	*nvals = 0;
	for (;;) {
		struct pal_lex_value v;
		int depth = 0;
		size_t from;

		while ((c = pal_cur(lx)) == ' ' || c == '\t' || c == '\r' ||
		       (c == '\\' && pal_ahead(lx, 1) == '\n')) {
			/* a '\' at the end of a line continues the values */
			if (c == '\\')
				pal_adv(lx);
			pal_adv(lx);
		}
		if (c < 0 || c == '\n' || c == '#')
			break;
		v.loc = pal_loc_now(lx);
		if (c == '"') {
			if (pal_scan_string(lx, &v.text))
				goto fail;
		} else {
			from = lx->pos;
			while ((c = pal_cur(lx)) >= 0 && !pal_is_blank(c)) {
				if (c == '\\') {
					pal_adv(lx);
					if (pal_cur(lx) >= 0 &&
					    !pal_is_blank(pal_cur(lx)))
						pal_adv(lx);
					continue;
				}
				if (c == '{') {
					depth++;
				} else if (c == '}' && depth) {
					depth--;
				} else if (c == '"') {
					struct pal_loc at = pal_loc_now(lx);

					pal_error(lx->diag, &at,
						  "'\"' inside a variable value (quote the whole value)");
					goto fail;
				}
				pal_adv(lx);
			}
			if (lx->pos > from && lx->src[lx->pos - 1] == ',') {
				struct pal_loc at = pal_loc_now(lx);

				at.col--;
				pal_error(lx->diag, &at,
					  "trailing ',' in a variable value");
				goto fail;
			}
			v.text = pal_xstrndup(lx->src + from, lx->pos - from);
		}
		PAL_GROW(*vals, cap, *nvals + 1);
		(*vals)[(*nvals)++] = v;
	}
	pal_skip_line(lx);
	lx->prev_end = pal_loc_now(lx);
	return 0;
fail:
	while (*nvals)
		free((*vals)[--(*nvals)].text);
	free(*vals);
	*vals = NULL;
	return -1;
}

char *pal_unquote(const char *raw)
{
	struct pal_buf b = { 0 };

	for (; *raw; raw++) {
		if (raw[0] == '\\' && (raw[1] == '"' || raw[1] == '\\'))
			raw++;
		pal_buf_putc(&b, *raw);
	}
	return pal_buf_take(&b);
}
