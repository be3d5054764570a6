/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Comb packing of a DFA's transition table (default/base/next/check, the
 * layout palisade.h documents at struct pal_dfa_header).
 *
 * Each state may borrow the row of one default state and then stores only
 * the classes where it differs; a default state stores every class that
 * does not lead to the dead state.  Defaults are never chained, which
 * bounds a transition at three loads in the matcher.  The rows are then
 * laid into one array first-fit, densest first, so that sparse rows fill
 * the holes of others.  A dense row ends up as a plain contiguous row: it
 * costs the same one load per byte as a flat table would, so no separate
 * uncompressed form is needed.
 */
#ifndef PAL_COMB_H
#define PAL_COMB_H

#include <stdint.h>

#include "pal_dfa.h"

struct pal_comb {
	uint32_t nentries;
	uint64_t *ent;		/* [nentries], host order, PAL_DFA_ENTRY() */
	uint32_t *token;	/* [nstates]: comb index of each header */
	uint32_t *dflt;		/* [nstates]: default state, 0 = none */
	uint32_t nstored;	/* row entries stored (headers not counted) */
	/* distinct accept records, the all-zero one first; the header of
	 * each state names its record */
	struct pal_accept *acc;	/* [naccept] */
	uint32_t naccept;
	uint32_t *acc_of;	/* [nstates]: index into acc */
	uint32_t ndefaults;	/* states with a default state */
	uint32_t entry_size;	/* bytes per entry written: 4 or 8 */
};

/*
 * Non-zero: write every comb with 8-byte entries, as the 4-byte form's
 * limits were exceeded (tests compare the two encodings of a policy).
 */
extern int pal_comb_force_wide;

/* The comb entry @i of a comb of @entry_size-byte entries at @p, in this
 * machine's byte order, in the 8-byte form (PAL_DFA_ENTRY()). */
uint64_t pal_comb_entry_at(const void *p, uint32_t entry_size, uint32_t i);

/* Pack @d (state 0 dead).  Never fails (allocation failure aborts). */
struct pal_comb *pal_comb_build(const struct pal_dfa *d);
void pal_comb_free(struct pal_comb *c);

/*
 * One transition of the packed table, from token @tok on class @cls
 * (1..nclasses): the same rule as the matcher.  Entries beyond the comb
 * read as unused.
 */
uint32_t pal_comb_next(const uint64_t *ent, uint32_t nentries, uint32_t tok,
		       uint32_t cls);

/*
 * Check that the comb of @d gives exactly @d's transition for every state
 * and class.  0 when it does; else -1 with the first difference in @err.
 */
int pal_comb_check(const struct pal_dfa *d, const struct pal_comb *c,
		   char *err, size_t errlen);

/*
 * The DFA at byte offset @off of a verified policy @blob (this machine's
 * byte order) in the flat in-memory form: the inverse of the writer, for
 * tools that work on compiled policy (per-profile replace, diff).
 */
struct pal_dfa *pal_dfa_decode(const void *blob, uint32_t off);

/*
 * Tests set pal_comb_selfcheck: every comb pal_dfa_comb() builds is then
 * checked with pal_comb_check(), counting checks and failures (atomically:
 * combs are built on the compile's worker threads).
 */
extern int pal_comb_selfcheck;
extern unsigned long pal_comb_checked, pal_comb_failed;

#endif /* PAL_COMB_H */
