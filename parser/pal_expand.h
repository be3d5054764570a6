/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Variable expansion.  "@{VAR}" is replaced by its value, or by the
 * alternation {v1,v2,...} of its values; values that refer to variables
 * are multiplied out first.  As in AppArmor, when a variable of several
 * values follows a '/' (or precedes one), the values lose their leading
 * (trailing) slashes, because a '//' inside an alternation would survive
 * the later collapsing of '//' runs and then never match.
 */
#ifndef PAL_EXPAND_H
#define PAL_EXPAND_H

#include <stddef.h>

#include "pal_ast.h"

/* Longest text an expansion may produce. */
#define PAL_EXPAND_MAX 65536
/* How deep variables may refer to variables. */
#define PAL_EXPAND_MAX_DEPTH 16

/* 0 with *out malloc'd, or -1 with a message in msg. */
int pal_expand_vars(const struct pal_vars *vt, const char *text, char **out,
		    char *msg, size_t msglen);

#endif /* PAL_EXPAND_H */
