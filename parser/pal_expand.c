// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pal_expand.h"
#include "pal_util.h"

/* Most values a variable may stand for once nested references are
 * multiplied out. */
#define PAL_EXPAND_MAX_VALUES 4096

struct pal_strs {
	char **v;
	size_t n, cap;
};

static void pal_strs_free(struct pal_strs *s)
{
	while (s->n)
		free(s->v[--s->n]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static void pal_strs_push(struct pal_strs *s, char *str)
{
	PAL_GROW(s->v, s->cap, s->n + 1);
	s->v[s->n++] = str;
}

/*
 * Find the next unescaped "@{NAME}" at or after *pos: 1 with [*start,
 * *end) the reference (end past '}'), 0 if none, -1 if unterminated.
 */
static int pal_next_ref(const char *s, size_t pos, size_t *start, size_t *end)
{
	size_t i;

	for (i = pos; s[i]; i++) {
		if (s[i] == '\\' && s[i + 1]) {
			i++;
			continue;
		}
		if (s[i] == '@' && s[i + 1] == '{') {
			const char *close = strchr(s + i, '}');

			if (!close)
				return -1;
			*start = i;
			*end = (size_t)(close - s) + 1;
			return 1;
		}
	}
	return 0;
}

static int pal_values(const struct pal_vars *vt, const char *name, size_t len,
		      int depth, struct pal_strs *out, char *msg,
		      size_t msglen);

/* Every plain string @text stands for (references multiplied out). */
static int pal_product(const struct pal_vars *vt, const char *text, int depth,
		       struct pal_strs *out, char *msg, size_t msglen)
{
	struct pal_strs acc = { 0 };
	size_t pos = 0, start, end, i, j;
	int r;

	pal_strs_push(&acc, pal_xstrdup(""));
	for (;;) {
		struct pal_strs vals = { 0 }, next = { 0 };
		size_t lit;

		r = pal_next_ref(text, pos, &start, &end);
		if (r < 0) {
			snprintf(msg, msglen, "unterminated variable reference '@{'");
			goto fail;
		}
		lit = (r ? start : strlen(text)) - pos;
		for (i = 0; i < acc.n; i++) {
			struct pal_buf b = { 0 };

			pal_buf_puts(&b, acc.v[i]);
			pal_buf_putn(&b, text + pos, lit);
			free(acc.v[i]);
			acc.v[i] = pal_buf_take(&b);
		}
		if (!r)
			break;
		if (pal_values(vt, text + start + 2, end - start - 3, depth, &vals,
			       msg, msglen))
			goto fail;
		if (acc.n * vals.n > PAL_EXPAND_MAX_VALUES) {
			snprintf(msg, msglen, "variables expand to more than %d values",
				 PAL_EXPAND_MAX_VALUES);
			pal_strs_free(&vals);
			goto fail;
		}
		for (i = 0; i < acc.n; i++) {
			for (j = 0; j < vals.n; j++) {
				struct pal_buf b = { 0 };

				pal_buf_puts(&b, acc.v[i]);
				pal_buf_puts(&b, vals.v[j]);
				if (b.len > PAL_EXPAND_MAX) {
					snprintf(msg, msglen,
						 "variable expansion is longer than %d bytes",
						 PAL_EXPAND_MAX);
					pal_buf_free(&b);
					pal_strs_free(&vals);
					pal_strs_free(&next);
					goto fail;
				}
				pal_strs_push(&next, pal_buf_take(&b));
			}
		}
		pal_strs_free(&vals);
		pal_strs_free(&acc);
		acc = next;
		pos = end;
	}
	for (i = 0; i < acc.n; i++) {
		pal_strs_push(out, acc.v[i]);
		acc.v[i] = NULL;
	}
	acc.n = 0;
	pal_strs_free(&acc);
	return 0;
fail:
	pal_strs_free(&acc);
	return -1;
}

/* The plain values of variable NAME (len bytes). */
static int pal_values(const struct pal_vars *vt, const char *name, size_t len,
		      int depth, struct pal_strs *out, char *msg,
		      size_t msglen)
{
	char *vname = pal_xstrndup(name, len);
	const struct pal_var *v = pal_vars_find(vt, vname);
	size_t i;

	if (!v) {
		snprintf(msg, msglen, "undefined variable @{%.60s}", vname);
		free(vname);
		return -1;
	}
	free(vname);
	if (depth >= PAL_EXPAND_MAX_DEPTH) {
		snprintf(msg, msglen,
			 "variables refer to variables more than %d deep (a variable refers to itself?)",
			 PAL_EXPAND_MAX_DEPTH);
		return -1;
	}
	for (i = 0; i < v->nvals; i++) {
		if (pal_product(vt, v->vals[i], depth + 1, out, msg, msglen)) {
			pal_strs_free(out);
			return -1;
		}
		if (out->n > PAL_EXPAND_MAX_VALUES) {
			snprintf(msg, msglen, "variables expand to more than %d values",
				 PAL_EXPAND_MAX_VALUES);
			pal_strs_free(out);
			return -1;
		}
	}
	return 0;
}

int pal_expand_vars(const struct pal_vars *vt, const char *text, char **out,
		    char *msg, size_t msglen)
{
	struct pal_buf b = { 0 };
	size_t pos = 0, start, end, i, k;
	int r;

	while ((r = pal_next_ref(text, pos, &start, &end)) > 0) {
		struct pal_strs vals = { 0 };
		int lead = 0, trail = 0;

		pal_buf_putn(&b, text + pos, start - pos);
		if (pal_values(vt, text + start + 2, end - start - 3, 0, &vals,
			       msg, msglen))
			goto fail;
		if (vals.n > 1) {
			/* '/' before and after: drop the values' own slashes
			 * there, since '//' in an alternation stays */
			if (b.len && b.s[b.len - 1] == '/')
				for (k = 0; k < b.len; k++)
					if (b.s[k] != '/')
						lead = 1;
			trail = text[end] == '/';
			pal_buf_putc(&b, '{');
		}
		for (i = 0; i < vals.n; i++) {
			const char *p = vals.v[i];
			size_t n = strlen(p);

			if (lead)
				while (*p == '/') {
					p++;
					n--;
				}
			if (trail)
				while (n && p[n - 1] == '/')
					n--;
			if (i)
				pal_buf_putc(&b, ',');
			pal_buf_putn(&b, p, n);
		}
		if (vals.n > 1)
			pal_buf_putc(&b, '}');
		pal_strs_free(&vals);
		pos = end;
		if (b.len > PAL_EXPAND_MAX) {
			snprintf(msg, msglen, "variable expansion is longer than %d bytes",
				 PAL_EXPAND_MAX);
			goto fail;
		}
	}
	if (r < 0) {
		snprintf(msg, msglen, "unterminated variable reference '@{'");
		goto fail;
	}
	pal_buf_puts(&b, text + pos);
	*out = pal_buf_take(&b);
	return 0;
fail:
	pal_buf_free(&b);
	return -1;
}
