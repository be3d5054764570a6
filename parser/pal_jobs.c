// SPDX-License-Identifier: GPL-2.0
/*
 * The compiler's thread pool (see pal_jobs.h).  No queue and no locks:
 * workers take the next item from one atomic counter, which keeps the
 * items in increasing order and costs one atomic add per item.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "pal_jobs.h"
#include "pal_util.h"

struct pal_jobs {
	pal_job_fn fn;
	void *ctx;
	size_t next;	/* the next item to hand out (atomic) */
	size_t end;	/* items from here on are skipped (atomic) */
};

static void *pal_jobs_worker(void *arg)
{
	struct pal_jobs *j = arg;

	for (;;) {
		size_t i = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED);

		if (i >= __atomic_load_n(&j->end, __ATOMIC_RELAXED))
			break;
		j->fn(j, j->ctx, i);
	}
	return NULL;
}

void pal_jobs_cut(struct pal_jobs *j, size_t item)
{
	size_t end = __atomic_load_n(&j->end, __ATOMIC_RELAXED);

	/* lower only: another thread may have cut at an earlier item */
	while (item + 1 < end &&
	       !__atomic_compare_exchange_n(&j->end, &end, item + 1, 0,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

void pal_jobs_run(unsigned int nthreads, size_t n, pal_job_fn fn, void *ctx)
{
	struct pal_jobs j = { fn, ctx, 0, n };
	pthread_t *tids = NULL;
	unsigned int i, started = 0;

	if (nthreads > PAL_JOBS_MAX)
		nthreads = PAL_JOBS_MAX;
	if (nthreads > n)
		nthreads = (unsigned int)n;
	if (nthreads > 1)
		tids = pal_xcalloc(nthreads - 1, sizeof(*tids));
	/* fewer threads than asked (EAGAIN) only make it slower */
	for (i = 0; i + 1 < nthreads; i++) {
		if (pthread_create(&tids[i], NULL, pal_jobs_worker, &j))
			break;
		started++;
	}
	pal_jobs_worker(&j);
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	free(tids);
}

unsigned int pal_jobs_online_cpus(void)
{
	cpu_set_t set;
	long n;

	/* taskset and cpuset cgroups narrow this; use what we may run on */
	if (!sched_getaffinity(0, sizeof(set), &set) && CPU_COUNT(&set) > 0)
		return (unsigned int)CPU_COUNT(&set);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned int)n : 1;
}
