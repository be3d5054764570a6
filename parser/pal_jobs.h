/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal fork-join pool for the compiler: run one function over the
 * items 0..n-1 on a few POSIX threads.  Items are handed out in
 * increasing order, each to exactly one thread; what the function leaves
 * in per-item slots is for the caller to merge, in item order, after
 * pal_jobs_run() returns (the join makes it visible).
 */
#ifndef PAL_JOBS_H
#define PAL_JOBS_H

#include <stddef.h>

/* More threads than this gain nothing for a compile and risk memory. */
#define PAL_JOBS_MAX 256

struct pal_jobs;
typedef void (*pal_job_fn)(struct pal_jobs *j, void *ctx, size_t item);

/*
 * Call @fn(j, @ctx, i) for every i < @n on up to @nthreads threads, the
 * caller's among them, and return when all have returned.  With
 * @nthreads <= 1, or when threads cannot be created, the caller does it
 * all, in order.
 */
void pal_jobs_run(unsigned int nthreads, size_t n, pal_job_fn fn, void *ctx);

/*
 * From inside @fn: items after @item are no longer needed (a serial
 * compile would have stopped at @item).  Those not yet started are
 * skipped; those already running finish.
 */
void pal_jobs_cut(struct pal_jobs *j, size_t item);

/* CPUs this process may run on (its affinity mask), at least 1. */
unsigned int pal_jobs_online_cpus(void);

#endif /* PAL_JOBS_H */
