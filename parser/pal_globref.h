/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The slow reference glob matcher: backtracking straight over the glob,
 * no automaton.  It shares no code with the glob lowering or the DFA
 * pipeline so that differential tests can catch a bug in either.
 */
#ifndef PAL_GLOBREF_H
#define PAL_GLOBREF_H

/*
 * Does a rule glob (variables expanded, '//' not yet collapsed) match the
 * path?  1 = yes, 0 = no, -1 = the glob is malformed.
 */
int pal_globref_match(const char *glob, const char *path);

#endif /* PAL_GLOBREF_H */
