/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DFA minimisation.  Two ways to find the coarsest partition of the states
 * into equivalence blocks, both starting from "same accept record":
 * Hopcroft's O(k n log n) algorithm, used by the compiler, and Moore's
 * round-based refinement, slow but obviously right, kept so tests can check
 * one against the other.  The quotient automaton is then numbered
 * canonically (dead state 0, start 1, then breadth first in class order)
 * and byte classes whose columns became identical are merged, so that
 * equal languages give byte-identical tables.
 */
#ifndef PAL_MINIMIZE_H
#define PAL_MINIMIZE_H

#include <stdint.h>

#include "pal_dfa.h"

enum pal_min_algo {
	PAL_MIN_HOPCROFT,
	PAL_MIN_MOORE,
};

/* Fill block_of[nstates]; return the number of blocks. */
uint32_t pal_partition_hopcroft(const struct pal_dfa *d, uint32_t *block_of);
uint32_t pal_partition_moore(const struct pal_dfa *d, uint32_t *block_of);

/* The quotient of @d by a partition (state 0 of @d must be dead). */
struct pal_dfa *pal_dfa_quotient(const struct pal_dfa *d,
				 const uint32_t *block_of, uint32_t nblocks);

struct pal_dfa *pal_dfa_minimize(const struct pal_dfa *d,
				 enum pal_min_algo algo);

#endif /* PAL_MINIMIZE_H */
