/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Binary policy writer: lays out the header, the profile records (sorted
 * by id), the string table and the DFA tables exactly as palisade.h
 * describes, in either byte order.  Every 32-bit word goes through
 * pal_put32() so that the byte order is decided in one place.
 *
 * Layout of segment 0: header | profile records | strings (padded to 4) |
 *         exec targets | id lists | segment table | padding to 8 |
 *         attachment DFA | the shared empty DFA (rules DFA of profiles
 *         without one) | profile DFAs that fit.
 * Profile DFAs are placed first-fit over the segments (pal_seg_place(),
 * the one packer of the compiler and of pal_policy_merge()), so a
 * policy is as many segments as it needs and no DFA crosses a boundary.
 * A DFA is its header, the 256-byte class map, the comb (8-byte entries),
 * accept records; each DFA starts and ends 8-byte aligned.
 */
#ifndef PAL_POLICY_H
#define PAL_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "pal_dfa.h"
#include "palisade.h"

struct pal_policy_prof {
	const char *name;
	const char *attach;		/* "" when the profile does not attach */
	uint32_t mode;
	uint32_t id;
	const struct pal_dfa *file_dfa;
	const struct pal_dfa *rules_dfa;	/* NULL: accepts nothing */
	uint32_t flags;				/* PAL_PF_* */
	uint32_t parent_id;
	uint32_t cap_allow[PAL_CAP_WORDS];
	uint32_t cap_deny[PAL_CAP_WORDS];
	uint32_t cap_audit[PAL_CAP_WORDS];
	uint32_t cap_quiet[PAL_CAP_WORDS];
	uint32_t pc_flags;			/* PAL_PC_* */
	const uint32_t *uids;			/* sorted ascending */
	size_t nuids;
	const uint32_t *gids;			/* sorted ascending */
	size_t ngids;
	uint32_t limit_threads;
	uint32_t limit_procs;
};

/* Resolve the big_endian option (-1 = host order) to 0 or 1. */
int pal_resolve_big_endian(int big_endian);
void pal_put32(uint8_t *p, uint32_t v, int big);
uint32_t pal_get32(const uint8_t *p, int big);

void pal_put64(uint8_t *p, uint64_t v, int big);

/* Bytes a DFA takes in a policy (comb-packed), a multiple of 8. */
size_t pal_dfa_blob_size(const struct pal_dfa *d);
/* Bytes it would take as a flat state x class table (for -D stats). */
size_t pal_dfa_flat_size(const struct pal_dfa *d);

/**
 * struct pal_seg_packer - where the DFAs of a policy being written go
 * @used: bytes taken in each segment
 * @nsegs: segments in use
 */
struct pal_seg_packer {
	uint32_t used[PAL_POLICY_SEGS];
	uint32_t nsegs;
};

void pal_seg_packer_init(struct pal_seg_packer *p, size_t seg0_used);
/* Room for @size bytes (a multiple of 8) in the first segment that has it.
 * Return: its virtual offset, or -1 when no segment has room. */
int64_t pal_seg_place(struct pal_seg_packer *p, size_t size);

/*
 * Fill in the segment table, sizes and checksums of the virtual policy
 * @vbuf laid out by @pk, and copy it out in the file format (segment 0's
 * used bytes, then each further segment's).  Return: 0 with *blob malloc'd.
 */
int pal_policy_pack(const uint8_t *vbuf, const struct pal_seg_packer *pk,
		    int big, void **blob, size_t *size);

/*
 * Write a policy of @n profiles (sorted by strictly increasing id) with the
 * exec target names @xtargets (index i is referred to as i + 1 in
 * PAL_X_TARGET bits; ids are computed from the names).
 * 0 with *blob malloc'd (the file format), or -1 with a message in err
 * (too large).
 */
int pal_policy_write(const struct pal_policy_prof *profs, size_t n,
		     const struct pal_dfa *attach,
		     const char *const *xtargets, size_t nxtargets,
		     int big_endian, void **blob, size_t *size,
		     char *err, size_t errlen);

#endif /* PAL_POLICY_H */
