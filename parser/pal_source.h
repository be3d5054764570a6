/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading profile files and resolving includes.  "include <name>" searches
 * the -I directories in order; "include \"file\"" is taken as is when
 * absolute, else relative to the including file's directory first, then
 * to the current directory (as AppArmor), then the -I directories.  An include naming a directory reads every regular
 * file in it, in name order, skipping dot files and editor backups (~).
 */
#ifndef PAL_SOURCE_H
#define PAL_SOURCE_H

#include <stddef.h>

#include "pal_diag.h"

/* Larger profile files are refused rather than read. */
#define PAL_SOURCE_MAX (16U << 20)

/*
 * Read a whole file into *text (malloc'd, NUL-terminated) of *len bytes.
 * Errors (reported at @at, or at the file itself when @at is NULL): cannot
 * read, too large, contains a NUL byte.
 */
int pal_source_read(struct pal_diag *d, const struct pal_loc *at,
		    const char *path, char **text, size_t *len);

/* Report a NUL byte in text, if any; 0 if there is none. */
int pal_source_check_nul(struct pal_diag *d, const char *file,
			 const char *text, size_t len);

/* Resolve an include: a malloc'd path, or NULL when nothing exists. */
char *pal_include_find(const char *name, int angle, const char *from_file,
		       const char *const *dirs, int ndirs);

int pal_is_dir(const char *path);

/* The files of a directory include, sorted; 0 or -1. */
int pal_dir_files(const char *dir, char ***paths, size_t *n);

#endif /* PAL_SOURCE_H */
