// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier, the loader's trust boundary: truncation at every length,
 * every single bit flip, foreign byte order, and structurally bad policies
 * whose checksum has been recomputed so that the structural checks
 * themselves are exercised.
 */
/* the harness's own wrapper functions have unused parameters */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include <errno.h>

#include "kselftest_harness.h"
#include "pal_test.h"
#include "pal_policy.h"
#include "pal_comb.h"

static const char text[] =
	"profile a /usr/bin/a {\n  /x/** rw,\n  deny /x/y w,\n}\n"
	"profile b /usr/bin/b* {\n  owner /h/** r,\n}\n"
	"profile c {\n}\n";

static uint8_t *compiled(size_t *size)
{
	struct pt_policy p;
	uint8_t *b;

	if (pt_compile(text, &p))
		abort();
	b = malloc(p.size);
	memcpy(b, p.blob, p.size);
	*size = p.size;
	pt_free(&p);
	return b;
}

static void reseal(uint8_t *b, size_t size)
{
	struct pal_policy_header *h = (void *)b;

	h->checksum = 0;
	h->checksum = pal_fnv1a(PAL_FNV_OFFSET, b, size);
}

static uint32_t *word(uint8_t *b, size_t off)
{
	return (uint32_t *)(b + off);
}

/* offset of profile i's record and of its DFA header */
static size_t rec_off(uint8_t *b, uint32_t i)
{
	return ((struct pal_policy_header *)b)->profiles_off +
	       i * sizeof(struct pal_profile_rec);
}

static size_t dfa_off(uint8_t *b, uint32_t i)
{
	return ((struct pal_profile_rec *)(b + rec_off(b, i)))->file_dfa_off;
}

TEST(valid_policy_passes)
{
	size_t size;
	uint8_t *b = compiled(&size);
	char err[160] = "x";

	EXPECT_EQ(0, pal_policy_verify(b, size, err, sizeof(err)));
	EXPECT_STREQ("", err);
	EXPECT_GE(pal_policy_profile_index(b, "a"), 0);
	EXPECT_GE(pal_policy_profile_index(b, "b"), 0);
	EXPECT_GE(pal_policy_profile_index(b, "c"), 0);
	EXPECT_EQ(-1, pal_policy_profile_index(b, "d"));
	free(b);
}

TEST(truncation_at_every_length)
{
	size_t size, n;
	uint8_t *b = compiled(&size);
	char err[160];

	for (n = 0; n < size; n++) {
		/* a fresh allocation of exactly n bytes: valgrind/ASan catch
		 * any read past it */
		uint8_t *t = malloc(n ? n : 1);

		memcpy(t, b, n);
		EXPECT_NE(0, pal_policy_verify(t, n, err, sizeof(err)));
		free(t);
	}
	EXPECT_EQ(-EINVAL, pal_policy_verify(b, 10, err, sizeof(err)));
	EXPECT_STREQ("policy truncated: 10 bytes, the header alone is 72", err);
	EXPECT_EQ(-EINVAL, pal_policy_verify(b, size - 4, err, sizeof(err)));
	free(b);
}

TEST(every_bit_flip_is_caught)
{
	size_t size, i;
	uint8_t *b = compiled(&size);
	char err[160];
	int bit, missed = 0;

	for (i = 0; i < size; i++) {
		for (bit = 0; bit < 8; bit++) {
			b[i] ^= (uint8_t)(1 << bit);
			if (!pal_policy_verify(b, size, err, sizeof(err)))
				missed++;
			b[i] ^= (uint8_t)(1 << bit);
		}
	}
	EXPECT_EQ(0, missed);
	EXPECT_EQ(0, pal_policy_verify(b, size, err, sizeof(err)));
	free(b);
}

TEST(foreign_byte_order)
{
	struct pal_compile_opts o = { .big_endian = !pal_resolve_big_endian(-1) };
	struct pt_policy p;
	char err[160];

	ASSERT_EQ(0, pt_compile_opts(text, &o, &p));
	EXPECT_EQ(-EINVAL, pal_policy_verify(p.blob, p.size, err, sizeof(err)));
	EXPECT_STREQ(o.big_endian ? "policy is big-endian, this machine is little-endian"
				  : "policy is little-endian, this machine is big-endian",
		     err);
	pt_free(&p);
}

struct corruption {
	const char *what;
	void (*apply)(uint8_t *b, size_t size);
	int code;
	const char *msg;
};

static void c_magic(uint8_t *b, size_t s) { (void)s; *word(b, 0) = 0x12345678; }
static void c_tag(uint8_t *b, size_t s) { (void)s; *word(b, 4) = 0x01010101; }
static void c_tag_swapped(uint8_t *b, size_t s) { (void)s; *word(b, 4) = PALISADE_ENDIAN_TAG_SWAPPED; }
static void c_version(uint8_t *b, size_t s) { (void)s; *word(b, 8) = 99; }
static void c_size(uint8_t *b, size_t s) { *word(b, 12) = (uint32_t)s + 4; }
static void c_huge(uint8_t *b, size_t s) { (void)s; *word(b, 12) = PALISADE_POLICY_MAX + 4; }
static void c_flags(uint8_t *b, size_t s) { (void)s; *word(b, 20) = 1; }
static void c_nprofiles(uint8_t *b, size_t s) { (void)s; *word(b, 24) = 100000; }
static void c_profiles_misaligned(uint8_t *b, size_t s) { (void)s; *word(b, 28) += 2; }
static void c_attach_off(uint8_t *b, size_t s) { *word(b, 32) = (uint32_t)s - 8; }
static void c_strings_size(uint8_t *b, size_t s) { *word(b, 40) = (uint32_t)s; }
static void c_strings_empty(uint8_t *b, size_t s) { (void)s; *word(b, 40) = 0; }

static void c_name_off(uint8_t *b, size_t s)
{
	(void)s;
	((struct pal_profile_rec *)(b + rec_off(b, 0)))->name_off = 0xffff;
}

static void c_name_unterminated(uint8_t *b, size_t s)
{
	struct pal_policy_header *h = (void *)b;

	(void)s;
	/* cut the table just after the first name's first byte */
	h->strings_size = ((struct pal_profile_rec *)(b + rec_off(b, 0)))->name_off + 1;
	h->strings_size = (h->strings_size + 3) & ~3U;
	memset(b + h->strings_off + h->strings_size - 3, 'x', 3);
	{
		uint32_t i;

		for (i = 0; i < h->strings_size; i++)
			if (!b[h->strings_off + i] && i)
				b[h->strings_off + i] = 'x';
	}
}

static void c_ids_unsorted(uint8_t *b, size_t s)
{
	struct pal_profile_rec r0, r1;

	(void)s;
	memcpy(&r0, b + rec_off(b, 0), sizeof(r0));
	memcpy(&r1, b + rec_off(b, 1), sizeof(r1));
	memcpy(b + rec_off(b, 0), &r1, sizeof(r1));
	memcpy(b + rec_off(b, 1), &r0, sizeof(r0));
}

static void c_id_zero(uint8_t *b, size_t s)
{
	(void)s;
	((struct pal_profile_rec *)(b + rec_off(b, 0)))->id = 0;
}

static void c_mode(uint8_t *b, size_t s)
{
	(void)s;
	((struct pal_profile_rec *)(b + rec_off(b, 1)))->mode = PAL_MODE_LAST + 1;
}

static void c_dfa_off(uint8_t *b, size_t s)
{
	((struct pal_profile_rec *)(b + rec_off(b, 0)))->file_dfa_off = (uint32_t)s;
}

static void c_dfa_misaligned(uint8_t *b, size_t s)
{
	(void)s;
	((struct pal_profile_rec *)(b + rec_off(b, 0)))->file_dfa_off += 1;
}

static struct pal_dfa_header *dh(uint8_t *b, uint32_t i)
{
	return (struct pal_dfa_header *)(b + dfa_off(b, i));
}

/* profile record 0 always has a file DFA with rules: the one of "a" or
 * "b" (c has no rules, whichever order the ids give) */
static uint32_t ruled(uint8_t *b)
{
	return dh(b, 0)->nstates > 1 ? 0 : dh(b, 1)->nstates > 1 ? 1 : 2;
}

static void c_nclasses_zero(uint8_t *b, size_t s) { (void)s; dh(b, ruled(b))->nclasses = 0; }
static void c_nclasses_big(uint8_t *b, size_t s) { (void)s; dh(b, ruled(b))->nclasses = 257; }
static void c_nstates_big(uint8_t *b, size_t s) { (void)s; dh(b, ruled(b))->nstates = 0x40000000; }
static void c_nstates_zero(uint8_t *b, size_t s) { (void)s; dh(b, ruled(b))->nstates = 0; }
static void c_start(uint8_t *b, size_t s) { (void)s; dh(b, ruled(b))->start = dh(b, ruled(b))->nentries; }

static void c_class_byte(uint8_t *b, size_t s)
{
	struct pal_dfa_header *d = dh(b, ruled(b));

	(void)s;
	b[d->classes_off + 'x'] = (uint8_t)(d->nclasses + 1);
}

/* index of the first row entry (not a header, not unused) */
static uint32_t first_row_entry(uint8_t *b, struct pal_dfa_header *d)
{
	uint32_t i;

	for (i = 0; i < d->nentries; i++) {
		uint64_t e = pt_entry_get(b, d, i);

		if (e != PAL_DFA_EMPTY && !(PAL_DFA_ENTRY_CHECK(e) & PAL_DFA_HDR))
			return i;
	}
	return 0;
}

static void c_transition(uint8_t *b, size_t s)
{
	struct pal_dfa_header *d = dh(b, ruled(b));
	uint32_t i = first_row_entry(b, d);

	(void)s;
	pt_entry_set(b, d, i, PAL_DFA_ENTRY(d->nentries,
					    PAL_DFA_ENTRY_CHECK(pt_entry_get(b, d, i))));
}

static void c_next_not_token(uint8_t *b, size_t s)
{
	struct pal_dfa_header *d = dh(b, ruled(b));
	uint32_t i = first_row_entry(b, d);

	(void)s;
	/* inside the comb, but a row entry rather than a header */
	pt_entry_set(b, d, i, PAL_DFA_ENTRY(i, PAL_DFA_ENTRY_CHECK(pt_entry_get(b, d, i))));
}

static void c_owner_outside_row(uint8_t *b, size_t s)
{
	struct pal_dfa_header *d = dh(b, ruled(b));
	uint32_t i = first_row_entry(b, d);

	(void)s;
	pt_entry_set(b, d, i, PAL_DFA_ENTRY(PAL_DFA_ENTRY_NEXT(pt_entry_get(b, d, i)), i));
}

static void c_dead_moves(uint8_t *b, size_t s)
{
	struct pal_dfa_header *d = dh(b, ruled(b));

	(void)s;
	pt_entry_set(b, d, 1, PAL_DFA_ENTRY(d->start, 0));
}

static void c_dead_default(uint8_t *b, size_t s)
{
	struct pal_dfa_header *d = dh(b, ruled(b));

	(void)s;
	pt_entry_set(b, d, 0, PAL_DFA_ENTRY(d->start, PAL_DFA_HDR));
}

static void c_two_headers(uint8_t *b, size_t s)
{
	struct pal_dfa_header *d = dh(b, ruled(b));

	(void)s;
	pt_entry_set(b, d, first_row_entry(b, d), PAL_DFA_ENTRY(0, PAL_DFA_HDR));
}

static void c_header_state_big(uint8_t *b, size_t s)
{
	struct pal_dfa_header *d = dh(b, ruled(b));

	(void)s;
	pt_entry_set(b, d, d->start, PAL_DFA_ENTRY(0, PAL_DFA_HDR | d->naccept));
}

static void c_unused_not_empty(uint8_t *b, size_t s)
{
	struct pal_dfa_header *d = dh(b, ruled(b));
	uint32_t i;

	(void)s;
	for (i = 0; i < d->nentries; i++)
		if (pt_entry_get(b, d, i) == PAL_DFA_EMPTY) {
			pt_entry_set(b, d, i, PAL_DFA_ENTRY(1, 0xffffffffU));
			return;
		}
	pt_entry_set(b, d, 0, PAL_DFA_ENTRY(1, 0xffffffffU));
}

static void c_start_not_token(uint8_t *b, size_t s)
{
	struct pal_dfa_header *d = dh(b, ruled(b));

	(void)s;
	d->start = first_row_entry(b, d);
}

static void c_comb_short(uint8_t *b, size_t s)
{
	(void)s;
	dh(b, ruled(b))->nentries -= 1;
}

static void c_entry_size(uint8_t *b, size_t s)
{
	(void)s;
	dh(b, ruled(b))->entry_size = 2;
}

/* A comb too big for 4-byte entries claiming them. */
static void c_narrow_too_big(uint8_t *b, size_t s)
{
	struct pal_dfa_header *d = dh(b, ruled(b));

	(void)s;
	d->entry_size = 4;
	d->nentries = PAL_DFA16_MAX + 1;
}

static void c_comb_misaligned(uint8_t *b, size_t s)
{
	(void)s;
	dh(b, ruled(b))->entries_off += 4;
}

static void c_class_zero(uint8_t *b, size_t s)
{
	struct pal_dfa_header *d = dh(b, ruled(b));

	(void)s;
	b[d->classes_off + 'y'] = 0;
}

static void c_dead_accepts(uint8_t *b, size_t s)
{
	struct pal_dfa_header *d = dh(b, ruled(b));

	(void)s;
	((struct pal_accept *)(b + d->accept_off))->allow = PAL_MAY_READ;
}

static void c_unknown_perm(uint8_t *b, size_t s)
{
	struct pal_dfa_header *d = dh(b, ruled(b));

	(void)s;
	((struct pal_accept *)(b + d->accept_off))[1].deny = 1U << 20;
}

static void c_trans_oob(uint8_t *b, size_t s)
{
	dh(b, ruled(b))->entries_off = (uint32_t)s - 8;
}

static void c_attach_value(uint8_t *b, size_t s)
{
	struct pal_policy_header *h = (void *)b;
	struct pal_dfa_header *d = (void *)(b + h->attach_dfa_off);
	uint32_t i;

	(void)s;
	for (i = 1; i < d->nstates; i++) {
		struct pal_accept *a = (struct pal_accept *)(b + d->accept_off) + i;

		if (a->value) {
			a->value = h->nprofiles + 1;
			return;
		}
	}
}

static const struct corruption corruptions[] = {
	{ "magic", c_magic, -EINVAL, "not a palisade policy (bad magic 0x12345678)" },
	{ "endian tag", c_tag, -EINVAL, "bad endian tag 0x01010101" },
	{ "swapped tag", c_tag_swapped, -EINVAL, NULL },
	{ "version", c_version, -EINVAL, "unsupported policy version 99 (expected 4)" },
	{ "entry size", c_entry_size, -EINVAL, NULL },
	{ "narrow comb too big", c_narrow_too_big, -EINVAL, NULL },
	{ "size", c_size, -EINVAL, NULL },
	{ "huge size", c_huge, -E2BIG, NULL },
	{ "flags", c_flags, -EINVAL, "reserved header fields are not zero" },
	{ "nprofiles", c_nprofiles, -EINVAL, NULL },
	{ "profiles misaligned", c_profiles_misaligned, -EINVAL, NULL },
	{ "attach offset", c_attach_off, -EINVAL, NULL },
	{ "strings size", c_strings_size, -EINVAL, NULL },
	{ "strings empty", c_strings_empty, -EINVAL, NULL },
	{ "name offset", c_name_off, -EINVAL, "profile 0: name is not a string of the string table" },
	{ "name unterminated", c_name_unterminated, -EINVAL, NULL },
	{ "ids unsorted", c_ids_unsorted, -EINVAL, "profile 1: ids not sorted, unique and non-zero" },
	{ "id zero", c_id_zero, -EINVAL, "profile 0: ids not sorted, unique and non-zero" },
	{ "mode", c_mode, -EINVAL, "profile 1: unknown mode 4" },
	{ "dfa offset", c_dfa_off, -EINVAL, NULL },
	{ "dfa misaligned", c_dfa_misaligned, -EINVAL, NULL },
	{ "nclasses 0", c_nclasses_zero, -EINVAL, NULL },
	{ "nclasses 257", c_nclasses_big, -EINVAL, NULL },
	{ "nstates huge", c_nstates_big, -EINVAL, NULL },
	{ "nstates 0", c_nstates_zero, -EINVAL, NULL },
	{ "start", c_start, -EINVAL, NULL },
	{ "class byte", c_class_byte, -EINVAL, NULL },
	{ "transition", c_transition, -EINVAL, NULL },
	{ "dead state moves", c_dead_moves, -EINVAL, NULL },
	{ "dead state default", c_dead_default, -EINVAL, NULL },
	{ "next not a state", c_next_not_token, -EINVAL, NULL },
	{ "owner outside its row", c_owner_outside_row, -EINVAL, NULL },
	{ "two headers", c_two_headers, -EINVAL, NULL },
	{ "header state too big", c_header_state_big, -EINVAL, NULL },
	{ "unused entry not empty", c_unused_not_empty, -EINVAL, NULL },
	{ "start not a state", c_start_not_token, -EINVAL, NULL },
	{ "comb too short", c_comb_short, -EINVAL, NULL },
	{ "comb misaligned", c_comb_misaligned, -EINVAL, NULL },
	{ "class 0", c_class_zero, -EINVAL, NULL },
	{ "dead state accepts", c_dead_accepts, -EINVAL, NULL },
	{ "unknown permission", c_unknown_perm, -EINVAL, NULL },
	{ "transitions out of bounds", c_trans_oob, -EINVAL, NULL },
	{ "attach value", c_attach_value, -EINVAL, NULL },
};

TEST(structural_corruption)
{
	size_t size, i;
	uint8_t *good = compiled(&size);
	char err[160];

	for (i = 0; i < sizeof(corruptions) / sizeof(corruptions[0]); i++) {
		uint8_t *b = malloc(size);
		int r;

		memcpy(b, good, size);
		corruptions[i].apply(b, size);
		reseal(b, size);
		err[0] = 0;
		r = pal_policy_verify(b, size, err, sizeof(err));
		if (r != corruptions[i].code || getenv("PAL_TEST_VERBOSE"))
			TH_LOG("%s: got %d (%s)", corruptions[i].what, r, err);
		EXPECT_EQ(corruptions[i].code, r);
		EXPECT_NE(0, err[0]);
		if (corruptions[i].msg)
			EXPECT_STREQ(corruptions[i].msg, err);
		free(b);
	}
	free(good);
}

TEST(size_limits)
{
	size_t size;
	uint8_t *b = compiled(&size);
	uint8_t *big = calloc(1, PAL_POLICY_VSIZE + 4);
	char err[160], want[160];

	memcpy(big, b, size);
	/* a buffer larger than the header says */
	EXPECT_EQ(-EINVAL, pal_policy_verify(big, size + 4, err, sizeof(err)));
	snprintf(want, sizeof(want),
		 "policy truncated or padded: its segments hold %zu bytes, got %zu",
		 size, size + 4);
	EXPECT_STREQ(want, err);
	/* larger than any policy may be */
	EXPECT_EQ(-E2BIG, pal_policy_verify(big, PAL_POLICY_VSIZE + 4, err, sizeof(err)));
	EXPECT_EQ(-EINVAL, pal_policy_verify(NULL, 0, err, sizeof(err)));
	/* a tiny error buffer is fine */
	EXPECT_EQ(-EINVAL, pal_policy_verify(b, 3, err, 4));
	EXPECT_STREQ("pol", err);
	EXPECT_EQ(-EINVAL, pal_policy_verify(b, 3, NULL, 0));
	free(big);
	free(b);
}

/* A policy of several segments: profiles whose DFAs take a few kilobytes
 * each, enough of them to pass one segment. */
static uint8_t *compiled_segments(size_t *size)
{
	struct pal_buf t = { 0 };
	struct pt_policy p;
	uint8_t *b;
	int i, k;

	for (i = 0; i < 1000; i++) {
		pal_buf_printf(&t, "profile s%d /usr/bin/s%d {\n", i, i);
		for (k = 0; k < 4; k++)
			pal_buf_printf(&t, "  /usr/share/pkg%d_%d/[a-z]*/data r,\n"
				       "  owner /home/*/.cache/tool%d_%d/** rw,\n"
				       "  /opt/vendor%d_%d/lib/lib*.so* mr,\n",
				       i, k, i, k, i, k);
		pal_buf_printf(&t, "}\n");
	}
	/* 8-byte comb entries: these profiles then need two segments */
	pal_comb_force_wide = 1;
	if (pt_compile(t.s, &p))
		abort();
	pal_comb_force_wide = 0;
	b = malloc(p.size);
	memcpy(b, p.blob, p.size);
	*size = p.size;
	pt_free(&p);
	pal_buf_free(&t);
	return b;
}

/* The segment table entry of segment k >= 1. */
static struct pal_policy_seg *seg_entry(uint8_t *b, uint32_t k)
{
	struct pal_policy_header *h = (void *)b;

	return (struct pal_policy_seg *)(b + h->segs_off) + k - 1;
}

/* Where virtual offset @off of the policy @b is in its file bytes. */
static size_t file_off(uint8_t *b, uint32_t off)
{
	struct pal_policy_header *h = (void *)b;
	size_t at = h->size;
	uint32_t k;

	if (!(off >> PAL_SEG_SHIFT))
		return off;
	for (k = 1; k < off >> PAL_SEG_SHIFT; k++)
		at += seg_entry(b, k)->size;
	return at + (off & (PALISADE_POLICY_MAX - 1));
}

/* Recompute every segment checksum, then segment 0's. */
static void reseal_segments(uint8_t *b)
{
	struct pal_policy_header *h = (void *)b;
	size_t at = h->size;
	uint32_t k;

	for (k = 1; k < h->nsegs; k++) {
		struct pal_policy_seg *e = seg_entry(b, k);

		e->checksum = pal_fnv1a(PAL_FNV_OFFSET, b + at, e->size);
		at += e->size;
	}
	reseal(b, h->size);
}

TEST(segments)
{
	size_t size, last;
	uint8_t *good = compiled_segments(&size), *b = malloc(size);
	struct pal_policy_header *h = (void *)b;
	char err[200];
	uint32_t i, far = 0;

	memcpy(b, good, size);
	ASSERT_GE(h->nsegs, 2U);
	EXPECT_EQ(0, pal_policy_verify(b, size, err, sizeof(err))) TH_LOG("%s", err);
	for (i = 0; i < h->nprofiles && !far; i++)
		if (dfa_off(b, i) >> PAL_SEG_SHIFT)
			far = i;
	ASSERT_NE(0U, far);

	/* a segment table whose sizes do not add up to the file */
	seg_entry(b, 1)->size += 8;
	reseal(b, h->size);
	EXPECT_EQ(-EINVAL, pal_policy_verify(b, size, err, sizeof(err)));
	EXPECT_EQ(0, strncmp(err, "policy truncated or padded: its segments hold", 45))
		TH_LOG("%s", err);
	/* a segment larger than a segment can be */
	memcpy(b, good, size);
	seg_entry(b, 1)->size = PALISADE_POLICY_MAX + 8;
	reseal(b, h->size);
	EXPECT_EQ(-EINVAL, pal_policy_verify(b, size, err, sizeof(err)));
	EXPECT_STREQ("segment 1: size 2097160 is over the segment size or not 8-byte aligned", err);
	/* a segment table outside segment 0 */
	memcpy(b, good, size);
	h->segs_off = h->size - 4;
	reseal(b, h->size);
	EXPECT_EQ(-EINVAL, pal_policy_verify(b, size, err, sizeof(err)));
	EXPECT_EQ(0, strncmp(err, "segment table at", 16)) TH_LOG("%s", err);
	/* a flipped byte of segment 1 */
	memcpy(b, good, size);
	b[h->size + 100] ^= 1;
	EXPECT_EQ(-EINVAL, pal_policy_verify(b, size, err, sizeof(err)));
	EXPECT_EQ(0, strncmp(err, "segment 1: checksum mismatch", 28)) TH_LOG("%s", err);

	/* a DFA whose class map is in another segment than its header */
	memcpy(b, good, size);
	*word(b, file_off(b, dfa_off(b, far)) +
	      offsetof(struct pal_dfa_header, classes_off)) -= PALISADE_POLICY_MAX;
	reseal_segments(b);
	EXPECT_EQ(-EINVAL, pal_policy_verify(b, size, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "crosses a segment boundary")) TH_LOG("%s", err);
	/* a DFA running past the end of its segment's bytes */
	memcpy(b, good, size);
	*word(b, file_off(b, dfa_off(b, far)) +
	      offsetof(struct pal_dfa_header, nentries)) += 1U << 20;
	reseal_segments(b);
	EXPECT_EQ(-EINVAL, pal_policy_verify(b, size, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "out of bounds")) TH_LOG("%s", err);
	/* profile tables in a segment after 0 */
	memcpy(b, good, size);
	h->profiles_off |= 1U << PAL_SEG_SHIFT;
	reseal(b, h->size);
	EXPECT_EQ(-EINVAL, pal_policy_verify(b, size, err, sizeof(err)));
	EXPECT_EQ(0, strncmp(err, "profile records", 15)) TH_LOG("%s", err);

	/* a missing segment: the last one dropped, the header says so */
	memcpy(b, good, size);
	last = seg_entry(b, h->nsegs - 1)->size;
	h->nsegs--;
	reseal(b, h->size);
	EXPECT_EQ(-EINVAL, pal_policy_verify(b, size - last, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "out of bounds")) TH_LOG("%s", err);
	/* ...or the file cut short without saying so */
	memcpy(b, good, size);
	EXPECT_EQ(-EINVAL, pal_policy_verify(b, size - last, err, sizeof(err)));
	/* more segments than there may be */
	h->nsegs = PAL_POLICY_SEGS + 1;
	reseal(b, h->size);
	EXPECT_EQ(-E2BIG, pal_policy_verify(b, size, err, sizeof(err)));
	free(b);
	free(good);
}

TEST_HARNESS_MAIN
