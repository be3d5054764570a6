// SPDX-License-Identifier: GPL-2.0
/*
 * The SHA-256 that binds an xattr-kept program-control mark to the file's
 * contents: FIPS 180-4's example vectors, split updates, a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "pal_sha256.h"

static void hex(const uint8_t *d, char *out)
{
	int i;

	for (i = 0; i < PAL_SHA256_LEN; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void digest(const void *p, size_t n, size_t step, char *out)
{
	struct pal_sha256 s;
	uint8_t d[PAL_SHA256_LEN];
	size_t k;

	pal_sha256_init(&s);
	for (k = 0; k < n; k += step)
		pal_sha256_update(&s, (const char *)p + k, n - k < step ? n - k : step);
	pal_sha256_final(&s, d);
	hex(d, out);
}

TEST(fips_vectors)
{
	static const char two_blocks[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char out[65];
	char *a;

	digest("", 0, 1, out);
	EXPECT_STREQ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", out);
	digest("abc", 3, 1, out);
	EXPECT_STREQ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", out);
	digest(two_blocks, strlen(two_blocks), 7, out);
	EXPECT_STREQ("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", out);
	a = malloc(1000000);
	ASSERT_NE(NULL, a);
	memset(a, 'a', 1000000);
	digest(a, 1000000, 4099, out);
	EXPECT_STREQ("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", out);
	free(a);
}

TEST(file_digest)
{
	char path[] = "/tmp/pal_sha256_XXXXXX", out[65];
	int fd = mkstemp(path);

	ASSERT_LE(0, fd);
	unlink(path);
	ASSERT_EQ(3, write(fd, "abc", 3));
	ASSERT_EQ(0, pal_sha256_fd(fd, out));
	EXPECT_STREQ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", out);
	close(fd);
}

TEST_HARNESS_MAIN
