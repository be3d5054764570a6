/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade userspace: the decision the kernel would make, computed by the
 * same decision core (match.h) on a policy in memory.
 */
#ifndef PAL_EXPLAIN_H
#define PAL_EXPLAIN_H

#include <stddef.h>
#include "match.h"

/**
 * struct pal_explanation - what a profile says about one access
 * @perms: the matched permissions (owner rules folded in when @owner)
 * @decision: the outcome under the profile's compiled mode
 * @mode: that mode (&enum pal_mode)
 */
struct pal_explanation {
	struct pal_perms perms;
	struct pal_decision decision;
	__u32 mode;
};

/*
 * Load the verified policy @blob (@size bytes, the file format) into a
 * virtual policy buffer (pal_policy_unpack()), the shape the decision core
 * reads in userspace.  Free it with free().  Returns NULL when out of
 * memory.
 */
void *pal_explain_prepare(const void *blob, size_t size);

/*
 * Decide @requested (PAL_MAY_*) on @path for the profile @name of @policy
 * (from pal_explain_prepare()).  Returns 0, -ENOENT for an unknown profile,
 * -ENAMETOOLONG for a path of PALISADE_PATH_MAX bytes or more.
 */
int pal_explain(const void *policy, const char *name, const char *path,
		__u32 requested, int owner, struct pal_explanation *out);

/*
 * The exec of @path by a task in the profile @name of @policy: its
 * permissions and the transition the kernel would take (match.h's
 * pal_exec_transition(), the exec hook's own code).  Returns 0, -ENOENT
 * for an unknown profile, -ENAMETOOLONG for a path that is too long.
 */
int pal_explain_exec(const void *policy, const char *name, const char *path,
		     int owner, struct pal_xresult *out);

/* "rw" -> PAL_MAY_READ | PAL_MAY_WRITE; -1 for an unknown letter. */
long pal_mask_parse(const char *letters);

#endif /* PAL_EXPLAIN_H */
