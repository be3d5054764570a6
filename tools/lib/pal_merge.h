/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade userspace: per-profile changes to a compiled policy.
 *
 * The kernel holds one policy with every profile; `palisade load`,
 * `replace` and `remove` change some profiles of it.  The new policy is
 * built from the policy in force and the newly compiled profiles: each
 * profile's tables are copied as they are, and only the tables that span
 * profiles (the attachment DFA, the exec target and id tables) are
 * rebuilt, so the policy text of profiles loaded earlier is not needed.
 */
#ifndef PAL_MERGE_H
#define PAL_MERGE_H

#include <stddef.h>

/*
 * Build in *@out the policy @base (NULL: none) without the profiles named
 * in @drop (and their child profiles and hats, "NAME//..."), and with every
 * profile of @add (NULL: none), which replaces a profile of the same name
 * in @base.  Both inputs are verified host-order policies.  Returns 0 with
 * *@out malloc'd, or a negative errno with a message in @err.
 */
int pal_policy_merge(const void *base, const void *add,
		     const char *const *drop, size_t ndrop,
		     void **out, size_t *out_size, char *err, size_t errlen);

/*
 * The names of the profiles of the verified policy @blob, in record
 * order: a malloc'd array of pointers into @blob.  Returns the count.
 */
size_t pal_policy_names(const void *blob, const char ***names);

#endif /* PAL_MERGE_H */
