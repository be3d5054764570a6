/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers shared by every stage of the compiler: checked allocation,
 * a growable byte buffer and the FNV-1a hash the policy format is built on.
 */
#ifndef PAL_UTIL_H
#define PAL_UTIL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Allocation failure is not something a profile can provoke (every input
 * driven size is capped), so it is treated as fatal rather than threading
 * an error path through every stage.
 */
void *pal_xmalloc(size_t n);
void *pal_xcalloc(size_t n, size_t size);
void *pal_xrealloc(void *p, size_t n);
void *pal_xreallocarray(void *p, size_t n, size_t size);
char *pal_xstrdup(const char *s);
char *pal_xstrndup(const char *s, size_t n);

/* Grow *arr (of *cap elements of size sz) so that it holds at least need. */
void pal_grow(void **arr, size_t *cap, size_t need, size_t sz);

/* The check inline: most calls find room (hot in the subset construction). */
static inline void pal_grow_if(void **arr, size_t *cap, size_t need, size_t sz)
{
	if (need > *cap)
		pal_grow(arr, cap, need, sz);
}

#define PAL_GROW(arr, cap, need) \
	pal_grow_if((void **)&(arr), &(cap), (need), sizeof(*(arr)))

/* A NUL-terminated growable string. */
struct pal_buf {
	char *s;
	size_t len;
	size_t cap;
};

void pal_buf_putc(struct pal_buf *b, char c);
void pal_buf_putn(struct pal_buf *b, const char *s, size_t n);
void pal_buf_puts(struct pal_buf *b, const char *s);
void pal_buf_printf(struct pal_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hand the string over to the caller (never NULL) and reset the buffer. */
char *pal_buf_take(struct pal_buf *b);
void pal_buf_free(struct pal_buf *b);

#define PAL_FNV_OFFSET 2166136261U
#define PAL_FNV_PRIME 16777619U

uint32_t pal_fnv1a(uint32_t h, const void *data, size_t n);
/* The profile id: FNV-1a 32 of the name, with 0 (= unconfined) mapped to 1. */
uint32_t pal_profile_id(const char *name);

#endif /* PAL_UTIL_H */
