// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pal_util.h"

static void pal_oom(void)
{
	fputs("palisade_parser: out of memory\n", stderr);
	abort();
}

void *pal_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		pal_oom();
	return p;
}

void *pal_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		pal_oom();
	return p;
}

void *pal_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		pal_oom();
	return p;
}

void *pal_xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		pal_oom();
	return pal_xrealloc(p, n * size);
}

char *pal_xstrdup(const char *s)
{
	return pal_xstrndup(s, strlen(s));
}

char *pal_xstrndup(const char *s, size_t n)
{
	char *d = pal_xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

void pal_grow(void **arr, size_t *cap, size_t need, size_t sz)
{
	size_t n = *cap;

	if (need <= n)
		return;
	if (n < 8)
		n = 8;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			pal_oom();
		n *= 2;
	}
	*arr = pal_xreallocarray(*arr, n, sz);
	*cap = n;
}

void pal_buf_putn(struct pal_buf *b, const char *s, size_t n)
{
	PAL_GROW(b->s, b->cap, b->len + n + 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

void pal_buf_putc(struct pal_buf *b, char c)
{
	pal_buf_putn(b, &c, 1);
}

void pal_buf_puts(struct pal_buf *b, const char *s)
{
	pal_buf_putn(b, s, strlen(s));
}

void pal_buf_printf(struct pal_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	PAL_GROW(b->s, b->cap, b->len + (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *pal_buf_take(struct pal_buf *b)
{
	char *s = b->s ? b->s : pal_xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void pal_buf_free(struct pal_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

uint32_t pal_fnv1a(uint32_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= PAL_FNV_PRIME;
	}
	return h;
}

uint32_t pal_profile_id(const char *name)
{
	uint32_t h = pal_fnv1a(PAL_FNV_OFFSET, name, strlen(name));

	return h ? h : 1;
}
