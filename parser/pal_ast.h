/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parsed form of profile text.  Globs and names are kept as written;
 * variables are expanded by the compile stage, once every file of a
 * compile has been read, so definitions may follow their uses.
 */
#ifndef PAL_AST_H
#define PAL_AST_H

#include <stddef.h>
#include <stdint.h>

#include "pal_diag.h"

/* Rule qualifiers. */
#define PAL_Q_AUDIT	(1U << 0)
#define PAL_Q_DENY	(1U << 1)
#define PAL_Q_ALLOW	(1U << 2)	/* explicit "allow" (the default) */
#define PAL_Q_OWNER	(1U << 3)
#define PAL_Q_OTHER	(1U << 4)	/* "other": accesses by a non-owner */

/* Exec modes; every one maps to PAL_MAY_EXEC for now. */
enum pal_exec {
	PAL_EXEC_NONE,
	PAL_EXEC_X,	/* bare x: deny rules only */
	PAL_EXEC_IX,
	PAL_EXEC_UX,
	PAL_EXEC_UX_SAFE,	/* Ux */
	PAL_EXEC_PX,
	PAL_EXEC_PX_SAFE,	/* Px */
	PAL_EXEC_CX,
	PAL_EXEC_CX_SAFE,	/* Cx */
	PAL_EXEC_PIX,
	PAL_EXEC_PIX_SAFE,	/* Pix */
	PAL_EXEC_CIX,
	PAL_EXEC_CIX_SAFE,	/* Cix */
	PAL_EXEC_PUX,
	PAL_EXEC_PUX_SAFE,	/* PUx */
	PAL_EXEC_CUX,
	PAL_EXEC_CUX_SAFE,	/* CUx */
	PAL_EXEC_COUNT,
};

/* The spelling of an exec mode ("" for none). */
const char *pal_exec_name(enum pal_exec e);

struct pal_file_rule {
	struct pal_loc loc;		/* first token of the rule */
	unsigned int qual;		/* PAL_Q_* */
	char *glob;			/* as written */
	struct pal_loc glob_loc;	/* of the glob's first byte */
	uint32_t perms;			/* PAL_MAY_* */
	enum pal_exec exec;
	char *target;			/* "-> target", or NULL */
	int priority;			/* priority=N, 0 by default */
};

struct pal_var {
	char *name;
	char **vals;
	size_t nvals, cap;
	struct pal_loc loc;
};

/* Variables of one top-level file and everything it includes. */
struct pal_vars {
	struct pal_var *v;
	size_t n, cap;
	const struct pal_vars *parent;	/* searched when a name is not here */
};

/* A change_profile rule with an exec condition (for conflict checks). */
struct pal_cp {
	char *cond, *target;
	int safe;		/* 1 safe, -1 unsafe, 0 default (safe) */
};

/* Targets of a setuid -> / setgid -> rule, as written (names, numbers,
 * variables); resolved to ids by pal_compile_progctl.c. */
struct pal_pc_ids {
	char **raw;
	struct pal_loc *locs;
	size_t n, cap;
};

struct pal_profile {
	struct pal_loc loc;		/* of the name */
	char *name;			/* as written, unquoted */
	char *attach;			/* attachment glob or NULL */
	struct pal_loc attach_loc;
	uint32_t mode;			/* enum pal_mode */
	struct pal_profile *parent;	/* for hats and child profiles */
	struct pal_vars *vars;
	struct pal_file_rule *rules;
	size_t nrules, rules_cap;
	struct pal_cp *cps;
	size_t ncps, cps_cap;
	struct pal_class_rules *classes;	/* capability, network, ... */
	/* program control and authority (pal_compile_progctl.c) */
	uint32_t pc_flags;		/* PAL_PC_* */
	struct pal_pc_ids uids, gids;	/* setuid -> / setgid -> targets */
	uint32_t limit_threads, limit_procs;
	uint32_t flags;			/* PAL_PF_* from flags= */
};

struct pal_ast {
	struct pal_profile **profiles;
	size_t nprofiles, profiles_cap;
	struct pal_vars **vartabs;
	size_t nvartabs, vartabs_cap;
};

/*
 * The mediated rule classes beyond files, as the compiler needs them.
 * Names are resolved to numbers while parsing; peers stay globs as
 * written (variables are expanded at compile time).
 */

/* "any" for a network rule's family, type or protocol. */
#define PAL_NET_ANY	(-1)

/* Protocols a network rule may name; each implies a socket type. */
enum pal_net_proto {
	PAL_NETP_ANY = 0,
	PAL_NETP_TCP,
	PAL_NETP_UDP,
	PAL_NETP_ICMP,
};

/* capability [NAME...], */
struct pal_cap_rule {
	struct pal_loc loc;
	unsigned int qual;		/* PAL_Q_* */
	uint32_t caps[2];		/* bit n of word n / 32: capability n */
};

/* network [access] [family] [type | protocol], */
struct pal_net_rule {
	struct pal_loc loc;
	unsigned int qual;
	uint32_t perms;			/* PAL_NET_* */
	int family;			/* AF_*, or PAL_NET_ANY */
	int type;			/* SOCK_*, or PAL_NET_ANY */
	enum pal_net_proto proto;
	int conditional;		/* ip=, port=, peer=...: not mediated */
};

/* signal [access] [set=(...)] [peer=GLOB], and ptrace [access] [peer=GLOB], */
struct pal_peer_rule {
	struct pal_loc loc;
	unsigned int qual;
	uint32_t perms;			/* PAL_SIG_* or PAL_PTRACE_* */
	uint64_t sigs[2];		/* signal: bit n = signal number n */
	char *peer;			/* glob, NULL = any peer */
	struct pal_loc peer_loc;
};

struct pal_class_rules {
	struct pal_cap_rule *caps;
	size_t ncaps, caps_cap;
	struct pal_net_rule *nets;
	size_t nnets, nets_cap;
	struct pal_peer_rule *sigs;
	size_t nsigs, sigs_cap;
	struct pal_peer_rule *ptraces;
	size_t nptraces, ptraces_cap;
};

/* The profile's class rules, allocated on first use. */
struct pal_class_rules *pal_profile_classes(struct pal_profile *p);
void pal_class_rules_free(struct pal_class_rules *cr);

struct pal_profile *pal_ast_add_profile(struct pal_ast *ast);
struct pal_file_rule *pal_profile_add_rule(struct pal_profile *p);
struct pal_vars *pal_ast_add_vars(struct pal_ast *ast);
void pal_ast_free(struct pal_ast *ast);
/* Append the profiles and variable tables of @src to @dst, emptying @src
 * (files parsed apart, joined in file order). */
void pal_ast_move(struct pal_ast *dst, struct pal_ast *src);

struct pal_var *pal_vars_find(const struct pal_vars *vt, const char *name);
struct pal_var *pal_vars_add(struct pal_vars *vt, const char *name,
			     const struct pal_loc *loc);
void pal_var_add_value(struct pal_var *v, const char *val);

#endif /* PAL_AST_H */
