/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpalisade: what a program asks of palisade about itself.
 *
 * Link with -lpalisade (build/lib/libpalisade.a).  Every call returns 0 on
 * success or -1 with errno set; ENOSYS means palisade is not running.
 */
#ifndef LIBPALISADE_H
#define LIBPALISADE_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * From now until the next exec, loading a program that is not marked +p
 * (an exec'd binary's libraries, dlopen(), mmap or mprotect with PROT_EXEC,
 * anonymous or memfd executable memory) fails with EACCES instead of making
 * the process dirty, so the process keeps its daemon/server authority.
 * Fails with EACCES when the process is already dirty or is not confined
 * (palisade tracks the programs of confined processes only).
 */
int palisade_must_stay_clean(void);

/* 1 when the process is clean, 0 when dirty or not tracked, -1 on error. */
int palisade_is_clean(void);

#ifdef __cplusplus
}
#endif

#endif /* LIBPALISADE_H */
