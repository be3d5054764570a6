/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade userspace: audit records as AppArmor-format lines.
 */
#ifndef PAL_AUDIT_H
#define PAL_AUDIT_H

#include <stddef.h>
#include "palisade.h"

/* Permission letters in AppArmor's audit order ("wr" for read+write). */
void pal_mask_str(__u32 mask, char *buf, size_t len);

/* AppArmor's name of an operation (&enum pal_op), "unknown" if none. */
const char *pal_op_name(__u32 op);
/* The info= text of &enum pal_info, NULL for PAL_INFO_NONE. */
const char *pal_info_name(__u32 info);

/*
 * Format @e as the key=value body AppArmor writes (apparmor="DENIED"
 * operation="open" ...).  @profile is the profile's name, NULL if unknown.
 * Returns the length written (truncated to @len - 1).
 */
int pal_audit_format(const struct pal_event *e, const char *profile, char *buf,
		     size_t len);

/*
 * pal_audit_format() with the name of &pal_event.peer_id in @peer (NULL if
 * unknown): exec records carry it as target="...".
 */
int pal_audit_format_ex(const struct pal_event *e, const char *profile,
			const char *peer, char *buf, size_t len);

#endif /* PAL_AUDIT_H */
