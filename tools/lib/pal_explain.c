// SPDX-License-Identifier: GPL-2.0
/*
 * palisade userspace: the kernel's decision, computed in userspace by the
 * decision core the BPF programs are built from.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pal_explain.h"
#include "palisade_parser.h"

void *pal_explain_prepare(const void *blob, size_t size)
{
	void *buf;

	if (pal_policy_unpack(blob, size, &buf, NULL, 0))
		return NULL;
	return buf;
}

int pal_explain(const void *policy, const char *name, const char *path,
		__u32 requested, int owner, struct pal_explanation *out)
{
	/* The core reads a PALISADE_PATH_MAX path buffer, as in the kernel. */
	char pathbuf[PALISADE_PATH_MAX] = "";
	const __u8 *buf = policy;
	__u32 rec, base;
	size_t len = strlen(path);
	int idx;

	idx = pal_policy_profile_index(policy, name);
	if (idx < 0)
		return -ENOENT;
	if (len >= PALISADE_PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(pathbuf, path, len);
	base = PAL_FIELD(buf, 0, struct pal_policy_header, profiles_off);
	rec = base + (__u32)idx * sizeof(struct pal_profile_rec);
	out->mode = PAL_FIELD(buf, rec, struct pal_profile_rec, mode);
	pal_file_perms(buf, rec, pathbuf, owner, &out->perms);
	pal_decide(&out->perms, requested, out->mode, &out->decision);
	return 0;
}

int pal_explain_exec(const void *policy, const char *name, const char *path,
		     int owner, struct pal_xresult *out)
{
	char pathbuf[PALISADE_PATH_MAX] = "";
	const __u8 *buf = policy;
	size_t len = strlen(path);
	__u32 base;
	int idx;

	idx = pal_policy_profile_index(policy, name);
	if (idx < 0)
		return -ENOENT;
	if (len >= PALISADE_PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(pathbuf, path, len);
	base = PAL_FIELD(buf, 0, struct pal_policy_header, profiles_off);
	pal_exec_transition(buf, base + (__u32)idx * sizeof(struct pal_profile_rec),
			    pathbuf, owner, out);
	return 0;
}

long pal_mask_parse(const char *letters)
{
	static const char chars[] = "rwaxmlk";
	static const __u32 bits[] = {
		PAL_MAY_READ, PAL_MAY_WRITE, PAL_MAY_APPEND, PAL_MAY_EXEC,
		PAL_MAY_MMAP, PAL_MAY_LINK,  PAL_MAY_LOCK,
	};
	long mask = 0;
	const char *c, *at;

	if (!*letters)
		return -1;
	for (c = letters; *c; c++) {
		at = strchr(chars, *c);
		if (!at)
			return -1;
		mask |= bits[at - chars];
	}
	return mask;
}
