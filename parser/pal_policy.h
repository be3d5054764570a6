/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Binary policy writer: lays out the header, the profile records (sorted
 * by id), the string table and the DFA tables exactly as palisade.h
 * describes, in either byte order.  Every 32-bit word goes through
 * pal_put32() so that the byte order is decided in one place.
 *
 * Layout: header | profile records | strings (padded to 4) |
 *         exec targets | id lists | padding to 8 |
 *         per profile in record order: file DFA, rules DFA |
 *         the shared empty DFA (rules DFA of profiles without one) |
 *         attachment DFA.
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

/*
 * Write a policy of @n profiles (sorted by strictly increasing id) with the
 * exec target names @xtargets (index i is referred to as i + 1 in
 * PAL_X_TARGET bits; ids are computed from the names).
 * 0 with *blob malloc'd, or -1 with a message in err (too large).
 */
int pal_policy_write(const struct pal_policy_prof *profs, size_t n,
		     const struct pal_dfa *attach,
		     const char *const *xtargets, size_t nxtargets,
		     int big_endian, void **blob, size_t *size,
		     char *err, size_t errlen);

#endif /* PAL_POLICY_H */
