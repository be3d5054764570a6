// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: task hooks.  Labels follow tasks across fork and clone: the new
 * task gets its parent's profile before it can run.
 */
#include "common.bpf.h"

SEC("lsm.s/task_alloc")
int BPF_PROG(pal_task_alloc, struct task_struct *task, unsigned long clone_flags)
{
	struct pal_task_ctx *parent = pal_task_ctx(bpf_get_current_task_btf());
	struct pal_task_ctx *child;

	if (!parent || !parent->profile_id)
		return 0;
	child = bpf_task_storage_get(&pal_task, task, 0,
				     BPF_LOCAL_STORAGE_GET_F_CREATE);
	/* Never let a confined task spawn an unconfined one. */
	if (!child)
		return -ENOMEM;
	child->profile_id = parent->profile_id;
	child->pending_id = parent->profile_id;
	child->since = parent->since;
	child->pending_since = parent->since;
	return 0;
}
