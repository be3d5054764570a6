/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Program-control marks from userspace: change and query them through the
 * prctl(2) options palisade's BPF side answers, and keep the registry that
 * palisaded restores at start (the marks map does not survive a reboot).
 */
#ifndef PAL_MARKS_H
#define PAL_MARKS_H

#include <stddef.h>
#include <stdio.h>
#include "palisade.h"

#define PAL_MARKS_REGISTRY	"/var/lib/palisade/marks"
/* The extended attribute that keeps a file's marks where the filesystem
 * has security.* attributes: "MARKS sha256:HEX" (see pal_marks.c). */
#define PAL_MARKS_XATTR		"security.palisade"

/* Change the marks of @path (PAL_MARK_* to set, then to clear).
 * Return: 0 or -errno. */
int pal_marks_change(const char *path, __u32 set, __u32 clear);
/* The marks of @path into *marks.  Return: 0 or -errno. */
int pal_marks_get(const char *path, __u32 *marks);
/* "p,main,xc" for @marks ("-" for none). */
void pal_marks_str(__u32 marks, char *buf, size_t len);
/* Record @path's marks in @registry (NULL: the default), replacing an
 * earlier line of that path; 0 marks drop the line.  Return: 0 or -errno. */
int pal_marks_registry_set(const char *registry, const char *path, __u32 marks);
/* Restore every registry line whose file is unchanged since it was
 * recorded (same inode, size, times); report skipped lines to @err.
 * Return: number restored, or -errno when the registry is unreadable. */
int pal_marks_registry_restore(const char *registry, FILE *err);

/* Keep @marks of @path in its PAL_MARKS_XATTR attribute with the digest of
 * its contents (0 marks: remove it).  Return: 0, -EOPNOTSUPP when the
 * filesystem has no such attributes, or -errno. */
int pal_marks_xattr_set(const char *path, __u32 marks);
/* The marks @path's attribute vouches for into *marks, 0 when its contents
 * changed since.  Return: 0, -ENODATA when it has none, or -errno. */
int pal_marks_xattr_get(const char *path, __u32 *marks);

#endif /* PAL_MARKS_H */
