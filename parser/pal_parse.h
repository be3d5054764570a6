/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parser: profile text -> AST.  Recursive descent over pal_lex tokens; it
 * stops at the first error (reported with its location), because later
 * messages after a syntax error are more often noise than help.
 */
#ifndef PAL_PARSE_H
#define PAL_PARSE_H

#include <stddef.h>

#include "pal_ast.h"
#include "pal_diag.h"

/* Include nesting limit: also what stops include loops. */
#define PAL_INCLUDE_MAX_DEPTH 16

struct pal_parse_opts {
	const char *const *include_dirs;
	int ninclude_dirs;
};

/* Parse one top-level file (with its own variable scope) into @ast. */
int pal_parse_file(struct pal_ast *ast, struct pal_diag *d,
		   const struct pal_parse_opts *o, const char *path);
int pal_parse_text(struct pal_ast *ast, struct pal_diag *d,
		   const struct pal_parse_opts *o, const char *name,
		   const char *text, size_t len);

#endif /* PAL_PARSE_H */
