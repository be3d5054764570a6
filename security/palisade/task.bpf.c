// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: task hooks.  Labels follow tasks across fork and clone: the new
 * task gets its parent's profile before it can run, and its label goes with
 * it when it is freed.
 */
#include "common.bpf.h"

SEC("lsm.s/task_alloc")
int BPF_PROG(pal_task_alloc, struct task_struct *task, unsigned long clone_flags)
{
	struct pal_task_ctx *parent = pal_task_ctx(bpf_get_current_task_btf());
	struct pal_task_ctx init;

	if (!parent || !parent->profile_id)
		return 0;
	init.profile_id = parent->profile_id;
	init.pending_id = parent->profile_id;
	init.since = parent->since;
	init.pending_since = parent->since;
	/* Never let a confined task spawn an unconfined one. */
	return pal_task_ctx_set(task, &init) ? 0 : -EAGAIN;
}

SEC("lsm/task_free")
int BPF_PROG(pal_task_free, struct task_struct *task)
{
	pal_task_ctx_drop(task);
	return 0;
}
