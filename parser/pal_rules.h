/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rule classes palisade parses and validates but does not mediate
 * (capability, network, signal, ptrace, unix, mount, dbus, mqueue, userns,
 * io_uring, change_profile, rlimit, all).  Each is checked the way
 * AppArmor checks it, then noted once as "parsed, not enforced".
 */
#ifndef PAL_RULES_H
#define PAL_RULES_H

#include "pal_ast.h"
#include "pal_diag.h"
#include "pal_lex.h"

/* Items of a rule body: bounds against hostile input. */
#define PAL_RULE_MAX_ITEMS 1024
#define PAL_RULE_MAX_DEPTH 4

/*
 * Parse the rest of a rule of class @cls (canonical name) whose keyword is
 * @kw, up to and including its ','.  @qual are the rule's PAL_Q_* prefixes.
 * 0 on success, -1 after reporting an error.
 */
int pal_parse_other_rule(struct pal_diag *d, struct pal_lex *lx,
			 struct pal_profile *prof, const struct pal_tok *kw,
			 const char *cls, unsigned int qual);

#endif /* PAL_RULES_H */
