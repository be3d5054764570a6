/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SHA-256 (FIPS 180-4) of a file's contents: what a program-control mark
 * kept in an extended attribute vouches for (see pal_marks.c).
 */
#ifndef PAL_SHA256_H
#define PAL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define PAL_SHA256_LEN	32

struct pal_sha256 {
	uint32_t h[8];
	uint64_t len;
	uint8_t buf[64];
	size_t fill;
};

void pal_sha256_init(struct pal_sha256 *s);
void pal_sha256_update(struct pal_sha256 *s, const void *data, size_t n);
void pal_sha256_final(struct pal_sha256 *s, uint8_t out[PAL_SHA256_LEN]);
/* The digest of the file open as @fd, read from offset 0, as 64 hex
 * digits and a NUL.  Return: 0 or -errno. */
int pal_sha256_fd(int fd, char hex[2 * PAL_SHA256_LEN + 1]);

#endif /* PAL_SHA256_H */
