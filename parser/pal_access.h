/* SPDX-License-Identifier: GPL-2.0 */
/*
 * File access strings ("rw", "mrix", "Px", ...).  As in AppArmor, 'w'
 * implies append, so "wa" is rejected as contradictory rather than
 * silently redundant.
 */
#ifndef PAL_ACCESS_H
#define PAL_ACCESS_H

#include <stddef.h>
#include <stdint.h>

#include "pal_ast.h"

struct pal_access {
	uint32_t perms;		/* PAL_MAY_* */
	enum pal_exec exec;
};

/*
 * Parse @s for a rule that is (@deny) or is not a deny rule.  0 on success;
 * -1 with *bad set to the offending byte offset and a message in msg.
 */
int pal_access_parse(const char *s, int deny, struct pal_access *out,
		     size_t *bad, char *msg, size_t msglen);

/* Is every byte of @s a letter that may appear in an access string? */
int pal_access_chars_only(const char *s);

#endif /* PAL_ACCESS_H */
