/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade userspace: persist a profile's mode in its file, as
 * aa-enforce/aa-complain do: edit the flags=(...) of the profile's header
 * and leave every other byte of the file as it was.
 */
#ifndef PAL_FLAGS_H
#define PAL_FLAGS_H

#include <stddef.h>

/*
 * The profiles defined in the file @path itself (not in its includes):
 * their full names, malloc'd.  Returns the count, or -1 after printing
 * file:line:col errors to stderr.
 */
int pal_file_profiles(const char *path, const char *const *include_dirs,
		      int ninclude, char ***names);

/*
 * Give profile @name of @path the mode @mode ("enforce", "complain",
 * "kill", "unconfined"): enforce drops the mode flag (enforce is the
 * default), the others set it.  The file is replaced atomically.  Returns
 * 0, or a negative errno with a message in @err (-ENOENT: the file does
 * not define the profile).
 */
int pal_flags_set_mode(const char *path, const char *const *include_dirs,
		       int ninclude, const char *name, const char *mode,
		       char *err, size_t errlen);

/*
 * Edit the profile header that starts at @name_off of @text (the offset of
 * its name): the new text, malloc'd, or NULL when no '{' follows.
 */
char *pal_flags_edit(const char *text, size_t name_off, const char *mode);

#endif /* PAL_FLAGS_H */
