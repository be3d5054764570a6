/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DFA construction: regular expression tree -> position automaton
 * (Glushkov: one position per byte set or accept marker, with followpos
 * sets) -> DFA by subset construction over byte equivalence classes.
 *
 * Every DFA this compiler handles keeps two invariants: state 0 is the
 * dead state (it accepts nothing and every transition loops to it), and
 * the class map gives each byte a class, classes being numbered in order
 * of their smallest byte.
 */
#ifndef PAL_DFA_H
#define PAL_DFA_H

#include <stddef.h>
#include <stdint.h>

#include "palisade.h"
#include "pal_expr.h"

struct pal_dfa {
	uint32_t nstates;
	uint32_t nclasses;
	uint32_t start;
	uint8_t classmap[256];
	uint32_t *trans;		/* [nstates * nclasses] */
	struct pal_accept *accept;	/* [nstates] */
	/* comb-packed form (pal_comb.h), built on first use by
	 * pal_dfa_comb(); a DFA does not change once built */
	struct pal_comb *comb;
};

/*
 * Combine the tags of the rules that match in one state into its accept
 * record.  @tags is sorted and free of duplicates; called with ntags == 0
 * too (and must then produce an all-zero record).
 */
typedef void (*pal_accept_fn)(void *ctx, const uint32_t *tags, size_t ntags,
			      struct pal_accept *out);

/*
 * Build the DFA of @root, whose PAL_X_ACCEPT leaves carry the tags.
 * Fails (returns NULL with a message in err) when the automaton would need
 * more than @max_cells transitions.
 */
struct pal_dfa *pal_dfa_build(const struct pal_expr *root, pal_accept_fn fn,
			      void *ctx, size_t max_cells, char *err,
			      size_t errlen);
struct pal_dfa *pal_dfa_alloc(uint32_t nstates, uint32_t nclasses);
void pal_dfa_free(struct pal_dfa *dfa);

/* The comb-packed tables of @dfa (built once, freed with the DFA). */
const struct pal_comb *pal_dfa_comb(const struct pal_dfa *dfa);

/* Run the DFA over a NUL-terminated string: the state reached. */
uint32_t pal_dfa_run(const struct pal_dfa *dfa, const char *s);

#endif /* PAL_DFA_H */
