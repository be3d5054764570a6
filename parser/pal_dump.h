/* SPDX-License-Identifier: GPL-2.0 */
/* Human-readable dumps of the pipeline stages (-D). */
#ifndef PAL_DUMP_H
#define PAL_DUMP_H

#include <stddef.h>
#include <stdio.h>

#include "pal_dfa.h"

/* Classes as byte ranges, then each live state's accept and transitions. */
void pal_dump_dfa(FILE *f, const struct pal_dfa *d);

/*
 * -D stats line of one DFA: states before and after minimisation,
 * classes, the comb (entries, defaults, accept records) and its size next
 * to what a flat state x class table would take.
 */
void pal_dump_dfa_stats(FILE *f, const char *what, const char *name,
			uint32_t states_before, const struct pal_dfa *d);

/* The tables of a written (host order) policy, as the matcher sees them. */
void pal_dump_policy(FILE *f, const void *blob, size_t size);

#endif /* PAL_DUMP_H */
