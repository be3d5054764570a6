/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compiling the rule classes that are not paths: capability rules to the
 * profile record's capability words, network, signal and ptrace rules to
 * the profile's rules DFA (queries as &enum pal_class in palisade.h).
 */
#ifndef PAL_COMPILE_RULES_H
#define PAL_COMPILE_RULES_H

#include <stdio.h>
#include <stdint.h>

#include "palisade.h"
#include "pal_ast.h"
#include "pal_dfa.h"
#include "pal_diag.h"

/**
 * struct pal_rules_result - the compiled class rules of one profile
 * @dfa: the rules DFA, minimised; NULL when the profile has no network,
 *	signal or ptrace rule (the policy then shares a DFA that accepts
 *	nothing)
 * @states_before: states of @dfa before minimisation
 * @cap_allow: capabilities allowed (bit n of word n / 32 = capability n)
 * @cap_deny: capabilities denied by ``deny`` rules
 * @cap_audit: capabilities of ``audit`` rules
 * @cap_quiet: denials not logged: a ``deny`` rule without ``audit``
 */
struct pal_rules_result {
	struct pal_dfa *dfa;
	uint32_t states_before;
	uint32_t cap_allow[PAL_CAP_WORDS];
	uint32_t cap_deny[PAL_CAP_WORDS];
	uint32_t cap_audit[PAL_CAP_WORDS];
	uint32_t cap_quiet[PAL_CAP_WORDS];
};

/*
 * Compile the class rules of @p, whose full name is @name.  Dumps go to
 * @dump as @dump_flags (PAL_DUMP_*) ask.  0, or -1 after an error was
 * reported to @d.
 */
int pal_compile_class_rules(struct pal_diag *d, const struct pal_profile *p,
			    const char *name, unsigned int dump_flags,
			    FILE *dump, struct pal_rules_result *out);
void pal_rules_result_free(struct pal_rules_result *r);

#endif /* PAL_COMPILE_RULES_H */
