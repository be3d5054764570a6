// SPDX-License-Identifier: GPL-2.0
/*
 * pal_dyn: a dynamically linked program for the program-control
 * selftests.  Its interpreter (ld.so), its libc and the plugins it
 * dlopen()s are mapped by the real loader, so whether the process stays
 * clean depends on the marks of every one of them.
 *
 *   pal_dyn STEP...
 *     dlopen:PATH  dlopen(PATH, RTLD_NOW) and call its pal_plugin()
 *     stay         palisade_must_stay_clean()
 *     clean        0 when the process is clean, ENODATA when dirty
 *     setuid:N     raw setresuid(N, N, N)
 *   prints "STEP=ERRNO" for each, exits with the last one's result.  A
 *   failed dlopen() is ENOEXEC: glibc's dlerror() text for a refused
 *   mmap() ("failed to map segment from shared object") names no errno
 *   and dlopen() leaves errno as it was, so the errno the loader got is
 *   seen in the audit record of the refusal (error=-13).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "palisade/libpalisade.h"

static int dyn_dlopen(const char *path)
{
	int (*fn)(void);
	const char *err;
	void *h;

	h = dlopen(path, RTLD_NOW);
	if (!h) {
		err = dlerror();
		fprintf(stderr, "pal_dyn: %s\n", err ? err : "dlopen failed");
		return ENOEXEC;
	}
	fn = (int (*)(void))dlsym(h, "pal_plugin");
	return fn && fn() == 42 ? 0 : ENOEXEC;
}

static int dyn_step(const char *st)
{
	const char *arg = strchr(st, ':');
	long n = arg ? atol(arg + 1) : 0;
	int c;

	if (!strncmp(st, "dlopen:", 7))
		return dyn_dlopen(arg + 1);
	if (!strcmp(st, "stay"))
		return palisade_must_stay_clean() ? errno : 0;
	if (!strcmp(st, "clean")) {
		c = palisade_is_clean();
		return c < 0 ? errno : c ? 0 : ENODATA;
	}
	if (!strncmp(st, "setuid:", 7))
		return syscall(SYS_setresuid, n, n, n) ? errno : 0;
	fprintf(stderr, "pal_dyn: unknown step '%s'\n", st);
	return 255;
}

int main(int argc, char **argv)
{
	int i, r = 0;

	for (i = 1; i < argc; i++) {
		r = dyn_step(argv[i]);
		printf("%s=%d\n", argv[i], r);
	}
	fflush(stdout);
	return r;
}
