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
 * pal_audit_format() with the name of the event's peer (&pal_event.peer_id)
 * in @peer, NULL if unknown: the other task's profile of a signal or ptrace
 * event (peer=), the profile an exec moves to (target=).  Capability,
 * network, signal and ptrace events get the keys AppArmor writes for them
 * (capability= capname=, family= sock_type= protocol=, signal= peer=).
 */
int pal_audit_format_peer(const struct pal_event *e, const char *profile,
			  const char *peer, char *buf, size_t len);

/* AppArmor's name of capability @cap, NULL past the last one. */
const char *pal_cap_name(__u32 cap);

#endif /* PAL_AUDIT_H */
