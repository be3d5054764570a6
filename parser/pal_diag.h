/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Diagnostics.  Every message a user sees points at the text that caused
 * it, as "file:line:col: severity: message", so editors can jump there.
 * The diag object lives for one compile: it owns the file names locations
 * point to and remembers which "parsed, not enforced" notes were given.
 */
#ifndef PAL_DIAG_H
#define PAL_DIAG_H

#include <stdio.h>

struct pal_loc {
	const char *file;	/* owned by the pal_diag */
	unsigned int line;	/* 1-based */
	unsigned int col;	/* 1-based, in bytes */
};

struct pal_diag {
	FILE *err;
	int strict;
	unsigned int nerrors;
	unsigned int nwarnings;
	char **files;		/* interned file names */
	size_t nfiles, files_cap;
	char **noted;		/* notes already given once */
	size_t nnoted, noted_cap;
	int quiet;		/* no warnings or notes (-q) */
	int show_source;	/* quote the line and a caret under the column */
	struct pal_diag_src {
		const char *file;	/* interned */
		char *text;
		size_t len;
	} *srcs;		/* texts kept for show_source */
	size_t nsrcs, srcs_cap;
	/*
	 * A recording diag (pal_diag_record()) prints nothing: it keeps
	 * each message for pal_diag_replay(), so that profiles compiled
	 * on other threads report in profile order, as a serial compile.
	 */
	int recording;
	struct pal_diag_event *events;
	size_t nevents, events_cap;
};

void pal_diag_init(struct pal_diag *d, FILE *err, int strict);
void pal_diag_fini(struct pal_diag *d);
/*
 * Start a recording diag for one thread's share of a compile.  The names
 * locations point to must outlive the replay: interned in the diag
 * replayed into, or in this one (a file parsed on a thread), which is
 * then kept until the compile ends.
 */
void pal_diag_record(struct pal_diag *d, int strict);
/* Give @dst the source texts @src keeps for show_source, so that replayed
 * messages quote them. */
void pal_diag_take_sources(struct pal_diag *dst, struct pal_diag *src);
/* Report what @src recorded through @dst, in order, as if it happened
 * now: counts, -q, notes given once per compile, quoting all as @dst does. */
void pal_diag_replay(struct pal_diag *dst, const struct pal_diag *src);
/* Keep a copy of a file name for the life of the compile. */
const char *pal_diag_intern(struct pal_diag *d, const char *name);

/*
 * Keep the text of @file so that messages can quote it (only under
 * show_source; a file already kept is not kept twice).
 */
void pal_diag_source(struct pal_diag *d, const char *file, const char *text,
		     size_t len);

void pal_error(struct pal_diag *d, const struct pal_loc *loc,
	       const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void pal_warn(struct pal_diag *d, const struct pal_loc *loc,
	      const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void pal_note(struct pal_diag *d, const struct pal_loc *loc,
	      const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Report that something (@what, e.g. "'capability' rules") is accepted by
 * the grammar but has no effect yet.  Given once per @what per compile, as
 * a note, or as an error under --strict.  Returns -1 when it was an error.
 */
int pal_diag_unenforced(struct pal_diag *d, const struct pal_loc *loc,
			const char *what);

#endif /* PAL_DIAG_H */
