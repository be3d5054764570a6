/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Binary policy writer: lays out the header, the profile records (sorted
 * by id), the string table and the DFA tables exactly as palisade.h
 * describes, in either byte order.  Every 32-bit word goes through
 * pal_put32() so that the byte order is decided in one place.
 *
 * Layout: header | profile records | strings (padded to 4) |
 *         one file DFA per profile, in record order | attachment DFA.
 * A DFA is its header, the 256-byte class map, transitions, accept records.
 */
#ifndef PAL_POLICY_H
#define PAL_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "pal_dfa.h"

struct pal_policy_prof {
	const char *name;
	const char *attach;		/* "" when the profile does not attach */
	uint32_t mode;
	uint32_t id;
	const struct pal_dfa *file_dfa;
};

/* Resolve the big_endian option (-1 = host order) to 0 or 1. */
int pal_resolve_big_endian(int big_endian);
void pal_put32(uint8_t *p, uint32_t v, int big);
uint32_t pal_get32(const uint8_t *p, int big);

/* Bytes a DFA takes in a policy. */
size_t pal_dfa_blob_size(const struct pal_dfa *d);

/*
 * Write a policy of @n profiles (sorted by strictly increasing id).
 * 0 with *blob malloc'd, or -1 with a message in err (too large).
 */
int pal_policy_write(const struct pal_policy_prof *profs, size_t n,
		     const struct pal_dfa *attach, int big_endian, void **blob,
		     size_t *size, char *err, size_t errlen);

#endif /* PAL_POLICY_H */
