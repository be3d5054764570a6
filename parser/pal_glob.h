/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AppArmor globs, lowered to regular expression trees.
 *
 *   *      any run of bytes except '/'
 *   **     any run of bytes, '/' included
 *   ?      one byte except '/'
 *   [..]   one byte of a class, [^..] one byte outside it (as in AppArmor,
 *          a negated class does match '/'); ranges a-z, '\' escapes
 *   {a,b}  alternation, nested, at least two alternatives
 *   \c     the byte c literally
 *
 * AppArmor's rule that keeps "/dir/" + "*" from matching "/dir/" is textual
 * and is reproduced exactly: a run of stars that directly follows a literal
 * '/' of the same alternative, and is followed by '/' or by the end of the
 * glob, must match at least one byte, and that byte is not '/'.  So a star
 * or double star as a whole path component never matches an empty
 * component, while a star next to other text in the component may match
 * nothing ("/tmp/" + "*.c" matches "/tmp/.c").
 */
#ifndef PAL_GLOB_H
#define PAL_GLOB_H

#include <stddef.h>

#include "pal_expr.h"

/* Nesting limit of {..}: keeps every recursive walk shallow. */
#define PAL_GLOB_MAX_DEPTH 50

struct pal_glob_err {
	size_t off;		/* byte offset in the glob text */
	char msg[160];
};

/*
 * Lower a glob (variables already expanded) to a tree; NULL with *err set
 * on a syntax error.  With allow_vars, "@{NAME}" references are accepted
 * (and stand for the empty string): used to check a glob's syntax as the
 * user wrote it, so errors point at the right column.
 */
struct pal_expr *pal_glob_parse(const char *glob, int allow_vars,
				struct pal_glob_err *err);
int pal_glob_check(const char *glob, int allow_vars, struct pal_glob_err *err);

/* Collapse every run of '/' to one '/' (AppArmor's filter_slashes). */
char *pal_glob_filter_slashes(const char *glob);

/*
 * Number of literal bytes before the first wildcard ('*', '?', '[', '{'):
 * the attachment priority of AppArmor's longest-left-match rule.
 */
size_t pal_glob_literal_prefix(const char *glob);

/*
 * Does the glob match only exact paths: no '*', '?' or '[' outside an
 * escape?  Alternations of plain strings ("/{,usr/}bin/gzip") are exact,
 * as in AppArmor, whose exec-modifier precedence counts a rule exact
 * unless its expression holds a repetition, any-char or character class.
 */
int pal_glob_is_exact(const char *glob);

#endif /* PAL_GLOB_H */
