/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisaded: the boot policy from the profile directory, with a cache.
 */
#ifndef PAL_BOOTPOLICY_H
#define PAL_BOOTPOLICY_H

#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>

/* The cache key of the profile tree @dir and this executable. */
__u64 pal_boot_key(const char *dir);

/*
 * The policy of every profile file of @dir: from @cache (NULL: no cache)
 * when its key matches and it verifies (the policy's checksum covers every
 * byte), else compiled (errors as file:line:col on @err) and written to
 * @cache.  Returns 0 with *blob malloc'd, -ENOENT when @dir
 * has no profile file, -EINVAL when the text does not compile.
 */
int pal_boot_policy(const char *dir, const char *cache, void **blob,
		    size_t *size, int *from_cache, FILE *err);

#endif /* PAL_BOOTPOLICY_H */
