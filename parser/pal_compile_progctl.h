/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Program control and authority of a profile: the PAL_PC_* flags, the
 * setuid -> / setgid -> lists resolved to sorted ids, the limits.
 */
#ifndef PAL_COMPILE_PROGCTL_H
#define PAL_COMPILE_PROGCTL_H

#include "pal_ast.h"
#include "pal_diag.h"
#include "pal_policy.h"

/*
 * Fill @pp's program-control fields from @p.  User and group names resolve
 * in @root/etc/passwd and @root/etc/group (@root NULL or "": "/").
 * Return: 0, or -1 after reporting an error at the name's file:line:col.
 * The id lists are malloc'd: pal_compile_progctl_free() releases them.
 */
int pal_compile_progctl(struct pal_diag *d, const struct pal_profile *p,
			const char *root, struct pal_policy_prof *pp);
void pal_compile_progctl_free(struct pal_policy_prof *pp, size_t n);

#endif /* PAL_COMPILE_PROGCTL_H */
