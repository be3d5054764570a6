/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the parser unit tests (header-only: each test binary
 * is one .c file linked with the parser library).
 */
#ifndef PAL_TEST_H
#define PAL_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "palisade.h"
#include "match.h"
#include "palisade_parser.h"
#include "pal_util.h"
#include "pal_comb.h"

/* A compiled policy: the file bytes and the virtual buffer
 * (pal_policy_unpack()) the decision core reads. */
struct pt_policy {
	uint8_t *buf;
	void *blob;
	size_t size;
	char *errs;		/* everything printed on the error stream */
};

static inline void pt_free(struct pt_policy *p)
{
	free(p->buf);
	free(p->blob);
	free(p->errs);
	memset(p, 0, sizeof(*p));
}

/* Compile @text (named "test.prof"); 0 on success. */
static inline int pt_compile_opts(const char *text,
				  const struct pal_compile_opts *o,
				  struct pt_policy *p)
{
	size_t errlen = 0;
	FILE *ef;
	int ret;

	memset(p, 0, sizeof(*p));
	ef = open_memstream(&p->errs, &errlen);
	ret = pal_compile_string(o, "test.prof", text, &p->blob, &p->size, ef);
	fclose(ef);
	if (ret)
		return ret;
	/* A policy in the foreign byte order is only file bytes. */
	if (*(const uint32_t *)p->blob != PALISADE_POLICY_MAGIC)
		return 0;
	return pal_policy_unpack(p->blob, p->size, (void **)&p->buf, NULL, 0);
}

static inline int pt_compile(const char *text, struct pt_policy *p)
{
	return pt_compile_opts(text, NULL, p);
}

/* Byte offset of a profile record (0 if none). */
static inline uint32_t pt_profile(const struct pt_policy *p, const char *name)
{
	return pal_profile_find(p->buf, pal_profile_id(name));
}

/* match.h's view of a path under a profile. */
static inline struct pal_perms pt_perms(const struct pt_policy *p,
					const char *prof, const char *path,
					int owner)
{
	static char buf[PALISADE_PATH_MAX];
	struct pal_perms perms = { 0 };
	uint32_t rec = pt_profile(p, prof);

	memset(buf, 0, sizeof(buf));
	memcpy(buf, path, strnlen(path, sizeof(buf) - 1));
	if (rec)
		pal_file_perms(p->buf, rec, buf, owner, &perms);
	return perms;
}

static inline uint32_t pt_allow(const struct pt_policy *p, const char *prof,
				const char *path)
{
	struct pal_perms perms = pt_perms(p, prof, path, 0);

	return perms.allow & ~perms.deny;
}

/* Name of the profile attached to an executable path, or NULL. */
static inline const char *pt_attach(const struct pt_policy *p, const char *path)
{
	static char buf[PALISADE_PATH_MAX];
	const struct pal_policy_header *h = (const void *)p->buf;
	const struct pal_profile_rec *r;
	uint32_t rec;

	memset(buf, 0, sizeof(buf));
	memcpy(buf, path, strnlen(path, sizeof(buf) - 1));
	rec = pal_attach_find(p->buf, buf);
	if (!rec)
		return NULL;
	r = (const void *)(p->buf + rec);
	return (const char *)p->buf + h->strings_off + r->name_off;
}

/* Compile a one-profile policy with a single rule "GLOB r," and ask
 * whether @path is readable: the DFA side of a glob. */
static inline int pt_glob_matches(const char *glob, const char *path)
{
	struct pt_policy p;
	struct pal_buf b = { 0 };
	int r;

	pal_buf_printf(&b, "profile t {\n  \"%s\" r,\n}\n", glob);
	if (pt_compile(b.s, &p)) {
		pal_buf_free(&b);
		pt_free(&p);
		return -1;
	}
	r = !!(pt_allow(&p, "t", path) & PAL_MAY_READ);
	pal_buf_free(&b);
	pt_free(&p);
	return r;
}

/* Comb entry @i of the DFA @d in @buf, in the 8-byte form whatever the
 * entry size the DFA was written with. */
static inline uint64_t pt_entry_get(const uint8_t *buf,
				    const struct pal_dfa_header *d, uint32_t i)
{
	return pal_comb_entry_at(buf + d->entries_off, d->entry_size, i);
}

/* Write the 8-byte form @e as comb entry @i of @d (narrowed for a comb of
 * 4-byte entries: next and check keep their low 16 bits). */
static inline void pt_entry_set(uint8_t *buf, const struct pal_dfa_header *d,
				uint32_t i, uint64_t e)
{
	uint8_t *p = buf + d->entries_off;
	uint32_t h;

	if (d->entry_size == 4) {
		h = pal_dfa_narrow16(e);
		memcpy(p + (size_t)i * 4, &h, sizeof(h));
		return;
	}
	memcpy(p + (size_t)i * 8, &e, sizeof(e));
}

/* A small deterministic PRNG (xorshift) so failures reproduce. */
static inline uint32_t pt_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (uint32_t)(*s >> 16);
}

/*
 * Fuzzing: copy @seed (@len bytes) into @buf (@cap bytes) with one to four
 * random edits (replace, insert or delete a byte drawn from @junk), NUL
 * terminated, no NUL inside.  Return: the new length.
 */
static inline size_t pt_mutate(char *buf, size_t cap, const char *seed,
			       size_t len, const char *junk, uint64_t *rng)
{
	size_t n = len, njunk = strlen(junk), k;
	int edits = 1 + (int)(pt_rand(rng) % 4), e;

	memcpy(buf, seed, len);
	for (e = 0; e < edits && n > 0; e++) {
		size_t at = pt_rand(rng) % n;
		char c = junk[pt_rand(rng) % njunk];

		switch (pt_rand(rng) % 3) {
		case 0:
			buf[at] = c;
			break;
		case 1:
			if (n < cap - 1) {
				memmove(buf + at + 1, buf + at, n - at);
				buf[at] = c;
				n++;
			}
			break;
		default:
			memmove(buf + at, buf + at + 1, n - at - 1);
			n--;
		}
	}
	buf[n] = 0;
	for (k = 0; k < n; k++)
		if (!buf[k])
			buf[k] = ' ';
	return n;
}

/* Random globs over "ab./" with every kind of wildcard. */
/*
 * Compile @rounds mutations of @seed (see pt_mutate()): each either gives a
 * policy the verifier accepts or fails with a file:line message; at least
 * 100 must compile.  For tests: reports through the harness's @_metadata.
 */
#define pt_fuzz(_metadata, seed, junk, rng0, rounds)			\
	do {								\
		uint64_t rng_ = (rng0);					\
		int i_, ok_ = 0;					\
									\
		for (i_ = 0; i_ < (rounds); i_++) {			\
			char buf_[sizeof(seed) + 16], err_[128];	\
			struct pt_policy p_;				\
									\
			pt_mutate(buf_, sizeof(buf_), seed,		\
				  sizeof(seed) - 1, junk, &rng_);	\
			if (!pt_compile(buf_, &p_)) {			\
				ok_++;					\
				EXPECT_EQ(0, pal_policy_verify(p_.blob,	\
					p_.size, err_, sizeof(err_)));	\
			} else {					\
				/* every failure says where */		\
				EXPECT_NE(NULL,				\
					  strstr(p_.errs, "test.prof:"))	\
					TH_LOG("%s\n%s", buf_, p_.errs);	\
			}						\
			pt_free(&p_);					\
		}							\
		EXPECT_GT(ok_, 100);					\
	} while (0)

static inline void pt_gen_seq(uint64_t *rng, struct pal_buf *b, int depth,
			      int len);

static inline void pt_gen_elem(uint64_t *rng, struct pal_buf *b, int depth)
{
	switch (pt_rand(rng) % 14) {
	case 0: case 1: pal_buf_putc(b, 'a'); break;
	case 2: pal_buf_putc(b, 'b'); break;
	case 3: pal_buf_putc(b, '.'); break;
	case 4: case 5: pal_buf_putc(b, '/'); break;
	case 6: pal_buf_putc(b, '*'); break;
	case 7: pal_buf_puts(b, "**"); break;
	case 8: pal_buf_putc(b, '?'); break;
	case 9: pal_buf_puts(b, pt_rand(rng) % 2 ? "[ab]" : "[^a]"); break;
	case 10: pal_buf_puts(b, pt_rand(rng) % 2 ? "[.-b]" : "\\*"); break;
	default:
		if (depth < 3) {
			int k, n = 2 + (int)(pt_rand(rng) % 2);

			pal_buf_putc(b, '{');
			for (k = 0; k < n; k++) {
				if (k)
					pal_buf_putc(b, ',');
				pt_gen_seq(rng, b, depth + 1, (int)(pt_rand(rng) % 3));
			}
			pal_buf_putc(b, '}');
		} else {
			pal_buf_putc(b, 'a');
		}
	}
}

static inline void pt_gen_seq(uint64_t *rng, struct pal_buf *b, int depth, int len)
{
	int i;

	for (i = 0; i < len; i++)
		pt_gen_elem(rng, b, depth);
}

static inline char *pt_gen_glob(uint64_t *rng)
{
	struct pal_buf b = { 0 };

	pal_buf_putc(&b, '/');
	pt_gen_seq(rng, &b, 0, 1 + (int)(pt_rand(rng) % 5));
	return pal_buf_take(&b);
}

#endif /* PAL_TEST_H */
