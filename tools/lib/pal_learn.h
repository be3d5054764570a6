/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade userspace: the suggestion engine of genprof and logprof.
 *
 * For one logged event it says whether a compiled profile already allows
 * it (the decision core of match.h on the compiled tables, as the kernel
 * decides), which abstractions would allow it (each abstraction compiled
 * on its own into a probe profile and asked the same way), and which
 * globs generalise its path.  It also edits profile text: rules added to a
 * profile's body, and the unified diff of an edit.
 */
#ifndef PAL_LEARN_H
#define PAL_LEARN_H

#include <stddef.h>
#include <stdio.h>
#include "pal_logparse.h"

/**
 * struct pal_learn_abs - one abstraction, compiled
 * @name: its include name ("abstractions/base")
 * @policy: a policy with one profile that includes it (pal_explain_prepare()
 *	shape), NULL when it does not compile on its own
 */
struct pal_learn_abs {
	char *name;
	void *policy;
};

/**
 * struct pal_learn - what suggestions are made from
 * @incs: include directories (the abstractions are their abstractions/)
 * @ninc: their count
 * @abs: the abstractions found, sorted by name, the first directory
 *	winning for a name found twice
 * @nabs: their count
 */
struct pal_learn {
	const char *const *incs;
	int ninc;
	struct pal_learn_abs *abs;
	size_t nabs;
};

/* Find and compile the abstractions of @incs.  Returns 0 or -ENOMEM. */
int pal_learn_init(struct pal_learn *l, const char *const *incs, int ninc);
void pal_learn_fini(struct pal_learn *l);

/* The profile name of the abstraction probes. */
#define PAL_LEARN_PROBE		"pal_learn_probe"

/*
 * Compile @text (a profile file named @name, for messages) with @incs and
 * verify it: the policy in pal_explain_prepare() shape, or NULL after
 * printing file:line:col errors to @err (NULL: quiet).
 */
void *pal_learn_compile(const char *name, const char *text,
			const char *const *incs, int ninc, FILE *err);

/*
 * Does profile @profile of @policy allow @ev (as if in enforce mode)?
 * 1 yes, 0 no, -ENOENT when the policy has no such profile.
 */
int pal_learn_allows(const void *policy, const char *profile,
		     const struct pal_log_event *ev);

/* Suggestion kinds, in the order they are offered. */
enum pal_sugg_kind {
	PAL_SUGG_INCLUDE = 0,	/* include <abstractions/...> */
	PAL_SUGG_LITERAL,	/* the logged path, or the rule of a non-path event */
	PAL_SUGG_GLOB,		/* a glob of the path */
};

/**
 * struct pal_sugg - one suggestion
 * @kind: &enum pal_sugg_kind
 * @text: the include name (without include <>), the path or glob, or the
 *	rule for a non-path class
 */
struct pal_sugg {
	enum pal_sugg_kind kind;
	char text[PALISADE_PATH_MAX + 64];
};

/*
 * The suggestions for @ev: abstractions that allow it (not those in
 * @skip, the includes the profile has already), then the literal path or
 * rule, then the path's globs.  Returns the count (*out malloc'd), or a
 * negative errno (-EINVAL: no rule can allow the event).
 */
int pal_learn_suggest(const struct pal_learn *l, const struct pal_log_event *ev,
		      const char *const *skip, size_t nskip,
		      struct pal_sugg **out);

/*
 * Globs of a path, as AppArmor's tools make them.  pal_glob_next(): the
 * last component becomes "*" (a/b/c gives a/b/ and "*"), a "*" becomes
 * "**", a "**" moves up one directory.  pal_glob_ext(): the file name
 * becomes "*" with its extension kept (a/b/c.txt gives a/b/ and "*.txt"),
 * then "**.txt", then one directory up.  Both write @out[@len] and return
 * 1, or 0 when the path cannot be made more general (or has no extension).
 */
int pal_glob_next(const char *path, char *out, size_t len);
int pal_glob_ext(const char *path, char *out, size_t len);

/*
 * Add @lines (rule text without indentation) at the end of the body of
 * profile @profile (full name) in the profile file text @text (named
 * @fname).  Returns the new text, malloc'd, or NULL with a message in @err.
 */
char *pal_learn_add_lines(const char *fname, const char *text,
			  const char *const *incs, int ninc,
			  const char *profile, const char *const *lines,
			  size_t nlines, char *err, size_t errlen);

/* The include names ("abstractions/base") profile @profile of @text has. */
int pal_learn_includes(const char *fname, const char *text,
		       const char *const *incs, int ninc, const char *profile,
		       char ***names);

/*
 * Write to @f the unified diff (3 lines of context) that turns @a into
 * @b, with @label_a and @label_b in the header.  Returns the number of
 * changed lines (0: equal).
 */
int pal_udiff(FILE *f, const char *a, const char *b, const char *label_a,
	      const char *label_b);

/*
 * A profile file's name for a program ("/usr/bin/foo" -> "usr.bin.foo"),
 * as AppArmor names them.  Returns 0 or -ENAMETOOLONG.
 */
int pal_learn_file_name(const char *program, char *out, size_t len);

/*
 * The text of a new profile for @program: attached to it, including
 * abstractions/base when @base, in @mode ("complain", or NULL for enforce).
 * malloc'd.
 */
char *pal_learn_stub(const char *program, int base, const char *mode);

#endif /* PAL_LEARN_H */
