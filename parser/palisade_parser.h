/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade profile compiler: AppArmor profile text in, binary policy (the
 * layout of palisade.h) out, plus the verifier a loader runs before it
 * trusts a policy.
 */
#ifndef PALISADE_PARSER_H
#define PALISADE_PARSER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Dump flags, one per pipeline stage (-D NAME). */
#define PAL_DUMP_EXPR_TREE	(1U << 0)	/* expr-tree: regex of each rule */
#define PAL_DUMP_DFA_STATES	(1U << 1)	/* dfa-states: subset construction */
#define PAL_DUMP_DFA_MINIMIZE	(1U << 2)	/* dfa-minimize: minimised DFA */
#define PAL_DUMP_COMPRESSED_DFA	(1U << 3)	/* compressed-dfa: final tables */
#define PAL_DUMP_STATS		(1U << 4)	/* stats: sizes per profile */

struct pal_compile_opts {
	const char *const *include_dirs; /* -I */
	int ninclude_dirs;
	int big_endian;          /* -1 host order, 0 little, 1 big */
	unsigned int dump_flags; /* PAL_DUMP_* bits, one per stage */
	FILE *dump;              /* where dumps go (NULL = stderr) */
	int strict;              /* "parsed, not enforced" becomes an error */
	const char *id_root;     /* setuid ->/setgid -> names resolve in
				    ID_ROOT/etc/passwd and /etc/group
				    (NULL: the running system's) */
	int quiet;               /* no warnings or notes (-q) */
	int show_source;         /* errors quote the line, with a caret */
	int jobs;                /* profiles compiled at once (-j): 0 or 1
				    one at a time, N on up to N threads,
				    PAL_JOBS_AUTO one per CPU; the policy
				    and the messages are the same for all */
};

#define PAL_JOBS_AUTO (-1)

/* CPUs this process may run on (its affinity mask), at least 1. */
unsigned int pal_online_cpus(void);

/*
 * -p: write the text of @path with every include inlined (recursively,
 * directories as each of their files), between "# include ..." comment
 * lines; variables, conditionals and aliases are left as written, as
 * AppArmor's own -p does.  0, or -1 after file:line:col errors on @err.
 */
int pal_preprocess_file(const struct pal_compile_opts *opts, const char *path,
			FILE *out, FILE *err);

/*
 * Compile profile files (or one string) into a binary policy.
 * 0 on success (*blob malloc'd, caller frees); -1 after printing
 * file:line:col: messages to err (which may be NULL to stay quiet).
 * A NULL opts means the defaults (host order, no include dirs).
 */
int pal_compile_files(const struct pal_compile_opts *opts,
		      const char *const *paths, int npaths, void **blob,
		      size_t *size, FILE *err);
int pal_compile_string(const struct pal_compile_opts *opts, const char *name,
		       const char *text, void **blob, size_t *size, FILE *err);

/* 0 if the policy is safe to load, else -EINVAL (or -E2BIG...) with a
 * one-line reason in err */
int pal_policy_verify(const void *blob, size_t size, char *err, size_t errlen);

/*
 * The reader of the file format: check that the header and segment table
 * of @blob describe its @size bytes and fill @segs[*nsegs] (segment 0's
 * entry from the header).  Not a verification: pal_policy_verify() is.
 * 0, or a negative errno with a message in err.
 */
struct pal_policy_seg;
int pal_policy_segments(const void *blob, size_t size,
			struct pal_policy_seg *segs, uint32_t *nsegs,
			char *err, size_t errlen);

/*
 * Load the policy file bytes @blob into a new virtual buffer
 * (PAL_POLICY_VSIZE bytes, each segment at its virtual offset), the shape
 * every userspace reader of a policy (match.h, merge, diff, dump) works
 * on.  0 with *vbuf malloc'd, or a negative errno with a message in err.
 */
int pal_policy_unpack(const void *blob, size_t size, void **vbuf,
		      char *err, size_t errlen);

/* A zeroed virtual policy buffer of PAL_POLICY_VSIZE bytes, or NULL. */
void *pal_policy_vbuf_alloc(void);

/* host-order convenience for tools: after verify, find a profile by name,
 * -1 if none */
int pal_policy_profile_index(const void *blob, const char *name);

/* The PAL_DUMP_* bit of a -D stage name, 0 if unknown. */
unsigned int pal_dump_flag(const char *name);

#endif /* PALISADE_PARSER_H */
